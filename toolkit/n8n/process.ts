// Child-process plumbing for the n8n harness: commands with timeouts, process groups, free
// ports, a watchdog that kills n8n if the test process dies without cleaning up, and a lock
// between jest workers. What `npm start` needs too comes from scripts/lib/real-n8n.js.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { REPO_ROOT } from './repo';

/**
 * scripts/lib/real-n8n.js, shared with scripts/start.mjs. Required by its path in the
 * repository rather than imported: a relative import would break in the benchmarks'
 * compiled copy of this folder (test-output/bench-build), next to which it is not.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const realN8n = require(join(REPO_ROOT, 'scripts', 'lib', 'real-n8n.js')) as typeof import('../../scripts/lib/real-n8n');

export type { CommandResult, WebhookProbe } from '../../scripts/lib/real-n8n';
const { isPidAlive } = realN8n;
export const {
	sleep,
	isGroupAlive,
	killGroup,
	stopGroup,
	startWatchdog,
	runCommand,
	lastLines,
	installCommunityPackage,
	isUsefulLogLine,
	tailFile,
	waitUntilReady,
} = realN8n;

export function execText(file: string, args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(file, args, { encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
	});
}

/** `count` distinct free TCP ports on 127.0.0.1 (all held open together, then released). */
export async function freePorts(count: number): Promise<number[]> {
	const servers = await Promise.all(
		Array.from(
			{ length: count },
			() =>
				new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
					const server = createServer();
					server.once('error', reject);
					server.listen(0, '127.0.0.1', () => resolve(server));
				}),
		),
	);
	const ports = servers.map((server) => (server.address() as { port: number }).port);
	await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
	return ports;
}

/**
 * Cross-process mutex (parallel jest workers): mkdir is atomic; the owner's pid inside
 * lets a lock left by a dead process be taken over.
 */
export async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
	const ownerFile = join(lockDir, 'pid');
	for (;;) {
		try {
			await mkdir(lockDir);
			await writeFile(ownerFile, String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = Number(await readFile(ownerFile, 'utf8').catch(() => ''));
			// No pid yet means the owner is between mkdir and writeFile (or died there).
			const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
			if ((owner && !isPidAlive(owner)) || (!owner && age > 60_000)) {
				await rm(lockDir, { recursive: true, force: true });
			} else {
				await sleep(1000);
			}
		}
	}
	try {
		return await fn();
	} finally {
		await rm(lockDir, { recursive: true, force: true });
	}
}

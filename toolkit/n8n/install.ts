// Locating (and on first use installing) the real n8n the end-to-end tests run.
//
// scripts/ensure-n8n.mjs owns the install. It is an ES module, and ts-jest compiles these
// files to CommonJS (where `import()` becomes `require()`, which cannot load .mjs), so it
// runs as a child process: `node scripts/ensure-n8n.mjs <line>` prints its result as JSON.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { execText, withDirLock } from './process';
import { REPO_ROOT } from './repo';

export type N8nLine = 1 | 2;

/** What scripts/ensure-n8n.mjs reports about an installed n8n line. */
export interface N8nInstall {
	line: N8nLine;
	n8nVersion: string;
	/** Node.js binary n8n runs on (Node 24 for line 2, the machine's Node 20 for line 1). */
	nodeBin: string;
	/** n8n's CLI entry point, run as `<nodeBin> <n8nBin> <command>`. */
	n8nBin: string;
	/** Folder whose node_modules hold n8n (and sqlite3, built for nodeBin). */
	hostDir: string;
	/** The cache folder the install lives in (CHAT_ACTIONS_CACHE_DIR, or ~/.cache/n8n-nodes-chat-actions). */
	cacheDir: string;
	/** `nodeBin --version`, e.g. v24.21.0. */
	nodeVersion: string;
}

export { REPO_ROOT } from './repo';

const INSTALL_TIMEOUT_MS = 45 * 60_000;
const resolved = new Map<N8nLine, Promise<N8nInstall>>();
const announced = new Set<string>();

/**
 * Returns the install of the given n8n line, installing it the first time (about 10 min).
 * Memoised per process; across processes (parallel jest workers) a lock folder keeps two
 * installs of the same line from running at once, since ensure-n8n.mjs deletes a
 * half-finished host folder before installing into it.
 */
export function resolveN8n(line: N8nLine): Promise<N8nInstall> {
	let pending = resolved.get(line);
	if (!pending) {
		const lockDir = join(tmpdir(), `n8n-nodes-chat-actions-ensure-n8n-${line}.lock`);
		pending = withDirLock(lockDir, () => runEnsureScript(line));
		pending.catch(() => resolved.delete(line)); // let a later call retry
		resolved.set(line, pending);
	}
	return pending;
}

/** Prints `n8n 2.41.1 on Node v24.21.0` once per process and line. */
export function announce(install: N8nInstall): void {
	const banner = `n8n ${install.n8nVersion} on Node ${install.nodeVersion}`;
	if (announced.has(banner)) return;
	announced.add(banner);
	console.log(banner);
}

async function runEnsureScript(line: N8nLine): Promise<N8nInstall> {
	const script = join(REPO_ROOT, 'scripts', 'ensure-n8n.mjs');
	// The install (if it happens) logs progress on stderr: pass it through so a first,
	// 10-minute run does not look hung. stdout carries only the JSON result.
	const stdout = await new Promise<string>((resolvePromise, reject) => {
		const child = spawn(process.execPath, [script, String(line)], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
		const timer = setTimeout(() => child.kill('SIGTERM'), INSTALL_TIMEOUT_MS);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolvePromise(out);
			else reject(new Error(`scripts/ensure-n8n.mjs ${line} failed (exit ${code ?? signal}); see its output above`));
		});
	});
	const info = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Omit<N8nInstall, 'nodeVersion'>;
	const nodeVersion = (await execText(info.nodeBin, ['--version'])).trim();
	return { ...info, line, nodeVersion };
}

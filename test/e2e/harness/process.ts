// Child-process plumbing for the n8n harness: commands with timeouts, process groups,
// free ports and a watchdog that kills n8n if the test process dies without cleaning up.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isPidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** True while any process of the group `pgid` is still alive (zombies included). */
export function isGroupAlive(pgid: number): boolean {
	return isPidAlive(-pgid);
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

/**
 * Sends SIGTERM to the group's leader (so it can shut its children down itself), waits up
 * to `graceMs` for the whole group to be gone, then SIGKILLs whatever is left of it.
 */
export async function stopGroup(pgid: number, graceMs: number): Promise<void> {
	try {
		process.kill(pgid, 'SIGTERM');
	} catch {
		// leader already gone; its children may not be
	}
	const deadline = Date.now() + graceMs;
	while (isGroupAlive(pgid) && Date.now() < deadline) await sleep(100);
	if (!isGroupAlive(pgid)) return;
	killGroup(pgid, 'SIGKILL');
	const hardDeadline = Date.now() + 10_000;
	while (isGroupAlive(pgid) && Date.now() < hardDeadline) await sleep(100);
}

export function execText(file: string, args: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(file, args, { encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
	});
}

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	output: string;
}

/**
 * Runs a command in its own process group, stdout+stderr appended to `logFile` and
 * collected. After `timeoutMs` the whole group is killed and `timedOut` is set.
 */
export function runCommand(
	file: string,
	args: string[],
	/** `uid`/`gid`: run as another user (root only; e.g. PostgreSQL's initdb, see postgres.ts). */
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number; uid?: number; gid?: number },
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const log = createWriteStream(options.logFile, { flags: 'a' });
		log.write(`\n$ ${[file, ...args].join(' ')}\n`);
		const { uid, gid } = options;
		const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, uid, gid });
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			log.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid!, 'SIGKILL');
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			log.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// Anything the command left running in its group goes too.
			if (child.pid) killGroup(child.pid, 'SIGKILL');
			log.end(() => resolve({ code, signal, timedOut, output }));
		});
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
 * Starts a detached watchdog that polls every second: when the test process (`parentPid`)
 * is gone, it kills the n8n process group; when the group is gone, it exits. This covers
 * what `process.on('exit')` cannot: a jest worker killed by a signal.
 */
export function startWatchdog(parentPid: number, pgid: number): void {
	const code = `
		const [parent, group] = process.argv.slice(1).map(Number);
		const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
		const kill = (signal) => { try { process.kill(-group, signal); } catch {} };
		let dying = false;
		setInterval(() => {
			if (!alive(-group)) process.exit(0);
			if (!dying && !alive(parent)) {
				dying = true;
				kill('SIGTERM');
				setTimeout(() => { kill('SIGKILL'); process.exit(0); }, 5000);
			}
		}, 1000);`;
	const watchdog = spawn(process.execPath, ['-e', code, String(parentPid), String(pgid)], {
		detached: true,
		stdio: 'ignore',
	});
	watchdog.unref();
}

/** Last `lines` lines of a text file that pass `keep` ('' if unreadable). */
export async function tailFile(path: string, lines: number, keep: (line: string) => boolean = () => true): Promise<string> {
	const text = await readFile(path, 'utf8').catch(() => '');
	return text.split('\n').filter(keep).slice(-lines).join('\n');
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

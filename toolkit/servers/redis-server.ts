/**
 * A real, throwaway redis-server for tests: loopback only, a free port, a temporary
 * directory, no persistence (`--save ''`, `--appendonly no`), optionally a password.
 * The binary comes from Debian's redis-server package (scripts/ensure-redis.mjs installs it
 * when missing and this is root).
 *
 *   const redis = await RedisServer.start({ password: 's3cret' });
 *   redis.host, redis.port
 *   await redis.stop();     // SIGTERM, waits for the exit
 *   await redis.restart();  // again on the same port (empty: nothing is persisted)
 *   await redis.kill();     // SIGKILL, like a crash
 *   redis.pause() / redis.resume()   // SIGSTOP / SIGCONT: a server that hangs
 *
 * No process is left behind: a small watchdog (sh) kills each server within half a second
 * of its test process dying, however it dies (a failed test, a Jest timeout, SIGKILL), and
 * removes its directory. (A `process.on('exit')` hook alone does not work under Jest: the
 * `process` a test sees is a copy whose events never fire.) start() also reaps what a
 * killed watchdog may have left.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';

import { ensureTool } from '../n8n/repo';

const DIR_PREFIX = 'chat-actions-redis-';

export interface RedisServerOptions {
	/** Sets --requirepass. */
	password?: string;
	/** A fixed port instead of a free one. */
	port?: number;
	/** How long start() waits for the first PING answer. Default 10 s. */
	startTimeoutMs?: number;
	/**
	 * Serve TLS only (--tls-port), with a self-signed certificate for "localhost" made by the
	 * openssl command line (`cert` holds its path). Clients are not asked for certificates.
	 */
	tls?: boolean;
}

let binaryPath: string | undefined;

/** The redis-server binary, installed through scripts/ensure-redis.mjs if needed. */
function redisServerBinary(): string {
	if (!binaryPath) {
		binaryPath = ensureTool<{ path: string }>('ensure-redis.mjs').path;
	}
	return binaryPath;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of live) child.kill('SIGKILL');
	});
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Kills servers left by test processes that died without their exit hook (SIGKILL). */
function reapOrphans(): void {
	let names: string[];
	try {
		names = readdirSync(tmpdir()).filter((name) => name.startsWith(DIR_PREFIX));
	} catch {
		return;
	}
	for (const name of names) {
		const owner = Number(name.slice(DIR_PREFIX.length).split('-')[0]);
		if (!Number.isInteger(owner) || owner === process.pid || isAlive(owner)) continue;
		const dir = join(tmpdir(), name);
		try {
			const pid = Number(readFileSync(join(dir, 'server.pid'), 'utf8'));
			const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (cmdline.includes('redis-server')) process.kill(pid, 'SIGKILL');
		} catch {
			// no pid file, or the server is gone already
		}
		rmSync(dir, { recursive: true, force: true });
	}
}

async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** Whether something on host:port answers a Redis PING (+PONG, or -NOAUTH when a password is set). */
async function answersPing(host: string, port: number, timeoutMs = 500, tls = false): Promise<boolean> {
	return await new Promise((resolveAnswer) => {
		const socket = tls
			? tlsConnect({ host, port, rejectUnauthorized: false, servername: 'localhost' })
			: createConnection({ host, port });
		let buffer = '';
		const finish = (answer: boolean) => {
			clearTimeout(timer);
			socket.destroy();
			resolveAnswer(answer);
		};
		const timer = setTimeout(() => finish(false), timeoutMs);
		socket.on(tls ? 'secureConnect' : 'connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			if (buffer.includes('\r\n')) finish(buffer.startsWith('+PONG') || buffer.startsWith('-NOAUTH'));
		});
		socket.on('error', () => finish(false));
	});
}

async function delay(ms: number): Promise<void> {
	await new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}

export class RedisServer {
	readonly host = '127.0.0.1';
	readonly dir: string;
	private child?: ChildProcess;
	private output = '';

	/** With `tls`: the server's self-signed certificate (PEM file). */
	readonly cert?: string;

	private constructor(
		public port: number,
		readonly password: string | undefined,
		private readonly startTimeoutMs: number,
		readonly tls: boolean,
	) {
		this.dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
		if (tls) {
			this.cert = join(this.dir, 'cert.pem');
			execFileSync(
				'openssl',
				['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
					'-keyout', join(this.dir, 'key.pem'), '-out', this.cert],
				{ stdio: 'ignore' },
			);
		}
	}

	static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
		redisServerBinary();
		reapOrphans();
		installExitHook();
		const server = new RedisServer(options.port ?? 0, options.password, options.startTimeoutMs ?? 10_000, options.tls === true);
		// A free port can be taken between the check and redis-server's bind: try a few.
		for (let attempt = 1; ; attempt++) {
			if (!options.port) server.port = await freePort();
			try {
				await server.launch();
				return server;
			} catch (error) {
				if (options.port || attempt >= 3 || !/Address already in use/i.test(server.output)) {
					server.cleanup();
					throw error;
				}
			}
		}
	}

	get running(): boolean {
		return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
	}

	/** What redis-server printed (for diagnostics). */
	get log(): string {
		return this.output;
	}

	/** Stops it gracefully (SIGTERM; SIGKILL after 5 s) and waits for the exit. */
	async stop(): Promise<void> {
		await this.signal('SIGTERM', 5000);
	}

	/** Kills it like a crash (SIGKILL) and waits for the exit. */
	async kill(): Promise<void> {
		await this.signal('SIGKILL', 5000);
	}

	/** Starts it again on the same port (stopping it first if it runs). Its data is gone. */
	async restart(): Promise<void> {
		if (this.running) await this.stop();
		// The port can linger for a moment after the exit.
		for (let attempt = 1; ; attempt++) {
			try {
				await this.launch();
				return;
			} catch (error) {
				if (attempt >= 10 || !/Address already in use/i.test(this.output)) throw error;
				await delay(200);
			}
		}
	}

	/** Freezes it (SIGSTOP): connections stay open but nothing is answered. */
	pause(): void {
		this.child?.kill('SIGSTOP');
	}

	resume(): void {
		this.child?.kill('SIGCONT');
	}

	/** Stops it and removes its directory. */
	async dispose(): Promise<void> {
		if (this.running) this.resume();
		await this.kill();
		this.cleanup();
	}

	private async launch(): Promise<void> {
		const ports = this.tls
			? ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', this.cert!, '--tls-key-file',
				join(this.dir, 'key.pem'), '--tls-auth-clients', 'no']
			: ['--port', String(this.port)];
		const args = [
			...ports,
			'--bind', this.host,
			'--dir', this.dir,
			'--save', '',
			'--appendonly', 'no',
			'--daemonize', 'no',
			'--logfile', '',
			'--loglevel', 'warning',
		];
		if (this.password !== undefined) args.push('--requirepass', this.password);
		this.output = '';
		const child = spawn(redisServerBinary(), args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		live.add(child);
		writeFileSync(join(this.dir, 'server.pid'), String(child.pid ?? ''));
		child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
		child.once('exit', () => live.delete(child));
		if (child.pid) this.watch(child.pid);
		// Forgetting stop() must not keep Jest alive: the exit hook kills it anyway.
		child.unref();
		(child.stdout as unknown as { unref?: () => void })?.unref?.();
		(child.stderr as unknown as { unref?: () => void })?.unref?.();

		const deadline = Date.now() + this.startTimeoutMs;
		while (Date.now() < deadline) {
			if (!this.running) break;
			if (await answersPing(this.host, this.port, 500, this.tls)) return;
			await delay(25);
		}
		const reason = this.running ? `no PING answer within ${this.startTimeoutMs} ms` : 'it exited';
		if (this.running) await this.kill();
		throw new Error(`redis-server on port ${this.port} did not start (${reason}):\n${this.output.trim()}`);
	}

	/** A detached sh that outlives this process: kills the server once this process is gone. */
	private watch(serverPid: number): void {
		const owner = process.pid;
		const script = [
			`while kill -0 ${owner} 2>/dev/null && kill -0 ${serverPid} 2>/dev/null; do sleep 0.5; done`,
			`if ! kill -0 ${owner} 2>/dev/null; then`,
			`  grep -q redis-server /proc/${serverPid}/cmdline 2>/dev/null && kill -9 ${serverPid}`,
			`  rm -rf '${this.dir}'`,
			'fi',
		].join('\n');
		const watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
		watchdog.unref();
	}

	private async signal(signal: NodeJS.Signals, waitMs: number): Promise<void> {
		const child = this.child;
		if (!child || !this.running) return;
		const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
		if (signal !== 'SIGKILL') child.kill('SIGCONT'); // a paused server cannot handle SIGTERM
		child.kill(signal);
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<'timeout'>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout('timeout'), waitMs)));
		if ((await Promise.race([exited, timeout])) === 'timeout') {
			child.kill('SIGKILL');
			await exited;
		}
		clearTimeout(timer);
	}

	private cleanup(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

// End-to-end harness: runs a REAL n8n (installed by scripts/ensure-n8n.mjs) in a fresh
// user folder, optionally with this package installed the way n8n installs community
// packages, with workflows and credentials imported through n8n's own CLI.
//
//   const n8n = await startN8n({ workflows: [wf], packageTarball: await packPackage() });
//   const res = await fetch(n8n.webhookUrl('my-path'), { method: 'POST', ... });
//   const [execution] = await n8n.waitForExecutions(1);
//   await n8n.dispose();
//
// Lifecycle of startN8n():
//  1. resolveN8n(line): the cached install (Node binary, n8n CLI); prints the version once.
//  2. mkdtemp user folder; N8N_USER_FOLDER points at it (n8n keeps its data in <folder>/.n8n).
//     A once-migrated template database is copied in (saves ~6 s of migrations).
//  3. packageTarball -> <folder>/.n8n/nodes/node_modules/<name>, as n8n 2.x's own
//     installer does it (CommunityPackagesService.downloadPackage).
//  4. With n8n stopped: `n8n import:credentials`, `n8n import:workflow`, then activation
//     per workflow: 2.x `n8n publish:workflow --id`, 1.x `n8n update:workflow --id --active=true`.
//     The activation is then checked in the database, and the CLI runs under a timeout: a
//     publish that hangs after doing its work is accepted when the database says "active".
//  5. `n8n start` on free loopback ports, in its own process group, logging to a file.
//  6. Ready when /healthz answers, n8n logged "Editor is now accessible via" (end of its
//     start-up) and every webhook of the active workflows is registered (on 2.x webhooks
//     are registered asynchronously, after that line).
//  If start-up fails, n8n is stopped, the error carries the log's tail and the user folder
//  is kept for inspection.
//
// Executions are read from n8n's SQLite database (see executions.ts): no API key or owner
// account is needed, and it works on both lines and while n8n is stopped.
//
// Queue mode (option `queueMode`, n8n's way to scale past one process): EXECUTIONS_MODE=queue,
// `n8n start` as the main process (it receives webhooks and enqueues them in Redis through
// Bull) and `n8n worker` processes that run them. They share a throwaway PostgreSQL started
// here (n8n 2.41 warns "Scaling mode is not officially supported with sqlite"), the
// encryption key and the given Redis. Each worker logs to its own file, and n8n's job
// processor logs "Worker started execution <id>" there: executionWorkers() reads which
// worker ran which execution from those lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

import { type DatabaseQuery, type ExecutionRecord, type ExecutionStatus, isSaved, readExecutions } from './executions';
import { announce, type N8nInstall, type N8nLine, REPO_ROOT, resolveN8n } from './install';
import { type PostgresServer, startPostgres } from './postgres';
import {
	freePorts,
	installCommunityPackage,
	isUsefulLogLine,
	killGroup,
	lastLines,
	runCommand,
	sleep,
	startWatchdog,
	stopGroup,
	tailFile,
	waitUntilReady,
	type WebhookProbe,
	withDirLock,
} from './process';
import { querySqlite } from './sqlite';

export { nodeOutput } from './executions';
export type { ExecutionRecord, ExecutionStatus, NodeRun } from './executions';
export type { N8nInstall, N8nLine } from './install';
export type { WebhookProbe } from './process';

export interface StartN8nOptions {
	/** n8n major line: 2 (default, n8n 2.41.1 on Node 24) or 1 (n8n 1.123.x on Node 20). */
	line?: N8nLine;
	/**
	 * Workflow JSON objects as n8n exports them (name, nodes, connections, settings...).
	 * Give each an `id` (one is generated otherwise; see `instance.workflowIds`). Every
	 * workflow is activated unless its JSON says `active: false`.
	 */
	workflows: object[];
	/**
	 * Credentials in n8n's export format with PLAIN data, e.g.
	 * `{ id, name, type: 'httpHeaderAuth', data: { name: 'X-Key', value: '...' } }`.
	 * `n8n import:credentials` encrypts an object-valued `data` itself (it has no
	 * --decrypted flag; only export:credentials has one).
	 */
	credentials?: object[];
	/** Path of an `npm pack` tarball to install as a community package (see packPackage()). */
	packageTarball?: string;
	/** Extra environment for n8n and its CLI; overrides the harness defaults. */
	env?: Record<string, string>;
	/** Webhooks to wait for; default: derived from the active workflows' nodes. `false`: none. */
	readyWebhooks?: WebhookProbe[] | false;
	/**
	 * Start from an empty database and let the first CLI command migrate it (~6 s), instead
	 * of copying a once-migrated template database (the default; only for SQLite).
	 */
	freshDatabase?: boolean;
	/** Overall start-up timeout (default 180 s: a first start on a fresh database runs migrations). */
	startupTimeoutMs?: number;
	/** Run in n8n's queue mode: a main process and `workers` worker processes (see the header). */
	queueMode?: QueueModeOptions;
	/** Serve n8n's editor UI at baseUrl (off by default: tests talk to webhooks, and the UI costs ~2 s per start). */
	ui?: boolean;
}

export interface QueueModeOptions {
	/** The Redis that carries n8n's job queue (Bull). Jobs use a prefix of their own per instance. */
	redis: { host: string; port: number; password?: string; db?: number };
	/** Number of `n8n worker` processes. Default 2. */
	workers?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`). Default n8n's, 10. */
	concurrency?: number;
}

export interface N8nInstance {
	/** http://127.0.0.1:<port> */
	baseUrl: string;
	port: number;
	/** n8n version, e.g. 2.41.1 */
	version: string;
	line: N8nLine;
	/** Version of the Node binary running n8n, e.g. v24.21.0 */
	nodeVersion: string;
	/** N8N_USER_FOLDER; n8n's data (database.sqlite, nodes/, config) is in <userFolder>/.n8n */
	userFolder: string;
	/** n8n's stdout+stderr (all starts, appended). */
	logFile: string;
	/** Output of the CLI commands the harness ran (import, publish, ...). */
	cliLogFile: string;
	/** Ids of the imported workflows, in the order given. */
	workflowIds: string[];
	/** Queue mode: each worker's stdout+stderr (all starts, appended), by worker index. Empty otherwise. */
	workerLogFiles: string[];
	/**
	 * Queue mode: which worker ran each execution, as execution id → worker index, from the
	 * "Worker started execution <id>" lines n8n's job processor logs. Empty otherwise.
	 */
	executionWorkers(): Promise<Map<string, number>>;
	/** Milliseconds spent per phase of startN8n() and of the latest (re)start, for reporting. */
	timings: { packageInstallMs: number; seedDatabaseMs: number; importMs: number; activateMs: number; startMs: number };
	readonly running: boolean;
	/** Pid of the n8n process (also its process group id) while running. */
	readonly pid: number | undefined;
	/** Production webhook URL: <baseUrl>/webhook/<path> */
	webhookUrl(path: string): string;
	/** Stops n8n and its task runner (and queue mode's workers); resolves when no process of theirs is left. */
	stop(): Promise<void>;
	/** stop() then start again on the same folder and ports (`env` is merged into the environment). */
	restart(options?: { env?: Record<string, string> }): Promise<void>;
	/** stop() and delete the user folder (kept when N8N_E2E_KEEP=1). */
	dispose(): Promise<void>;
	/** How many executions there are per status (one light query, no execution data). */
	executionCounts(): Promise<Partial<Record<ExecutionStatus, number>>>;
	/** All saved executions, oldest first (read from the database). */
	executions(): Promise<ExecutionRecord[]>;
	/**
	 * Polls executions() until at least `count` exist (optionally of one workflow) and all
	 * of them have a final status. n8n saves an execution after the webhook has answered, so
	 * assert on executions through this rather than right after the HTTP response.
	 */
	waitForExecutions(count: number, options?: { workflowId?: string; timeoutMs?: number }): Promise<ExecutionRecord[]>;
	/** Runs `n8n <args>` with this instance's environment; only while n8n is stopped. */
	cli(args: string[], timeoutMs?: number): Promise<string>;
}

// Not a secret: a fixed key so the CLI and the server agree and databases stay readable.
const ENCRYPTION_KEY = 'n8n-nodes-chat-actions-e2e-not-a-secret';
const WEBHOOK_NODE_TYPE = 'n8n-nodes-base.webhook';
const WORKER_READY_LOG_LINE = 'n8n worker is now ready';
const CLI_TIMEOUT_MS = 180_000;
const PUBLISH_TIMEOUT_MS = 30_000; // it normally takes ~3 s
// How long stop() lets n8n (and each worker) shut down before killing it. dispose() is bounded
// by about 2 × (grace + 10 s) with PostgreSQL's stop: jest.config.js's hook timeout allows for it.
const STOP_GRACE_MS = 25_000;
/** Environment variables passed through from the test process; everything else is set here. */
const PASSTHROUGH_ENV = [
	'HOME',
	'LANG',
	'LC_ALL',
	'TMPDIR',
	'NODE_EXTRA_CA_CERTS',
	'SSL_CERT_FILE',
	'SSL_CERT_DIR',
	'HTTP_PROXY',
	'HTTPS_PROXY',
	'NO_PROXY',
	'http_proxy',
	'https_proxy',
	'no_proxy',
];

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Last resort: a test process that exits normally takes its n8n processes with it. */
function trackGroup(pgid: number): void {
	liveGroups.add(pgid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const group of liveGroups) killGroup(group, 'SIGKILL');
	});
}

export async function startN8n(options: StartN8nOptions): Promise<N8nInstance> {
	// What a failed start-up leaves running is undone here (queue mode's PostgreSQL).
	const undo: Array<() => Promise<void>> = [];
	try {
		return await launchN8n(options, undo);
	} catch (error) {
		for (const step of undo.reverse()) await step().catch(() => undefined);
		throw error;
	}
}

async function launchN8n(options: StartN8nOptions, undo: Array<() => Promise<void>>): Promise<N8nInstance> {
	// N8N_LINE=1 runs the same e2e suites on n8n's last 1.x line (npm run test:e2e:n8n1).
	const install = await resolveN8n(options.line ?? (process.env.N8N_LINE === '1' ? 1 : 2));
	announce(install);

	const userFolder = await mkdtemp(join(tmpdir(), `n8n-e2e-${install.n8nVersion}-`));
	const n8nFolder = join(userFolder, '.n8n');
	await mkdir(n8nFolder, { recursive: true });
	const logFile = join(userFolder, 'n8n.log');
	const cliLogFile = join(userFolder, 'cli.log');
	const dbPath = join(n8nFolder, 'database.sqlite');
	const workerCount = options.queueMode ? Math.max(1, options.queueMode.workers ?? 2) : 0;
	const [port, brokerPort, ...workerBrokerPorts] = await freePorts(2 + workerCount);
	const baseUrl = `http://127.0.0.1:${port}`;
	let postgres: PostgresServer | undefined;
	if (options.queueMode) {
		const server = await startPostgres({ logFile: join(userFolder, 'postgres.log') });
		postgres = server;
		undo.push(() => server.stop());
	}
	const queueEnv = options.queueMode && postgres ? queueModeEnv(options.queueMode, postgres, port) : {};
	let env = buildEnv(install, { userFolder, port, brokerPort, baseUrl }, { ...queueEnv, ...(options.ui ? { N8N_DISABLE_UI: 'false' } : {}), ...options.env });
	const query: DatabaseQuery = postgres
		? (sql, params, flattedColumns) => postgres.query(install, sql, params, flattedColumns)
		: (sql, params, flattedColumns) => querySqlite(install, dbPath, sql, params, flattedColumns);
	const workerLogFiles = Array.from({ length: workerCount }, (_, index) => join(userFolder, `worker-${index + 1}.log`));
	const startupTimeoutMs = options.startupTimeoutMs ?? 180_000;

	const timings = { packageInstallMs: 0, seedDatabaseMs: 0, importMs: 0, activateMs: 0, startMs: 0 };
	let phaseStart = Date.now();
	const endPhase = (phase: keyof typeof timings) => {
		timings[phase] = Date.now() - phaseStart;
		phaseStart = Date.now();
	};

	if (options.packageTarball) await installCommunityPackage(n8nFolder, resolve(options.packageTarball), cliLogFile);
	endPhase('packageInstallMs');

	const usesDefaultSqlite = !env.DB_TYPE || (env.DB_TYPE === 'sqlite' && !env.DB_SQLITE_DATABASE);
	if (!options.freshDatabase && usesDefaultSqlite) await seedMigratedDatabase(install, n8nFolder, cliLogFile);
	endPhase('seedDatabaseMs');

	const cli = async (args: string[], timeoutMs = CLI_TIMEOUT_MS): Promise<string> => {
		const result = await runCommand(install.nodeBin, [install.n8nBin, ...args], { cwd: userFolder, env, logFile: cliLogFile, timeoutMs });
		if (result.code !== 0 || result.timedOut) {
			const how = result.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${result.code ?? result.signal}`;
			throw new Error(`n8n ${args.join(' ')} failed (${how}):\n${lastLines(result.output, 60)}`);
		}
		return result.output;
	};

	const workflows = options.workflows.map((workflow, index) => normaliseWorkflow(workflow as Record<string, unknown>, index));
	const workflowIds = workflows.map((workflow) => workflow.id as string);
	const toActivate = workflows.filter((workflow) => workflow.active !== false);
	await importIntoN8n(cli, userFolder, options.credentials ?? [], workflows);
	endPhase('importMs');
	for (const workflow of toActivate) await activateWorkflow(install, cli, query, postgres ? '$1' : '?', workflow.id as string);
	endPhase('activateMs');

	const readyWebhooks = options.readyWebhooks === false ? [] : (options.readyWebhooks ?? toActivate.flatMap(webhookProbes));

	let child: ChildProcess | undefined;
	let exited: Promise<void> = Promise.resolve();
	let workers: SpawnedN8n[] = [];

	/** Queue mode: `n8n worker` processes, each with its own task broker port and log; ready when they say so. */
	const startWorkers = async () => {
		const concurrency = options.queueMode?.concurrency;
		await Promise.all(
			workerLogFiles.map(async (workerLog, index) => {
				const logOffset = await logLength(workerLog);
				const args = ['worker', ...(concurrency ? [`--concurrency=${concurrency}`] : [])];
				const workerEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(workerBrokerPorts[index]) };
				const worker = await spawnN8n(install, args, { cwd: userFolder, env: workerEnv, logFile: workerLog }, `n8n worker ${index + 1}`);
				workers.push(worker);
				await waitForWorker(worker, workerLog, logOffset, Date.now() + startupTimeoutMs, `n8n worker ${index + 1}`);
			}),
		);
	};

	const stopWorkers = async () => {
		const running = workers;
		workers = [];
		await Promise.all(running.map(async (worker) => await stopSpawned(worker)));
	};

	const start = async () => {
		const startedAt = Date.now();
		// Only log lines of this start count for readiness (the file is appended across restarts).
		const logOffset = await logLength(logFile);
		const main = await spawnN8n(install, ['start'], { cwd: userFolder, env, logFile }, 'n8n');
		child = main.proc;
		exited = main.exited;
		try {
			await waitUntilReady({ exitReason: main.exitReason, baseUrl, logFile, logOffset, readyWebhooks, timeoutMs: startupTimeoutMs });
			// Workers after the main process: it has migrated the database by then.
			if (workerCount) await startWorkers();
			timings.startMs = Date.now() - startedAt;
		} catch (error) {
			await stop();
			throw error;
		}
	};

	const stop = async () => {
		const stoppingWorkers = stopWorkers();
		const proc = child;
		child = undefined;
		if (proc) await stopSpawned({ proc, exited, exitReason: () => undefined });
		await stoppingWorkers;
	};

	const instance: N8nInstance = {
		baseUrl,
		port,
		version: install.n8nVersion,
		line: install.line,
		nodeVersion: install.nodeVersion,
		userFolder,
		logFile,
		cliLogFile,
		workflowIds,
		workerLogFiles,
		async executionWorkers() {
			const byExecution = new Map<string, number>();
			for (const [index, workerLog] of workerLogFiles.entries()) {
				const log = await readFile(workerLog, 'utf8').catch(() => '');
				for (const match of log.matchAll(/Worker started execution (\d+) \(job /g)) byExecution.set(match[1], index);
			}
			return byExecution;
		},
		timings,
		get running() {
			return child !== undefined;
		},
		get pid() {
			return child?.pid;
		},
		webhookUrl: (path) => `${baseUrl}/webhook/${path.replace(/^\/+/, '')}`,
		stop,
		async restart(restartOptions) {
			await stop();
			if (restartOptions?.env) env = { ...env, ...restartOptions.env };
			await start();
		},
		async dispose() {
			await stop();
			await postgres?.stop();
			if (process.env.N8N_E2E_KEEP !== '1') await rm(userFolder, { recursive: true, force: true });
		},
		async executionCounts() {
			const rows = await query('SELECT status, COUNT(*) AS count FROM execution_entity GROUP BY status');
			return Object.fromEntries(rows.map((row) => [String(row.status), Number(row.count)]));
		},
		executions: () => readExecutions(query),
		async waitForExecutions(count, waitOptions = {}) {
			const deadline = Date.now() + (waitOptions.timeoutMs ?? 30_000);
			for (;;) {
				const all = await readExecutions(query);
				const matching = waitOptions.workflowId ? all.filter((e) => e.workflowId === waitOptions.workflowId) : all;
				if (matching.length >= count && matching.every(isSaved)) return matching;
				if (Date.now() > deadline) {
					const seen = matching.map((e) => `${e.id}:${e.status}`).join(', ') || 'none';
					throw new Error(`Expected ${count} finished execution(s), have: ${seen}`);
				}
				await sleep(250);
			}
		},
		async cli(args, timeoutMs) {
			if (child) throw new Error('Stop n8n before running its CLI against the same database');
			return await cli(args, timeoutMs);
		},
	};

	await start();
	return instance;
}

/** An n8n process (the main one or a worker), leader of its own process group. */
interface SpawnedN8n {
	proc: ChildProcess;
	/** Resolves when it has exited (or could not start). */
	exited: Promise<void>;
	/** Why it is gone, or undefined while it runs. */
	exitReason: () => string | undefined;
}

async function logLength(logFile: string): Promise<number> {
	return (await readFile(logFile, 'utf8').catch(() => '')).length;
}

/**
 * Starts `n8n <args>` in its own process group (detached, so that stopping it reaches its task
 * runner too), its output appended to `logFile`. The test process does not wait for it: a test
 * that forgets stop() must not hang jest; the 'exit' hook and the watchdog then take n8n down
 * with the test process.
 */
async function spawnN8n(
	install: N8nInstall,
	args: string[],
	where: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
	what: string,
): Promise<SpawnedN8n> {
	const logFd = openSync(where.logFile, 'a');
	let proc: ChildProcess;
	try {
		proc = spawn(install.nodeBin, [install.n8nBin, ...args], { cwd: where.cwd, env: where.env, detached: true, stdio: ['ignore', logFd, logFd] });
	} finally {
		closeSync(logFd);
	}
	if (proc.pid === undefined) {
		const [error] = (await once(proc, 'error')) as [Error];
		throw new Error(`Could not start ${what} (${install.nodeBin}): ${error.message}`);
	}
	proc.unref();
	trackGroup(proc.pid);
	startWatchdog(process.pid, proc.pid);
	let spawnError: Error | undefined;
	const exited = new Promise<void>((resolveExit) => {
		proc.once('exit', () => resolveExit());
		proc.once('error', (error) => {
			spawnError = error; // e.g. the Node binary is missing: no 'exit' will follow
			resolveExit();
		});
	});
	const exitReason = () =>
		spawnError?.message ?? (proc.exitCode !== null || proc.signalCode !== null ? `exit ${proc.exitCode ?? proc.signalCode}` : undefined);
	return { proc, exited, exitReason };
}

/**
 * SIGTERM to the process lets n8n shut down its task runner; whatever is left of the group
 * after the grace period (N8N_GRACEFUL_SHUTDOWN_TIMEOUT + margin) is killed.
 */
async function stopSpawned({ proc, exited }: SpawnedN8n): Promise<void> {
	if (!proc.pid) return;
	await stopGroup(proc.pid, STOP_GRACE_MS);
	await exited;
	liveGroups.delete(proc.pid);
}

/** A worker is ready when its log (after `logOffset`) says so. */
async function waitForWorker(worker: SpawnedN8n, workerLog: string, logOffset: number, deadline: number, what: string): Promise<void> {
	for (;;) {
		const log = (await readFile(workerLog, 'utf8').catch(() => '')).slice(logOffset);
		if (log.includes(WORKER_READY_LOG_LINE)) return;
		const gone = worker.exitReason();
		if (gone || Date.now() > deadline) {
			const tail = await tailFile(workerLog, 60, isUsefulLogLine);
			throw new Error(`${what} did not get ready (${gone ?? 'timeout'}):\n${tail}`);
		}
		await sleep(250);
	}
}

/** Credentials (first: workflows refer to them by id), then workflows, with n8n's CLI. */
async function importIntoN8n(
	cli: (args: string[]) => Promise<string>,
	userFolder: string,
	credentials: object[],
	workflows: Array<Record<string, unknown>>,
): Promise<void> {
	if (credentials.length) {
		const file = join(userFolder, 'import-credentials.json');
		await writeFile(file, JSON.stringify(credentials));
		try {
			await cli(['import:credentials', `--input=${file}`]);
		} finally {
			await rm(file, { force: true }); // plain-text secrets: do not leave them around
		}
	}
	if (workflows.length) {
		const file = join(userFolder, 'import-workflows.json');
		// Imported inactive (the CLI deactivates them anyway); activated afterwards.
		await writeFile(file, JSON.stringify(workflows.map((workflow) => ({ ...workflow, active: false }))));
		await cli(['import:workflow', `--input=${file}`]);
	}
}

/** What queue mode adds to n8n's environment (main process, workers and CLI alike). */
function queueModeEnv(queue: QueueModeOptions, postgres: PostgresServer, port: number): Record<string, string> {
	return {
		...postgres.n8nEnv(),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: queue.redis.host,
		QUEUE_BULL_REDIS_PORT: String(queue.redis.port),
		...(queue.redis.password ? { QUEUE_BULL_REDIS_PASSWORD: queue.redis.password } : {}),
		QUEUE_BULL_REDIS_DB: String(queue.redis.db ?? 0),
		// One Redis may serve several instances (parallel test files): each gets its own queue.
		QUEUE_BULL_PREFIX: `bull-e2e-${port}`,
		// Manual executions too go to the workers, as n8n recommends for queue mode.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
	};
}

/**
 * Runs `npm pack` of the repository into a fresh temporary folder and returns the .tgz path
 * (remove `dirname(tgz)` when done). Build first (`npm run build`): the package ships only
 * dist/; a missing built node or credential file is reported instead of packing.
 * CHAT_ACTIONS_TARBALL=<.tgz> (the release workflow's packed tarball; relative to the
 * repository or absolute): a copy of that file instead, so the suites test what is published.
 */
export async function packPackage(): Promise<string> {
	const given = process.env.CHAT_ACTIONS_TARBALL;
	if (given) {
		const source = resolve(REPO_ROOT, given);
		if (!existsSync(source)) throw new Error(`CHAT_ACTIONS_TARBALL names no file: ${source}`);
		const copy = join(await mkdtemp(join(tmpdir(), 'n8n-e2e-pack-')), basename(source));
		await copyFile(source, copy);
		return copy;
	}
	const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = entries.filter((entry) => !existsSync(join(REPO_ROOT, entry)));
	if (missing.length) throw new Error(`Run \`npm run build\` first; missing: ${missing.join(', ')}`);

	const destination = await mkdtemp(join(tmpdir(), 'n8n-e2e-pack-'));
	const logFile = join(destination, 'pack.log');
	const result = await runCommand('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], {
		cwd: REPO_ROOT,
		env: process.env,
		logFile,
		timeoutMs: 120_000,
	});
	if (result.code !== 0) throw new Error(`npm pack failed:\n${result.output}`);
	const tarball = (await readdir(destination)).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack produced no tarball:\n${result.output}`);
	return join(destination, tarball);
}

function buildEnv(
	install: N8nInstall,
	where: { userFolder: string; port: number; brokerPort: number; baseUrl: string },
	overrides: Record<string, string>,
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const name of PASSTHROUGH_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
	Object.assign(env, {
		// The line's Node first: n8n starts its Code-node task runner as plain `node`.
		PATH: `${dirname(install.nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		// Not jest's NODE_ENV=test: n8n changes behaviour under it (e.g. no task runner).
		NODE_ENV: 'production',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: where.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(where.port),
		N8N_PROTOCOL: 'http',
		// Base URL of webhooks (n8n's default would be the same; explicit for resume/chat URLs).
		[install.line === 2 ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL']: `${where.baseUrl}/`,
		// The task broker defaults to 5679: give it its own free port so instances never clash.
		N8N_RUNNERS_BROKER_PORT: String(where.brokerPort),
		// No telemetry, banners or licence calls (shared with scripts/start.mjs).
		...(JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'n8n-quiet-env.json'), 'utf8')) as Record<string, string>),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// No editor UI: tests talk to webhooks; saves writing the UI's assets (~2 s per start).
		N8N_DISABLE_UI: 'true',
		// Saved data is what executions() reads.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		// n8n waits this long (seconds) for running executions when it stops; stop() gives it
		// STOP_GRACE_MS before it kills what is left. n8n's own default, 30 s, is longer than that.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(STOP_GRACE_MS / 1000 - 5),
	});
	// 1.x runs Code nodes in-process unless told otherwise (and warns); 2.x always uses runners.
	if (install.line === 1) env.N8N_RUNNERS_ENABLED = 'true';
	// 2.x's MCP-server catalogue fetches api.n8n.io at start (unreachable here: a stack trace
	// in every log). Module names are validated, and 1.x has no such module: 2.x only.
	if (install.line === 2) env.N8N_DISABLED_MODULES = 'mcp-registry';
	// N8N_E2E_ENV="NAME=value,…": n8n settings for every instance a test run starts, to run
	// the suites against a differently configured n8n (e.g. the setting README advises).
	return { ...env, ...parseEnvPairs(process.env.N8N_E2E_ENV ?? ''), ...overrides };
}

/** "NAME=value,NAME=value" → { NAME: value }; pairs without "=" are ignored. */
export function parseEnvPairs(text: string): Record<string, string> {
	const pairs = text.split(',').filter((pair) => pair.includes('='));
	return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]));
}

/**
 * Copies a database n8n has already migrated into `n8nFolder`: a fresh n8n 2.41 database
 * runs ~250 migrations (about 6 s) in the first CLI command otherwise. The template is
 * made once per n8n version (`n8n list:workflow` on an empty folder migrates and exits)
 * in the install's cache folder, so a new cache (as in CI) makes it anew.
 */
async function seedMigratedDatabase(install: N8nInstall, n8nFolder: string, logFile: string): Promise<void> {
	const templateDir = join(install.cacheDir, `e2e-db-${install.n8nVersion}`);
	const templateN8nFolder = join(templateDir, '.n8n');
	const marker = join(templateDir, '.complete');
	if (!existsSync(marker)) {
		await withDirLock(`${templateDir}.lock`, async () => {
			if (existsSync(marker)) return; // made by another worker meanwhile
			await rm(templateDir, { recursive: true, force: true });
			await mkdir(templateN8nFolder, { recursive: true });
			const env = buildEnv(install, { userFolder: templateDir, port: 0, brokerPort: 0, baseUrl: 'http://127.0.0.1' }, {});
			const result = await runCommand(install.nodeBin, [install.n8nBin, 'list:workflow'], {
				cwd: templateDir,
				env,
				logFile,
				timeoutMs: CLI_TIMEOUT_MS,
			});
			if (result.code !== 0 || result.timedOut) {
				throw new Error(`Migrating a template database failed (exit ${result.code ?? result.signal}):\n${lastLines(result.output, 60)}`);
			}
			await writeFile(marker, new Date().toISOString());
		});
	}
	// SQLite checkpoints its WAL on a clean close; copy a leftover one anyway.
	for (const file of ['database.sqlite', 'database.sqlite-wal']) {
		if (existsSync(join(templateN8nFolder, file))) await copyFile(join(templateN8nFolder, file), join(n8nFolder, file));
	}
}

function normaliseWorkflow(workflow: Record<string, unknown>, index: number): Record<string, unknown> {
	const id = typeof workflow.id === 'string' && workflow.id ? workflow.id : `e2eWorkflow${String(index).padStart(5, '0')}`;
	return {
		name: `E2E workflow ${id}`,
		connections: {},
		settings: {},
		...workflow,
		id,
	};
}

/**
 * Activates one imported workflow with n8n's CLI, then checks the database: 2.x marks a
 * workflow published by setting activeVersionId (publish:workflow), 1.x by active = 1.
 */
async function activateWorkflow(
	install: N8nInstall,
	cli: (args: string[], timeoutMs?: number) => Promise<string>,
	query: DatabaseQuery,
	placeholder: '?' | '$1',
	id: string,
): Promise<void> {
	let cliError: unknown;
	try {
		if (install.line === 2) await cli(['publish:workflow', `--id=${id}`], PUBLISH_TIMEOUT_MS);
		else await cli(['update:workflow', `--id=${id}`, '--active=true'], PUBLISH_TIMEOUT_MS);
	} catch (error) {
		cliError = error; // a hang after the update is tolerated if the database says "active"
	}
	const [row] = await query(`SELECT * FROM workflow_entity WHERE id = ${placeholder}`, [id]);
	const active = row && (install.line === 2 ? row.activeVersionId !== null && row.activeVersionId !== undefined : Boolean(row.active));
	if (!active) throw cliError instanceof Error ? cliError : new Error(`Workflow ${id} was not activated`);
}

/** Webhook paths of a workflow's enabled webhook-type nodes (nodes with a webhookId). */
function webhookProbes(workflow: Record<string, unknown>): WebhookProbe[] {
	const nodes = (workflow.nodes ?? []) as Array<{
		type?: string;
		disabled?: boolean;
		webhookId?: string;
		parameters?: { path?: unknown; httpMethod?: unknown };
	}>;
	return nodes
		.filter((node) => !node.disabled && (node.type === WEBHOOK_NODE_TYPE || typeof node.webhookId === 'string'))
		.map((node) => ({
			path: String(node.parameters?.path || node.webhookId || '').replace(/^\/+/, ''),
			// n8n's Webhook node defaults to GET; other trigger nodes here are POST endpoints.
			method: typeof node.parameters?.httpMethod === 'string' ? node.parameters.httpMethod : node.type === WEBHOOK_NODE_TYPE ? 'GET' : 'POST',
		}))
		.filter((probe) => probe.path && !probe.path.includes(':')); // dynamic paths cannot be probed as-is
}

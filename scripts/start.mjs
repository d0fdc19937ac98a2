#!/usr/bin/env node
// `npm start`: a real n8n with this package and the example flows, on this machine.
//
//  1. scripts/ensure-n8n.mjs 2: the pinned n8n (and the Node 24 it runs on), installed once
//     into the cache folder (~/.cache/n8n-nodes-chat-actions, or $CHAT_ACTIONS_CACHE_DIR)
//     and checked on every start.
//  2. npm run build, npm pack, and the tarball installed into the user folder's .n8n/nodes
//     the way n8n 2.x installs a community package (skipped when the tarball is unchanged).
//  3. examples/credentials.json and examples/*.json imported with n8n's CLI and published
//     (again only when they changed since the last import).
//  4. The demo API (examples/demo-api.js) and n8n started on 127.0.0.1; ready when every
//     example's webhook is registered. Ctrl-C stops both (n8n's whole process group).
//
// The user folder persists: start-user in the cache folder, or $CHAT_ACTIONS_START_DIR. Delete it to start over. Ports: N8N_PORT (5678),
// N8N_RUNNERS_BROKER_PORT (5680), DEMO_API_PORT (5681). Token: DEMO_API_TOKEN (demo-token).
/* global AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheDir } from './ensure-n8n.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(REPO, 'examples');
const START_DIR = resolve(process.env.CHAT_ACTIONS_START_DIR || join(cacheDir(), 'start-user'));
const N8N_FOLDER = join(START_DIR, '.n8n');
const NODES_DIR = join(N8N_FOLDER, 'nodes');
const PACKAGE_MARKER = join(NODES_DIR, '.chat-actions-package.sha256');
const IMPORT_MARKER = join(N8N_FOLDER, '.chat-actions-examples.sha256');
const N8N_LOG = join(START_DIR, 'n8n.log');
const CLI_LOG = join(START_DIR, 'cli.log');

const HOST = '127.0.0.1';
const N8N_PORT = Number(process.env.N8N_PORT || 5678);
const BROKER_PORT = Number(process.env.N8N_RUNNERS_BROKER_PORT || 5680);
const DEMO_PORT = Number(process.env.DEMO_API_PORT || 5681);
const DEMO_TOKEN = process.env.DEMO_API_TOKEN || 'demo-token';
const BASE_URL = `http://${HOST}:${N8N_PORT}`;
const READY_LOG_LINE = 'Editor is now accessible via';
const READY_TIMEOUT_MS = 300_000;
const CLI_TIMEOUT_MS = 180_000;
const PUBLISH_TIMEOUT_MS = 60_000; // it takes a few seconds, but has been seen to hang after its work

const started = Date.now();
const say = (message) => console.log(`[start] ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- what is running, and stopping it ---------------------------------------------------

let n8nChild; // n8n server (leader of its own process group)
let cliChild; // an n8n CLI command in progress (own group too)
let demoApi;
let stopping = false;

function killGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
	} catch {
		// gone
	}
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

async function stopGroup(pgid, graceMs) {
	try {
		process.kill(pgid, 'SIGTERM'); // n8n shuts its task runner down itself
	} catch {
		// leader gone; its children may not be
	}
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
	if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
	const hard = Date.now() + 10_000;
	while (groupAlive(pgid) && Date.now() < hard) await sleep(100);
}

async function shutdown(code, reason) {
	if (stopping) return;
	stopping = true;
	if (reason) say(reason);
	if (cliChild?.pid) killGroup(cliChild.pid, 'SIGKILL');
	if (n8nChild?.pid) {
		say('stopping n8n...');
		await stopGroup(n8nChild.pid, 20_000);
	}
	if (demoApi) await demoApi.close();
	say('stopped.');
	process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => void shutdown(signal === 'SIGINT' ? 130 : 143, `${signal}: shutting down`));
}

/** A detached watchdog: if this script dies without cleaning up (SIGKILL), n8n goes too. */
function startWatchdog(pgid) {
	const code = `
		const [parent, group] = process.argv.slice(1).map(Number);
		const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
		setInterval(() => {
			if (!alive(-group)) process.exit(0);
			if (!alive(parent)) {
				try { process.kill(group, 'SIGTERM'); } catch {}
				setTimeout(() => { try { process.kill(-group, 'SIGKILL'); } catch {} process.exit(0); }, 15000);
			}
		}, 1000);`;
	spawn(process.execPath, ['-e', code, String(process.pid), String(pgid)], { detached: true, stdio: 'ignore' }).unref();
}

function fail(message) {
	console.error(`[start] ${message}`);
	return shutdown(1);
}

// ---- steps ------------------------------------------------------------------------------

function step(name, fn) {
	const t = Date.now();
	const result = fn();
	const done = (value) => {
		say(`${name} (${seconds(Date.now() - t)})`);
		return value;
	};
	return result instanceof Promise ? result.then(done) : done(result);
}

function runSync(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
	if (stopping) return result;
	if (result.error || result.status !== 0) {
		const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd().split('\n').slice(-40).join('\n');
		throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})\n${output}`);
	}
	return result;
}

function ensureN8n() {
	// Progress of a first install (about 10 minutes) goes to stderr; stdout is the JSON result.
	const result = runSync(process.execPath, [join(REPO, 'scripts', 'ensure-n8n.mjs'), '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
	return JSON.parse(result.stdout.trim().split('\n').pop());
}

function buildAndPack() {
	runSync('npm', ['run', 'build'], { cwd: REPO });
	const destination = mkdtempSync(join(tmpdir(), 'chat-actions-start-pack-'));
	runSync('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], { cwd: REPO });
	const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return join(destination, tarball);
}

/** The way n8n 2.x installs a community package (as test/e2e/harness does). */
function installPackage(tarball) {
	const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	if (existsSync(PACKAGE_MARKER) && readFileSync(PACKAGE_MARKER, 'utf8').trim() === hash) {
		rmSync(dirname(tarball), { recursive: true, force: true });
		return false;
	}
	const extractDir = mkdtempSync(join(tmpdir(), 'chat-actions-start-pkg-'));
	try {
		runSync('tar', ['-xzf', tarball, '-C', extractDir, '--strip-components=1']);
		const manifest = JSON.parse(readFileSync(join(extractDir, 'package.json'), 'utf8'));
		// n8n drops these before installing: only runtime dependencies come from the registry.
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		const packageDir = join(NODES_DIR, 'node_modules', manifest.name);
		mkdirSync(dirname(packageDir), { recursive: true });
		rmSync(packageDir, { recursive: true, force: true });
		runSync('cp', ['-R', `${extractDir}/.`, packageDir]);
		writeFileSync(join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
		runSync(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'],
			{ cwd: packageDir },
		);
		writeFileSync(
			join(NODES_DIR, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2),
		);
		writeFileSync(PACKAGE_MARKER, hash);
		return true;
	} finally {
		rmSync(extractDir, { recursive: true, force: true });
		rmSync(dirname(tarball), { recursive: true, force: true });
	}
}

function n8nEnv(install) {
	const defaults = {
		NODE_ENV: 'production',
		N8N_LISTEN_ADDRESS: HOST,
		N8N_HOST: HOST,
		N8N_PROTOCOL: 'http',
		// No telemetry, banners or licence calls on a loopback n8n (shared with the e2e harness).
		...JSON.parse(readFileSync(join(REPO, 'scripts', 'n8n-quiet-env.json'), 'utf8')),
		// 2.x's MCP-server catalogue fetches api.n8n.io at start (a stack trace when offline).
		N8N_DISABLED_MODULES: 'mcp-registry',
		// n8n 2.x starts an expression isolate only when an expression needs one: a chat turn
		// through these nodes then costs ~60 ms of CPU instead of ~150 (README, "Under load").
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	};
	const env = { ...process.env };
	for (const [name, value] of Object.entries(defaults)) if (env[name] === undefined) env[name] = value;
	return {
		...env,
		// Node 24 first: n8n starts its Code-node task runner as plain `node`.
		PATH: `${dirname(install.nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		N8N_USER_FOLDER: START_DIR,
		N8N_PORT: String(N8N_PORT),
		N8N_RUNNERS_BROKER_PORT: String(BROKER_PORT),
		N8N_WEBHOOK_URL: `${BASE_URL}/`,
	};
}

/** `n8n <args>` in its own process group, output appended to cli.log; killed after timeoutMs. */
function cli(install, env, args, timeoutMs = CLI_TIMEOUT_MS) {
	return new Promise((resolvePromise, reject) => {
		const fd = openSync(CLI_LOG, 'a');
		writeFileSync(fd, `\n$ n8n ${args.join(' ')}\n`);
		const child = spawn(install.nodeBin, [install.n8nBin, ...args], { cwd: START_DIR, env, detached: true, stdio: ['ignore', fd, fd] });
		closeSync(fd);
		cliChild = child;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			killGroup(child.pid, 'SIGKILL'); // anything it left behind
			cliChild = undefined;
			resolvePromise({ code, signal, timedOut });
		});
	});
}

function readExamples() {
	const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'credentials.json'), 'utf8')).map((credential) =>
		credential.type === 'chatActionsBearerApi' && credential.id === 'demoApiCred'
			? { ...credential, data: { ...credential.data, token: DEMO_TOKEN, baseUrl: `http://${HOST}:${DEMO_PORT}` } }
			: credential,
	);
	const workflows = readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json') && file !== 'credentials.json')
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) }));
	return { credentials, workflows };
}

async function importExamples(install, env, { credentials, workflows }) {
	const hash = createHash('sha256').update(JSON.stringify({ credentials, workflows })).digest('hex');
	if (existsSync(IMPORT_MARKER) && readFileSync(IMPORT_MARKER, 'utf8').trim() === hash) return false;
	const check = async (args, result) => {
		if (result.code !== 0 || result.timedOut) {
			const tail = readFileSync(CLI_LOG, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
			throw new Error(`n8n ${args.join(' ')} failed (${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}):\n${tail}`);
		}
	};
	const credentialsFile = join(START_DIR, 'import-credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
	try {
		const args = ['import:credentials', `--input=${credentialsFile}`];
		await check(args, await cli(install, env, args)); // encrypts the plain data itself
	} finally {
		rmSync(credentialsFile, { force: true }); // plain-text secrets: do not leave them around
	}
	const workflowsFile = join(START_DIR, 'import-workflows.json');
	writeFileSync(workflowsFile, JSON.stringify(workflows.map(({ workflow }) => ({ ...workflow, active: false }))));
	try {
		const args = ['import:workflow', `--input=${workflowsFile}`];
		await check(args, await cli(install, env, args));
	} finally {
		rmSync(workflowsFile, { force: true });
	}
	for (const { workflow } of workflows) {
		const args = ['publish:workflow', `--id=${workflow.id}`];
		const result = await cli(install, env, args, PUBLISH_TIMEOUT_MS);
		// A publish that hangs after its work is tolerated: the webhook check below decides.
		if (result.timedOut) say(`n8n ${args.join(' ')} did not exit within ${PUBLISH_TIMEOUT_MS / 1000} s; going on`);
		else await check(args, result);
	}
	writeFileSync(IMPORT_MARKER, hash);
	return true;
}

function portFree(port) {
	return new Promise((resolvePromise) => {
		const server = createServer();
		server.once('error', () => resolvePromise(false));
		server.listen(port, HOST, () => server.close(() => resolvePromise(true)));
	});
}

function webhookPaths(workflows) {
	return workflows.flatMap(({ workflow }) =>
		workflow.nodes
			.filter((node) => !node.disabled && node.webhookId && node.parameters?.path)
			.map((node) => ({
				name: workflow.name,
				path: String(node.parameters.path).replace(/^\/+/, ''),
				// Only the Chat Action Trigger serves a chat page; other webhooks (the stats report) do not.
				chat: node.type === 'n8n-nodes-chat-actions.chatActionTrigger',
			})),
	);
}

/** A CORS preflight says whether a production webhook is registered without running it. */
async function webhookRegistered(path) {
	const response = await fetch(`${BASE_URL}/webhook/${path}`, {
		method: 'OPTIONS',
		headers: { Origin: BASE_URL, 'Access-Control-Request-Method': 'POST' },
		signal: AbortSignal.timeout(5000),
	});
	await response.arrayBuffer();
	return response.ok;
}

function logTail(lines = 40) {
	const text = existsSync(N8N_LOG) ? readFileSync(N8N_LOG, 'utf8') : '';
	return text
		.split('\n')
		.filter((line) => !/^\s+at /.test(line) && !/The requested webhook ".*" is not registered/.test(line))
		.slice(-lines)
		.join('\n');
}

async function startN8n(install, env, hooks) {
	const fd = openSync(N8N_LOG, 'w');
	n8nChild = spawn(install.nodeBin, [install.n8nBin, 'start'], { cwd: START_DIR, env, detached: true, stdio: ['ignore', fd, fd] });
	closeSync(fd);
	const child = n8nChild;
	child.on('error', (error) => void fail(`could not start n8n: ${error.message}`));
	child.on('exit', (code, signal) => {
		if (!stopping) void fail(`n8n exited (${code ?? signal}). Last lines of ${N8N_LOG}:\n${logTail()}`);
	});
	startWatchdog(child.pid);

	const deadline = Date.now() + READY_TIMEOUT_MS;
	let stage = 'healthz';
	let pending = hooks.map((hook) => hook.path);
	while (!stopping) {
		if (Date.now() > deadline) {
			throw new Error(
				`n8n did not get ready within ${READY_TIMEOUT_MS / 1000} s (waiting for ${stage === 'webhooks' ? `webhooks ${pending.join(', ')}` : stage}).` +
					` Last lines of ${N8N_LOG}:\n${logTail()}\n(To start over, delete ${START_DIR}.)`,
			);
		}
		try {
			if (stage === 'healthz') {
				const response = await fetch(`${BASE_URL}/healthz`, { signal: AbortSignal.timeout(5000) });
				await response.arrayBuffer();
				if (response.ok) stage = 'start-up';
			}
			if (stage === 'start-up' && readFileSync(N8N_LOG, 'utf8').includes(READY_LOG_LINE)) stage = 'webhooks';
			if (stage === 'webhooks') {
				const still = [];
				for (const path of pending) if (!(await webhookRegistered(path))) still.push(path);
				pending = still;
				if (!pending.length) return;
			}
		} catch {
			// not listening yet
		}
		await sleep(stage === 'webhooks' ? 1000 : 300); // each failed webhook probe logs an error in n8n
	}
}

async function main() {
	mkdirSync(N8N_FOLDER, { recursive: true });
	for (const [name, port] of [
		['n8n (N8N_PORT)', N8N_PORT],
		["n8n's task broker (N8N_RUNNERS_BROKER_PORT)", BROKER_PORT],
		['the demo API (DEMO_API_PORT)', DEMO_PORT],
	]) {
		if (new Set([N8N_PORT, BROKER_PORT, DEMO_PORT]).size !== 3) throw new Error('N8N_PORT, N8N_RUNNERS_BROKER_PORT and DEMO_API_PORT must differ');
		if (!(await portFree(port))) throw new Error(`Port ${port} for ${name} is in use on ${HOST} (another npm start?). Set another port.`);
	}

	const install = step('pinned n8n ready', ensureN8n);
	say(`n8n ${install.n8nVersion} on ${install.nodeBin}`);
	const tarball = step('built and packed', buildAndPack);
	const installed = step('package in the user folder', () => installPackage(tarball));
	say(installed ? `installed into ${NODES_DIR}` : 'package unchanged since the last start');

	const env = n8nEnv(install);
	const examples = readExamples();
	const imported = await step('examples imported', () => importExamples(install, env, examples));
	say(imported ? `imported ${examples.workflows.length} flows and ${examples.credentials.length} credential(s) and published the flows` : 'examples unchanged since the last import');

	const { startDemoApi } = createRequire(import.meta.url)(join(EXAMPLES, 'demo-api.js'));
	demoApi = await startDemoApi({ port: DEMO_PORT, host: HOST, token: DEMO_TOKEN });
	say(`demo API on ${demoApi.url}`);

	const hooks = webhookPaths(examples.workflows);
	await step('n8n started and webhooks registered', () => startN8n(install, env, hooks));

	const chats = hooks.filter((hook) => hook.chat);
	const others = hooks.filter((hook) => !hook.chat);
	const width = Math.max(...chats.map((hook) => hook.name.length));
	const example = chats.find((hook) => hook.path === 'status-lookups') ?? chats[0];
	console.log(`
n8n ${install.n8nVersion} with n8n-nodes-chat-actions and the example flows is running (ready after ${seconds(Date.now() - started)}).

  Editor         ${BASE_URL}/   (the first visit asks you to create the owner account)
  Test chat pages (open in a browser):
${[
	...chats.map((hook) => `    ${hook.name.padEnd(width)}  ${BASE_URL}/webhook/${hook.path}`),
	...others.map((hook) => `  Report (${hook.name}):  curl -s -X POST ${BASE_URL}/webhook/${hook.path}`),
].join('\n')}
  Demo API       ${demoApi.url}  (Authorization: Bearer ${DEMO_TOKEN === 'demo-token' ? 'demo-token' : '<DEMO_API_TOKEN>'})
  Or with curl:  curl -s ${BASE_URL}/webhook/${example.path} -H 'content-type: application/json' \\
                   -d '{"conversationId":"c1","message":"Where is my order 12345?"}'
  n8n's log      ${N8N_LOG}
  User folder    ${START_DIR}

Demo API requests are logged below. Press Ctrl-C to stop.
`);
}

main().catch((error) => void fail(error instanceof Error ? error.message : String(error)));

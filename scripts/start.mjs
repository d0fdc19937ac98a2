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
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheDir } from './ensure-n8n.mjs';
import {
	installCommunityPackage,
	isUsefulLogLine,
	killGroup,
	lastLines,
	runCommand,
	startWatchdog,
	stopGroup,
	tailFile,
	waitUntilReady,
} from './lib/real-n8n.js';

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
const READY_TIMEOUT_MS = 300_000;
const CLI_TIMEOUT_MS = 180_000;
const PUBLISH_TIMEOUT_MS = 60_000; // it takes a few seconds; one that outlives its work is not waited for

const started = Date.now();
const say = (message) => console.log(`[start] ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---- what is running, and stopping it ---------------------------------------------------

let n8nChild; // n8n server (leader of its own process group)
let cliChild; // an n8n CLI command in progress (own group too)
let demoApi;
let stopping = false;

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

/** Installs the tarball as n8n 2.x installs a community package, unless it is the one installed last. */
async function installPackage(tarball) {
	const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	if (existsSync(PACKAGE_MARKER) && readFileSync(PACKAGE_MARKER, 'utf8').trim() === hash) {
		rmSync(dirname(tarball), { recursive: true, force: true });
		return false;
	}
	try {
		await installCommunityPackage(N8N_FOLDER, tarball, CLI_LOG);
		writeFileSync(PACKAGE_MARKER, hash);
		return true;
	} finally {
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
		// n8n 2.x starts an expression isolate only when an expression needs one, and a chat
		// turn through these nodes needs none (README, "Under load").
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
async function cli(install, env, args, timeoutMs = CLI_TIMEOUT_MS) {
	try {
		return await runCommand(install.nodeBin, [install.n8nBin, ...args], {
			cwd: START_DIR,
			env,
			logFile: CLI_LOG,
			timeoutMs,
			onSpawn: (child) => (cliChild = child),
		});
	} finally {
		cliChild = undefined;
	}
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
			throw new Error(`n8n ${args.join(' ')} failed (${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}):\n${lastLines(result.output, 30)}`);
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
				node: node.name,
				path: String(node.parameters.path).replace(/^\/+/, ''),
				// Only the Chat Action Trigger serves a chat page; other webhooks (the stats report) do not.
				chat: node.type === 'n8n-nodes-chat-actions.chatActionTrigger',
			})),
	);
}

async function startN8n(install, env, hooks) {
	const fd = openSync(N8N_LOG, 'w');
	n8nChild = spawn(install.nodeBin, [install.n8nBin, 'start'], { cwd: START_DIR, env, detached: true, stdio: ['ignore', fd, fd] });
	closeSync(fd);
	const child = n8nChild;
	child.on('error', (error) => void fail(`could not start n8n: ${error.message}`));
	child.on('exit', (code, signal) => {
		if (!stopping) void tailFile(N8N_LOG, 40, isUsefulLogLine).then((tail) => fail(`n8n exited (${code ?? signal}). Last lines of ${N8N_LOG}:\n${tail}`));
	});
	// If this script is killed without cleaning up (SIGKILL), n8n goes too.
	startWatchdog(process.pid, child.pid, 15_000);
	const exitReason = () => (child.exitCode !== null || child.signalCode !== null ? `exit ${child.exitCode ?? child.signalCode}` : undefined);
	try {
		await waitUntilReady({
			exitReason,
			baseUrl: BASE_URL,
			logFile: N8N_LOG,
			logOffset: 0,
			readyWebhooks: hooks.map((hook) => ({ path: hook.path, method: 'POST' })),
			timeoutMs: READY_TIMEOUT_MS,
		});
	} catch (error) {
		throw new Error(`${error.message}\n(To start over, delete ${START_DIR}.)`);
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
	const installed = await step('package in the user folder', () => installPackage(tarball));
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
	// Other webhooks: a report, or a person giving a conversation back (its node's name says which).
	...others.map((hook) => `  ${hook.node} (${hook.name}):  curl -s -X POST ${BASE_URL}/webhook/${hook.path}`),
].join('\n')}
  Demo API       ${demoApi.url}  (Authorization: Bearer ${DEMO_TOKEN === 'demo-token' ? 'demo-token' : '<DEMO_API_TOKEN>'})
  Or with curl:  curl -s ${BASE_URL}/webhook/${example.path} -H 'content-type: application/json' \\
                   -d '{"conversationId":"${randomBytes(16).toString('hex')}","visitor":{"id":"${randomBytes(8).toString('hex')}"},"message":"Where is my order 12345?"}'
  n8n's log      ${N8N_LOG}
  User folder    ${START_DIR}

Demo API requests are logged below. Press Ctrl-C to stop.
`);
}

main().catch((error) => void fail(error instanceof Error ? error.message : String(error)));

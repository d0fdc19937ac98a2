// A real n8n with this package installed: the process handling and install steps shared by
// `npm start` (scripts/start.mjs) and the tests and benchmarks (toolkit/n8n/).
//
// Plain CommonJS, so that both load this one file as it is: start.mjs is an ES module that
// Node 20 runs without a TypeScript step (it imports CommonJS), and ts-jest compiles the
// harness to CommonJS, which cannot require an .mjs. Types: real-n8n.d.ts. The harness
// requires it by its path in the repository (toolkit/n8n/process.ts), so that the
// benchmarks' compiled copy of the harness finds it too.
/* global AbortSignal */
'use strict';

const { spawn } = require('node:child_process');
const { createWriteStream } = require('node:fs');
const { mkdir, mkdtemp, readFile, rm, writeFile } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { basename, dirname, join } = require('node:path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- process groups: n8n runs in its own group, so that its task runner goes with it ----

function isPidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** True while any process of the group `pgid` is still alive (zombies included). */
function isGroupAlive(pgid) {
	return isPidAlive(-pgid);
}

function killGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

/**
 * Sends SIGTERM to the group's leader (so that n8n shuts its task runner down itself), waits
 * up to `graceMs` for the whole group to be gone, then SIGKILLs whatever is left of it.
 */
async function stopGroup(pgid, graceMs) {
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

/**
 * Starts a detached watchdog that polls every second: when `parentPid` is gone (a test
 * process or `npm start` killed by a signal, which runs no clean-up), it sends SIGTERM to the
 * group `pgid` and SIGKILL `graceMs` later; when the group is gone, it exits.
 */
function startWatchdog(parentPid, pgid, graceMs = 5000) {
	const code = `
		const [parent, group, grace] = process.argv.slice(1).map(Number);
		const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
		const kill = (signal) => { try { process.kill(-group, signal); } catch {} };
		let dying = false;
		setInterval(() => {
			if (!alive(-group)) process.exit(0);
			if (!dying && !alive(parent)) {
				dying = true;
				kill('SIGTERM');
				setTimeout(() => { kill('SIGKILL'); process.exit(0); }, grace);
			}
		}, 1000);`;
	spawn(process.execPath, ['-e', code, String(parentPid), String(pgid), String(graceMs)], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Runs a command in its own process group, stdout+stderr appended to `logFile` and
 * collected. After `timeoutMs` the whole group is killed and `timedOut` is set. `onSpawn`
 * gets the child (to kill its group on Ctrl-C, say).
 */
function runCommand(file, args, options) {
	return new Promise((resolve, reject) => {
		const log = createWriteStream(options.logFile, { flags: 'a' });
		log.write(`\n$ ${[file, ...args].join(' ')}\n`);
		const { uid, gid } = options;
		const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, uid, gid });
		options.onSpawn?.(child);
		let output = '';
		const collect = (chunk) => {
			output += chunk.toString('utf8');
			log.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
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

function lastLines(text, count) {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}

async function mustRun(file, args, cwd, logFile) {
	const result = await runCommand(file, args, { cwd, env: process.env, logFile, timeoutMs: 300_000 });
	if (result.code !== 0 || result.timedOut) {
		throw new Error(`${basename(file)} ${args.join(' ')} failed (exit ${result.code ?? result.signal}):\n${lastLines(result.output, 40)}`);
	}
}

// ---- the package, installed as n8n installs a community package ----------------------

/**
 * Installs an `npm pack` tarball into `<n8nFolder>/nodes` the way n8n 2.x installs a
 * community package (CommunityPackagesService.downloadPackage): extracted into
 * node_modules/<name>, its runtime dependencies from the registry, listed in nodes/package.json.
 */
async function installCommunityPackage(n8nFolder, tarball, logFile) {
	const nodesDir = join(n8nFolder, 'nodes');
	const extractDir = await mkdtemp(join(tmpdir(), 'n8n-chat-actions-pkg-'));
	try {
		await mustRun('tar', ['-xzf', tarball, '-C', extractDir, '--strip-components=1'], extractDir, logFile);
		const manifest = JSON.parse(await readFile(join(extractDir, 'package.json'), 'utf8'));
		// n8n drops these before installing, so only runtime dependencies come from the registry.
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		const packageDir = join(nodesDir, 'node_modules', manifest.name);
		await mkdir(dirname(packageDir), { recursive: true });
		await rm(packageDir, { recursive: true, force: true });
		await mustRun('cp', ['-R', `${extractDir}/.`, packageDir], nodesDir, logFile);
		await writeFile(join(packageDir, 'package.json'), JSON.stringify(manifest, null, 2));
		const npmArgs = ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow'];
		npmArgs.push('--ignore-scripts=true', '--package-lock=false', '--loglevel=error');
		await mustRun('npm', npmArgs, packageDir, logFile);
		await writeFile(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2),
		);
	} finally {
		await rm(extractDir, { recursive: true, force: true });
	}
}

// ---- readiness ---------------------------------------------------------------------------

const READY_LOG_LINE = 'Editor is now accessible via';

/**
 * A CORS preflight asks n8n whether a production webhook exists for a method without
 * running the workflow: 204 once registered; before that n8n's CORS handling throws
 * "webhook not registered" (500 on 2.41, logged with a stack trace).
 */
async function webhookRegistered(baseUrl, probe) {
	const response = await fetch(`${baseUrl}/webhook/${probe.path}`, {
		method: 'OPTIONS',
		headers: { Origin: baseUrl, 'Access-Control-Request-Method': probe.method },
		signal: AbortSignal.timeout(5000),
	});
	await response.arrayBuffer();
	return response.ok;
}

/** Drops stack frames and the errors n8n logs for the readiness probes' own requests. */
function isUsefulLogLine(line) {
	return !/^\s+at /.test(line) && !/^ResponseError: The requested webhook ".*" is not registered/.test(line);
}

/** Last `lines` lines of a text file that pass `keep` ('' if unreadable). */
async function tailFile(path, lines, keep = () => true) {
	const text = await readFile(path, 'utf8').catch(() => '');
	return text.split('\n').filter(keep).slice(-lines).join('\n');
}

/**
 * Resolves when n8n is ready: /healthz answers, n8n logged "Editor is now accessible via"
 * (the end of its start-up; only the log after `logOffset` counts) and every webhook in
 * `readyWebhooks` is registered (on 2.x webhooks are registered asynchronously, after that
 * line). Throws with the log's tail when n8n stops (`exitReason()` says why) or time is up.
 */
async function waitUntilReady({ exitReason, baseUrl, logFile, logOffset, readyWebhooks, timeoutMs }) {
	const deadline = Date.now() + timeoutMs;
	const fail = async (reason) => {
		const tail = await tailFile(logFile, 60, isUsefulLogLine);
		return new Error(`n8n did not get ready: ${reason}\n--- last 60 lines of ${logFile} (stack frames and probe errors omitted) ---\n${tail}`);
	};
	let stage = 'healthz';
	let detail = 'GET /healthz';
	for (;;) {
		const gone = exitReason();
		if (gone) throw await fail(`it stopped (${gone}) while waiting for ${detail}`);
		if (Date.now() > deadline) throw await fail(`timed out after ${timeoutMs / 1000} s waiting for ${detail}`);
		try {
			if (stage === 'healthz') {
				const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
				await response.arrayBuffer();
				if (response.ok) [stage, detail] = ['activation', `"${READY_LOG_LINE}" in the log`];
			}
			if (stage === 'activation') {
				const log = (await readFile(logFile, 'utf8')).slice(logOffset);
				if (log.includes(READY_LOG_LINE)) [stage, detail] = ['webhooks', 'webhooks'];
			}
			if (stage === 'webhooks') {
				const pending = [];
				for (const probe of readyWebhooks) {
					if (!(await webhookRegistered(baseUrl, probe))) pending.push(`${probe.method} /webhook/${probe.path}`);
				}
				if (!pending.length) return;
				detail = `webhook(s) ${pending.join(', ')} to be registered`;
			}
		} catch {
			// not listening yet
		}
		await sleep(stage === 'webhooks' ? 1000 : 250); // each failed webhook probe logs an error in n8n
	}
}

module.exports = {
	sleep,
	isPidAlive,
	isGroupAlive,
	killGroup,
	stopGroup,
	startWatchdog,
	runCommand,
	lastLines,
	installCommunityPackage,
	webhookRegistered,
	isUsefulLogLine,
	tailFile,
	waitUntilReady,
};

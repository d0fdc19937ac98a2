#!/usr/bin/env node
// Makes sure PostgreSQL's server binaries (initdb, postgres) are available for the queue-mode
// tests: n8n's queue mode runs a main process and workers on one database, and n8n 2.41
// supports that officially on PostgreSQL only ("Scaling mode is not officially supported
// with sqlite"). It installs Debian's postgresql package; nothing is downloaded from elsewhere.
// The tests start their own throwaway server (test/e2e/harness/postgres.ts), never the
// system's service.
//
//   node scripts/ensure-postgres.mjs          installs if missing (root only), prints "BINDIR VERSION"
//   node scripts/ensure-postgres.mjs --json   the same as {"binDir","version","installed"}
//
// POSTGRES_BIN_DIR overrides the folder (it is then only checked, never installed).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NEEDED = ['initdb', 'postgres'];

function log(message) {
	process.stderr.write(`[ensure-postgres] ${message}\n`);
}

function hasBinaries(dir) {
	try {
		for (const name of NEEDED) accessSync(join(dir, name), constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** PATH first, then Debian's versioned folders (/usr/lib/postgresql/<major>/bin), newest first. */
function findBinDir() {
	const dirs = (process.env.PATH || '').split(delimiter).filter(Boolean);
	let versions = [];
	try {
		versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
	} catch {
		// not installed
	}
	dirs.push(...versions.map((major) => `/usr/lib/postgresql/${major}/bin`));
	return dirs.find(hasBinaries);
}

function version(binDir) {
	// "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
	const out = execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	const match = /\(PostgreSQL\)\s+(\S+)/.exec(out);
	return match ? match[1] : out;
}

/** Returns { binDir, version, installed } where installed says whether this call installed it. */
export function ensurePostgres() {
	const override = process.env.POSTGRES_BIN_DIR;
	if (override) {
		if (!hasBinaries(override)) throw new Error(`POSTGRES_BIN_DIR=${override} holds no executable ${NEEDED.join('/')}`);
		return { binDir: override, version: version(override), installed: false };
	}
	const found = findBinDir();
	if (found) return { binDir: found, version: version(found), installed: false };

	const hint = "install Debian's postgresql package: apt-get update && apt-get install -y --no-install-recommends postgresql";
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`PostgreSQL's initdb/postgres are not installed and this is not root, so they cannot be installed here: ${hint}`);
	}
	const started = Date.now();
	log('PostgreSQL missing: running apt-get update + apt-get install postgresql');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// apt's output goes to stderr so that stdout stays the one summary line.
	const opts = { stdio: ['ignore', 2, 2], env };
	execFileSync('apt-get', ['update'], opts);
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], opts);
	const binDir = findBinDir();
	if (!binDir) throw new Error('apt-get installed postgresql but no initdb/postgres was found');
	log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { binDir, version: version(binDir), installed: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	try {
		const info = ensurePostgres();
		console.log(process.argv.includes('--json') ? JSON.stringify(info) : `${info.binDir} ${info.version}`);
	} catch (error) {
		log(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}

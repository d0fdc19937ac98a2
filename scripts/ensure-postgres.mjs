#!/usr/bin/env node
// Makes sure PostgreSQL's server binaries (initdb, postgres) are available for the queue-mode
// tests: n8n's queue mode runs a main process and workers on one database, and n8n 2.41
// supports that officially on PostgreSQL only ("Scaling mode is not officially supported
// with sqlite"). It installs Debian's postgresql package; nothing is downloaded from elsewhere.
// The tests start their own throwaway server (toolkit/n8n/postgres.ts), never the
// system's service.
//
//   node scripts/ensure-postgres.mjs          installs if missing (root only), prints "BINDIR VERSION"
//   node scripts/ensure-postgres.mjs --json   the same as {"binDir","version","installed"}
//
// POSTGRES_BIN_DIR overrides the folder (it is then only checked, never installed).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { ensureInstalled, runIfMain } from './lib/ensure.mjs';

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
	return ensureInstalled({
		key: 'binDir',
		overrideVar: 'POSTGRES_BIN_DIR',
		isUsable: hasBinaries,
		find: findBinDir,
		version,
		pkg: 'postgresql',
		what: "PostgreSQL's initdb/postgres are not installed",
		unusable: `holds no executable ${NEEDED.join('/')}`,
		missingAfter: 'no initdb/postgres was found',
		log,
	});
}

runIfMain(import.meta.url, ensurePostgres, (info) => `${info.binDir} ${info.version}`, log);

#!/usr/bin/env node
// Makes sure a redis-server binary is available for the Redis state-store tests
// (test/redis/*.test.ts start their own throwaway server on a free loopback port), once.
// It installs Debian's redis-server package; nothing is downloaded from elsewhere.
//
//   node scripts/ensure-redis.mjs          installs if missing (root only), prints "PATH VERSION"
//   node scripts/ensure-redis.mjs --json   the same as {"path","version","installed"} (for toolkit/servers/)
//
// Importable too: `import { ensureRedis } from './ensure-redis.mjs'` returns the same object.
// REDIS_SERVER_PATH overrides the binary (it is then only checked, never installed).
// Installing the package also starts Debian's own redis-server service on port 6379 where
// systemd runs; the tests never use that one (they pick a free port).
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

import { ensureInstalled, runIfMain } from './lib/ensure.mjs';

function log(message) {
	process.stderr.write(`[ensure-redis] ${message}\n`);
}

function isExecutable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** The first redis-server on PATH (plus the sbin directories apt puts it in), or undefined. */
function findOnPath() {
	const dirs = (process.env.PATH || '').split(delimiter).filter(Boolean);
	for (const extra of ['/usr/bin', '/usr/sbin', '/usr/local/bin']) if (!dirs.includes(extra)) dirs.push(extra);
	for (const dir of dirs) {
		const candidate = join(dir, 'redis-server');
		if (isExecutable(candidate)) return candidate;
	}
	return undefined;
}

function version(path) {
	// "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=..."
	const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	const match = /v=(\S+)/.exec(out);
	return match ? match[1] : out;
}

/** Returns { path, version, installed } where installed says whether this call installed it. */
export function ensureRedis() {
	return ensureInstalled({
		key: 'path',
		overrideVar: 'REDIS_SERVER_PATH',
		isUsable: isExecutable,
		find: findOnPath,
		version,
		pkg: 'redis-server',
		what: 'redis-server is not on PATH',
		unusable: 'is not an executable file',
		missingAfter: 'no redis-server binary is on PATH',
		log,
	});
}

runIfMain(import.meta.url, ensureRedis, (info) => `${info.path} ${info.version}`, log);

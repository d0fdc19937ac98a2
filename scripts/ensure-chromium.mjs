#!/usr/bin/env node
// Makes sure Debian's Chromium is installed for the browser tests (test/browser/), once.
// `npx playwright install` cannot download a browser on our machines, so the tests drive
// the distribution's /usr/bin/chromium through playwright-core instead.
//
//   node scripts/ensure-chromium.mjs          installs if missing (root only), prints "PATH VERSION"
//   node scripts/ensure-chromium.mjs --json   the same as {"path","version","installed"} (for test/browser/)
//
// Importable too: `import { ensureChromium } from './ensure-chromium.mjs'` returns the path.
// CHROMIUM_PATH overrides the binary (it is then only checked, never installed).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

function log(message) {
	process.stderr.write(`[ensure-chromium] ${message}\n`);
}

function version(path) {
	// stderr ignored: Debian's wrapper script prints a harmless shell warning
	// ("[: NNN: unexpected operator") from its /dev/shm size check on some machines.
	return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

/** Returns { path, version, installed } where installed says whether this call installed it. */
export function ensureChromium() {
	const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
	if (existsSync(path)) return { path, version: version(path), installed: false };

	const hint = 'install Debian\'s chromium package: apt-get update && apt-get install -y --no-install-recommends chromium';
	if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${path} does not exist`);
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`${path} is missing and this is not root, so it cannot be installed here: ${hint}`);
	}

	const started = Date.now();
	log('chromium missing: running apt-get update + apt-get install chromium (takes a minute or two)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// apt's output goes to stderr so that stdout stays the one summary line.
	const opts = { stdio: ['ignore', 2, 2], env };
	execFileSync('apt-get', ['update'], opts);
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], opts);
	if (!existsSync(path)) throw new Error(`apt-get installed chromium but ${path} is still missing`);
	log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return { path, version: version(path), installed: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	try {
		const info = ensureChromium();
		console.log(process.argv.includes('--json') ? JSON.stringify(info) : `${info.path} ${info.version}`);
	} catch (error) {
		log(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}

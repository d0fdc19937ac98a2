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

import { aptInstall, runIfMain } from './lib/ensure.mjs';

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

	if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${path} does not exist`);
	const installed = aptInstall('chromium', {
		what: `${path} is missing`,
		hint: "install Debian's chromium package: apt-get update && apt-get install -y --no-install-recommends chromium",
		log,
		note: ' (takes a minute or two)',
	});
	if (!existsSync(path)) throw new Error(`apt-get installed chromium but ${path} is still missing`);
	installed();
	return { path, version: version(path), installed: true };
}

runIfMain(import.meta.url, ensureChromium, (info) => `${info.path} ${info.version}`, log);

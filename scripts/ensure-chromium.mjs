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

import { ensureInstalled, runIfMain } from './lib/ensure.mjs';

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
	return ensureInstalled({
		key: 'path',
		overrideVar: 'CHROMIUM_PATH',
		isUsable: existsSync,
		find: () => (existsSync(DEFAULT_CHROMIUM_PATH) ? DEFAULT_CHROMIUM_PATH : undefined),
		version,
		pkg: 'chromium',
		what: `${DEFAULT_CHROMIUM_PATH} is missing`,
		unusable: 'does not exist',
		missingAfter: `${DEFAULT_CHROMIUM_PATH} is still missing`,
		log,
		note: ' (takes a minute or two)',
	});
}

runIfMain(import.meta.url, ensureChromium, (info) => `${info.path} ${info.version}`, log);

// What the ensure-*.mjs scripts (redis-server, postgresql, chromium) share: installing one of
// Debian's packages, root only, noninteractive, apt's output on stderr so that a script's
// stdout stays its one summary line; and their command line.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs apt-get update and apt-get install of `pkg`, or throws with `hint` when this is not
 * root. `what` names what is missing in the messages; `log` prints a progress line.
 */
export function aptInstall(pkg, { what, hint, log, note = '' }) {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`${what} and this is not root, so it cannot be installed here: ${hint}`);
	}
	const started = Date.now();
	log(`${pkg} missing: running apt-get update + apt-get install ${pkg}${note}`);
	const opts = { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
	execFileSync('apt-get', ['update'], opts);
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], opts);
	return () => log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * What each ensure-*.mjs script does with its tool: a location named in the environment
 * (`overrideVar`) is only checked, never installed; else the one `find()` returns; else
 * Debian's package `pkg` is installed (root only) and `find()` asked again. Returns
 * { [key]: location, version, installed } where installed says whether this call installed it.
 * `unusable` and `missingAfter` end the error messages of a bad override and of an install
 * that did not bring the tool.
 */
export function ensureInstalled({ key, overrideVar, isUsable, find, version, pkg, what, unusable, missingAfter, log, note }) {
	const override = process.env[overrideVar];
	if (override) {
		if (!isUsable(override)) throw new Error(`${overrideVar}=${override} ${unusable}`);
		return { [key]: override, version: version(override), installed: false };
	}
	const found = find();
	if (found) return { [key]: found, version: version(found), installed: false };

	const installed = aptInstall(pkg, {
		what,
		hint: `install Debian's ${pkg} package: apt-get update && apt-get install -y --no-install-recommends ${pkg}`,
		log,
		note,
	});
	const location = find();
	if (!location) throw new Error(`apt-get installed ${pkg} but ${missingAfter}`);
	installed();
	return { [key]: location, version: version(location), installed: true };
}

/**
 * When the script at `moduleUrl` is the one node runs: prints `ensure()`'s result as JSON with
 * --json (for the tests), else as `summary(result)`; on failure logs why and exits 1.
 */
export function runIfMain(moduleUrl, ensure, summary, log) {
	if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
	try {
		const info = ensure();
		console.log(process.argv.includes('--json') ? JSON.stringify(info) : summary(info));
	} catch (error) {
		log(error instanceof Error ? error.message : String(error));
		process.exit(1);
	}
}

// Installing one of Debian's packages for a test prerequisite (redis-server, postgresql,
// chromium), the same way for each: root only, noninteractive, apt's output on stderr so that
// a script's stdout stays its one summary line.
import { execFileSync } from 'node:child_process';

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

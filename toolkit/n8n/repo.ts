import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository: the nearest folder above this file whose package.json is this package's
 * (two levels up from the sources; more from a compiled copy such as the benchmarks' build).
 */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
	for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
		try {
			if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'n8n-nodes-chat-actions') return dir;
		} catch {
			// no package.json here
		}
	}
	return resolve(from, '..', '..');
}

/**
 * Runs `scripts/<script> --json`, one of the ensure-*.mjs scripts (they install Debian's package
 * of a tool when it is missing, as root), and returns what it prints. A child process, because
 * ts-jest compiles to CommonJS, which cannot import an .mjs. Its progress goes to stderr.
 */
export function ensureTool<T>(script: string): T {
	const out = execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', script), '--json'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return JSON.parse(out) as T;
}

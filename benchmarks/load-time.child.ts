/**
 * One fresh process of the load-time benchmark (load-time.bench.ts): requires entry files of
 * a build, in the order given, and prints as one JSON line how long each `require()` took and
 * which modules it added to require.cache. It imports nothing of the package (only Node's
 * built-ins, which require.cache does not hold), so the cache starts empty.
 *
 *   node load-time.child.js <build dir> <preload|cold> <entry> [<entry> ...]
 *
 * `preload` requires the peer dependency n8n-workflow first, untimed in the entries' figures:
 * n8n has it loaded before it loads any community package.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ChildEntry {
	entry: string;
	ms: number;
	/** Absolute paths of the modules this require() added to require.cache. */
	modules: string[];
}

export interface ChildResult {
	/** Time to require n8n-workflow, when preloaded. */
	peerMs?: number;
	entries: ChildEntry[];
}

function main(): void {
	const [dir, peer, ...entries] = process.argv.slice(2);
	const result: ChildResult = { entries: [] };
	if (peer === 'preload') {
		const started = performance.now();
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require(require.resolve('n8n-workflow', { paths: [dir] }));
		result.peerMs = performance.now() - started;
	}
	for (const entry of entries) {
		const before = new Set(Object.keys(require.cache));
		const started = performance.now();
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require(join(dir, entry));
		const ms = performance.now() - started;
		result.entries.push({ entry, ms, modules: Object.keys(require.cache).filter((key) => !before.has(key)) });
	}
	process.stdout.write(JSON.stringify(result));
}

if (require.main === module) main();

/**
 * `--baseline <dir>` (repeatable): a build of this package at another commit
 * (scripts/build-baseline.mjs), measured next to the current code in the same run. Its compiled modules are required from
 * <dir>/dist and typed as the current ones: a benchmark uses only calls whose shape both
 * commits share, and fails on its first call where they do not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export interface Baseline {
	dir: string;
	/** The commit's short hash (the folder's name when it has no record of its commit). */
	name: string;
	/** The commit's hash, date and subject, as build-baseline.mjs recorded them. */
	commit: string;
	/** Requires `dist/<path>` of the baseline, e.g. 'nodes/HttpAction/HttpAction.node'. */
	load<T>(path: string): T;
}

/** Every `--baseline <dir>` of the command line, in its order. */
export function baselinesFromArguments(argv: string[] = process.argv): Baseline[] {
	return argv.flatMap((argument, index) => (argument === '--baseline' ? [baseline(argv[index + 1])] : []));
}

function baseline(value: string | undefined): Baseline {
	if (!value) throw new Error('--baseline needs a folder (node scripts/build-baseline.mjs <commit> prints one)');
	const dir = resolve(value);
	if (!existsSync(join(dir, 'dist'))) throw new Error(`${dir} has no dist/: make it with node scripts/build-baseline.mjs <commit> ${dir}`);
	const marker = join(dir, 'BASELINE');
	const commit = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : dir;
	return {
		dir,
		name: existsSync(marker) ? commit.slice(0, 7) : basename(dir),
		commit,
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		load: <T>(path: string) => require(join(dir, 'dist', path)) as T,
	};
}

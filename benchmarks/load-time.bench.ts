/**
 * Load time of the package: prints figures, asserts nothing.
 *
 *   npm run build && tsc -p tsconfig.json --outDir test-output/bench-build
 *   node test-output/bench-build/benchmarks/load-time.bench.js [--dist .] [--runs 15] [--cold-peer] [--modules] [--baseline <dir> ...]
 *
 * n8n requires every entry file of a community package (package.json "n8n.nodes", then
 * "n8n.credentials", in that order) when it starts, whether or not a workflow uses the nodes.
 * This times those `require()` calls in fresh processes (load-time.child.ts), `--runs` times
 * per build (median and p90):
 *   - all entry files in one process, in n8n's order: the total, and each file's share (a
 *     module shared by several files counts for the first that requires it);
 *   - each entry file alone, in a process of its own: everything that file pulls in.
 * It also lists the third-party packages (with their file count) that all entry files
 * together, and each alone, pull in, and how many of the package's own files: what is still
 * loaded eagerly (`--modules`: every module's path too).
 * n8n-workflow, the peer dependency n8n has already loaded before it loads a community
 * package, is required first and counted apart (`--cold-peer`: not preloaded, so the first
 * entry file that requires it pays for it).
 * `--dist <dir>`: the build measured (a folder with package.json and dist/; default this
 * checkout, which must be built). With --baseline (a build of another commit,
 * scripts/build-baseline.mjs; repeatable) that build is measured in the same run, the builds
 * taking turns run after run, so that the machine's load falls on all alike: before and after
 * in one run. One untimed run per build first warms the disk cache.
 * The last line is all figures as one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';

import { baselinesFromArguments } from './baseline';
import type { ChildResult } from './load-time.child';
import { argument, percentile, round } from './intent-data';

const REPO = resolve(__dirname, '..', '..', '..');
const RUNS = Number(argument('runs', '15'));
const COLD_PEER = process.argv.includes('--cold-peer');
const LIST_MODULES = process.argv.includes('--modules');
const CHILD = join(__dirname, 'load-time.child.js');

interface Build {
	name: string;
	dir: string;
	/** Entry files as package.json names them (dist/…), nodes first, as n8n loads them. */
	entries: string[];
}

function build(name: string, dir: string): Build {
	const manifest = join(dir, 'package.json');
	if (!existsSync(join(dir, 'dist'))) throw new Error(`${dir} has no dist/: npm run build first`);
	const { n8n } = JSON.parse(readFileSync(manifest, 'utf8')) as { n8n: { nodes?: string[]; credentials?: string[] } };
	return { name, dir, entries: [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])] };
}

function child(target: Build, entries: string[]): ChildResult {
	const output = execFileSync(process.execPath, [CHILD, target.dir, COLD_PEER ? 'cold' : 'preload', ...entries], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(output) as ChildResult;
}

/** A module's package ("chrono-node", "@n8n/errors"), or "own" for the build's own files. */
function owner(path: string): string {
	const parts = path.split(sep);
	const at = parts.lastIndexOf('node_modules');
	if (at < 0) return 'own';
	return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

const ALL = '(all entry files)';

function label(entry: string): string {
	return entry === ALL ? ALL : basename(entry, '.js');
}

/** Files per package ("own": the build's own files). */
function packages(paths: string[]): Record<string, number> {
	const count: Record<string, number> = {};
	for (const path of paths) count[owner(path)] = (count[owner(path)] ?? 0) + 1;
	return count;
}

function describe(count: Record<string, number>): string {
	const { own = 0, ...thirdParty } = count;
	const listed = Object.entries(thirdParty).sort((a, b) => b[1] - a[1]);
	const shown = listed.slice(0, 12).map(([name, files]) => `${name}: ${files}`);
	if (listed.length > 12) shown.push(`${listed.length - 12} more`);
	return `own ${own}${shown.length > 0 ? `; ${shown.join(', ')}` : ''}`;
}

interface Stats {
	median: number;
	p90: number;
}

function stats(samples: number[]): Stats {
	const sorted = [...samples].sort((a, b) => a - b);
	return { median: round(percentile(sorted, 50), 1), p90: round(percentile(sorted, 90), 1) };
}

function main(): void {
	const builds = [
		build('current', resolve(argument('dist', REPO))),
		...baselinesFromArguments().map((baseline) => build(baseline.name, baseline.dir)),
	];
	const entries = [...new Set(builds.flatMap((b) => b.entries))];
	const samples = new Map<string, { total: number[]; peer: number[]; inOrder: Map<string, number[]>; alone: Map<string, number[]> }>();
	/** Per build: the modules each entry file pulls in alone, and ALL: all entry files together. */
	const modules = new Map<string, Map<string, string[]>>();
	for (const b of builds) {
		samples.set(b.name, { total: [], peer: [], inOrder: new Map(), alone: new Map() });
		modules.set(b.name, new Map());
		child(b, b.entries);
	}
	const add = (map: Map<string, number[]>, key: string, value: number) => map.set(key, [...(map.get(key) ?? []), value]);

	for (let run = 0; run < RUNS; run++) {
		// Builds take turns, in a rotating order.
		for (let i = 0; i < builds.length; i++) {
			const b = builds[(run + i) % builds.length];
			const figures = samples.get(b.name)!;
			const all = child(b, b.entries);
			figures.total.push(all.entries.reduce((sum, e) => sum + e.ms, 0));
			if (all.peerMs !== undefined) figures.peer.push(all.peerMs);
			for (const e of all.entries) add(figures.inOrder, e.entry, e.ms);
			modules.get(b.name)!.set(ALL, all.entries.flatMap((e) => e.modules));
			for (const entry of b.entries) {
				const [alone] = child(b, [entry]).entries;
				add(figures.alone, entry, alone.ms);
				modules.get(b.name)!.set(entry, alone.modules);
			}
		}
	}

	const result = builds.map((b) => {
		const figures = samples.get(b.name)!;
		const loaded = (entry: string) => modules.get(b.name)!.get(entry) ?? [];
		return {
			build: b.name,
			dir: b.dir,
			total: stats(figures.total),
			peer: figures.peer.length > 0 ? stats(figures.peer) : undefined,
			packages: packages(loaded(ALL)),
			entries: Object.fromEntries(
				b.entries.map((entry) => [
					label(entry),
					{ inOrder: stats(figures.inOrder.get(entry) ?? []), alone: stats(figures.alone.get(entry) ?? []), packages: packages(loaded(entry)) },
				]),
			),
			modules: Object.fromEntries([ALL, ...b.entries].map((entry) => [label(entry), loaded(entry).map((path) => relative(b.dir, path))])),
		};
	});

	for (const baseline of baselinesFromArguments()) console.log(`Baseline ${baseline.name}: ${baseline.commit}`);
	console.log(
		`require() of every entry file (n8n.nodes, then n8n.credentials), ${RUNS} fresh processes per build, builds taking turns; ` +
			(COLD_PEER
				? 'n8n-workflow not preloaded (--cold-peer): the first entry file to require it pays for it.'
				: `n8n-workflow preloaded and not counted (n8n has it loaded already): ${result.map((r) => `${r.build} ${r.peer!.median} ms`).join(', ')} (median).`),
	);
	const column = (text: string) => text.padStart(22);
	const pair = (s: Stats | undefined) => column(s ? `${s.median.toFixed(1)} / ${s.p90.toFixed(1)}` : '-');
	const header = `  ${''.padEnd(40)}${builds.map((b) => column(`${b.name} median / p90`)).join('')}`;
	console.log('\nAll entry files, one process (ms):');
	console.log(header);
	console.log(`  ${'total'.padEnd(40)}${result.map((r) => pair(r.total)).join('')}`);
	for (const entry of entries) {
		console.log(`  ${label(entry).padEnd(40)}${result.map((r) => pair(r.entries[label(entry)]?.inOrder)).join('')}`);
	}
	console.log('\nEach entry file alone, a process each (ms):');
	console.log(header);
	for (const entry of entries) {
		console.log(`  ${label(entry).padEnd(40)}${result.map((r) => pair(r.entries[label(entry)]?.alone)).join('')}`);
	}
	console.log('\nModules required at load (own files, then third-party packages: files), all entry files together and each alone:');
	for (const r of result) {
		console.log(`  ${r.build}`);
		console.log(`    ${label(ALL).padEnd(38)} ${describe(r.packages)}`);
		for (const [name, entry] of Object.entries(r.entries)) console.log(`    ${name.padEnd(38)} ${describe(entry.packages)}`);
		if (LIST_MODULES) {
			for (const [name, paths] of Object.entries(r.modules)) console.log(`    ${name}:\n${paths.map((path) => `      ${path}`).join('\n')}`);
		}
	}
	console.log(JSON.stringify({ runs: RUNS, coldPeer: COLD_PEER, builds: result.map(({ modules: _modules, ...figures }) => figures) }));
}

main();

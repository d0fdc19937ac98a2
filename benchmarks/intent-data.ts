/**
 * Loading the intent benchmark data (/work/shared/data/intents, the DNNC few-shot format:
 * `seq.in` one utterance a line, `label` its intent on the same line) and the small helpers
 * the intent benchmarks share.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { ActionDefinitionForIntent } from '../nodes/ActionRouter/engine/intent/types';
import { DEFAULT_VECTORS_FILE } from '../nodes/ActionRouter/engine/intent/word-vectors';

export const DEFAULT_DATA = '../shared/data/intents/clinc150';

export interface Split {
	texts: string[];
	labels: string[];
}

export function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

export function hasSplit(dir: string, split: string): boolean {
	return existsSync(join(dir, split, 'seq.in')) && existsSync(join(dir, split, 'label'));
}

export function loadSplit(dir: string, split: string): Split {
	const texts = readFileSync(join(dir, split, 'seq.in'), 'utf8').split('\n');
	const labels = readFileSync(join(dir, split, 'label'), 'utf8').split('\n');
	const result: Split = { texts: [], labels: [] };
	for (let i = 0; i < Math.min(texts.length, labels.length); i++) {
		if (texts[i].trim() === '' || labels[i].trim() === '') continue;
		result.texts.push(texts[i].trim());
		result.labels.push(labels[i].trim());
	}
	return result;
}

/**
 * Each intent becomes an action whose examples are its training utterances. The
 * description is left empty: the data sets have none, and the model already learns from
 * the action's name ("book_flight" → "book flight"), as it would in a real router.
 */
export function actionsFrom(split: Split): ActionDefinitionForIntent[] {
	const byName = new Map<string, string[]>();
	split.texts.forEach((text, i) => {
		const examples = byName.get(split.labels[i]) ?? [];
		examples.push(text);
		byName.set(split.labels[i], examples);
	});
	return [...byName].map(([name, examples]) => ({ name, description: '', examples }));
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function round(value: number, digits = 3): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export function latencyStats(samplesMs: number[]): { p50: number; p99: number; mean: number } {
	const sorted = [...samplesMs].sort((a, b) => a - b);
	const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
	return { p50: round(percentile(sorted, 50), 4), p99: round(percentile(sorted, 99), 4), mean: round(mean, 4) };
}

export function timed<T>(run: () => T): { value: T; ms: number } {
	const started = performance.now();
	const value = run();
	return { value, ms: performance.now() - started };
}

/**
 * tsc compiles the engine into the benchmarks' build folder but does not copy the
 * word-vector table it reads (for dist, the build's gulp step does): copied from the
 * source tree when missing, so the benchmarks measure the model as shipped.
 */
export function ensureWordVectors(): void {
	if (existsSync(DEFAULT_VECTORS_FILE)) return;
	const source = join(__dirname, '..', '..', '..', 'nodes', 'ActionRouter', 'engine', 'intent', 'vectors', basename(DEFAULT_VECTORS_FILE));
	mkdirSync(dirname(DEFAULT_VECTORS_FILE), { recursive: true });
	copyFileSync(source, DEFAULT_VECTORS_FILE);
}

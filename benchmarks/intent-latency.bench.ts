/**
 * Intent model speed: prints figures, asserts nothing.
 *
 *   tsc -p tsconfig.json --outDir test-output/bench-build
 *   node test-output/bench-build/benchmarks/intent-latency.bench.js [--intents ../shared/data/intents] [--messages 3000] [--vectors off] [--baseline <dir> ...]
 *
 * Build time and time per message (rank(), all actions ranked) with 10, 150 and 1,000
 * actions of 10 examples each:
 *   - 10: the first 10 CLINC150 intents (train_10);
 *   - 150: all CLINC150 intents (train_10);
 *   - 1,000: the 214 intents of CLINC150 and HWU64 (full `train` splits), each cut into
 *     consecutive chunks of 10 utterances (at most 6), each chunk one action ("balance#3");
 *     chunk 0 of every intent first, then chunk 1, …, the first 1,000 kept (chunks 0–3 of
 *     all 214 intents, chunk 4 of 144). Chunks of one intent make near-duplicate actions:
 *     the worst case for the index (long posting lists), not a flattering one.
 * `--vectors off` measures the model without its pretrained word vectors (sparse features
 * only), to see what they cost. Messages: CLINC150 and HWU64 test utterances, interleaved;
 * each is ranked 5 times (the first timing is reported, and the p99 of each message's best). Builds are timed 5 times
 * (median), after one untimed build that warms the JIT.
 * With --baseline (a build of another commit, scripts/build-baseline.mjs; repeatable) that
 * commit's model is measured on the same actions and messages in the same run, the models taking
 * turns (build after build, and each message ranked by one then the other), so that the
 * machine's load falls on all alike: before and after in one run.
 * The last line is all figures as one JSON object.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { EmbeddedIntentModel, type EmbeddedModelOptions } from '../nodes/ActionRouter/engine/intent/embedded';
import type { ActionDefinitionForIntent } from '../nodes/ActionRouter/engine/intent/types';
import { baselinesFromArguments } from './baseline';
import { actionsFrom, argument, ensureWordVectors, latencyStats, loadSplit, percentile, round, timed } from './intent-data';

const BUILDS = 5;
/**
 * Each message is ranked this many times: the first timing is the one reported; the best
 * of them is its computing time alone, which a busy machine (a core taken by something
 * else mid-message) does not inflate.
 */
const REPEATS = 5;

function chunked(intents: ActionDefinitionForIntent[], size: number, perIntent: number): ActionDefinitionForIntent[] {
	const out: ActionDefinitionForIntent[] = [];
	for (const intent of intents) {
		for (let chunk = 0; chunk < perIntent && (chunk + 1) * size <= intent.examples.length; chunk++) {
			out.push({ name: `${intent.name}#${chunk}`, description: '', examples: intent.examples.slice(chunk * size, (chunk + 1) * size) });
		}
	}
	return out;
}

function interleave(a: string[], b: string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if (i < a.length) out.push(a[i]);
		if (i < b.length) out.push(b[i]);
	}
	return out;
}

/** The model's class: this commit's, or a baseline's of the same shape. */
type ModelClass = Pick<typeof EmbeddedIntentModel, 'build'>;
type Model = ReturnType<ModelClass['build']>;

/** Times each model class on the same actions and messages, the classes taking turns. */
function measure(classes: Record<string, ModelClass>, actions: ActionDefinitionForIntent[], messages: string[], options: Partial<EmbeddedModelOptions>) {
	const names = Object.keys(classes);
	const builds: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	const models: Record<string, Model> = {};
	for (const name of names) classes[name].build(actions, options);
	for (let i = 0; i < BUILDS; i++) {
		for (const name of names) {
			const built = timed(() => classes[name].build(actions, options));
			builds[name].push(built.ms);
			models[name] = built.value;
		}
	}
	for (const name of names) for (const message of messages.slice(0, 300)) models[name].rank(message);
	const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	const bestOf: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
	for (const message of messages) {
		for (const name of names) {
			let best = Infinity;
			for (let repeat = 0; repeat < REPEATS; repeat++) {
				const started = performance.now();
				models[name].rank(message);
				const ms = performance.now() - started;
				if (repeat === 0) samples[name].push(ms);
				best = Math.min(best, ms);
			}
			bestOf[name].push(best);
		}
	}
	return names.map((name) => ({
		model: name,
		actions: actions.length,
		examples: actions.reduce((n, action) => n + action.examples.length, 0),
		buildMs: round(percentile([...builds[name]].sort((x, y) => x - y), 50), 1),
		perMessageMs: latencyStats(samples[name]),
		bestOfRepeatsMs: latencyStats(bestOf[name]),
		messages: samples[name].length,
	}));
}

function main(): void {
	ensureWordVectors();
	const root = argument('intents', '../shared/data/intents');
	const messageCount = Number(argument('messages', '3000'));
	const clinc10 = actionsFrom(loadSplit(join(root, 'clinc150'), 'train_10'));
	const full = [...actionsFrom(loadSplit(join(root, 'clinc150'), 'train')), ...actionsFrom(loadSplit(join(root, 'hwu64'), 'train'))];
	const thousand = interleaveActions(chunked(full, 10, 6)).slice(0, 1000);
	const messages = interleave(loadSplit(join(root, 'clinc150'), 'test').texts, loadSplit(join(root, 'hwu64'), 'test').texts).slice(0, messageCount);

	const vectors = argument('vectors', 'on') !== 'off';
	const options: Partial<EmbeddedModelOptions> = vectors ? {} : { wordVectors: null };
	const baselines = baselinesFromArguments();
	const classes: Record<string, ModelClass> = { current: EmbeddedIntentModel };
	for (const baseline of baselines) {
		classes[baseline.name] = baseline.load<{ EmbeddedIntentModel: ModelClass }>('nodes/ActionRouter/engine/intent/embedded').EmbeddedIntentModel;
	}
	const results = [clinc10.slice(0, 10), clinc10, thousand].flatMap((actions) => measure(classes, actions, messages, options));
	console.log(`Intent model speed (Node ${process.version}, ${messages.length} messages per size, word vectors ${vectors ? 'on' : 'off'})`);
	for (const baseline of baselines) console.log(`Baseline ${baseline.name}: ${baseline.commit}`);
	console.table(
		results.map((r) => ({
			...(baselines.length ? { model: r.model } : {}),
			actions: r.actions,
			examples: r.examples,
			'build ms (median of 5)': r.buildMs,
			'p50 ms': r.perMessageMs.p50,
			'p99 ms': r.perMessageMs.p99,
			'mean ms': r.perMessageMs.mean,
			[`p99 ms, best of ${REPEATS}`]: r.bestOfRepeatsMs.p99,
		})),
	);
	console.log(JSON.stringify({ node: process.version, vectors, ...(baselines.length ? { baselines: baselines.map((baseline) => baseline.commit) } : {}), results }));
}

/** Chunk 0 of every intent first, then chunk 1, …: the first 1,000 then span all intents. */
function interleaveActions(actions: ActionDefinitionForIntent[]): ActionDefinitionForIntent[] {
	const chunkOf = (action: ActionDefinitionForIntent) => Number(action.name.split('#').pop());
	return [...actions].sort((a, b) => chunkOf(a) - chunkOf(b));
}

main();

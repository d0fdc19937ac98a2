/**
 * The embedded model's tuning run: everything it measures is on `valid` splits (and CLINC150's
 * out-of-scope `valid` and `train`), never on `test`, so that settings chosen with it say
 * nothing about the test figures the other benchmarks report. Prints figures, asserts nothing.
 *
 *   tsc -p tsconfig.json --outDir test-output/bench-build
 *   node test-output/bench-build/benchmarks/intent-tune.bench.js [--options '<JSON>'] [--trials 40] [--seed 11] [--full off]
 *
 * `--options`: EmbeddedModelOptions to try (JSON, e.g. '{"probabilityShare":0.5}'; "background": null
 * for none). Measured:
 *   - small routers of 2, 3, 5, 10 and 20 random CLINC150 intents, with examples (train_10),
 *     description-only with a hand-written description (`written`, intent-data.ts) and
 *     description-only with the intent's first train_10 utterance as its description
 *     (`utterance`): in-scope valid messages routed right and out-of-scope messages refused
 *     at several thresholds (`--modes examples,written,utterance`);
 *   - the same with HWU64 intents (in-scope only: HWU64 has no out-of-scope set; CLINC150's
 *     out-of-scope messages are used as its off-topic ones);
 *   - with `--full on` (default): top-1 accuracy on CLINC150 valid (150 actions) and HWU64
 *     valid (64 actions), and out-of-scope recall at the threshold that rejects 5 % of
 *     in-scope valid messages.
 */
import { join } from 'node:path';

import { EmbeddedIntentModel, type EmbeddedModelOptions } from '../nodes/ActionRouter/engine/intent/embedded';
import type { ActionDefinitionForIntent } from '../nodes/ActionRouter/engine/intent/types';
import { actionsFrom, argument, describedByFirstUtterance, describedInWriting, ensureWordVectors, loadSplit, percentile, prng, round, sample, type Split } from './intent-data';

const SIZES = [2, 3, 5, 10, 20];
const THRESHOLDS = [0, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3];

type Mode = 'examples' | 'utterance' | 'written';

interface Counts {
	right: number;
	inScope: number;
	refused: number;
	offTopic: number;
}

function smallRouters(train: Split, valid: Split, offTopic: string[], mode: Mode, size: number, trials: number, seed: number, options: Partial<EmbeddedModelOptions>) {
	const random = prng(seed + size);
	const all = mode === 'examples' ? actionsFrom(train) : mode === 'utterance' ? describedByFirstUtterance(train) : describedInWriting(train);
	const counts: Counts[] = THRESHOLDS.map(() => ({ right: 0, inScope: 0, refused: 0, offTopic: 0 }));
	for (let trial = 0; trial < trials; trial++) {
		const actions = sample(all, size, random);
		const chosen = new Set(actions.map((a) => a.name));
		const model = EmbeddedIntentModel.build(actions, options);
		const inTop = valid.texts.flatMap((text, i) => (chosen.has(valid.labels[i]) ? [{ top: model.rank(text, 1)[0], label: valid.labels[i] }] : []));
		const offTop = offTopic.length > 0 ? offTopic.map((text) => model.rank(text, 1)[0]) : [];
		THRESHOLDS.forEach((threshold, t) => {
			for (const { top, label } of inTop) {
				counts[t].inScope++;
				if (top.action === label && top.score >= threshold) counts[t].right++;
			}
			for (const top of offTop) {
				counts[t].offTopic++;
				if (top.score < threshold) counts[t].refused++;
			}
		});
	}
	return counts.map((c) => ({ right: round((100 * c.right) / c.inScope, 1), refused: c.offTopic ? round((100 * c.refused) / c.offTopic, 1) : NaN }));
}

function fullRouter(train: Split, valid: Split, oos: string[], options: Partial<EmbeddedModelOptions>) {
	const model = EmbeddedIntentModel.build(actionsFrom(train), options);
	const ranked = valid.texts.map((text) => model.rank(text, 1)[0]);
	const accuracy = ranked.filter((r, i) => r.action === valid.labels[i]).length / valid.texts.length;
	const threshold = percentile(ranked.map((r) => r.score).sort((a, b) => a - b), 5);
	const recall = oos.length ? oos.filter((text) => model.rank(text, 1)[0].score < threshold).length / oos.length : NaN;
	return { accuracy: round(100 * accuracy, 2), threshold: round(threshold, 3), oosRecall: round(100 * recall, 1) };
}

/** The two-action router of the node tests (test/support/router-actions.ts). */
const NODE_TEST_ROUTER: ActionDefinitionForIntent[] = [
	{
		name: 'check_subscription',
		description: 'Check whether the visitor is subscribed to the newsletter',
		examples: ['am I subscribed to your newsletter', 'I never get your emails', 'check my subscription', 'are you still sending me the newsletter', 'why am I not getting your emails'],
	},
	{
		name: 'order_status',
		description: 'Tell the visitor where their order is',
		examples: ['where is my order', 'has my order shipped', 'track my package', 'when will my order arrive', 'order status please'],
	},
];

function main(): void {
	ensureWordVectors();
	const root = argument('intents', '../shared/data/intents');
	const options = JSON.parse(argument('options', '{}')) as Partial<EmbeddedModelOptions>;
	const trials = Number(argument('trials', '40'));
	const seed = Number(argument('seed', '11'));
	const clinc = join(root, 'clinc150');
	const hwu = join(root, 'hwu64');
	const clincTrain = loadSplit(clinc, 'train_10');
	const clincValid = loadSplit(clinc, 'valid');
	const hwuTrain = loadSplit(hwu, 'train_10');
	const hwuValid = loadSplit(hwu, 'valid');
	const oos = [...loadSplit(clinc, 'oos/valid').texts, ...loadSplit(clinc, 'oos/train').texts];
	console.log(`Tuning run (valid only), options ${JSON.stringify(options)}, ${trials} routers per size, seed ${seed}`);
	console.log('data    mode          size  ' + THRESHOLDS.map((t) => `${String(t)} right/refused`.padEnd(22)).join(''));
	const results: unknown[] = [];
	for (const [name, train, valid] of [
		['clinc', clincTrain, clincValid],
		['hwu', hwuTrain, hwuValid],
	] as const) {
		for (const mode of argument('modes', 'examples,written,utterance').split(',') as Mode[]) {
			for (const size of SIZES) {
				const rows = smallRouters(train, valid, oos, mode, size, trials, seed, options);
				results.push({ data: name, mode, size, rows });
				console.log(`${name.padEnd(8)}${mode.padEnd(14)}${String(size).padEnd(6)}${rows.map((r) => `${r.right.toFixed(1)} / ${r.refused.toFixed(1)}`.padEnd(22)).join('')}`);
			}
		}
	}
	const node = EmbeddedIntentModel.build(NODE_TEST_ROUTER, options);
	const probes = ['where is my order 12345?', 'has my order 54321 shipped?', 'what is the capital of Peru?', 'hi there', 'how much does it cost', 'check my order'];
	console.log('node test router: ' + probes.map((p) => `${p} → ${node.rank(p, 1)[0].action} ${node.rank(p, 1)[0].score.toFixed(2)}`).join('; '));
	if (argument('full', 'on') !== 'off') {
		const full = { clinc: fullRouter(clincTrain, clincValid, oos, options), hwu: fullRouter(hwuTrain, hwuValid, [], options) };
		console.log(`full routers (valid): CLINC150 ${full.clinc.accuracy} % (OOS recall ${full.clinc.oosRecall} % at ${full.clinc.threshold}), HWU64 ${full.hwu.accuracy} %`);
		results.push({ full });
	}
	console.log(JSON.stringify({ benchmark: 'intent-tune', options, trials, seed, results }));
}

main();

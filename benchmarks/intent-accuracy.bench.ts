/**
 * Intent model accuracy: prints figures, asserts nothing.
 *
 *   tsc -p tsconfig.json --outDir test-output/bench-build
 *   node test-output/bench-build/benchmarks/intent-accuracy.bench.js [--data <dir>] [--shots train_10|train_5|train] [--nlpjs off] [--baseline <dir> ...]
 *
 * Each intent of the data set is an action whose examples are its `--shots` utterances.
 * The embedded model is built from them; the no-match threshold is chosen on `valid` (the
 * highest one that rejects at most 5 % of in-scope valid messages; with the data set's
 * oos/valid when it has one, only its in-scope part sets the threshold); then, on `test`:
 * in-scope accuracy (top action, no threshold), in-scope rejected at that threshold, and
 * out-of-scope recall on oos/test at it. Tuning is done on valid only.
 * NLP.js (node-nlp, default settings, trained on the same split) runs alongside: its own
 * "None" intent is its no-match. The embedded model also runs without its pretrained word
 * vectors (sparse features only), to show what they add. With --baseline (a build of another
 * commit, scripts/build-baseline.mjs; repeatable) that commit's embedded model runs on the same
 * data in the same process: before and after in one run. The last line is all figures as one JSON object.
 */
import { performance } from 'node:perf_hooks';

import { EmbeddedIntentModel, type EmbeddedModelOptions } from '../nodes/ActionRouter/engine/intent/embedded';
import type { IntentClassifier } from '../nodes/ActionRouter/engine/intent/types';
import { defaultWordVectors } from '../nodes/ActionRouter/engine/intent/word-vectors';
import { baselinesFromArguments } from './baseline';
import { DEFAULT_DATA, actionsFrom, ensureWordVectors, argument, hasSplit, latencyStats, loadSplit, percentile, round, timed, type Split } from './intent-data';

const REJECT_AT_MOST = 0.05;
const TIE_MARGINS = [0.02, 0.03, 0.05, 0.1];

interface Ranked {
	top: string;
	score: number;
	second: number;
	ms: number;
}

function rankAll(model: IntentClassifier, texts: string[]): Ranked[] {
	return texts.map((text) => {
		const started = performance.now();
		const [first, second] = model.rank(text, 2);
		const ms = performance.now() - started;
		return { top: first?.action ?? '', score: first?.score ?? 0, second: second?.score ?? 0, ms };
	});
}

/** The highest threshold that still accepts all but at most 5 % of in-scope messages. */
function chooseThreshold(inScope: Ranked[]): number {
	const sorted = inScope.map((r) => r.score).sort((a, b) => a - b);
	return percentile(sorted, REJECT_AT_MOST * 100);
}

function share(count: number, total: number): number {
	return total === 0 ? NaN : round((100 * count) / total, 2);
}

/** How often the top two are within a margin, and how accurate the top one is then. */
function tieAnalysis(ranked: Ranked[], gold: string[]) {
	return TIE_MARGINS.map((margin) => {
		const close = ranked.map((r, i) => ({ close: r.score - r.second < margin, right: r.top === gold[i] }));
		const tied = close.filter((c) => c.close);
		const clear = close.filter((c) => !c.close);
		return {
			margin,
			tiedPct: share(tied.length, close.length),
			accuracyWhenTiedPct: share(tied.filter((c) => c.right).length, tied.length),
			accuracyOtherwisePct: share(clear.filter((c) => c.right).length, clear.length),
		};
	});
}

/** The model's class: this commit's, or a baseline's of the same shape. */
type ModelClass = Pick<typeof EmbeddedIntentModel, 'build'>;

function evaluateEmbedded(
	train: Split,
	valid: Split,
	test: Split,
	oosValid: Split | undefined,
	oosTest: Split | undefined,
	options: Partial<EmbeddedModelOptions> = {},
	Model: ModelClass = EmbeddedIntentModel,
) {
	const actions = actionsFrom(train);
	const built = timed(() => Model.build(actions, options));
	const model = built.value;
	rankAll(model, test.texts.slice(0, 200)); // warm-up for the timings below
	const validRanked = rankAll(model, valid.texts);
	const threshold = chooseThreshold(validRanked);
	const oosValidRanked = oosValid ? rankAll(model, oosValid.texts) : [];
	const testRanked = rankAll(model, test.texts);
	const oosTestRanked = oosTest ? rankAll(model, oosTest.texts) : [];
	const correct = testRanked.filter((r, i) => r.top === test.labels[i]).length;
	return {
		actions: actions.length,
		examples: train.texts.length,
		buildMs: round(built.ms, 1),
		threshold: round(threshold, 4),
		validAccuracyPct: share(validRanked.filter((r, i) => r.top === valid.labels[i]).length, valid.texts.length),
		validOosRecallPct: oosValid ? share(oosValidRanked.filter((r) => r.score < threshold).length, oosValid.texts.length) : null,
		testAccuracyPct: share(correct, test.texts.length),
		testAccuracyWithThresholdPct: share(testRanked.filter((r, i) => r.top === test.labels[i] && r.score >= threshold).length, test.texts.length),
		testInScopeRejectedPct: share(testRanked.filter((r) => r.score < threshold).length, test.texts.length),
		testOosRecallPct: oosTest ? share(oosTestRanked.filter((r) => r.score < threshold).length, oosTest.texts.length) : null,
		latencyMs: latencyStats([...testRanked, ...oosTestRanked].map((r) => r.ms)),
		tiesOnValid: tieAnalysis(validRanked, valid.labels),
	};
}

async function evaluateNlpJs(train: Split, test: Split, oosTest: Split | undefined) {
	let NlpManager: typeof import('node-nlp').NlpManager;
	try {
		({ NlpManager } = await import('node-nlp'));
	} catch {
		return { skipped: 'node-nlp is not installed (npm install --no-save node-nlp)' };
	}
	// Default model settings; only logging and saving model.nlp to disk are turned off.
	const manager = new NlpManager({ languages: ['en'], autoSave: false, autoLoad: false, nlu: { log: false } });
	train.texts.forEach((text, i) => manager.addDocument('en', text, train.labels[i]));
	const started = performance.now();
	await manager.train();
	const buildMs = performance.now() - started;
	const run = async (texts: string[]) => {
		const out: Array<{ intent: string; ms: number }> = [];
		for (const text of texts) {
			const begin = performance.now();
			const result = await manager.process('en', text);
			out.push({ intent: result.intent, ms: performance.now() - begin });
		}
		return out;
	};
	await run(test.texts.slice(0, 200));
	const testRun = await run(test.texts);
	const oosRun = oosTest ? await run(oosTest.texts) : [];
	return {
		buildMs: round(buildMs, 1),
		testAccuracyPct: share(testRun.filter((r, i) => r.intent === test.labels[i]).length, test.texts.length),
		testInScopeRejectedPct: share(testRun.filter((r) => r.intent === 'None').length, test.texts.length),
		testOosRecallPct: oosTest ? share(oosRun.filter((r) => r.intent === 'None').length, oosTest.texts.length) : null,
		latencyMs: latencyStats([...testRun, ...oosRun].map((r) => r.ms)),
	};
}

async function main(): Promise<void> {
	ensureWordVectors();
	const data = argument('data', DEFAULT_DATA);
	const shots = argument('shots', 'train_10');
	const train = loadSplit(data, shots);
	const valid = loadSplit(data, 'valid');
	const test = loadSplit(data, 'test');
	const oosValid = hasSplit(data, 'oos/valid') ? loadSplit(data, 'oos/valid') : undefined;
	const oosTest = hasSplit(data, 'oos/test') ? loadSplit(data, 'oos/test') : undefined;

	// Once per process, before any build: not part of a build's time.
	const vectorsLoadMs = round(timed(() => defaultWordVectors()).ms, 1);
	const embedded = evaluateEmbedded(train, valid, test, oosValid, oosTest);
	// The same model without the pretrained word vectors: what they add.
	const sparseOnly = evaluateEmbedded(train, valid, test, oosValid, oosTest, { wordVectors: null });
	const nlpjs = argument('nlpjs', 'on') === 'off' ? { skipped: '--nlpjs off' } : await evaluateNlpJs(train, test, oosTest);
	const baselines = baselinesFromArguments().map((baseline) => {
		const { EmbeddedIntentModel: Model } = baseline.load<{ EmbeddedIntentModel: ModelClass }>('nodes/ActionRouter/engine/intent/embedded');
		return { name: baseline.name, commit: baseline.commit, ...evaluateEmbedded(train, valid, test, oosValid, oosTest, {}, Model) };
	});
	const row = (r: typeof embedded) => ({
		'test acc %': r.testAccuracyPct,
		'in-scope rejected %': r.testInScopeRejectedPct,
		'OOS recall %': r.testOosRecallPct ?? '–',
		threshold: r.threshold,
		'build ms': r.buildMs,
		'p50 ms': r.latencyMs.p50,
		'p99 ms': r.latencyMs.p99,
	});

	console.log(`Intent accuracy: ${data} (${shots}: ${embedded.actions} actions, ${embedded.examples} examples)`);
	console.log(`valid → threshold ${embedded.threshold} (≤ ${REJECT_AT_MOST * 100} % of in-scope valid rejected); word vectors loaded in ${vectorsLoadMs} ms`);
	for (const baseline of baselines) console.log(`Baseline ${baseline.name}: ${baseline.commit}`);
	console.table({
		embedded: row(embedded),
		'embedded, no word vectors': row(sparseOnly),
		...Object.fromEntries(baselines.map((baseline) => [`embedded@${baseline.name}`, row(baseline)])),
		...('skipped' in nlpjs
			? {}
			: {
					'NLP.js': {
						'test acc %': nlpjs.testAccuracyPct,
						'in-scope rejected %': nlpjs.testInScopeRejectedPct,
						'OOS recall %': nlpjs.testOosRecallPct ?? '–',
						'build ms': nlpjs.buildMs,
						'p50 ms': nlpjs.latencyMs.p50,
						'p99 ms': nlpjs.latencyMs.p99,
					},
				}),
	});
	console.log('Top two within a margin, on valid (in-scope):');
	console.table(embedded.tiesOnValid);
	console.log(JSON.stringify({ data, shots, vectorsLoadMs, embedded, sparseOnly, nlpjs, ...(baselines.length ? { baselines } : {}) }));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

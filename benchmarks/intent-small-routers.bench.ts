/**
 * The embedded model in routers the size users build (2 to 10 actions), where the 150-action
 * benchmark says little about refusing off-topic messages: few actions leave the regression
 * little to tell an unrelated message from. Routers are random sets of CLINC150 intents
 * (train_10 as examples), scored on those intents' `valid` messages and on out-of-scope
 * `valid` messages, at several thresholds, with and without the word vectors.
 *
 *   npm run bench:intent-small [-- --trials 30 --seed 7 --data <dir>]
 *
 * "routed right": the top action is the message's intent and scores at least the threshold.
 * "refused": an out-of-scope message's top score is below the threshold. JSON line last.
 */
import { EmbeddedIntentModel } from '../nodes/ActionRouter/engine/intent/embedded';
import { DEFAULT_DATA, actionsFrom, argument, ensureWordVectors, loadSplit, round, type Split } from './intent-data';

const SIZES = [2, 3, 5, 10];
const THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3];
const OOS_PER_ROUTER = 30;

/** mulberry32: seeded, so a run can be repeated. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), a | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function sample<T>(items: T[], count: number, random: () => number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy.slice(0, count);
}

function evaluate(train: Split, valid: Split, oos: Split, size: number, trials: number, seed: number, vectors: boolean) {
	const random = prng(seed);
	const intents = [...new Set(train.labels)];
	const counts = THRESHOLDS.map(() => ({ right: 0, inScope: 0, refused: 0, offTopic: 0 }));
	for (let trial = 0; trial < trials; trial++) {
		const chosen = new Set(sample(intents, size, random));
		const examples: Split = { texts: [], labels: [] };
		train.texts.forEach((text, i) => {
			if (!chosen.has(train.labels[i])) return;
			examples.texts.push(text);
			examples.labels.push(train.labels[i]);
		});
		const model = EmbeddedIntentModel.build(actionsFrom(examples), vectors ? {} : { wordVectors: null });
		const inScope = valid.texts.map((text, i) => [text, valid.labels[i]] as const).filter(([, label]) => chosen.has(label));
		const offTopic = sample(oos.texts, OOS_PER_ROUTER, random);
		const inTop = inScope.map(([text, label]) => ({ top: model.rank(text, 1)[0], label }));
		const offTop = offTopic.map((text) => model.rank(text, 1)[0]);
		THRESHOLDS.forEach((threshold, t) => {
			for (const { top, label } of inTop) {
				counts[t].inScope++;
				if (top && top.action === label && top.score >= threshold) counts[t].right++;
			}
			for (const top of offTop) {
				counts[t].offTopic++;
				if (!top || top.score < threshold) counts[t].refused++;
			}
		});
	}
	return THRESHOLDS.map((threshold, t) => ({
		threshold,
		routedRight: round((100 * counts[t].right) / counts[t].inScope, 1),
		refused: round((100 * counts[t].refused) / counts[t].offTopic, 1),
	}));
}

function main(): void {
	ensureWordVectors();
	const data = argument('data', DEFAULT_DATA);
	const trials = Number(argument('trials', '30'));
	const seed = Number(argument('seed', '7'));
	const train = loadSplit(data, 'train_10');
	const valid = loadSplit(data, 'valid');
	const oos = loadSplit(data, 'oos/valid');
	console.log(`Small routers: ${trials} random routers per size from ${data} (train_10 → valid), ${OOS_PER_ROUTER} out-of-scope messages each, seed ${seed}`);
	console.log('size  vectors  ' + THRESHOLDS.map((t) => `thr ${t.toFixed(2)} right/refused`.padEnd(26)).join(''));
	const results = [];
	for (const size of SIZES) {
		for (const vectors of [true, false]) {
			const rows = evaluate(train, valid, oos, size, trials, seed, vectors);
			results.push({ size, vectors, rows });
			console.log(`${String(size).padEnd(6)}${(vectors ? 'on' : 'off').padEnd(9)}${rows.map((r) => `${r.routedRight.toFixed(1)} % / ${r.refused.toFixed(1)} %`.padEnd(26)).join('')}`);
		}
	}
	console.log(JSON.stringify({ benchmark: 'intent-small-routers', data, trials, seed, results }));
}

main();

/**
 * The embedded model in routers the size users build (2 to 20 actions), where the 150-action
 * benchmark says little about refusing off-topic messages: few actions leave the regression
 * little to tell an unrelated message from. Routers are random sets of CLINC150 intents,
 * scored on those intents' messages and on out-of-scope messages, at several thresholds
 * (the node's default marked), with the actions configured three ways:
 *   - examples: the intent's 10 `train_10` utterances (the name too, no description);
 *   - described: the name and one hand-written sentence, no examples (intent-data.ts:
 *     WRITTEN_DESCRIPTIONS, written from the intent's name only);
 *   - described by an utterance: the name and the intent's first `train_10` utterance as the
 *     description, no examples.
 *
 *   npm run bench:intent-small [-- --split valid|test --trials 30 --seed 7 --data <dir> --vectors on|off]
 *
 * `--split valid` (default) scores `valid` and 30 `oos/valid` messages per router, the split
 * the defaults were tuned on; `--split test` scores `test` and 30 `oos/test` messages, which
 * no setting was chosen with. "routed right": the top action is the message's intent and
 * scores at least the threshold. "refused": an out-of-scope message's top score is below it.
 * JSON line last.
 */
import { EmbeddedIntentModel } from '../nodes/ActionRouter/engine/intent/embedded';
import type { ActionDefinitionForIntent } from '../nodes/ActionRouter/engine/intent/types';
import { ROUTER_DEFAULTS } from '../nodes/ActionRouter/engine/defaults';
import { DEFAULT_DATA, actionsFrom, argument, describedByFirstUtterance, describedInWriting, ensureWordVectors, loadSplit, prng, round, sample, type Split } from './intent-data';

const SIZES = [2, 3, 5, 10, 20];
const THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3];
const OOS_PER_ROUTER = 30;

const CONFIGURATIONS: Record<string, (train: Split) => ActionDefinitionForIntent[]> = {
	examples: actionsFrom,
	described: describedInWriting,
	'described by an utterance': describedByFirstUtterance,
};

function evaluate(all: ActionDefinitionForIntent[], messages: Split, oos: Split, size: number, trials: number, seed: number, vectors: boolean) {
	const random = prng(seed);
	const counts = THRESHOLDS.map(() => ({ right: 0, inScope: 0, refused: 0, offTopic: 0 }));
	for (let trial = 0; trial < trials; trial++) {
		const actions = sample(all, size, random);
		const chosen = new Set(actions.map((action) => action.name));
		const model = EmbeddedIntentModel.build(actions, vectors ? {} : { wordVectors: null });
		const inScope = messages.texts.map((text, i) => [text, messages.labels[i]] as const).filter(([, label]) => chosen.has(label));
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
	const split = argument('split', 'valid');
	const vectors = argument('vectors', 'on') !== 'off';
	const train = loadSplit(data, 'train_10');
	const messages = loadSplit(data, split);
	const oos = loadSplit(data, `oos/${split}`);
	console.log(
		`Small routers: ${trials} random routers per size from ${data} (train_10 → ${split}), ${OOS_PER_ROUTER} out-of-scope messages each (oos/${split}), seed ${seed}, word vectors ${vectors ? 'on' : 'off'}; node default threshold ${ROUTER_DEFAULTS.threshold} marked *`,
	);
	const header = THRESHOLDS.map((t) => `${t === ROUTER_DEFAULTS.threshold ? '*' : ''}thr ${t.toFixed(2)} right/refused`.padEnd(26)).join('');
	const results = [];
	for (const [configuration, actionsOf] of Object.entries(CONFIGURATIONS)) {
		console.log(`\n${configuration}\nsize  ${header}`);
		const all = actionsOf(train);
		for (const size of SIZES) {
			const rows = evaluate(all, messages, oos, size, trials, seed + size, vectors);
			results.push({ configuration, size, rows });
			console.log(`${String(size).padEnd(6)}${rows.map((r) => `${r.routedRight.toFixed(1)} % / ${r.refused.toFixed(1)} %`.padEnd(26)).join('')}`);
		}
	}
	console.log(JSON.stringify({ benchmark: 'intent-small-routers', data, split, trials, seed, vectors, defaultThreshold: ROUTER_DEFAULTS.threshold, results }));
}

main();

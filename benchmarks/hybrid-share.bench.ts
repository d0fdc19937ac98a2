/**
 * Hybrid mode's cost: the share of CLINC150 test turns that the hybrid rule (turn.ts: top score
 * below hybridBelow, or the top two within the tie margin) sends to the chat model, with the
 * embedded model built as the node builds it (cachedClassifier), 150 actions from train_10.
 * Prints one JSON line per split; asserts nothing.
 *
 *   npm run bench:hybrid-share [-- --data <dir> --shots train_10 --below 0.4]
 */
import { ROUTER_DEFAULTS } from '../nodes/ActionRouter/engine/defaults';
import { cachedClassifier } from '../nodes/ActionRouter/engine/intent/embedded';
import { isUnsure } from '../nodes/ActionRouter/engine/turn';
import { actionsFrom, argument, DEFAULT_DATA, ensureWordVectors, loadSplit } from './intent-data';

ensureWordVectors();
const data = argument('data', DEFAULT_DATA);
const shots = argument('shots', 'train_10');
const below = Number(argument('below', String(ROUTER_DEFAULTS.hybridBelow)));
const margin = ROUTER_DEFAULTS.tieMargin;
const train = loadSplit(data, shots);
const actions = actionsFrom(train);
const model = cachedClassifier(actions);
function measure(name: string, texts: string[], labels?: string[]) {
	let sent = 0;
	let rightKept = 0;
	let kept = 0;
	texts.forEach((text, i) => {
		const ranking = model.rank(text);
		if (isUnsure(ranking, below, margin)) sent++;
		else {
			kept++;
			if (labels && ranking[0].action === labels[i]) rightKept++;
		}
	});
	console.log(JSON.stringify({ split: name, turns: texts.length, actions: actions.length, shots, hybridBelow: below, tieMargin: margin, sentToModel: sent, sharePct: Math.round((1000 * sent) / texts.length) / 10, ...(labels ? { accuracyOfKeptPct: Math.round((1000 * rightKept) / Math.max(1, kept)) / 10 } : {}) }));
}
const test = loadSplit(data, 'test');
measure('test (in scope)', test.texts, test.labels);
const oos = loadSplit(`${data}/oos`, 'test');
measure('oos/test (out of scope)', oos.texts);

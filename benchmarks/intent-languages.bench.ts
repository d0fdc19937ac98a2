/**
 * The embedded model in the visitors' own language: for every language folder of xSID (the
 * same 15 intents written in each language, `../shared/data/intents/xsid/<code>`), routers whose
 * actions have the 10 `train_10` examples of their intent in that language, scored on the
 * language's messages at the node's default threshold.
 *   - routed right: the top action is the message's intent and scores at least the threshold;
 *   - top action right: the same at any score (which action, apart from how sure);
 *   - refused: a message of one of 3 intents left out of the router scores under it.
 * Each trial leaves 3 other intents out (seeded, the same intents for every language); the
 * figures are over all trials.
 *
 *   npm run bench:intent-languages [-- --split valid|test --trials 10 --seed 7 --data <dir>[,<dir>…] --vectors on|off]
 *
 * `--data` adds folders laid out like xSID's language folders (train_10, valid, test), or a
 * folder of such folders. JSON line last.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

import { ROUTER_DEFAULTS } from '../nodes/ActionRouter/engine/defaults';
import { EmbeddedIntentModel } from '../nodes/ActionRouter/engine/intent/embedded';
import { actionsFrom, argument, ensureWordVectors, hasSplit, loadSplit, prng, round, sample } from './intent-data';

const XSID = '../shared/data/intents/xsid';
const LEFT_OUT = 3;

/** Language folders: those with a train_10 split, directly or one level down. */
function languageFolders(roots: string[]): string[] {
	const folders: string[] = [];
	for (const root of roots) {
		if (!existsSync(root)) continue;
		if (hasSplit(root, 'train_10')) folders.push(root);
		else for (const entry of readdirSync(root).sort()) if (hasSplit(join(root, entry), 'train_10')) folders.push(join(root, entry));
	}
	return folders;
}

function evaluate(folder: string, split: string, trials: number, seed: number, vectors: boolean) {
	const train = loadSplit(folder, 'train_10');
	const messages = loadSplit(folder, split);
	const all = actionsFrom(train);
	const names = all.map((action) => action.name).sort();
	const random = prng(seed);
	const threshold = ROUTER_DEFAULTS.threshold;
	let right = 0;
	let topRight = 0;
	let inScope = 0;
	let refused = 0;
	let offTopic = 0;
	for (let trial = 0; trial < trials; trial++) {
		const leftOut = new Set(sample(names, LEFT_OUT, random));
		const actions = all.filter((action) => !leftOut.has(action.name));
		const model = EmbeddedIntentModel.build(actions, vectors ? {} : { wordVectors: null });
		messages.texts.forEach((text, i) => {
			const top = model.rank(text, 1)[0];
			const label = messages.labels[i];
			if (leftOut.has(label)) {
				offTopic++;
				if (!top || top.score < threshold) refused++;
			} else {
				inScope++;
				if (top && top.action === label) topRight++;
				if (top && top.action === label && top.score >= threshold) right++;
			}
		});
	}
	return { language: basename(folder), routedRight: round((100 * right) / inScope, 1), topRight: round((100 * topRight) / inScope, 1), refused: round((100 * refused) / offTopic, 1), messages: messages.texts.length };
}

function main(): void {
	const split = argument('split', 'test');
	const trials = Number(argument('trials', '10'));
	const seed = Number(argument('seed', '7'));
	const vectors = argument('vectors', 'on') !== 'off';
	const extra = argument('data', '');
	if (vectors) ensureWordVectors();
	const folders = languageFolders([XSID, ...extra.split(',').filter(Boolean)]);
	if (folders.length === 0) throw new Error(`No language folder with a train_10 split under ${XSID} or --data`);
	console.log(`Embedded model per language: ${split} split, ${trials} trials of ${LEFT_OUT} intents left out, threshold ${ROUTER_DEFAULTS.threshold}, vectors ${vectors ? 'on' : 'off'}`);
	console.log('| language | messages | routed right | top action right | refused |');
	console.log('|---|---|---|---|---|');
	const results = folders.map((folder) => evaluate(folder, split, trials, seed, vectors));
	for (const r of results) console.log(`| ${r.language} | ${r.messages} | ${r.routedRight.toFixed(1)} % | ${r.topRight.toFixed(1)} % | ${r.refused.toFixed(1)} % |`);
	console.log(JSON.stringify({ benchmark: 'intent-languages', split, trials, seed, vectors, results }));
}

main();

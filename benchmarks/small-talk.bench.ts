/**
 * Small talk as the router reads it with nothing pending, on messages other people wrote:
 * CLINC150's greeting, goodbye, thank_you, are_you_a_bot and what_can_i_ask_you messages must
 * be answered as their topic; every other message that is not for the router's actions (other
 * intents, out-of-scope) must not be. Routers of 5 random CLINC150 intents (10 examples each,
 * the small-talk intents never among them); a message the router routes is no small talk.
 * Prints, per threshold of the model's background probability (SMALL_TALK_MIN_PROBABILITY),
 * each topic's share recognised and the share of other messages taken for small talk, by the
 * phrases of topics.ts alone and with the model.
 *
 *   npm run bench:small-talk -- [--split valid|test] [--trials 10]    (valid: where it was tuned)
 */
import { join } from 'node:path';

import { ROUTER_DEFAULTS } from '../nodes/ActionRouter/engine/defaults';
import { SMALL_TALK_MIN_PROBABILITY } from '../nodes/ActionRouter/engine/classify';
import { SMALL_TALK_TOPICS } from '../nodes/ActionRouter/engine/intent/background';
import { EmbeddedIntentModel } from '../nodes/ActionRouter/engine/intent/embedded';
import { topicOf } from '../nodes/ActionRouter/engine/topics';
import { actionsFrom, argument, DEFAULT_DATA, ensureWordVectors, loadSplit, prng, sample, type Split } from './intent-data';

const CLINC_TOPICS: Record<string, string> = {
	greeting: 'greeting',
	goodbye: 'goodbye',
	thank_you: 'thanks',
	are_you_a_bot: 'bot',
	what_can_i_ask_you: 'help',
};
const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7];
const ROUTER_SIZE = 5;
const OTHERS_PER_ROUTER = 300;

interface Reading {
	expected?: string;
	phrases?: string;
	model?: { topic: string; probability: number };
	message: string;
}

function only(split: Split, labels: Set<string>): Split {
	const keep = split.labels.map((label, i) => (labels.has(label) ? i : -1)).filter((i) => i >= 0);
	return { texts: keep.map((i) => split.texts[i]), labels: keep.map((i) => split.labels[i]) };
}

function main() {
	ensureWordVectors();
	const data = argument('data', DEFAULT_DATA);
	const split = argument('split', 'valid');
	const trials = Number(argument('trials', '10'));
	const random = prng(Number(argument('seed', '7')));
	const train = loadSplit(data, 'train_10');
	const messages = loadSplit(data, split);
	const outOfScope = loadSplit(join(data, 'oos'), split).texts;
	const candidates = [...new Set(train.labels)].filter((label) => !CLINC_TOPICS[label]);

	const readings: Reading[] = [];
	for (let trial = 0; trial < trials; trial++) {
		const intents = new Set(sample(candidates, ROUTER_SIZE, random));
		const model = EmbeddedIntentModel.build(actionsFrom(only(train, intents)));
		const smallTalk = messages.texts.flatMap((text, i) => (CLINC_TOPICS[messages.labels[i]] ? [{ text, expected: CLINC_TOPICS[messages.labels[i]] }] : []));
		const others = sample(
			[...messages.texts.filter((_, i) => !CLINC_TOPICS[messages.labels[i]] && !intents.has(messages.labels[i])), ...outOfScope],
			OTHERS_PER_ROUTER,
			random,
		).map((text) => ({ text, expected: undefined }));
		for (const { text, expected } of [...smallTalk, ...others]) {
			// A message the router routes to an action is no small talk.
			if ((model.rank(text, 1)[0]?.score ?? 0) >= ROUTER_DEFAULTS.threshold) {
				readings.push({ expected, message: text });
				continue;
			}
			const background = model.backgroundTopic(text);
			const topic = background ? SMALL_TALK_TOPICS[background.topic] : undefined;
			readings.push({ expected, message: text, phrases: topicOf(text), model: topic && background ? { topic, probability: background.probability } : undefined });
		}
	}

	const read = (reading: Reading, threshold: number | undefined) =>
		reading.phrases ?? (threshold !== undefined && reading.model && reading.model.probability >= threshold ? reading.model.topic : undefined);
	const topics = [...new Set(Object.values(CLINC_TOPICS))];
	const others = readings.filter((reading) => !reading.expected);
	const row = (threshold: number | undefined) => {
		const recognised = Object.fromEntries(
			topics.map((topic) => {
				const ofTopic = readings.filter((reading) => reading.expected === topic);
				return [topic, Math.round((1000 * ofTopic.filter((reading) => read(reading, threshold) === topic).length) / ofTopic.length) / 10];
			}),
		);
		const wrong = others.filter((reading) => read(reading, threshold) !== undefined);
		return { threshold: threshold ?? 'phrases only', recognised, falseSmallTalk: Math.round((10000 * wrong.length) / others.length) / 100, wrong };
	};
	const rows = [row(undefined), ...THRESHOLDS.map((threshold) => row(threshold))];

	console.log(
		`Small talk on CLINC150 ${split}: ${trials} routers of ${ROUTER_SIZE} intents (train_10), ${readings.length - others.length} small-talk and ${others.length} other messages; node's threshold ${SMALL_TALK_MIN_PROBABILITY} marked *`,
	);
	console.log(`${'model ≥'.padEnd(16)}${topics.map((topic) => topic.padEnd(10)).join('')}other messages taken for small talk`);
	for (const { threshold, recognised, falseSmallTalk } of rows) {
		const mark = threshold === SMALL_TALK_MIN_PROBABILITY ? '*' : '';
		console.log(`${`${mark}${threshold}`.padEnd(16)}${topics.map((topic) => `${recognised[topic].toFixed(1)} %`.padEnd(10)).join('')}${falseSmallTalk.toFixed(2)} %`);
	}
	const chosen = rows.find((entry) => entry.threshold === SMALL_TALK_MIN_PROBABILITY) ?? rows[0];
	for (const reading of chosen.wrong.slice(0, 12)) console.log(`  taken for ${read(reading, SMALL_TALK_MIN_PROBABILITY)}: "${reading.message}"`);
	console.log(JSON.stringify({ benchmark: 'small-talk', split, trials, rows: rows.map(({ wrong: _wrong, ...rest }) => rest) }));
}

main();

/**
 * Learning from reviewed messages (the router's *Keep a Review List*): routers of 5, 10 and 20
 * described actions (a name and one hand-written sentence, no examples: intent-data.ts,
 * WRITTEN_DESCRIPTIONS), random CLINC150 and HWU64 intents, seeded. Visitors' messages, drawn
 * from `valid` (the router's intents' messages and out-of-scope ones, shuffled), go one by one
 * through the router's whole turn (`processTurn`, the embedded model); the ones `reviewReasonOf`
 * keeps form the review list, first come first. The owner assigns each its true intent (an
 * out-of-scope message: "not an action"); after 0, 10, 25, 50 and 100 reviewed messages the
 * router learns them (`learnedClassifier`) and is measured on `test`: in-scope messages routed
 * to the right action ("right") and out-of-scope messages not routed ("refused"), by the router's
 * own rule (threshold, tie margin: `routedAction`). The router keeps learning as traffic goes on:
 * after a batch is learned, the next messages meet the router with it. "Read": how many valid
 * messages went through before the list held that many (a small router's run out before 100 are
 * listed: more traffic then comes from `train`, which a described router never learns from).
 * Against it, in the same run: the same
 * number of valid messages drawn at random, labelled the same way.
 *
 *   npm run bench:intent-learning [-- --trials 8 --seed 28 --measure test|valid --cancels 0.5 --variant shipped]
 *
 * `--cancels`: the share of visitors whose message the router sent to a wrong action (an
 * out-of-scope message to any) who cancel on the next turn ("cancel"), which puts the message on
 * the list (a cancel right after routing); 0 leaves the list to No Match and clarifying questions.
 * `--measure valid` (the tuning run): the stream is half of `valid` (and of `oos/valid`), the
 * other half is measured; `test` is not read. `--variant`: how learned examples are used
 * (`shipped`, learning-model.ts; the others, tried on valid: VARIANTS).
 * Also times the clash check: 200 stored decisions and 5 stories on a 10-action router.
 * JSON line last.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { RouterAction } from '../nodes/ActionRouter/engine/actions';
import type { RouterSettings } from '../nodes/ActionRouter/engine/decision';
import { ROUTER_DEFAULTS } from '../nodes/ActionRouter/engine/defaults';
import { BACKGROUND_TOPICS } from '../nodes/ActionRouter/engine/intent/background';
import { cachedClassifier, EmbeddedIntentModel, type EmbeddedModelOptions } from '../nodes/ActionRouter/engine/intent/embedded';
import type { IntentClassifier } from '../nodes/ActionRouter/engine/intent/types';
import { clashCheck, learnedClassifier, NO_MATCH, reviewReasonOf, routedAction, withLearned } from '../nodes/ActionRouter/engine/learning';
import { learnedByAction } from '../nodes/ActionRouter/engine/learning-model';
import { processTurn, type TurnSetup } from '../nodes/ActionRouter/engine/turn';
import type { ChatTurn } from '../nodes/shared/contract';
import { type LearnedExample, NOT_AN_ACTION, type StoredDecision } from '../nodes/shared/review-record';
import { MemoryStateStore } from '../nodes/shared/state';
import { argument, describedInWriting, ensureWordVectors, loadSplit, prng, round, sample, type Split } from './intent-data';

const DATA_SETS = { CLINC150: '../shared/data/intents/clinc150', HWU64: '../shared/data/intents/hwu64' };
/** HWU64 has no out-of-scope messages: CLINC150's stand in for both (as in the tuning run). */
const OOS = '../shared/data/intents/clinc150';
const SIZES = [5, 10, 20];
const CHECKPOINTS = [0, 10, 25, 50, 100];
/** Out-of-scope messages in the stream, per in-scope one (at most the split's). */
const OOS_SHARE = 0.3;
const OOS_MEASURED = 100;
/** In-scope `train` messages added to a router's traffic after its `valid` ones. */
const MORE_TRAFFIC = 400;
const SETTINGS: RouterSettings = { threshold: ROUTER_DEFAULTS.threshold, tieMargin: ROUTER_DEFAULTS.tieMargin, maxReasks: ROUTER_DEFAULTS.maxReasks };

interface Message {
	text: string;
	/** The intent, or NOT_AN_ACTION. */
	label: string;
}

interface Scores {
	right: number;
	inScope: number;
	refused: number;
	offTopic: number;
}

interface Checkpoint {
	reviewed: number;
	/** Valid messages read before the list held `reviewed`. */
	read: number;
	learned: Scores;
	random: Scores;
	reasons: Record<string, number>;
	/** The list was filled from `valid` alone. */
	fromValid: boolean;
}

type Variant = (actions: RouterAction[], learned: LearnedExample[]) => IntentClassifier;
/** Variants of learning-model.ts for the tuning run: learned examples `repeat` times, model options, "not an action" as `notAnAction` says. */
function tried(options: { repeat?: number; model?: Partial<EmbeddedModelOptions>; notAnAction: 'none' | 'topic' | 'refusing' | 'action'; refuseFrom?: number }): Variant {
	return (actions, learned) => {
		const byAction = learnedByAction(learned);
		const taught = actions.map((action) => ({ ...action, examples: [...action.examples, ...Array.from({ length: options.repeat ?? 1 }, () => byAction.get(action.name) ?? []).flat()] }));
		const notActions = options.notAnAction === 'none' ? [] : (byAction.get(NOT_AN_ACTION) ?? []);
		if (notActions.length === 0) return EmbeddedIntentModel.build(taught, options.model);
		if (options.notAnAction === 'action') {
			// An action of the model's that never ranks; every action's score times (1 − its score).
			const model = EmbeddedIntentModel.build([...taught, { name: '~not', description: '', examples: notActions }], options.model);
			return {
				rank: (message, topK, language) => {
					const all = model.rank(message, undefined, language);
					const not = all.find((score) => score.action === '~not')!.score;
					return all.filter((score) => score.action !== '~not').map(({ action, score }) => ({ action, score: score * (1 - not) })).slice(0, topK);
				},
			};
		}
		const model = EmbeddedIntentModel.build(taught, { ...options.model, background: [...BACKGROUND_TOPICS, notActions] });
		if (options.notAnAction === 'topic') return model;
		return {
			backgroundTopic: (message) => model.backgroundTopic(message),
			rank: (message, topK, language) => {
				const ranking = model.rank(message, topK, language);
				const likeliest = model.backgroundTopic(message);
				if (likeliest?.topic !== BACKGROUND_TOPICS.length || likeliest.probability < (options.refuseFrom ?? 0)) return ranking;
				return ranking.map(({ action, score }) => ({ action, score: score * (1 - likeliest.probability) }));
			},
		};
	};
}

const VARIANTS: Record<string, Variant> = {
	shipped: learnedClassifier,
	'no-background': (actions, learned) => cachedClassifier(withLearned(actions, learned)),
	'topic-alone': tried({ notAnAction: 'topic' }),
	'refuse-always': tried({ notAnAction: 'refusing', refuseFrom: 0 }),
	'refuse-0.5': tried({ notAnAction: 'refusing', refuseFrom: 0.5 }),
	'as-an-action': tried({ notAnAction: 'action' }),
	twice: tried({ notAnAction: 'topic', repeat: 2 }),
	'few-8': tried({ notAnAction: 'topic', model: { fewTexts: 8 } }),
};

/**
 * tsc copies only the language file the code imports (en.json); the router reads the others
 * (its phrases, a turn in another language) from beside the build's languages/index.js.
 */
function ensureLanguageFiles(): void {
	const built = join(__dirname, '..', 'nodes', 'shared', 'languages');
	const source = join(__dirname, '..', '..', '..', 'nodes', 'shared', 'languages');
	for (const file of readdirSync(source).filter((name) => name.endsWith('.json'))) {
		if (!existsSync(join(built, file))) copyFileSync(join(source, file), join(built, file));
	}
}

const described = (name: string, description: string): RouterAction => ({
	name,
	description,
	examples: [],
	triggers: { intent: true, buttonIds: [], leadCaptured: false },
	fields: [],
});

const messagesOf = (split: Split, names: Set<string>): Message[] =>
	split.texts.flatMap((text, i) => (names.has(split.labels[i]) ? [{ text, label: split.labels[i] }] : []));

const half = <T>(items: T[], which: 0 | 1) => items.filter((_, i) => i % 2 === which);

function measure(actions: RouterAction[], classifier: IntentClassifier, inScope: Message[], offTopic: string[]): Scores {
	const right = inScope.filter(({ text, label }) => routedAction(text, actions, classifier, SETTINGS) === label).length;
	const names = new Set(actions.map((action) => action.name));
	const refused = offTopic.filter((text) => !names.has(routedAction(text, actions, classifier, SETTINGS))).length;
	return { right, inScope: inScope.length, refused, offTopic: offTopic.length };
}

const asLearned = (messages: Message[]): LearnedExample[] => messages.map(({ text, label }, i) => ({ text, action: label, at: i, item: `m${i}` }));

/**
 * The traffic of one router: each message through the router's turn on a conversation of its
 * own; a visitor sent to a wrong action cancels on the next turn (`cancels` of them).
 */
async function reviewRun(actions: RouterAction[], stream: Message[], measured: { inScope: Message[]; offTopic: string[] }, options: { cancels: number; variant: Variant; random: () => number }) {
	const setup: TurnSetup = {
		actions,
		settings: SETTINGS,
		intentMode: 'embedded',
		embedded: options.variant(actions, []),
		hybridBelow: ROUTER_DEFAULTS.hybridBelow,
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		ttlSeconds: 3600,
		replies: {},
		scope: 'bench',
	};
	const list: Array<Message & { reason: string }> = [];
	const reached: Array<{ reviewed: number; read: number; learned: Scores; reasons: Record<string, number> }> = [
		{ reviewed: 0, read: 0, learned: measure(actions, setup.embedded, measured.inScope, measured.offTopic), reasons: {} },
	];
	let next = 1;
	for (const [index, { text, label }] of stream.entries()) {
		if (next >= CHECKPOINTS.length) break;
		const turn: ChatTurn = { event: 'message', message: text, conversationId: `visitor-${index}` };
		const { json } = await processTurn(turn, setup);
		let kept = reviewReasonOf(turn, json);
		const routedTo = (json.router as { outcome?: string }).outcome === 'action' ? (json.action as { name: string }).name : undefined;
		if (!kept && routedTo !== undefined && routedTo !== label && options.random() < options.cancels) {
			const cancel: ChatTurn = { event: 'message', message: 'cancel', conversationId: `visitor-${index}` };
			kept = reviewReasonOf(cancel, (await processTurn(cancel, setup)).json);
		}
		if (kept) {
			if (kept.message !== text) throw new Error(`The review list kept "${kept.message}" for "${text}"`);
			list.push({ text, label, reason: kept.reason });
		}
		while (next < CHECKPOINTS.length && list.length >= CHECKPOINTS[next]) {
			const reviewed = list.slice(0, CHECKPOINTS[next]);
			setup.embedded = options.variant(actions, asLearned(reviewed));
			const reasons: Record<string, number> = {};
			for (const { reason, label } of reviewed) {
				reasons[reason] = (reasons[reason] ?? 0) + 1;
				if (label !== NOT_AN_ACTION) reasons['(in scope)'] = (reasons['(in scope)'] ?? 0) + 1;
			}
			reached.push({ reviewed: CHECKPOINTS[next], read: index + 1, learned: measure(actions, setup.embedded, measured.inScope, measured.offTopic), reasons });
			next++;
		}
	}
	return reached;
}

/** Traffic of one router: its intents' messages with out-of-scope ones mixed in, shuffled. */
function traffic(inScope: Message[], oos: string[], random: () => number): Message[] {
	const offTopic = sample(oos, Math.min(oos.length, Math.round(OOS_SHARE * inScope.length)), random).map((text) => ({ text, label: NOT_AN_ACTION }));
	return sample([...inScope, ...offTopic], inScope.length + offTopic.length, random);
}

async function trialsOf(name: string, dir: string, size: number, trials: number, seed: number, measureOn: string, cancels: number, variant: Variant): Promise<Checkpoint[][]> {
	const train = loadSplit(dir, 'train');
	const valid = loadSplit(dir, 'valid');
	const oosValid = loadSplit(OOS, 'oos/valid').texts;
	const oosTrain = loadSplit(OOS, 'oos/train').texts;
	const test = measureOn === 'test' ? loadSplit(dir, 'test') : undefined;
	const oosTest = measureOn === 'test' ? loadSplit(OOS, 'oos/test').texts : half(oosValid, 1);
	const all = describedInWriting(loadSplit(dir, 'train_10')).map(({ name: intent, description }) => described(intent, description));
	const random = prng(seed + size + (name === 'HWU64' ? 1000 : 0));
	const results: Checkpoint[][] = [];
	for (let trial = 0; trial < trials; trial++) {
		const actions = sample(all, size, random);
		const names = new Set(actions.map((action) => action.name));
		const validIn = messagesOf(valid, names);
		// `valid` first; when a small router's valid messages run out before 100 are reviewed, more
		// traffic from `train` (which a described router never learned from).
		const fromValid = traffic(test ? validIn : half(validIn, 0), test ? oosValid : half(oosValid, 0), random);
		const stream = [...fromValid, ...traffic(sample(messagesOf(train, names), MORE_TRAFFIC, random), oosTrain, random)];
		const measured = { inScope: test ? messagesOf(test, names) : half(validIn, 1), offTopic: sample(oosTest, OOS_MEASURED, random) };
		// Its own sequence, so that every variant meets the same routers and streams.
		const reached = await reviewRun(actions, stream, measured, { cancels, variant, random: prng(seed * 31 + trial) });
		const rest = stream.slice(fromValid.length);
		const shuffled = [...sample(fromValid, fromValid.length, random), ...sample(rest, rest.length, random)];
		results.push(
			reached.map((point) => ({
				...point,
				fromValid: point.read <= fromValid.length,
				random: measure(actions, variant(actions, asLearned(shuffled.slice(0, point.reviewed))), measured.inScope, measured.offTopic),
			})),
		);
	}
	return results;
}

const percent = (part: number, whole: number) => (whole === 0 ? NaN : round((100 * part) / whole, 1));

function summary(trials: Checkpoint[][]) {
	return CHECKPOINTS.map((reviewed) => {
		const points = trials.flatMap((trial) => trial.filter((point) => point.reviewed === reviewed));
		const sum = (pick: (point: Checkpoint) => Scores) =>
			points.reduce((total, point) => {
				const s = pick(point);
				return { right: total.right + s.right, inScope: total.inScope + s.inScope, refused: total.refused + s.refused, offTopic: total.offTopic + s.offTopic };
			}, { right: 0, inScope: 0, refused: 0, offTopic: 0 });
		const learned = sum((point) => point.learned);
		const random = sum((point) => point.random);
		const reasons: Record<string, number> = {};
		for (const point of points) for (const [reason, count] of Object.entries(point.reasons)) reasons[reason] = (reasons[reason] ?? 0) + count;
		return {
			reviewed,
			trials: points.length,
			fromValid: points.filter((point) => point.fromValid).length,
			read: points.length ? round(points.reduce((total, point) => total + point.read, 0) / points.length, 0) : NaN,
			right: percent(learned.right, learned.inScope),
			refused: percent(learned.refused, learned.offTopic),
			randomRight: percent(random.right, random.inScope),
			randomRefused: percent(random.refused, random.offTopic),
			reasons,
		};
	});
}

/** The clash check's time on a 10-action router: 200 stored decisions, 5 stories of 4 turns, one candidate example. */
async function clashTiming(seed: number) {
	const dir = DATA_SETS.CLINC150;
	const random = prng(seed);
	const actions = sample(describedInWriting(loadSplit(dir, 'train_10')), 10, random).map(({ name, description }) => described(name, description));
	const names = new Set(actions.map((action) => action.name));
	// Stored decisions and stories from `train` (CLINC150 `valid` has 20 messages an intent), the candidates from `valid`.
	const valid = [...sample(messagesOf(loadSplit(dir, 'train'), names), 220, random), ...sample(messagesOf(loadSplit(dir, 'valid'), names), 10, random)];
	const classifier = learnedClassifier(actions, []);
	const decisions: StoredDecision[] = valid.slice(0, 200).map(({ text }, at) => {
		const routed = routedAction(text, actions, classifier, SETTINGS);
		return { message: text, action: names.has(routed) ? routed : null, at };
	});
	const stories = Array.from({ length: 5 }, (_, s) => ({
		name: `story ${s + 1}`,
		turns: valid.slice(200 + 4 * s, 204 + 4 * s).map(({ text }) => ({ say: text, expect: 'no match' })),
	}));
	const candidates = valid.slice(220, 230);
	const times: number[] = [];
	let changes = 0;
	for (const [i, { text, label }] of candidates.entries()) {
		const started = performance.now();
		changes += (await clashCheck({ actions, settings: SETTINGS, learned: [], candidate: { text, action: label, at: i, item: `c${i}` }, decisions, stories })).length;
		times.push(performance.now() - started);
	}
	const sorted = [...times].sort((a, b) => a - b);
	return { decisions: decisions.length, stories: stories.length, storyTurns: 20, candidates: candidates.length, medianMs: round(sorted[Math.floor(sorted.length / 2)], 0), maxMs: round(sorted[sorted.length - 1], 0), meanChanges: round(changes / candidates.length, 1) };
}

async function main(): Promise<void> {
	ensureWordVectors();
	ensureLanguageFiles();
	const trials = Number(argument('trials', '8'));
	const seed = Number(argument('seed', '28'));
	const measureOn = argument('measure', 'test');
	const cancels = Number(argument('cancels', '0.5'));
	const variantName = argument('variant', 'shipped');
	const sizes = argument('sizes', SIZES.join(',')).split(',').map(Number);
	const sets = argument('data', Object.keys(DATA_SETS).join(',')).split(',') as Array<keyof typeof DATA_SETS>;
	const variant = VARIANTS[variantName];
	if (!variant) throw new Error(`--variant is one of ${Object.keys(VARIANTS).join(', ')}`);
	console.log(
		`Learning from reviewed messages: described routers, ${trials} trials per size, seed ${seed}, stream from valid (${OOS_SHARE} out-of-scope per in-scope message), measured on ${measureOn}; ` +
			`visitors sent to a wrong action who cancel: ${cancels}; variant ${variantName}; threshold ${SETTINGS.threshold}, tie margin ${SETTINGS.tieMargin}`,
	);
	const results = [];
	const started = performance.now();
	for (const name of sets) {
		for (const size of sizes) {
			const rows = summary(await trialsOf(name, DATA_SETS[name], size, trials, seed, measureOn, cancels, variant));
			results.push({ data: name, size, rows });
			console.log(`\n${name}, ${size} actions   reviewed  read   right / refused    random: right / refused   (trials, from valid alone)  reasons`);
			for (const row of rows) {
				const reasons = Object.entries(row.reasons).map(([reason, count]) => `${reason} ${count}`).join(', ');
				console.log(
					`${''.padEnd(22)}${String(row.reviewed).padStart(8)}  ${String(row.read).padStart(5)}   ${`${row.right} / ${row.refused}`.padEnd(16)}   ${`${row.randomRight} / ${row.randomRefused}`.padEnd(24)}  (${row.trials}, ${row.fromValid})  ${reasons}`,
				);
			}
		}
	}
	const seconds = round((performance.now() - started) / 1000, 0);
	const clash = await clashTiming(seed);
	console.log(`\nClash check, 10 actions, ${clash.decisions} decisions + ${clash.stories} stories (${clash.storyTurns} turns), one example: median ${clash.medianMs} ms, max ${clash.maxMs} ms (${clash.candidates} candidates, ${clash.meanChanges} changes each on average)`);
	console.log(`Routers: ${seconds} s`);
	console.log(JSON.stringify({ benchmark: 'intent-learning', trials, seed, measure: measureOn, cancels, variant: variantName, noMatch: NO_MATCH, results, clash }));
}

void main();

/**
 * The embedded model taught the examples the flow's owner assigned on the review list
 * (learning.ts): each added to its action's own examples, and the messages the owner said are no
 * action learned as a background topic of their own (background.ts). How they were chosen:
 * BENCHMARKS.md, "Learning from reviewed messages".
 */
import { createHash } from 'node:crypto';

import { type LearnedExample, NOT_AN_ACTION } from '../../shared/review-record';
import { BACKGROUND_TOPICS } from './intent/background';
import { cachedClassifier, configurationHash, EmbeddedIntentModel } from './intent/embedded';
import type { ActionDefinitionForIntent, IntentClassifier, IntentExplanation, IntentScore } from './intent/types';

/** Learned examples kept per action (and of "not an action"), the newest. */
export const LEARNED_PER_ACTION = 50;

const sameText = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The learned examples by action (NOT_AN_ACTION among them), oldest first: each text once, where
 * its newest assignment puts it, and at most LEARNED_PER_ACTION per action, the newest.
 */
export function learnedByAction(learned: readonly LearnedExample[]): Map<string, string[]> {
	const newestFirst = learned
		.map((example, index) => ({ example, index }))
		.filter(({ example }) => typeof example.text === 'string' && example.text.trim() !== '' && typeof example.action === 'string')
		.sort((a, b) => b.example.at - a.example.at || b.index - a.index);
	const seen = new Set<string>();
	const byAction = new Map<string, string[]>();
	for (const { example } of newestFirst) {
		const key = sameText(example.text);
		if (seen.has(key)) continue;
		seen.add(key);
		const texts = byAction.get(example.action) ?? [];
		if (texts.length < LEARNED_PER_ACTION) texts.push(example.text.trim());
		byAction.set(example.action, texts);
	}
	for (const texts of byAction.values()) texts.reverse();
	return byAction;
}

/**
 * The actions with the examples the owner assigned added after their own (one an action already
 * has is not added twice). Examples of an action the router no longer has, and NOT_AN_ACTION's,
 * are not added: "not an action" is `learnedClassifier`'s background topic.
 */
export function withLearned<T extends ActionDefinitionForIntent>(actions: readonly T[], learned: readonly LearnedExample[]): T[] {
	const byAction = learnedByAction(learned);
	return actions.map((action) => {
		const own = Array.isArray(action.examples) ? action.examples : [];
		const known = new Set(own.map(sameText));
		const added = (byAction.get(action.name) ?? []).filter((example) => !known.has(sameText(example)));
		return added.length === 0 ? action : { ...action, examples: [...own, ...added] };
	});
}

/**
 * How likely the model must find the learned "not an action" topic (against every action and
 * every other topic) for a message to be refused as one. Chosen on `valid` (BENCHMARKS.md,
 * "Learning from reviewed messages"): at any probability, routers that learned many such messages
 * route 1-4 points fewer of their requests; from 0.7, as many as without the rule.
 */
const NOT_AN_ACTION_MIN_PROBABILITY = 0.7;

/**
 * The embedded model with the messages the owner said are no action as one more background topic
 * (after the shipped ones). The model's score reads "is it any action?" only a little (embedded.ts,
 * P(any action)^δ), enough for small talk but not for a message the owner marked, which still
 * routed: where that topic is the likeliest class, by NOT_AN_ACTION_MIN_PROBABILITY at least, each
 * action's score is multiplied by what is left of the probability, so the message and its close
 * rephrasings are refused. Any other message is ranked as the model ranks it.
 */
class LearnedIntentModel implements IntentClassifier {
	constructor(
		private readonly model: EmbeddedIntentModel,
		/** The learned topic's index among the background topics. */
		private readonly notAnAction: number,
	) {}

	get languages(): readonly string[] {
		return this.model.languages;
	}

	rank(message: string, topK?: number, language?: string): IntentScore[] {
		const ranking = this.model.rank(message, topK, language);
		const likeliest = this.model.backgroundTopic(message);
		if (likeliest?.topic !== this.notAnAction || likeliest.probability < NOT_AN_ACTION_MIN_PROBABILITY) return ranking;
		return ranking.map(({ action, score }) => ({ action, score: score * (1 - likeliest.probability) }));
	}

	backgroundTopic(message: string): { topic: number; probability: number } | undefined {
		return this.model.backgroundTopic(message);
	}

	explain(message: string, action: string, language?: string): IntentExplanation {
		return this.model.explain(message, action, language);
	}
}

/**
 * The embedded model of the actions with the learned examples: each added to its action's own
 * (`withLearned`), the "not an action" ones learned as LearnedIntentModel says. Built once per
 * configuration and set of examples (in the embedded model's own cache when none is "not an action").
 */
export function learnedClassifier(actions: readonly ActionDefinitionForIntent[], learned: readonly LearnedExample[]): IntentClassifier {
	const taught = withLearned(actions, learned);
	const notActions = learnedByAction(learned).get(NOT_AN_ACTION) ?? [];
	if (notActions.length === 0) return cachedClassifier(taught);
	const key = createHash('sha256').update(configurationHash(taught)).update(JSON.stringify(notActions)).digest('hex');
	const hit = cache.get(key);
	if (hit) {
		// Re-inserting marks it most recently used (a Map iterates in insertion order).
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const model = new LearnedIntentModel(EmbeddedIntentModel.build(taught, { learnedBackground: notActions }), BACKGROUND_TOPICS.length);
	cache.set(key, model);
	if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	return model;
}

/** Models with learned "not an action" messages, least recently used out first (as the embedded model's cache). */
const CACHE_LIMIT = 16;
const cache = new Map<string, LearnedIntentModel>();

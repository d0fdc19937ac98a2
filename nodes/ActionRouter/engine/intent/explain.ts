/**
 * Why the embedded model scores a message as it does for one action, for the router's
 * explanation: the message's words that weigh most for it, and the action's texts the message is
 * nearest to. Ranking never calls it; the router asks it once per turn that a model decided.
 *
 * A word's weight is how much lower the action scores with the word left out (every occurrence
 * of it): the model's whole score, sentence vector and softmax included, not a part of it that
 * happens to be linear. It costs one scoring per distinct word, and a message has few.
 */
import type { Token } from './normalize';
import { inVisitorsWords } from './training';
import type { ActionDefinitionForIntent, IntentExplanation } from './types';

/** The texts the actions were learned from, kept for the explanation only. */
export interface LearnedTexts {
	/** Each text (example, description, name), in the order of the model's example rows. */
	texts: readonly string[];
	/**
	 * The stems of their words. Only a word the flow's owner wrote (or its misspelling, read as
	 * that word) is named: a visitor's own name or street never is, whatever it weighs.
	 */
	stems: ReadonlySet<string>;
}

/** `texts` as trainingTexts gives them; a description is shown as the owner wrote it, not in the visitor's words it is learned in. */
export function learnedTexts(actions: ActionDefinitionForIntent[], texts: ReadonlyArray<{ text: string }>, tokens: ReadonlyArray<readonly Token[]>): LearnedTexts {
	const written = new Map(actions.filter((action) => typeof action.description === 'string').map((action) => [inVisitorsWords(action.description), action.description]));
	return { texts: texts.map(({ text }) => written.get(text) ?? text), stems: new Set(tokens.flatMap((words) => words.map((token) => token.stem))) };
}

const MAX_WORDS = 6;
const MAX_TEXTS = 3;
/** A longer message has its first this many distinct words weighed: the cost stays bounded. */
const MAX_WEIGHED = 24;
/** A word whose leaving out moves the score by less than this weighed nothing worth naming. */
const MIN_WEIGHT = 0.01;

/** What looks like a personal value: an address, or a number of three digits or more (an order, a phone). */
function looksPersonal(word: string): boolean {
	return word.includes('@') || (word.match(/\p{Nd}/gu)?.length ?? 0) >= 3;
}

/** A text with what looks like a personal value replaced by "…" (a learned example may be a visitor's message). */
function withoutPersonalValues(text: string): string {
	return text.replace(/\S+/g, (word) => (looksPersonal(word) ? '…' : word));
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The words of `tokens` whose leaving out lowers `scoreOf` most, the strongest first: words
 * that weigh for the action only, words of the learned texts only, no number placeholder.
 */
export function wordsThatWeigh(action: string, tokens: Token[], learned: LearnedTexts, scoreOf: (tokens: Token[]) => number): IntentExplanation['words'] {
	const whole = scoreOf(tokens);
	const candidates = [...new Set(tokens.map((token) => token.word))]
		.filter((word) => /\p{L}/u.test(word) && !looksPersonal(word) && tokens.some((token) => token.word === word && learned.stems.has(token.stem)))
		.slice(0, MAX_WEIGHED);
	return candidates
		.map((word) => ({ word, action, weight: round(whole - scoreOf(tokens.filter((token) => token.word !== word))) }))
		.filter((word) => word.weight >= MIN_WEIGHT)
		.sort((a, b) => b.weight - a.weight)
		.slice(0, MAX_WORDS);
}

/** The action's texts nearest to the message: `similarity[i]` is the message's cosine with text i, `actionOf[i]` its action. */
export function nearestTexts(action: string, k: number, similarity: Float64Array, actionOf: Int32Array, learned: LearnedTexts): IntentExplanation['examples'] {
	const rows: number[] = [];
	for (let i = 0; i < similarity.length; i++) if (actionOf[i] === k && similarity[i] > 0) rows.push(i);
	return rows
		.sort((a, b) => similarity[b] - similarity[a])
		.slice(0, MAX_TEXTS)
		.map((i) => ({ action, text: withoutPersonalValues(learned.texts[i]), similarity: round(similarity[i]) }));
}

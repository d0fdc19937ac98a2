/**
 * What the embedded model learns from: each action's texts (examples, description in the
 * visitor's words, name) and the language each is in, the background topics' messages, and
 * which of those to keep.
 */
import { detectAmong, detectLanguage } from '../language';
import type { SparseVector } from './features';
import { splitIdentifier } from './normalize';
import { Postings } from './postings';
import type { ActionDefinitionForIntent } from './types';
import { denseDot } from './vector-math';

export interface TrainingText {
	text: string;
	action: number;
}

/** Action names, first occurrence wins; a repeated name adds its examples to the first. */
export function uniqueNames(actions: ActionDefinitionForIntent[]): string[] {
	return [...new Set(actions.map((action) => String(action.name)))];
}

/**
 * What each action is learned from: its examples, its description and its name split into
 * words ("reset_api_key" → "reset api key"), the last two counting as one more example each.
 */
export function trainingTexts(actions: ActionDefinitionForIntent[], names: string[]): TrainingText[] {
	const index = new Map(names.map((name, i) => [name, i]));
	const texts: TrainingText[] = [];
	for (const action of actions) {
		const id = index.get(String(action.name))!;
		const description = typeof action.description === 'string' ? inVisitorsWords(action.description) : action.description;
		const candidates = [...(Array.isArray(action.examples) ? action.examples : []), description, splitIdentifier(action.name)];
		for (const text of candidates) {
			if (typeof text === 'string' && text.trim() !== '') texts.push({ text, action: id });
		}
	}
	return texts;
}

/**
 * A description is written about the visitor ("Tell the user their order status"), a message
 * by them ("tell me my order status"): the description is learned in the visitor's words,
 * so that it shares "me" and "my" with the messages instead of "the user" and "their".
 */
export function inVisitorsWords(description: string): string {
	return description
		.replace(/\b(?:the|a|an|this|that)\s+(?:visitor|user|customer|client|caller|person|shopper|member|guest)'s\b/gi, 'my')
		.replace(/\b(?:the|a|an|this|that)\s+(?:visitor|user|customer|client|caller|person|shopper|member|guest)s?\b/gi, 'me')
		.replace(/\btheir\b/gi, 'my')
		.replace(/\bthemselves\b/gi, 'myself')
		.replace(/\bthem\b/gi, 'me')
		.replace(/\bthey\b/gi, 'I');
}

/** The background topics' messages, labelled after the actions: topic t is class `actions + t`. */
export function backgroundTexts(topics: ReadonlyArray<readonly string[]>, actions: number): TrainingText[] {
	return topics.flatMap((texts, t) => texts.filter((text) => text.trim() !== '').map((text) => ({ text, action: actions + t })));
}

/**
 * The background messages (their indices) whose cosine with every action text is below
 * `overlap`, over features and, when given, over sentence vectors.
 */
export function keepBackground(
	topics: number[],
	topicOverlap: number,
	background: SparseVector[],
	own: SparseVector[],
	featureCount: number,
	overlap: number,
	meaning?: { background: Float32Array[]; own: Float32Array[]; overlap: number },
): number[] {
	if (background.length === 0) return [];
	const index = Postings.fromRows(own, featureCount);
	const cosines = new Float64Array(own.length);
	const size = new Map<number, number>();
	const dropped = new Map<number, number>();
	const overlaps = background.map((vector, i) => {
		size.set(topics[i], (size.get(topics[i]) ?? 0) + 1);
		cosines.fill(0);
		index.accumulate(vector, cosines);
		let max = 0;
		for (const cosine of cosines) if (cosine > max) max = cosine;
		const overlapping = max >= overlap || (meaning !== undefined && meaning.own.some((sentence) => denseDot(sentence, meaning.background[i]) >= meaning.overlap));
		if (overlapping) dropped.set(topics[i], (dropped.get(topics[i]) ?? 0) + 1);
		return overlapping;
	});
	return background.flatMap((_, i) => (overlaps[i] || (dropped.get(topics[i]) ?? 0) >= topicOverlap * size.get(topics[i])! ? [] : [i]));
}

/** Labels renumbered so that background topics left with no message leave no empty class. */
export function compactLabels(labels: number[], actions: number): { labels: number[]; classCount: number } {
	const renumbered = new Map<number, number>();
	const out = labels.map((label) => {
		if (label < actions) return label;
		if (!renumbered.has(label)) renumbered.set(label, actions + renumbered.size);
		return renumbered.get(label)!;
	});
	return { labels: out, classCount: actions + renumbered.size };
}

/**
 * Each text's language (by index in `own`): the one given; else the router's languages are those
 * at least a quarter of its clearly detected texts are in (a stray detection of an English example
 * as Afrikaans makes no second language), a text too short to tell is placed among them
 * (language.ts, detectAmong), and a text in none of them is in its action's most used language,
 * else the router's. Names are texts too: mostly too short to tell, they go with their action.
 */
export function languagesOf(own: TrainingText[], actionCount: number, given: string | undefined): string[] {
	if (given) return own.map(() => given);
	const clear = own.map(({ text }) => detectLanguage(text));
	const seen = clear.filter((language): language is string => language !== undefined);
	const candidates = [...new Set(seen)].filter((language) => count(seen, language) >= 2);
	const placed = clear.map((language, i) => language ?? detectAmong(own[i].text, candidates));
	const decided = placed.filter((language): language is string => language !== undefined);
	const ranked = [...new Set(decided)].sort((a, b) => count(decided, b) - count(decided, a));
	const kept = ranked.filter((language) => count(decided, language) >= Math.max(2, MIN_LANGUAGE_SHARE * decided.length));
	const main = kept[0] ?? ranked[0] ?? 'en';
	const byAction = Array.from({ length: actionCount }, (_, action) => {
		const languages = placed.filter((language, i): language is string => own[i].action === action && language !== undefined && kept.includes(language));
		return [...new Set(languages)].sort((a, b) => count(languages, b) - count(languages, a))[0] ?? main;
	});
	return placed.map((language, i) => (language !== undefined && kept.includes(language) ? language : byAction[own[i].action]));
}

/** The share of a router's detected texts a language needs to count as one of its languages. */
const MIN_LANGUAGE_SHARE = 0.25;

export function count<T>(items: readonly T[], item: T): number {
	return items.filter((other) => other === item).length;
}

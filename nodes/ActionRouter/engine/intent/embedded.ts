/**
 * The embedded intent model: no LLM, no network, no weights to download. It is built from
 * the configured actions (name, description, example phrases) in a few milliseconds and
 * ranks a message against them in well under one. Its one piece of outside knowledge is a
 * table of pretrained English word vectors shipped with the package (word-vectors.ts).
 *
 * Two experts, combined:
 *   1. Similarity. TF-IDF vectors over word stems, stem bigrams and character n-grams
 *      (features.ts); an action's similarity to a message is the mean of its centroid's
 *      cosine and its nearest example's cosine. The centroid speaks for what the examples
 *      share, the nearest example for a phrasing only one of them has. Cosines are absolute:
 *      a message unlike every example scores low everywhere, which is what "no match" needs.
 *   2. Discrimination. A sparse softmax regression (softmax.ts) over word and bigram
 *      features, which knows which words separate neighbouring actions. It also reads the
 *      message's sentence vector (sentence.ts: averaged pretrained word vectors), which
 *      carries meaning across words no example shares ("sockets" → `plug_type`). Next to the
 *      actions it learns background topics (background.ts: greetings, small talk, questions
 *      about a company or a product, general questions), so that a message that is no action
 *      has somewhere else to go: normalised over the actions alone, the regression would be
 *      sure of one of two actions for the weather. Background messages that resemble one of
 *      the router's own actions are left out of the build, so an action keeps its requests.
 *
 * score = similarity^(1-γ) · p^γ · P(any action)^δ, where p is the action's probability among
 * the actions, rescaled so that chance is 0 (which action), and P(any action) the
 * probability of the actions against the background topics (whether any): high only when
 * the message is like the action's texts, unlike its neighbours' and unlike small talk. It
 * lies in 0..1 and means the same for every message, so one threshold and one tie margin apply.
 *
 * The action's name and description are texts it is learned from like its examples, and
 * more: the description is read in the visitor's words ("the user's order" → "my order"),
 * every action weighs the same in the regression however many texts it has, and the
 * similarity of an action with few texts is scaled up (`fewTexts`) and is half meaning: the
 * cosine of the message's sentence vector with its texts' (`fewTextsMeaning`), since a
 * request rarely repeats the words of a one-sentence description. An action configured
 * with a name and one sentence then routes clear requests without examples.
 *
 * A misspelt word that no training text and no word vector knows is read as the nearest
 * word of the training texts before anything is scored (spelling.ts).
 */
import { createHash } from 'node:crypto';

import { BACKGROUND_TOPICS } from './background';
import { type LearnedTexts, learnedTexts, nearestTexts, wordsThatWeigh } from './explain';
import { FeatureSpace, countFeatures, type SparseVector } from './features';
import { DEFAULT_MODEL_OPTIONS, type EmbeddedModelOptions } from './model-options';
import { detectAmong, detectLanguage } from '../language';
import { stem, tokenize, type Token } from './normalize';
import { Postings } from './postings';
import { SentenceEncoder } from './sentence';
import { SpellingCorrector } from './spelling';
import { SparseSoftmax } from './softmax';
import { backgroundTexts, compactLabels, count, keepBackground, languagesOf, trainingTexts, uniqueNames } from './training';
import type { ActionDefinitionForIntent, IntentClassifier, IntentExplanation, IntentScore } from './types';
import { aboveChance, centroidsOf, clamp01, countsOf, fewTextMeanings } from './vector-math';
import { defaultWordVectors } from './word-vectors';

export type { EmbeddedModelOptions };

export class EmbeddedIntentModel implements IntentClassifier {
	private constructor(
		private readonly actionNames: string[],
		/** The actions, then the background topics kept. */
		private readonly classCount: number,
		private readonly space: FeatureSpace,
		/** Example → features, for the nearest example. */
		private readonly examples: Postings,
		private readonly exampleAction: Int32Array,
		/** Action → centroid features. */
		private readonly centroids: Postings,
		/** Action → how many texts it was learned from. */
		private readonly textCounts: Int32Array,
		private readonly softmax: SparseSoftmax,
		private readonly encoder: SentenceEncoder | null,
		private readonly spelling: SpellingCorrector,
		/** Per action learned from few texts: their mean sentence vector (k · dimensions ..), else zeros. */
		private readonly meanings: Float32Array | null,
		private readonly options: EmbeddedModelOptions,
		/** Per background class (after the actions): its topic's index in the background given. */
		private readonly topicOfClass: Int32Array,
		/** The languages of the actions' texts, the most used first. */
		readonly languages: readonly string[],
		/** What the explanation names: the texts learned from and their words. */
		private readonly learned: LearnedTexts,
	) {}

	static build(actions: ActionDefinitionForIntent[], options: Partial<EmbeddedModelOptions> = {}): EmbeddedIntentModel {
		const settings = { ...DEFAULT_MODEL_OPTIONS, ...options };
		const actionNames = uniqueNames(actions);
		const own = trainingTexts(actions, actionNames);
		const textLanguages = languagesOf(own, actionNames.length, settings.language);
		const languages = [...new Set(textLanguages)].sort((a, b) => count(textLanguages, b) - count(textLanguages, a));
		const english = languages[0] === 'en';
		const shipped = !english ? [] : settings.background === undefined ? BACKGROUND_TOPICS : (settings.background ?? []);
		// The owner's "not an action" topic comes after the shipped ones, at the same index whatever
		// the language (empty places keep it there; an empty topic makes no class).
		const learned = settings.learnedBackground ?? [];
		const topics = learned.length === 0 ? shipped : [...(english ? shipped : BACKGROUND_TOPICS.map(() => [])), learned];
		const candidates = [...own, ...backgroundTexts(topics, actionNames.length)];
		const space = new FeatureSpace(settings.features);
		const allTokens = candidates.map(({ text }, i) => tokenize(text, textLanguages[i] ?? 'en'));
		const allCounts = allTokens.map((t) => countFeatures(t, settings.features));
		// The background's words count in the document frequencies: "can you", "what is" are
		// common in any chat, however few examples a small router has.
		space.fit(allCounts);
		const allVectors = allCounts.map((c) => space.vectorizeCounts(c));
		const ownVectors = allVectors.slice(0, own.length);
		const wordVectors = !english ? null : settings.wordVectors === undefined ? defaultWordVectors() : settings.wordVectors;
		const fullEncoder = wordVectors ? SentenceEncoder.fit(allTokens, wordVectors) : null;
		const allSentences = fullEncoder ? allTokens.map((t) => fullEncoder.encode(t)) : undefined;
		const kept = keepBackground(
			candidates.slice(own.length).map(({ action }) => action),
			settings.backgroundTopicOverlap,
			allVectors.slice(own.length),
			ownVectors,
			space.size,
			settings.backgroundOverlap,
			allSentences ? { background: allSentences.slice(own.length), own: allSentences.slice(0, own.length), overlap: settings.backgroundMeaningOverlap } : undefined,
		).map((i) => own.length + i);
		const index = [...own.keys(), ...kept];
		const { labels, classCount } = compactLabels(index.map((i) => candidates[i].action), actionNames.length);
		const tokens = index.map((i) => allTokens[i]);
		const vectors = index.map((i) => allVectors[i]);
		const encoder = wordVectors ? SentenceEncoder.fit(tokens, wordVectors) : null;
		const sentences = encoder ? tokens.map((t) => encoder.encode(t)) : undefined;
		const backgroundClasses = Array.from({ length: classCount - actionNames.length }, (_, i) => actionNames.length + i);
		const softmax = SparseSoftmax.train(
			vectors.map((v) => (encoder ? space.wordPart(v) : v)),
			labels,
			classCount,
			space.size,
			encoder ? settings.softmax : { ...settings.softmax, ...settings.softmaxWithoutVectors },
			sentences,
			backgroundClasses,
		);
		const ownLabels = labels.slice(0, own.length);
		return new EmbeddedIntentModel(
			actionNames,
			classCount,
			space,
			Postings.fromRows(ownVectors, space.size),
			Int32Array.from(ownLabels),
			Postings.fromRows(centroidsOf(ownVectors, ownLabels, actionNames.length), space.size),
			countsOf(ownLabels, actionNames.length),
			softmax,
			encoder,
			new SpellingCorrector(tokens, wordVectors ? (word) => wordVectors.has(word) : () => false, (word) => stem(word, languages[0])),
			encoder && sentences && settings.fewTextsMeaning > 0 ? fewTextMeanings(sentences.slice(0, own.length), ownLabels, actionNames.length, settings.fewTexts) : null,
			settings,
			topicsOfClasses(index.map((i) => candidates[i].action), labels, actionNames.length, classCount),
			languages,
			learnedTexts(actions, own, allTokens.slice(0, own.length)),
		);
	}

	/**
	 * A message's words, in the language of the actions' texts it is written in: the turn's, when
	 * the caller knows it and the examples are in it; else as detected; else the most used one.
	 */
	private read(message: string, turnLanguage?: string): Token[] {
		const [main = 'en', ...others] = this.languages;
		if (others.length === 0) return this.spelling.correct(tokenize(message, main));
		if (turnLanguage !== undefined && this.languages.includes(turnLanguage)) return this.spelling.correct(tokenize(message, turnLanguage));
		const clear = detectLanguage(message);
		const language = clear !== undefined && this.languages.includes(clear) ? clear : (detectAmong(message, this.languages) ?? main);
		return this.spelling.correct(tokenize(message, language));
	}

	get actions(): readonly string[] {
		return this.actionNames;
	}

	rank(message: string, topK?: number, language?: string): IntentScore[] {
		const scores = this.scoreBySentence(typeof message === 'string' ? message : '', language);
		const ranking = this.actionNames.map((action, i) => ({ action, score: scores[i] }));
		ranking.sort((a, b) => b.score - a.score || a.action.localeCompare(b.action));
		return topK === undefined ? ranking : ranking.slice(0, Math.max(0, topK));
	}

	/**
	 * Which background topic the message is most likely about, when one is more likely than every
	 * action (its index in the background the model learned, and its probability); undefined when an
	 * action is the likeliest. Small talk for the router (topics.ts) beyond the phrases it knows.
	 */
	backgroundTopic(message: string): { topic: number; probability: number } | undefined {
		const tokens = this.read(typeof message === 'string' ? message : '');
		const query = this.space.vectorizeCounts(countFeatures(tokens, this.options.features));
		if (query.ids.length === 0 || this.classCount === this.actionNames.length) return undefined;
		const dense = this.encoder ? this.encoder.encode(tokens) : undefined;
		const probability = this.softmax.probabilities(this.regressionPart(query), new Float64Array(this.classCount), dense);
		let best = 0;
		for (let k = 1; k < this.classCount; k++) if (probability[k] > probability[best]) best = k;
		if (best < this.actionNames.length) return undefined;
		return { topic: this.topicOfClass[best - this.actionNames.length], probability: probability[best] };
	}

	/**
	 * A long message of several sentences scores, for each action, the best of the whole and of
	 * each sentence: a request told with its story around it ("…so our key is out there now.
	 * Could you rotate it? Thanks!") is as clear as the request alone, whose words the story
	 * dilutes. A short message is read whole, and a sentence of a word or two is no request of its
	 * own: "Can I switch to an aisle seat? Booking PLT220" is about the seat, not the booking.
	 */
	private scoreBySentence(message: string, turnLanguage?: string): Float64Array {
		const scores = this.score(message, turnLanguage);
		// Most messages are one sentence: no second tokenising for them.
		const language = this.languages[0] ?? 'en';
		if (!SENTENCE_END.test(message.trim()) || tokenize(message, language).length < LONG_MESSAGE_WORDS) return scores;
		const sentences = message.split(SENTENCE_END).filter((sentence) => tokenize(sentence, language).length >= SENTENCE_WORDS);
		if (sentences.length < 2) return scores;
		for (const sentence of sentences) {
			const part = this.score(sentence, turnLanguage);
			for (let k = 0; k < scores.length; k++) if (part[k] > scores[k]) scores[k] = part[k];
		}
		return scores;
	}

	/**
	 * Why the message scores as it does for `action` (explain.ts): the words that weigh most for
	 * it and its nearest texts. Not part of ranking: several scorings of the message.
	 */
	explain(message: string, action: string, language?: string): IntentExplanation {
		const k = this.actionNames.indexOf(action);
		const tokens = this.read(typeof message === 'string' ? message : '', language);
		if (k < 0 || tokens.length === 0) return { words: [], examples: [] };
		const similarity = new Float64Array(this.examples.rowCount);
		this.examples.accumulate(this.space.vectorizeCounts(countFeatures(tokens, this.options.features)), similarity);
		return {
			words: wordsThatWeigh(action, tokens, this.learned, (kept) => this.scoreTokens(kept)[k]),
			examples: nearestTexts(action, k, similarity, this.exampleAction, this.learned),
		};
	}

	/** One score per action, in the order of `actions`. */
	private score(message: string, turnLanguage?: string): Float64Array {
		return this.scoreTokens(this.read(message, turnLanguage));
	}

	private scoreTokens(tokens: Token[]): Float64Array {
		const count = this.actionNames.length;
		const scores = new Float64Array(count);
		if (count === 0) return scores;
		const query = this.space.vectorizeCounts(countFeatures(tokens, this.options.features));
		if (query.ids.length === 0) return scores;
		const similarity = this.similarity(query);
		const dense = this.encoder ? this.encoder.encode(tokens) : undefined;
		const probability = this.softmax.probabilities(this.regressionPart(query), new Float64Array(this.classCount), dense);
		const few = this.options.fewTexts;
		for (let k = 0; k < count; k++) if (this.textCounts[k] < few) similarity[k] *= Math.sqrt(few / Math.max(1, this.textCounts[k]));
		if (this.meanings && dense) {
			const share = this.options.fewTextsMeaning;
			const dimensions = dense.length;
			for (let k = 0; k < count; k++) {
				if (this.textCounts[k] >= few) continue;
				let cosine = 0;
				for (let d = 0; d < dimensions; d++) cosine += dense[d] * this.meanings[k * dimensions + d];
				similarity[k] = (1 - share) * similarity[k] + share * Math.max(0, cosine);
			}
		}
		const gamma = this.options.probabilityShare;
		// Which action (the probabilities among the actions), and whether any (their sum).
		let inScope = 0;
		for (let k = 0; k < count; k++) inScope += probability[k];
		for (let k = 0; k < count; k++) probability[k] = inScope > 0 ? probability[k] / inScope : 0;
		const anyAction = Math.pow(inScope, this.options.inScopePower);
		for (let k = 0; k < count; k++) {
			scores[k] = clamp01(Math.pow(Math.max(0, similarity[k]), 1 - gamma) * Math.pow(aboveChance(probability[k], count), gamma) * anyAction);
		}
		return scores;
	}

	/**
	 * What the regression reads: the word part of the message's features next to a sentence
	 * vector; all of them without one, where character n-grams are what relates a word's forms.
	 */
	private regressionPart(query: SparseVector): SparseVector {
		return this.encoder ? this.space.wordPart(query) : query;
	}

	private similarity(query: SparseVector): Float64Array {
		const count = this.actionNames.length;
		const centroid = new Float64Array(count);
		this.centroids.accumulate(query, centroid);
		const perExample = new Float64Array(this.examples.rowCount);
		this.examples.accumulate(query, perExample);
		const nearest = new Float64Array(count);
		for (let i = 0; i < perExample.length; i++) {
			const action = this.exampleAction[i];
			if (perExample[i] > nearest[action]) nearest[action] = perExample[i];
		}
		const share = this.options.centroidShare;
		for (let k = 0; k < count; k++) centroid[k] = share * centroid[k] + (1 - share) * nearest[k];
		return centroid;
	}
}

/** Each background class's topic index: `original` labels are the actions, then actions + topic index. */
function topicsOfClasses(original: number[], compact: number[], actions: number, classCount: number): Int32Array {
	const topics = new Int32Array(classCount - actions);
	original.forEach((label, i) => {
		if (compact[i] >= actions) topics[compact[i] - actions] = label - actions;
	});
	return topics;
}

/** Where a sentence ends: after . ! or ? and a space, or at a line break. */
const SENTENCE_END = /(?<=[.!?])\s+|\n+/;
/** A message of at least this many words is read sentence by sentence too, */
const LONG_MESSAGE_WORDS = 12;
/** each sentence of at least this many. */
const SENTENCE_WORDS = 3;

/**
 * Built models by configuration. The router runs once per message, the configuration
 * changes rarely: building once and reusing saves the build on every message. Keyed by a
 * hash of what the model learns from (names, descriptions, examples, in order), so editing
 * one example builds a new model. Bounded, least recently used out first, so a busy n8n with
 * many routers (or a configuration edited many times) does not grow without end.
 */
const CACHE_LIMIT = 32;
const cache = new Map<string, EmbeddedIntentModel>();

export function cachedClassifier(actions: ActionDefinitionForIntent[]): EmbeddedIntentModel {
	const key = configurationHash(actions);
	const hit = cache.get(key);
	if (hit) {
		// Re-inserting marks it most recently used (a Map iterates in insertion order).
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const model = EmbeddedIntentModel.build(actions);
	cache.set(key, model);
	if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	return model;
}

/** Only what the model learns from: an action's other settings (fields, triggers) do not count. */
export function configurationHash(actions: ActionDefinitionForIntent[]): string {
	const learned = actions.map((action) => [action.name, action.description, action.examples]);
	return createHash('sha256').update(`${MODEL_VERSION}\n${JSON.stringify(learned)}`).digest('hex');
}

/** Part of the cache key: a model built by older code is never reused by newer code. */
const MODEL_VERSION = 6;

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
 *      features: P(action | message), which knows which words separate neighbouring actions
 *      but, being normalised over the actions, is confident about anything. It also reads
 *      the message's sentence vector (sentence.ts: averaged pretrained word vectors), which
 *      carries meaning across words no example shares ("sockets" → `plug_type`).
 *
 * score = similarity^(1-γ) · p^γ (a weighted geometric mean), where p is the probability
 * rescaled so that chance is 0: high only when the message is both like the action's
 * examples and unlike its neighbours'. It lies in 0..1 and means the same for every
 * message, so one threshold and one tie margin apply.
 */
import { createHash } from 'node:crypto';

import { DEFAULT_FEATURE_OPTIONS, FeatureSpace, countFeatures, type FeatureOptions, type SparseVector } from './features';
import { splitIdentifier, tokenize } from './normalize';
import { Postings } from './postings';
import { SentenceEncoder } from './sentence';
import { DEFAULT_SOFTMAX_OPTIONS, SparseSoftmax, type SoftmaxOptions } from './softmax';
import type { ActionDefinitionForIntent, IntentClassifier, IntentScore } from './types';
import { defaultWordVectors, type WordVectors } from './word-vectors';

export interface EmbeddedModelOptions {
	features: FeatureOptions;
	softmax: SoftmaxOptions;
	/** Share of the centroid in the similarity (the rest is the nearest example). */
	centroidShare: number;
	/** γ: share of the regression's probability in the score (the rest is the similarity). */
	probabilityShare: number;
	/**
	 * Pretrained word vectors: the regression then also reads each message's sentence vector
	 * (sentence.ts). Default: the shipped table; null: sparse features only.
	 */
	wordVectors?: WordVectors | null;
}

export const DEFAULT_MODEL_OPTIONS: EmbeddedModelOptions = {
	features: DEFAULT_FEATURE_OPTIONS,
	softmax: DEFAULT_SOFTMAX_OPTIONS,
	centroidShare: 0.5,
	probabilityShare: 0.4,
};

interface TrainingText {
	text: string;
	action: number;
}

export class EmbeddedIntentModel implements IntentClassifier {
	private constructor(
		private readonly actionNames: string[],
		private readonly space: FeatureSpace,
		/** Example → features, for the nearest example. */
		private readonly examples: Postings,
		private readonly exampleAction: Int32Array,
		/** Action → centroid features. */
		private readonly centroids: Postings,
		private readonly softmax: SparseSoftmax,
		private readonly encoder: SentenceEncoder | null,
		private readonly options: EmbeddedModelOptions,
	) {}

	static build(actions: ActionDefinitionForIntent[], options: Partial<EmbeddedModelOptions> = {}): EmbeddedIntentModel {
		const settings = { ...DEFAULT_MODEL_OPTIONS, ...options };
		const actionNames = uniqueNames(actions);
		const texts = trainingTexts(actions, actionNames);
		const space = new FeatureSpace(settings.features);
		const tokens = texts.map(({ text }) => tokenize(text));
		const counts = tokens.map((t) => countFeatures(t, settings.features));
		space.fit(counts);
		const vectors = counts.map((c) => space.vectorizeCounts(c));
		const labels = texts.map(({ action }) => action);
		const wordVectors = settings.wordVectors === undefined ? defaultWordVectors() : settings.wordVectors;
		const encoder = wordVectors ? SentenceEncoder.fit(tokens, wordVectors) : null;
		const sentences = encoder ? tokens.map((t) => encoder.encode(t)) : undefined;
		const softmax = SparseSoftmax.train(
			vectors.map((v) => space.wordPart(v)),
			labels,
			actionNames.length,
			space.size,
			settings.softmax,
			sentences,
		);
		return new EmbeddedIntentModel(
			actionNames,
			space,
			Postings.fromRows(vectors, space.size),
			Int32Array.from(labels),
			Postings.fromRows(centroidsOf(vectors, labels, actionNames.length), space.size),
			softmax,
			encoder,
			settings,
		);
	}

	get actions(): readonly string[] {
		return this.actionNames;
	}

	rank(message: string, topK?: number): IntentScore[] {
		const scores = this.score(message);
		const ranking = this.actionNames.map((action, i) => ({ action, score: scores[i] }));
		ranking.sort((a, b) => b.score - a.score || a.action.localeCompare(b.action));
		return topK === undefined ? ranking : ranking.slice(0, Math.max(0, topK));
	}

	/** One score per action, in the order of `actions`. */
	private score(message: string): Float64Array {
		const count = this.actionNames.length;
		const scores = new Float64Array(count);
		if (count === 0) return scores;
		const tokens = tokenize(typeof message === 'string' ? message : '');
		const query = this.space.vectorizeCounts(countFeatures(tokens, this.options.features));
		if (query.ids.length === 0) return scores;
		const similarity = this.similarity(query);
		const dense = this.encoder ? this.encoder.encode(tokens) : undefined;
		const probability = this.softmax.probabilities(this.space.wordPart(query), new Float64Array(count), dense);
		const gamma = this.options.probabilityShare;
		for (let k = 0; k < count; k++) {
			scores[k] = clamp01(Math.pow(Math.max(0, similarity[k]), 1 - gamma) * Math.pow(aboveChance(probability[k], count), gamma));
		}
		return scores;
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
const MODEL_VERSION = 2;

/** Action names, first occurrence wins; a repeated name adds its examples to the first. */
function uniqueNames(actions: ActionDefinitionForIntent[]): string[] {
	return [...new Set(actions.map((action) => String(action.name)))];
}

/**
 * What each action is learned from: its examples, its description and its name split into
 * words ("reset_api_key" → "reset api key"), the last two counting as one more example each.
 */
function trainingTexts(actions: ActionDefinitionForIntent[], names: string[]): TrainingText[] {
	const index = new Map(names.map((name, i) => [name, i]));
	const texts: TrainingText[] = [];
	for (const action of actions) {
		const id = index.get(String(action.name))!;
		const candidates = [...(Array.isArray(action.examples) ? action.examples : []), action.description, splitIdentifier(action.name)];
		for (const text of candidates) {
			if (typeof text === 'string' && text.trim() !== '') texts.push({ text, action: id });
		}
	}
	return texts;
}

/** Each action's examples averaged and normalised: the "typical" message for it. */
function centroidsOf(vectors: SparseVector[], labels: number[], count: number): SparseVector[] {
	const sums = Array.from({ length: count }, () => new Map<number, number>());
	vectors.forEach((vector, i) => {
		const sum = sums[labels[i]];
		for (let j = 0; j < vector.ids.length; j++) sum.set(vector.ids[j], (sum.get(vector.ids[j]) ?? 0) + vector.values[j]);
	});
	return sums.map((sum) => {
		let norm = 0;
		for (const value of sum.values()) norm += value * value;
		const ids = Int32Array.from(sum.keys()).sort();
		const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		return { ids, values: Float32Array.from(ids, (id) => sum.get(id)! * scale) };
	});
}

/**
 * A probability rescaled so that chance (1 / actions) is 0 and certainty 1. With 4 actions
 * a message about the weather still gets 0.25 or more for one of them; rescaled, it gets
 * about nothing, as it would with 150 actions: the same threshold then fits small and big
 * routers. With one action there is no choice to make, and only the similarity counts.
 */
function aboveChance(probability: number, actions: number): number {
	if (actions <= 1) return 1;
	const chance = 1 / actions;
	return Math.max(0, (probability - chance) / (1 - chance));
}

function clamp01(value: number): number {
	return value > 1 ? 1 : value > 0 ? value : 0;
}

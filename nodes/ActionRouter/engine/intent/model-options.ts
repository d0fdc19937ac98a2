/**
 * The embedded model's settings and their defaults (embedded.ts says what each part does; how
 * the values were chosen: BENCHMARKS.md, Action Router).
 */
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './features';
import { DEFAULT_SOFTMAX_OPTIONS, type SoftmaxOptions } from './softmax';
import type { WordVectors } from './word-vectors';

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
	/**
	 * Generic chat messages, by topic, learned as classes that compete with the actions and
	 * never appear in a ranking (background.ts). Default: the shipped set; null: none.
	 */
	background?: ReadonlyArray<readonly string[]> | null;
	/**
	 * Messages the flow's owner said are no action (the review list), learned as one more
	 * background topic after the others, in any language: the shipped topics are English only.
	 */
	learnedBackground?: readonly string[];
	/**
	 * A background message at least this similar (cosine) to one of an action's own texts is
	 * left out, so the background does not take an action's requests.
	 */
	backgroundOverlap: number;
	/** The same with sentence vectors (paraphrases share meaning, not words). */
	backgroundMeaningOverlap: number;
	/** A topic that loses at least this share of its messages so is left out whole. */
	backgroundTopicOverlap: number;
	/**
	 * δ: the score is multiplied by P(some action)^δ, the regression's probability that the
	 * message is for an action at all rather than for a background topic.
	 */
	inScopePower: number;
	/**
	 * An action learned from fewer texts than this (a description and a name, no examples)
	 * has its similarity scaled by √(fewTexts / its texts): a message can only be as close to
	 * it as to the nearest of a few texts, where ten examples offer ten chances.
	 */
	fewTexts: number;
	/**
	 * For such an action, the share of meaning in its similarity: the cosine of the message's
	 * sentence vector with its texts' mean sentence vector, next to the words they share.
	 */
	fewTextsMeaning: number;
	/**
	 * The language of the actions' texts (ISO 639-1); default: detected from their examples and
	 * descriptions, per action. The English-only parts (word vectors, background topics) are used
	 * when it is English.
	 */
	language?: string;
	/**
	 * The regression's settings without word vectors (texts in any language but English): from
	 * sparse features alone it learns to be as sure of an action as it is with sentence vectors only
	 * with more and larger steps (xSID's valid split, BENCHMARKS.md), and is otherwise unsure of the
	 * actions it ranks right, which then fall under the threshold.
	 */
	softmaxWithoutVectors: Partial<SoftmaxOptions>;
}

export const DEFAULT_MODEL_OPTIONS: EmbeddedModelOptions = {
	features: DEFAULT_FEATURE_OPTIONS,
	softmax: DEFAULT_SOFTMAX_OPTIONS,
	centroidShare: 0.5,
	probabilityShare: 0.4,
	backgroundOverlap: 0.5,
	backgroundMeaningOverlap: 0.6,
	backgroundTopicOverlap: 0.25,
	inScopePower: 0.15,
	fewTexts: 4,
	fewTextsMeaning: 0.5,
	softmaxWithoutVectors: { epochs: 8, learningRate: 4 },
};

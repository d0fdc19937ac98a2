/**
 * Sparse TF-IDF vectors over three kinds of features, each normalised on its own and then
 * weighted, so a long message full of character n-grams does not drown its few words:
 *   - word stems ("w:reset"), which carry most of the meaning;
 *   - stem bigrams ("b:reset api"), which tell "card declined" from "declined card payment";
 *   - character n-grams of each word ("c:ese"), which forgive typos and unseen word forms.
 */
import { tokenize, type Token } from './normalize';

export interface SparseVector {
	/** Feature ids, ascending. */
	ids: Int32Array;
	values: Float32Array;
}

export interface FeatureOptions {
	wordWeight: number;
	bigramWeight: number;
	charWeight: number;
	charMin: number;
	charMax: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
	wordWeight: 1,
	bigramWeight: 0.5,
	charWeight: 0.7,
	charMin: 3,
	charMax: 5,
};

const BLOCKS = ['w', 'b', 'c'] as const;
type Block = (typeof BLOCKS)[number];

/** Raw feature counts of one text, grouped by block. */
export type FeatureCounts = Record<Block, Map<string, number>>;

function add(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}

export function countFeatures(tokens: Token[], options: FeatureOptions): FeatureCounts {
	const counts: FeatureCounts = { w: new Map(), b: new Map(), c: new Map() };
	const charGrams = options.charWeight > 0;
	for (let i = 0; i < tokens.length; i++) {
		add(counts.w, tokens[i].stem);
		// A sentence start marker makes "what is" at the start its own cue.
		add(counts.b, `${i === 0 ? '^' : tokens[i - 1].stem} ${tokens[i].stem}`);
		if (!charGrams) continue;
		const padded = ` ${tokens[i].word} `;
		for (let n = options.charMin; n <= options.charMax; n++) {
			for (let start = 0; start + n <= padded.length; start++) add(counts.c, padded.slice(start, start + n));
		}
	}
	return counts;
}

/**
 * The vocabulary and document frequencies of the training texts, and the mapping of any
 * text to a weighted, L2-normalised sparse vector over that vocabulary.
 */
export class FeatureSpace {
	private readonly ids = new Map<string, number>();
	private idf = new Float32Array(0);
	/** Per feature id: true for word and bigram features, false for character n-grams. */
	private wordLevel = new Uint8Array(0);
	private unseenIdf = 1;
	private documents = 0;

	constructor(readonly options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {}

	get size(): number {
		return this.ids.size;
	}

	/** Learns the vocabulary and IDF from the training texts' counts. */
	fit(documents: FeatureCounts[]): void {
		const df: number[] = [];
		const wordLevel: number[] = [];
		for (const counts of documents) {
			for (const block of BLOCKS) {
				for (const key of counts[block].keys()) {
					const name = `${block}:${key}`;
					let id = this.ids.get(name);
					if (id === undefined) {
						id = this.ids.size;
						this.ids.set(name, id);
						df.push(0);
						wordLevel.push(block === 'c' ? 0 : 1);
					}
					df[id]++;
				}
			}
		}
		this.documents = documents.length;
		this.idf = Float32Array.from(df, (d) => this.idfOf(d));
		this.wordLevel = Uint8Array.from(wordLevel);
		// A feature no training text has is as rare as it gets: it still counts in the
		// message's norm, so a message made of unknown words scores low everywhere.
		this.unseenIdf = this.idfOf(0);
	}

	private idfOf(df: number): number {
		return Math.log((this.documents + 1) / (df + 1)) + 1;
	}

	/**
	 * The word and bigram part of a vector, scaled back to about unit length: what the
	 * discriminative layer reads (character n-grams would multiply its cost by ten).
	 */
	wordPart(vector: SparseVector): SparseVector {
		const keep: number[] = [];
		for (let i = 0; i < vector.ids.length; i++) if (this.wordLevel[vector.ids[i]] === 1) keep.push(i);
		const { wordWeight, bigramWeight, charWeight } = this.options;
		const scale = Math.sqrt((wordWeight + bigramWeight + charWeight) / (wordWeight + bigramWeight));
		return {
			ids: Int32Array.from(keep, (i) => vector.ids[i]),
			values: Float32Array.from(keep, (i) => vector.values[i] * scale),
		};
	}

	vectorize(text: string): SparseVector {
		return this.vectorizeCounts(countFeatures(tokenize(text), this.options));
	}

	vectorizeCounts(counts: FeatureCounts): SparseVector {
		const weights: Record<Block, number> = {
			w: this.options.wordWeight,
			b: this.options.bigramWeight,
			c: this.options.charWeight,
		};
		const entries = new Map<number, number>();
		for (const block of BLOCKS) {
			if (weights[block] === 0 || counts[block].size === 0) continue;
			const known: Array<[number, number]> = [];
			let squared = 0;
			for (const [key, count] of counts[block]) {
				const id = this.ids.get(`${block}:${key}`);
				// Sublinear term frequency: a word said twice is not twice the intent.
				const tf = 1 + Math.log(count);
				const weight = tf * (id === undefined ? this.unseenIdf : this.idf[id]);
				squared += weight * weight;
				if (id !== undefined) known.push([id, weight]);
			}
			const scale = Math.sqrt(weights[block]) / Math.sqrt(squared);
			for (const [id, weight] of known) entries.set(id, weight * scale);
		}
		return toSparse(entries, totalWeight(weights, counts));
	}
}

/** The blocks' weights add up to the vector's squared norm: divide them back out. */
function totalWeight(weights: Record<Block, number>, counts: FeatureCounts): number {
	let total = 0;
	for (const block of BLOCKS) if (counts[block].size > 0) total += weights[block];
	return total;
}

function toSparse(entries: Map<number, number>, squaredNorm: number): SparseVector {
	const ids = Int32Array.from(entries.keys()).sort();
	const values = new Float32Array(ids.length);
	const scale = squaredNorm > 0 ? 1 / Math.sqrt(squaredNorm) : 0;
	for (let i = 0; i < ids.length; i++) values[i] = (entries.get(ids[i]) ?? 0) * scale;
	return { ids, values };
}

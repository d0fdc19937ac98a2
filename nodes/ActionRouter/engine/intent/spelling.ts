/**
 * Misspelt words, read as the word of the router's vocabulary they were meant to be.
 *
 * A visitor's typo ("pakcage") is a word no training text has and no word vector knows: the
 * regression and the sentence vector see nothing, and only a few character n-grams are
 * left to the similarity. So before scoring, a word that neither the training texts (the
 * actions' examples, descriptions and names, and the background topics) nor the word-vector
 * table know is replaced by the closest word of the training texts, when one is close
 * enough: within one edit for words of 4-5 letters, two from 6 letters on (a swapped pair
 * of letters is two edits here). Words the vector table knows are left alone, however
 * close to a training word ("cart" is no typo of "card"), and so are short words, numbers
 * and placeholders, where one edit turns any word into another.
 */
import { distance } from 'fastest-levenshtein';

import { stem, type Token } from './normalize';

export interface SpellingOptions {
	/** Shortest word that may be corrected at all. */
	minLength: number;
	/** Shortest word that may be two edits away from its correction (shorter: one). */
	twoEditsFrom: number;
}

const DEFAULT_SPELLING_OPTIONS: SpellingOptions = { minLength: 4, twoEditsFrom: 6 };

/** Words of alphabets, where one edit is a typo (one Chinese character more is another word). */
const ALPHABETIC = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]+$/u;

/** Bounded memo per model: the same few misspellings come back, and a miss costs a scan. */
const MEMO_LIMIT = 2_000;

export class SpellingCorrector {
	/** Vocabulary words by length, each list most frequent first (a tie goes to the commoner word). */
	private readonly byLength: string[][];
	private readonly known: Set<string>;
	private readonly memo = new Map<string, string | null>();

	constructor(
		texts: Token[][],
		/** Words that are real words although no training text has them (the vector table's). */
		private readonly isWord: (word: string) => boolean,
		/** The stem of a corrected word, in the texts' language. */
		private readonly stemOf: (word: string) => string = stem,
		private readonly options: SpellingOptions = DEFAULT_SPELLING_OPTIONS,
	) {
		const frequency = new Map<string, number>();
		for (const tokens of texts) for (const { word } of tokens) frequency.set(word, (frequency.get(word) ?? 0) + 1);
		this.known = new Set(frequency.keys());
		this.byLength = [];
		const words = [...frequency].filter(([word]) => ALPHABETIC.test(word)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		for (const [word] of words) (this.byLength[word.length] ??= []).push(word);
	}

	/** The tokens, each misspelt one replaced by its correction (the same array when none is). */
	correct(tokens: Token[]): Token[] {
		let out: Token[] | undefined;
		for (let i = 0; i < tokens.length; i++) {
			const fixed = this.correction(tokens[i].word);
			if (fixed === null) continue;
			out ??= tokens.slice();
			out[i] = { word: fixed, stem: this.stemOf(fixed) };
		}
		return out ?? tokens;
	}

	/** The vocabulary word `word` was meant to be, or null when it is no typo or too far from any. */
	correction(word: string): string | null {
		if (word.length < this.options.minLength || this.known.has(word) || !/^[a-z]+$/.test(word) || this.isWord(word)) return null;
		const memo = this.memo.get(word);
		if (memo !== undefined) return memo;
		const found = this.nearest(word);
		if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
		this.memo.set(word, found);
		return found;
	}

	private nearest(word: string): string | null {
		const limit = word.length >= this.options.twoEditsFrom ? 2 : 1;
		let best: string | null = null;
		let bestDistance = limit + 1;
		for (let length = Math.max(1, word.length - limit); length <= word.length + limit; length++) {
			for (const candidate of this.byLength[length] ?? []) {
				// A correction keeps its first letter: typos rarely hit it, and the
				// check skips most of the scan.
				if (candidate.charCodeAt(0) !== word.charCodeAt(0)) continue;
				const d = distance(word, candidate);
				if (d < bestDistance) {
					bestDistance = d;
					best = candidate;
					// The list is most frequent first: no later word of this length does better.
					if (d === 1) break;
				}
			}
		}
		return best;
	}
}

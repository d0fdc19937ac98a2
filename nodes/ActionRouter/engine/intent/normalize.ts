/**
 * From a visitor's raw message to the words the intent model compares: one normalisation
 * for training examples and messages alike, so both sides always meet on the same tokens.
 */
import { porterStem } from './stemmer';

export interface Token {
	/** The normalised surface form ("resetting"), used for character n-grams. */
	word: string;
	/** The stem ("reset"), used for word n-grams. */
	stem: string;
}

/**
 * Placeholders: which number or address it is rarely says which action is meant, that
 * there is one often does. Digits are all replaced, so "0" can only be the placeholder.
 */
const NUMBER_TOKEN = '0';
const EMAIL_TOKEN = 'email';
const URL_TOKEN = 'link';

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
	[/\bcan'?t\b/g, 'can not'],
	[/\bwon'?t\b/g, 'will not'],
	[/n't\b/g, ' not'],
	[/'re\b/g, ' are'],
	[/'m\b/g, ' am'],
	[/'ll\b/g, ' will'],
	[/'ve\b/g, ' have'],
	[/'d\b/g, ' would'],
	// "what's", "it's" and possessives ("applebee's") alike: the 's adds nothing to the intent.
	[/'s\b/g, ''],
];

/** Symbols that carry meaning, spelled out before punctuation is dropped. */
const SYMBOLS: ReadonlyArray<readonly [RegExp, string]> = [
	[/[$€£¥]/g, ' money '],
	[/%/g, ' percent '],
	[/&/g, ' and '],
	[/\+/g, ' plus '],
];

/**
 * Lower case, accents removed (NFKD then combining marks dropped: "café" = "cafe"),
 * typographic apostrophes unified, hyphenated prefixes joined, contractions expanded, e-mails,
 * URLs and numbers replaced by placeholders, any other punctuation turned into spaces.
 */
export function normalizeText(text: string): string {
	let s = String(text ?? '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\u2018\u2019\u02bc`´]/g, "'");
	s = s.replace(/\S+@\S+\.\S+/g, ` ${EMAIL_TOKEN} `).replace(/\b(?:https?:\/\/|www\.)\S+/g, ` ${URL_TOKEN} `);
	// "re-subscribe", "un-subscribe", "e-mail": the prefix joined, as training texts mostly write them.
	s = s.replace(/\b(re|un|pre|co|non|e)-(?=[a-z])/g, '$1');
	for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
	for (const [pattern, replacement] of SYMBOLS) s = s.replace(pattern, replacement);
	// "401k", "w2", "3pm": digits glued to letters are split so "401k" still shares "k" with "401 k".
	s = s.replace(/(\d)([a-z])/g, '$1 $2').replace(/([a-z])(\d)/g, '$1 $2');
	s = s.replace(/\d+(?:[.,]\d+)*/g, ` ${NUMBER_TOKEN} `);
	return s.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Splits an action name such as "reset_api-key" or "resetApiKey" into words. */
export function splitIdentifier(name: string): string {
	return String(name ?? '')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_\-./:]+/g, ' ');
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/** Porter stems, memoised: the same few thousand words come back in every message. */
export function stem(word: string): string {
	let cached = stemCache.get(word);
	if (cached === undefined) {
		cached = porterStem(word);
		if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
		stemCache.set(word, cached);
	}
	return cached;
}

export function tokenize(text: string): Token[] {
	const normalized = normalizeText(text);
	if (normalized === '') return [];
	return normalized.split(' ').map((word) => ({ word, stem: stem(word) }));
}

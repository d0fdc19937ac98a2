/**
 * From a visitor's raw message to the words the intent model compares: one normalisation
 * for training examples and messages alike, so both sides always meet on the same tokens.
 */
import { porterStem } from './stemmer';
import { stemmerFor } from './stemmers';

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
/**
 * An e-mail address in running text: ASCII on both sides, so that words of a script written
 * without spaces around it ("アカウントはops@example.jpです") stay words.
 */
export const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

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

/** Scripts written without spaces between words: Intl.Segmenter finds their words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Spaces between two CJK characters are none of the writer's (pre-tokenised text, a phone's IME). */
const CJK_SPACE = /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc])/gu;
/** Accents of alphabets whose letters are the same without them ("café" = "cafe", "ё" = "е"), and Arabic's vowel marks. */
const DROPPED_MARKS = /(?<=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+|[\u064b-\u065f\u0670]/gu;

/** Accents dropped, other marks kept (Devanagari's vowel signs, Japanese voicing marks are letters' parts). */
export function withoutAccents(word: string): string {
	return word.normalize('NFKD').replace(DROPPED_MARKS, '').normalize('NFC');
}

/**
 * Lower case, typographic apostrophes unified, hyphenated prefixes joined, English
 * contractions expanded (in English text), e-mails, URLs and numbers of any script replaced
 * by placeholders, anything that is not a letter, mark or digit of some script turned into
 * spaces. Accents stay: a stemmer reads them (`tokenize` drops them after stemming).
 */
export function normalizeText(text: string, language = 'en'): string {
	let s = String(text ?? '')
		.normalize('NFKC')
		.toLocaleLowerCase(language === 'tr' || language === 'az' ? language : undefined)
		.replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'");
	s = s.replace(EMAIL_IN_TEXT, ` ${EMAIL_TOKEN} `).replace(/\b(?:https?:\/\/|www\.)\S+/g, ` ${URL_TOKEN} `);
	// "re-subscribe", "un-subscribe", "e-mail": the prefix joined, as training texts mostly write them.
	s = s.replace(/\b(re|un|pre|co|non|e)-(?=[a-z])/g, '$1');
	if (language === 'en') for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
	for (const [pattern, replacement] of SYMBOLS) s = s.replace(pattern, replacement);
	// "401k", "w2", "3pm": digits glued to letters are split so "401k" still shares "k" with "401 k".
	s = s.replace(/(\p{Nd})(\p{L})/gu, '$1 $2').replace(/(\p{L})(\p{Nd})/gu, '$1 $2');
	s = s.replace(/\p{Nd}+(?:[.,]\p{Nd}+)*/gu, ` ${NUMBER_TOKEN} `);
	return s.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').replace(CJK_SPACE, '').trim();
}

/** Splits an action name such as "reset_api-key" or "resetApiKey" into words. */
export function splitIdentifier(name: string): string {
	return String(name ?? '')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_\-./:]+/g, ' ');
}

const segmenters = new Map<string, Intl.Segmenter>();

/** The words of a run of text written without spaces, by the language's dictionary where ICU has one. */
function segment(chunk: string, language: string): string[] {
	let segmenter = segmenters.get(language);
	if (!segmenter) {
		segmenter = new Intl.Segmenter(Intl.Segmenter.supportedLocalesOf(language).length > 0 ? language : undefined, { granularity: 'word' });
		segmenters.set(language, segmenter);
	}
	return [...segmenter.segment(chunk)].filter((part) => part.isWordLike).map((part) => part.segment);
}

const stemCaches = new Map<string, Map<string, string>>();
const STEM_CACHE_LIMIT = 50_000;

/** The stem of a word in a language (stemmers.ts), memoised: the same words come back in every message. */
export function stem(word: string, language = 'en'): string {
	let cache = stemCaches.get(language);
	if (!cache) stemCaches.set(language, (cache = new Map()));
	let cached = cache.get(word);
	if (cached === undefined) {
		cached = language === 'en' ? porterStem(word) : withoutAccents(stemmerFor(language)(word));
		if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
		cache.set(word, cached);
	}
	return cached;
}

/**
 * The words of a text in a language. English words lose their accents before Porter's stemmer
 * (it knows a-z only); other languages' words are stemmed as written and lose them after.
 */
export function tokenize(text: string, language = 'en'): Token[] {
	const normalized = normalizeText(text, language);
	if (normalized === '') return [];
	const tokens: Token[] = [];
	for (const chunk of normalized.split(' ')) {
		for (const written of UNSPACED.test(chunk) ? segment(chunk, language) : [chunk]) {
			const word = withoutAccents(written);
			if (word) tokens.push({ word, stem: language === 'en' ? stem(word) : stem(written, language) });
		}
	}
	return tokens;
}

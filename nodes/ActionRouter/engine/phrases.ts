/**
 * The phrase lists of the language files (shared/languages: small talk, request wording) as
 * patterns over a visitor's message. A list holds plain phrases a translator edits; they are
 * matched as whole words in scripts written with spaces, anywhere in a run of Chinese or
 * Japanese, whatever the case, accents or Arabic letter forms.
 */
import { LANGUAGES, textsFor } from '../../shared/languages';
import { lazy } from '../../shared/lazy';
import { withoutAccents } from './intent/normalize';

/** Scripts written without spaces between words: `\b` means nothing there, and a phrase is found inside a run of text. */
const UNSPACED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\u30fc`;
const UNSPACED_CHARACTER = new RegExp(`[${UNSPACED}]`, 'u');
/** A letter or digit of a script written with spaces: a phrase that begins or ends with one may not touch another. */
const SPACED_LETTER = String.raw`(?:(?![${UNSPACED}])[\p{L}\p{M}\p{N}])`;
const STARTS_WITH_LETTER = new RegExp(`^${SPACED_LETTER}`, 'u');
const ENDS_WITH_LETTER = new RegExp(`${SPACED_LETTER}$`, 'u');
/** Spaces between two CJK characters are none of the writer's (a phone's IME, pre-tokenised text). */
const CJK_SPACE = /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc])/gu;

/**
 * A message or a phrase as the lists are compared with it: lower case; accents dropped (people
 * type "tschuss", "cam on", "nasilsin"); Turkish dotted and dotless i alike; Arabic vowel marks
 * and tatweel dropped, alef and final ya forms unified; apostrophes unified; a hyphen between
 * letters a space ("comment allez-vous", "est-ce que").
 */
export function fold(text: string): string {
	return withoutAccents(text.replace(/\u0130/g, 'i').toLowerCase())
		.replace(/\u0131/g, 'i')
		.replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
		.replace(/\u0640/g, '')
		.replace(/[\u0622\u0623\u0625]/g, '\u0627')
		.replace(/\u0649/g, '\u064a')
		.replace(/(?<=\p{L})-(?=\p{L})/gu, ' ')
		.replace(CJK_SPACE, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/** One folded phrase as a pattern: spaces as any run of them, word boundaries where its script has them. */
function phrasePattern(phrase: string): string {
	const body = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
	const before = STARTS_WITH_LETTER.test(phrase) ? `(?<!${SPACED_LETTER})` : '';
	const after = ENDS_WITH_LETTER.test(phrase) ? `(?!${SPACED_LETTER})` : '';
	return `${before}${body}${after}`;
}

/** A list of phrases as one alternation, the longest first; one that never matches for an empty list. */
export function phrasesPattern(phrases: readonly string[]): string {
	const unique = [...new Set(phrases.map(fold).filter(Boolean))].sort((a, b) => b.length - a.length);
	return unique.length > 0 ? `(?:${unique.map(phrasePattern).join('|')})` : '(?!)';
}

/** Phrases written in a script without spaces, and the others. */
export function byScript(phrases: readonly string[]): { unspaced: string[]; spaced: string[] } {
	const unspaced = phrases.filter((phrase) => UNSPACED_CHARACTER.test(phrase));
	return { unspaced, spaced: phrases.filter((phrase) => !unspaced.includes(phrase)) };
}

/** Made on first use: ICU's word data costs milliseconds to load, at n8n's start otherwise. */
const words = lazy(() => new Intl.Segmenter(undefined, { granularity: 'word' }));

/** How many words a phrase has: Intl.Segmenter splits Chinese and Japanese by its dictionary ("转人工": 转 | 人工). */
export function wordCount(phrase: string): number {
	return [...words().segment(fold(phrase))].filter((segment) => segment.isWordLike).length;
}

/**
 * A message short enough that its other words cannot carry a request of their own: at most
 * `maxWords` words or, written in Chinese or Japanese, at most `maxCharacters` letters and digits.
 */
export function isShort(text: string, maxWords: number, maxCharacters: number): boolean {
	if (UNSPACED_CHARACTER.test(text)) return Array.from(text.replace(/[^\p{L}\p{N}]/gu, '')).length <= maxCharacters;
	return text.split(/\s+/).filter(Boolean).length <= maxWords;
}

/** Per language, the whole short messages its lists hold (its greetings, thanks, yes and no, cancels), gathered on first use. */
const lists = lazy(() => new Map(
	LANGUAGES.filter((language) => language !== 'en').map((language) => {
		const { smallTalk, confirmation, cancel } = textsFor(language);
		const topics = [smallTalk.greeting, smallTalk.thanks, smallTalk.acknowledgement, smallTalk.goodbye, smallTalk.help, smallTalk.bot, smallTalk.person];
		return [language, new Set([...topics.flat(), ...confirmation.yes, ...confirmation.no, ...cancel.phrases].map(fold))] as const;
	}),
));

/**
 * The built-in languages whose lists hold the whole message ("Danke!": de; "hallo": de and nl):
 * what a word or two says about its language when a detector cannot tell. English is not among
 * them: its phrases are patterns, and it is the fallback anyway.
 */
export function languagesSaying(message: string): string[] {
	const said = fold(message).replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '');
	if (!said) return [];
	return [...lists()].filter(([, phrases]) => phrases.has(said)).map(([language]) => language);
}

/**
 * Which language a text is written in (ISO 639-1), or undefined when it cannot say.
 *
 * A script that only one language writes decides alone (kana: Japanese, Hangul: Korean, Thai…);
 * any other text is read by `tinyld` (compared with franc and franc-min on short chat messages:
 * BENCHMARKS.md, "Languages"). Chat messages are short, and a detector is often sure of the
 * wrong language for a few words ("hello" reads as Italian, "reset my api key" as Indonesian), so
 * a detection counts only when it is clear: the detector sure of it, or one language well ahead
 * of the next in a message of several words. Otherwise the caller keeps what it knew: the
 * conversation's language, else the language of the flow's examples.
 */
import type * as TinyLd from 'tinyld';

import { lazy } from '../../shared/lazy';
import { EMAIL_IN_TEXT } from './intent/normalize';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tinyld = lazy(() => require('tinyld') as typeof TinyLd);

/** Scripts that say the language alone, tried in order (kana before Han: Japanese mixes both). */
const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
	[/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
	[/\p{Script=Hangul}/u, 'ko'],
	[/\p{Script=Han}/u, 'zh'],
	[/\p{Script=Thai}/u, 'th'],
	[/\p{Script=Hebrew}/u, 'he'],
	[/\p{Script=Greek}/u, 'el'],
	[/\p{Script=Georgian}/u, 'ka'],
	[/\p{Script=Armenian}/u, 'hy'],
];

/** The detector's own confidence (0..1) at which it is taken at its word. */
const SURE = 0.5;
/** Otherwise: at least this many words, and the first language this many times as likely as the second. */
const CLEAR_WORDS = 3;
const CLEAR_LEAD = 3;
/** Under this confidence the first language is no evidence at all. */
const MIN_CONFIDENCE = 0.1;
/**
 * A sentence of this many words says more: the detector's confidence runs lower on long mixed
 * sentences ("je voudrais réinitialiser ma clé API, elle a fuité": French at 0.07, 2.5 times the
 * next), so less of it and a smaller lead are enough (chosen on xSID's valid split: BENCHMARKS.md).
 */
const LONG_WORDS = 6;
const MIN_CONFIDENCE_LONG = 0.05;
const LONG_LEAD = 2;

/**
 * Languages the detector knows that no visitor chats in, or that it finds in a word or two of any
 * language ("yes" reads as Berber): never a turn's language.
 */
const UNSPOKEN = new Set(['ber', 'eo', 'ia', 'io', 'jbo', 'la', 'tlh', 'vo']);

/** What says nothing about a language: addresses, links, numbers, emoji and punctuation. */
function wordsOf(text: string): string {
	return text
		.replace(EMAIL_IN_TEXT, ' ')
		.replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
		// Domains and dotted names ("ito.example.jp") are values, in no language.
		.replace(/\S*[\p{L}\p{N}]\.[\p{L}\p{N}]\S*/gu, ' ')
		.replace(/[^\p{L}\p{M}\s'’-]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * `prior`: the language the conversation has been in. A message that could be in it is, unless
 * another language is clearly ahead: a German visitor's "Termin am Montag, okay" stays German.
 */
export function detectLanguage(text: string, prior?: string): string | undefined {
	const words = wordsOf(String(text ?? ''));
	if (!words) return undefined;
	const byScript = SCRIPTS.find(([script]) => script.test(words));
	if (byScript) return byScript[1];
	const candidates = tinyld()
		.detectAll(words)
		.filter(({ lang }) => !UNSPOKEN.has(lang));
	const [first, second] = candidates;
	const long = words.split(' ').length >= LONG_WORDS;
	if (!first || first.accuracy < (long ? MIN_CONFIDENCE_LONG : MIN_CONFIDENCE)) return undefined;
	const code = first.lang;
	const kept = prior === undefined ? undefined : candidates.find(({ lang }) => lang === prior);
	if (kept && first.accuracy < SURE && kept.accuracy * CLEAR_LEAD >= first.accuracy) return prior;
	if (first.accuracy >= SURE) return code;
	const lead = first.accuracy / Math.max(second?.accuracy ?? 0, 1e-6);
	if (long) return lead >= LONG_LEAD ? code : undefined;
	// Within a conversation, a few words in another language's letters are mostly a value ("ito.example.jp").
	if (prior !== undefined) return undefined;
	return words.split(' ').length >= CLEAR_WORDS && lead >= CLEAR_LEAD ? code : undefined;
}

/** Among a few languages, the first must be this many times as likely as the next. */
const AMONG_LEAD = 1.25;

/**
 * Which of a few languages (a router's examples are in) a text is in, when detectLanguage cannot
 * say: with two or three candidates a word or two tells them apart ("my api key leaked" is
 * English, "hallo" German, against English, German and Japanese), where among all it does not.
 */
export function detectAmong(text: string, languages: readonly string[]): string | undefined {
	const words = wordsOf(String(text ?? ''));
	if (!words || languages.length < 2) return undefined;
	const byScript = SCRIPTS.find(([script]) => script.test(words))?.[1];
	if (byScript) return languages.includes(byScript) ? byScript : undefined;
	const [first, second] = tinyld().detectAll(words, { only: [...languages] });
	if (!first || first.accuracy < MIN_AMONG) return undefined;
	return first.accuracy >= AMONG_LEAD * (second?.accuracy ?? 0) ? first.lang : undefined;
}

/** Under this the detector has seen too little of any candidate. */
const MIN_AMONG = 0.05;

/**
 * Everything the nodes say by themselves, in each built-in language: one data file per
 * language (ISO 639-1), en.json the one every other translates. A file may lack a key; English
 * stands in for it. The word lists (confirmation, cancel, smallTalk, request) are each
 * language's own words: English is read beside them anyway, because visitors mix languages.
 * English leaves smallTalk, request and asides empty: its wording is in the Action Router's
 * topics.ts, wording.ts and asides.ts. The other files hold plain phrases, lower case:
 * - smallTalk: each topic's phrases (greeting, thanks, acknowledgement, goodbye, help, bot,
 *   person), read as a whole message with `filler` words around them ("oh", "bitte"). A person
 *   phrase of two words or more ("mit einem menschen sprechen", "转人工") also counts anywhere
 *   in a short message, unless one of `negation` stands just before it: a "not" ("nicht",
 *   "不用"), or "already" where a verb has no past tense ("sudah", "đã", "已经").
 * - request: how a request is worded rather than an answer: `start` opens the message ("wo",
 *   "können"), `anywhere` anywhere in it ("ich möchte"); `turningAway` turns away from the
 *   question asked ("eigentlich", "stattdessen"; a request too), `turningAwayStart` when it
 *   opens a message that is worded as a request ("nein, …").
 * - asides: what a visitor says instead of answering a question asked, read as a whole message
 *   with `smallTalk.filler` around it: `hesitation` ("moment", "ich muss nachsehen"),
 *   `changeOfMind` ("vielleicht später"), and `questionStart`, words that open a question
 *   ("wo", "warum"), only where they open nothing else; empty where a language has none (Chinese
 *   and Japanese end a question instead). English's asides are the engine's asides.ts.
 *
 */
import { isPlainObject } from '../contract';
import en from './en.json';

/** A list English leaves empty (its wording is in the engine) is a list of words all the same. */
type Lists<Section> = { [Key in keyof Section]: Section[Key] extends never[] ? string[] : Section[Key] };
export type Texts = { [Section in keyof typeof en]: Lists<(typeof en)[Section]> };
/** A language's file: any section or key may be missing. */
type TextsFile = { [Section in keyof Texts]?: Partial<Texts[Section]> };

/**
 * The other languages' files, each read on first use: n8n requires every node of a package when
 * it starts, and a router only ever needs the languages its visitors write. English is imported
 * (the option defaults need it at once); the build copies the others (gulpfile.js).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const FILES: Record<string, () => TextsFile> = {
	en: () => en,
	ar: () => require('./ar.json') as TextsFile,
	de: () => require('./de.json') as TextsFile,
	es: () => require('./es.json') as TextsFile,
	fi: () => require('./fi.json') as TextsFile,
	fr: () => require('./fr.json') as TextsFile,
	id: () => require('./id.json') as TextsFile,
	it: () => require('./it.json') as TextsFile,
	ja: () => require('./ja.json') as TextsFile,
	nl: () => require('./nl.json') as TextsFile,
	pt: () => require('./pt.json') as TextsFile,
	ru: () => require('./ru.json') as TextsFile,
	sv: () => require('./sv.json') as TextsFile,
	tr: () => require('./tr.json') as TextsFile,
	uk: () => require('./uk.json') as TextsFile,
	vi: () => require('./vi.json') as TextsFile,
	zh: () => require('./zh.json') as TextsFile,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The languages with texts of their own. */
export const LANGUAGES: readonly string[] = Object.keys(FILES);

export const ENGLISH: Texts = en;

/** "de-AT" → "de", "PT_br" → "pt": texts are per language, not per region. */
export function codeOf(language: string | undefined): string {
	return (language ?? '').trim().toLowerCase().split(/[-_]/)[0];
}

const merged = new Map<string, Texts>([['en', en]]);

/** The texts of a language, English for what its file lacks (or all of them for a language without one). */
export function textsFor(language: string | undefined): Texts {
	const code = codeOf(language);
	const load = FILES[code];
	if (!load) return en;
	let texts = merged.get(code);
	if (!texts) {
		const file = load();
		const sections = Object.entries(en).map(([section, english]) => {
			const own = (file[section as keyof Texts] ?? {}) as Record<string, unknown>;
			const given = Object.entries(own).filter(([key, value]) => key in english && (Array.isArray(value) ? value.length > 0 : Boolean(value)));
			return [section, { ...english, ...Object.fromEntries(given) }];
		});
		texts = Object.fromEntries(sections) as Texts;
		merged.set(code, texts);
	}
	return texts;
}

/** `{name}` placeholders filled in: "Use {value}?" → "Use ada@example.com?". */
export function fill(text: string, values: Record<string, string | number>): string {
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The language the router found for a turn (`router.language` on the item), if any. */
export function languageOfItem(item: Record<string, unknown>): string | undefined {
	const language = isPlainObject(item.router) ? item.router.language : undefined;
	return typeof language === 'string' && language ? language : undefined;
}

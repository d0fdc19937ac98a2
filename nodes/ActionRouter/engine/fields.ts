/**
 * Fields an action needs: found in free text or in the answer to a question, normalised
 * (phone to E.164, dates to ISO, enums by close match, emails lower-cased) and validated,
 * with a reason the visitor can act on when a value is wrong.
 */
import { distance } from 'fastest-levenshtein';
import type * as PhoneNumbers from 'libphonenumber-js';

import { fill, textsFor } from '../../shared/languages';
import { lazy } from '../../shared/lazy';
import { type DateSide, readDate } from './dates';
import { splitIdentifier } from './intent/normalize';
import { type NamePart, nameInAnswer, nameInSentence, partOfName, personNamePart } from './names';
import { parseNumber } from './numbers';

// Required on first use, not when n8n loads the node at start (see shared/lazy.ts):
// libphonenumber-js is much of the Action Router's load time, and only phone fields need it
// (chrono-node, which only date fields need, likewise in dates.ts).
/* eslint-disable @typescript-eslint/no-require-imports */
const phoneNumbers = lazy(() => require('libphonenumber-js') as typeof PhoneNumbers);
/* eslint-enable @typescript-eslint/no-require-imports */

export const FIELD_TYPES = ['text', 'email', 'phone', 'number', 'integer', 'date', 'url', 'enum', 'regex'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinition {
	name: string;
	/** What the router asks when the field is missing. */
	question: string;
	type: FieldType;
	required: boolean;
	/** For enum fields. */
	options?: string[];
	/**
	 * For regex fields: the shape of a whole value (anchored or not, it must match all of a
	 * candidate: the answer, or one word or run of words of a message; see `extractPattern`).
	 */
	pattern?: string;
	/** Said when a value is not valid (the type's own reason otherwise). */
	invalidMessage?: string;
	/** How a value the visitor gave earlier in the conversation is taken (memory.ts); default: offered. */
	reuse?: 'offer' | 'use' | 'never';
	/** For date fields: the side of today the date is on (dates.ts); default: any. */
	when?: DateSide;
}

export interface ExtractionContext {
	/** The text answers this field's question: all of it is the candidate value. */
	directAnswer: boolean;
	/** For phone numbers written without a country code, and English dates' order of day and month (ISO 3166 alpha-2). */
	defaultCountry?: string;
	/** For relative dates ("next Friday"): the visitor's time when they sent the message. */
	now: Date;
	/** The visitor's time zone (IANA), else the node's. */
	timezone?: string;
	/** The turn's language (ISO 639-1; default en): dates, numbers and reasons in it. */
	language?: string;
}

export type Extraction =
	| { status: 'valid'; value: string | number }
	| { status: 'invalid'; reason: string }
	| { status: 'absent' };

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}/;
const URL_IN_TEXT = /\b(?:https?:\/\/[^\s<>"]+|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\/[^\s<>"]*)?)/i;

const valid = (value: string | number): Extraction => ({ status: 'valid', value });
const invalid = (field: FieldDefinition, reason: string): Extraction => ({
	status: 'invalid',
	reason: field.invalidMessage?.trim() || reason,
});

function normaliseForMatch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** The option the text names: exactly, as a whole word, or within a small typo distance. */
function matchOption(text: string, options: string[], directAnswer: boolean): string | undefined {
	const said = normaliseForMatch(text);
	if (!said) return undefined;
	const normalised = options.map((option) => ({ option, key: normaliseForMatch(option) }));
	const exact = normalised.find(({ key }) => key === said);
	if (exact) return exact.option;
	const mentioned = normalised.filter(({ key }) => key && ` ${said} `.includes(` ${key} `));
	if (mentioned.length === 1) return mentioned[0].option;
	if (!directAnswer) return undefined;
	// An answer that names part of one option ("the product one" → "Product news"): the option
	// sharing the most words with it, if no other shares as many.
	const saidWords = new Set(said.split(' '));
	const shared = normalised
		.map(({ option, key }) => ({ option, count: key.split(' ').filter((word) => saidWords.has(word)).length }))
		.sort((a, b) => b.count - a.count);
	if (shared[0]?.count > 0 && shared[0].count > (shared[1]?.count ?? 0)) return shared[0].option;
	// A short answer a typo or two away from one option ("wekly" → "weekly").
	let best: { option: string; score: number } | undefined;
	for (const { option, key } of normalised) {
		const score = 1 - distance(said, key) / Math.max(said.length, key.length);
		if (!best || score > best.score) best = { option, score };
	}
	return best && best.score >= 0.75 ? best.option : undefined;
}

function extractEmail(field: FieldDefinition, text: string, direct: boolean, language?: string): Extraction {
	const found = EMAIL.exec(text);
	if (found) return valid(found[0].toLowerCase());
	if (direct || text.includes('@')) {
		return invalid(field, textsFor(language).validation.email);
	}
	return { status: 'absent' };
}

function extractPhone(field: FieldDefinition, text: string, context: ExtractionContext): Extraction {
	const country = (context.defaultCountry?.toUpperCase() || undefined) as PhoneNumbers.CountryCode | undefined;
	// "Possible" (a plausible length for its country) rather than "valid" (a range known to the
	// bundled metadata): new ranges must not be refused because the metadata is older.
	// `leniency` is a documented option of the finder that its type definitions omit.
	const options = { leniency: 'POSSIBLE', ...(country ? { defaultCountry: country } : {}) } as Parameters<
		typeof PhoneNumbers.findPhoneNumbersInText
	>[1];
	const found = phoneNumbers().findPhoneNumbersInText(text, options).find((entry) => entry.number.isPossible());
	if (found) return valid(found.number.number);
	if (context.directAnswer) {
		const parsed = phoneNumbers().parsePhoneNumberFromString(text.replace(/[^\d+()\-\s.]/g, ' ').trim(), country);
		if (parsed?.isPossible()) return valid(parsed.number);
		const { phone, phoneInCountry } = textsFor(context.language).validation;
		return invalid(field, country ? fill(phoneInCountry, { country }) : phone);
	}
	return { status: 'absent' };
}

function extractNumber(field: FieldDefinition, text: string, context: ExtractionContext): Extraction {
	const direct = context.directAnswer;
	const value = parseNumber(text, context.language);
	if (value === undefined) return direct ? invalid(field, textsFor(context.language).validation.number) : { status: 'absent' };
	if (field.type === 'integer' && !Number.isInteger(value)) return invalid(field, textsFor(context.language).validation.integer);
	return valid(value);
}

function extractDate(field: FieldDefinition, text: string, context: ExtractionContext): Extraction {
	const reading = readDate(text, field.when ?? 'any', context);
	if (reading.status === 'date') return valid(reading.date);
	if (!context.directAnswer) return { status: 'absent' };
	const { date, dateInPast, dateInFuture } = textsFor(context.language).validation;
	if (reading.status === 'none') return invalid(field, date);
	return invalid(field, reading.wanted === 'past' ? dateInPast : dateInFuture);
}

function extractUrl(field: FieldDefinition, text: string, direct: boolean, language?: string): Extraction {
	// An email's domain is not a web address the visitor gave.
	const found = URL_IN_TEXT.exec(text.replace(new RegExp(EMAIL.source, 'g'), ' '));
	if (found) {
		const candidate = /^https?:\/\//i.test(found[0]) ? found[0] : `https://${found[0]}`;
		try {
			const url = new URL(candidate.replace(/[.,;:!?)]+$/, ''));
			if (url.protocol === 'http:' || url.protocol === 'https:') return valid(url.toString());
		} catch {
			// falls through to "not a URL"
		}
	}
	return direct ? invalid(field, textsFor(language).validation.url) : { status: 'absent' };
}

function extractEnum(field: FieldDefinition, text: string, direct: boolean, language?: string): Extraction {
	const options = field.options ?? [];
	const option = matchOption(text, options, direct);
	if (option !== undefined) return valid(option);
	return direct ? invalid(field, fill(textsFor(language).validation.choose, { options: options.join(', ') })) : { status: 'absent' };
}

/** Characters around a word that are punctuation of the sentence, not part of a value. */
const SENTENCE_PUNCTUATION = /^[\s"'“”‘’([{<#:;,.!?]+|[\s"'“”‘’)\]}>:;,.!?]+$/g;
/** The longest run of words tried as one value ("SW1A 1AA" is two). */
const MAX_WORDS_IN_VALUE = 4;

/**
 * The candidates a message offers for a pattern: the whole text, then every word and run of
 * up to four words, left to right, longest first at each position, each also without the
 * sentence's punctuation around it.
 */
function patternCandidates(text: string): string[] {
	const words = text.split(/\s+/).filter(Boolean);
	const candidates = [text];
	for (let start = 0; start < words.length; start++) {
		for (let length = Math.min(MAX_WORDS_IN_VALUE, words.length - start); length >= 1; length--) {
			const run = words.slice(start, start + length).join(' ');
			candidates.push(run, run.replace(SENTENCE_PUNCTUATION, ''));
		}
	}
	return [...new Set(candidates)].filter(Boolean);
}

/**
 * A pattern describes a whole value, the way users write one (`^INV-[0-9]{5}$` or `\d{5}`):
 * a candidate is valid only if the pattern matches all of it. So "can you resend INV-20417?"
 * yields INV-20417, and "123456" for `\d{5}` is refused rather than cut to 12345.
 */
function extractPattern(field: FieldDefinition, text: string, direct: boolean, language?: string): Extraction {
	const whole = new RegExp(`^(?:${field.pattern ?? ''})$`, 'i');
	const value = patternCandidates(text).find((candidate) => whole.test(candidate));
	if (value !== undefined) return valid(value);
	return direct ? invalid(field, textsFor(language).validation.pattern) : { status: 'absent' };
}

const MAX_TEXT = 500;

/** Finds and validates one field's value in a text. */
export function extractField(field: FieldDefinition, text: string, context: ExtractionContext): Extraction {
	const trimmed = text.trim();
	if (!trimmed) return { status: 'absent' };
	switch (field.type) {
		case 'email':
			return extractEmail(field, trimmed, context.directAnswer, context.language);
		case 'phone':
			return extractPhone(field, trimmed, context);
		case 'number':
		case 'integer':
			return extractNumber(field, trimmed, context);
		case 'date':
			return extractDate(field, trimmed, context);
		case 'url':
			return extractUrl(field, trimmed, context.directAnswer, context.language);
		case 'enum':
			return extractEnum(field, trimmed, context.directAnswer, context.language);
		case 'regex':
			return extractPattern(field, trimmed, context.directAnswer, context.language);
		default: {
			const part = personNamePart(field.name);
			if (part) return extractName(field, trimmed, context.directAnswer, part, context.language);
			if (!context.directAnswer) return { status: 'absent' };
			if (trimmed.length > MAX_TEXT) return invalid(field, fill(textsFor(context.language).validation.tooLong, { max: MAX_TEXT }));
			return valid(withoutLeadIn(field, trimmed));
		}
	}
}

/**
 * A person's name (names.ts): an answer must look like one, so that "do you ship to Canada?" is
 * not taken as the name; in a sentence, only a name the visitor introduces ("I'm Sam Lee, …").
 */
function extractName(field: FieldDefinition, text: string, direct: boolean, part: NamePart, language?: string): Extraction {
	if (!direct) {
		const found = nameInSentence(text);
		const value = found === undefined ? undefined : partOfName(found, part);
		return value === undefined ? { status: 'absent' } : valid(value);
	}
	if (text.length > MAX_TEXT) return invalid(field, fill(textsFor(language).validation.tooLong, { max: MAX_TEXT }));
	const name = nameInAnswer(withoutLeadIn(field, text)) ?? nameInAnswer(text);
	return name === undefined ? invalid(field, textsFor(language).validation.name) : valid(name);
}

/**
 * A text answer without the words that restate its field ("my name is Ana" → "Ana", "company:
 * Acme" → "Acme"; for a name, "I'm Tom" → "Tom"), so that an API receives the value itself.
 * Only the field's own name is taken as a lead-in: "I'm locked out" stays whole for a problem.
 */
function withoutLeadIn(field: FieldDefinition, text: string): string {
	const words = splitIdentifier(field.name)
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	if (words.length === 0) return text;
	const restated = new RegExp(`^(?:(?:my|our|the)\\s+)?${words.join('\\s+')}(?:'s|\\s+is|\\s*:)\\s+`, 'i');
	const introduced = words.includes('name') ? /^(?:i'm|i’m|im|i am|this is|it's|it’s)\s+/i : undefined;
	const withoutField = text.replace(restated, '');
	const rest = introduced ? withoutField.replace(introduced, '') : withoutField;
	if (rest === text) return text;
	const value = rest.replace(/[.!]+$/, '').trim();
	return value || text;
}

/** Checks a value that came from elsewhere (a lead form, the visitor's profile). */
export function validateValue(field: FieldDefinition, value: unknown, context: Omit<ExtractionContext, 'directAnswer'>): Extraction {
	if (value === undefined || value === null || value === '') return { status: 'absent' };
	// An object's text is "[object Object]" (or throws); a list's is its items joined: neither is a value.
	if (typeof value === 'object' || typeof value === 'function') return invalid(field, textsFor(context.language).validation.oneValue);
	if (typeof value === 'number' && (field.type === 'number' || (field.type === 'integer' && Number.isInteger(value)))) return valid(value);
	return extractField(field, String(value), { ...context, directAnswer: true });
}

/** Configuration mistakes, named by action and field. */
export function checkFieldDefinition(action: string, field: FieldDefinition): string | undefined {
	const where = `Action "${action}", field "${field.name}"`;
	if (!field.name.trim()) return `Action "${action}" has a field without a name`;
	if (!FIELD_TYPES.includes(field.type)) return `${where}: unknown type "${field.type}"; a field's type is one of ${FIELD_TYPES.join(', ')}`;
	if (field.type === 'enum' && (field.options ?? []).filter((o) => o.trim()).length === 0) {
		return `${where}: an enum field needs options`;
	}
	if (field.type === 'regex') {
		if (!field.pattern) return `${where}: a regex field needs a pattern`;
		try {
			new RegExp(field.pattern);
		} catch (error) {
			return `${where}: invalid regex ${field.pattern} (${(error as Error).message})`;
		}
	}
	return undefined;
}

/**
 * Fields an action needs: found in free text or in the answer to a question, normalised
 * (phone to E.164, dates to ISO, enums by close match, emails lower-cased) and validated,
 * with a reason the visitor can act on when a value is wrong.
 */
import type * as Chrono from 'chrono-node';
import { distance } from 'fastest-levenshtein';
import type * as PhoneNumbers from 'libphonenumber-js';
import type * as Luxon from 'luxon';

import { lazy } from '../../shared/lazy';
import { splitIdentifier } from './intent/normalize';
import { type NamePart, nameInAnswer, nameInSentence, partOfName, personNamePart } from './names';

// Required on first use, not when n8n loads the node at start (see shared/lazy.ts): chrono-node
// and libphonenumber-js are most of the Action Router's load time, and only date and phone
// fields need them.
/* eslint-disable @typescript-eslint/no-require-imports */
const chrono = lazy(() => require('chrono-node') as typeof Chrono);
const phoneNumbers = lazy(() => require('libphonenumber-js') as typeof PhoneNumbers);
const luxon = lazy(() => require('luxon') as typeof Luxon);
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
}

export interface ExtractionContext {
	/** The text answers this field's question: all of it is the candidate value. */
	directAnswer: boolean;
	/** For phone numbers written without a country code (ISO 3166 alpha-2). */
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
const NUMBER_IN_TEXT = /(?<![\w.])[-+]?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])[-+]?\d+(?:\.\d+)?\s*(?:k|m|thousand|million)?(?![\w])/i;

const valid = (value: string | number): Extraction => ({ status: 'valid', value });
const invalid = (field: FieldDefinition, reason: string): Extraction => ({
	status: 'invalid',
	reason: field.invalidMessage?.trim() || reason,
});

/** "5k" → 5000, "1.2m" → 1200000, "12,500" → 12500. */
export function parseNumber(text: string): number | undefined {
	const match = NUMBER_IN_TEXT.exec(text);
	if (!match) return undefined;
	const raw = match[0].toLowerCase().replace(/\s+(?=\d{3}\b)/g, '').replace(/,/g, '').trim();
	const unit = /(k|thousand|m|million)$/.exec(raw)?.[1];
	const value = Number.parseFloat(raw);
	if (Number.isNaN(value)) return undefined;
	const multiplier = unit === 'k' || unit === 'thousand' ? 1_000 : unit === 'm' || unit === 'million' ? 1_000_000 : 1;
	return Math.round(value * multiplier * 1e6) / 1e6;
}

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

function extractEmail(field: FieldDefinition, text: string, direct: boolean): Extraction {
	const found = EMAIL.exec(text);
	if (found) return valid(found[0].toLowerCase());
	if (direct || text.includes('@')) {
		return invalid(field, 'That does not look like an email address. Please send one like name@example.com.');
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
		return invalid(
			field,
			`That does not look like a phone number. Please include the country code, like +44 7700 900123${country ? ` (or a ${country} number)` : ''}.`,
		);
	}
	return { status: 'absent' };
}

function extractNumber(field: FieldDefinition, text: string, direct: boolean): Extraction {
	const value = parseNumber(text);
	if (value === undefined) return direct ? invalid(field, 'Please answer with a number.') : { status: 'absent' };
	if (field.type === 'integer' && !Number.isInteger(value)) return invalid(field, 'Please answer with a whole number.');
	return valid(value);
}

function extractDate(field: FieldDefinition, text: string, context: ExtractionContext): Extraction {
	const zone = context.timezone || 'UTC';
	const { DateTime } = luxon();
	const offset = DateTime.fromJSDate(context.now, { zone }).offset;
	// forwardDate: a bare weekday ("friday") is the next one, never one already past.
	const results = chrono().parse(text, { instant: context.now, timezone: offset }, { forwardDate: true });
	const first = results[0];
	if (!first) return context.directAnswer ? invalid(field, 'Please give a date, like 2026-12-03 or "next Friday".') : { status: 'absent' };
	const date = DateTime.fromJSDate(first.start.date(), { zone });
	return valid(date.toISODate()!);
}

function extractUrl(field: FieldDefinition, text: string, direct: boolean): Extraction {
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
	return direct ? invalid(field, 'Please send a web address, like https://example.com.') : { status: 'absent' };
}

function extractEnum(field: FieldDefinition, text: string, direct: boolean): Extraction {
	const options = field.options ?? [];
	const option = matchOption(text, options, direct);
	if (option !== undefined) return valid(option);
	return direct ? invalid(field, `Please choose one of: ${options.join(', ')}.`) : { status: 'absent' };
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
function extractPattern(field: FieldDefinition, text: string, direct: boolean): Extraction {
	const whole = new RegExp(`^(?:${field.pattern ?? ''})$`, 'i');
	const value = patternCandidates(text).find((candidate) => whole.test(candidate));
	if (value !== undefined) return valid(value);
	return direct ? invalid(field, 'That is not in the expected format.') : { status: 'absent' };
}

const MAX_TEXT = 500;

/** Finds and validates one field's value in a text. */
export function extractField(field: FieldDefinition, text: string, context: ExtractionContext): Extraction {
	const trimmed = text.trim();
	if (!trimmed) return { status: 'absent' };
	switch (field.type) {
		case 'email':
			return extractEmail(field, trimmed, context.directAnswer);
		case 'phone':
			return extractPhone(field, trimmed, context);
		case 'number':
		case 'integer':
			return extractNumber(field, trimmed, context.directAnswer);
		case 'date':
			return extractDate(field, trimmed, context);
		case 'url':
			return extractUrl(field, trimmed, context.directAnswer);
		case 'enum':
			return extractEnum(field, trimmed, context.directAnswer);
		case 'regex':
			return extractPattern(field, trimmed, context.directAnswer);
		default: {
			const part = personNamePart(field.name);
			if (part) return extractName(field, trimmed, context.directAnswer, part);
			if (!context.directAnswer) return { status: 'absent' };
			if (trimmed.length > MAX_TEXT) return invalid(field, `Please keep it under ${MAX_TEXT} characters.`);
			return valid(withoutLeadIn(field, trimmed));
		}
	}
}

/**
 * A person's name (names.ts): an answer must look like one, so that "do you ship to Canada?" is
 * not taken as the name; in a sentence, only a name the visitor introduces ("I'm Sam Lee, …").
 */
function extractName(field: FieldDefinition, text: string, direct: boolean, part: NamePart): Extraction {
	if (!direct) {
		const found = nameInSentence(text);
		const value = found === undefined ? undefined : partOfName(found, part);
		return value === undefined ? { status: 'absent' } : valid(value);
	}
	if (text.length > MAX_TEXT) return invalid(field, `Please keep it under ${MAX_TEXT} characters.`);
	const name = nameInAnswer(withoutLeadIn(field, text)) ?? nameInAnswer(text);
	return name === undefined ? invalid(field, "That doesn't look like a name.") : valid(name);
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
	if (typeof value === 'object' || typeof value === 'function') return invalid(field, 'Please give one value, as text.');
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

/**
 * Dates as a visitor writes them: in their language (chrono-node's parser for it, then the
 * English one, since visitors mix), with the day and month in that language's order, and on
 * the side of today that the field wants (a birthday is in the past, an appointment ahead).
 */
import type * as Chrono from 'chrono-node';
import type * as Luxon from 'luxon';

import { lazy } from '../../shared/lazy';
import { dateWordsOf, type RelativeDay, weekdaySide, type WeekdaySide } from './date-words';
import { baseLanguage, withAsciiDigits } from './numbers';

// Required on first use (see shared/lazy.ts): chrono-node is much of the Action Router's load
// time, and only date fields need it.
/* eslint-disable @typescript-eslint/no-require-imports */
const chrono = lazy(() => require('chrono-node') as typeof Chrono);
const luxon = lazy(() => require('luxon') as typeof Luxon);
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The side of today a field's date is on. `any`: a bare weekday or day and month is the next
 * one, and a date said to be past ("last Friday", "yesterday") stays past. `past`: a bare one is
 * the last one, and a future date is refused; `future` the other way round. Today is on both.
 */
export type DateSide = 'any' | 'past' | 'future';

export interface DateContext {
	/** The visitor's time when they sent the message. */
	now: Date;
	/** The visitor's time zone (IANA); UTC when unknown. */
	timezone?: string;
	/** ISO 639-1; English when unset. */
	language?: string;
	/** For English: the country whose order of day and month is used (ISO 3166 alpha-2); the US's when unset. */
	defaultCountry?: string;
}

export type DateReading =
	| { status: 'date'; date: string }
	/** Only dates on the other side of today than the field wants. */
	| { status: 'outside'; wanted: 'past' | 'future' }
	| { status: 'none' };

type Parser = Chrono.Chrono;
type Reference = { instant: Date; timezone: number };
const DAY_MS = 86_400_000;

/** Whether the locale writes the day before the month (04/03/2026 is 4 March), by its own date format. */
function writesDayFirst(locale: string): boolean {
	try {
		if (Intl.DateTimeFormat.supportedLocalesOf(locale).length === 0) return false;
		const types = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric' })
			.formatToParts(new Date(Date.UTC(2026, 2, 4)))
			.map((part) => part.type);
		return types.indexOf('day') < types.indexOf('month');
	} catch {
		return false;
	}
}

function relativeParser(word: RelativeDay): Chrono.Parser {
	return {
		pattern: () => word.pattern,
		extract: (context, match) =>
			chrono().ParsingComponents.createRelativeFromReference(context.reference, {
				day: word.days(match, context.reference.getDateWithAdjustedTimezone().getDay()),
			}),
	};
}

const parsers = new Map<string, Parser[]>();

/**
 * The parsers a text is read with, in order: the language's own, with the words date-words.ts
 * adds, then English. English reads 04/03 month first, unless the language (or for English, the
 * Default Phone Country) writes the day first.
 */
function parsersFor(language: string, country: string | undefined): Parser[] {
	const region = country && /^[a-z]{2}$/i.test(country) ? country.toUpperCase() : 'US';
	const englishLocale = language === 'en' ? `en-${region}` : language;
	const key = `${language}|${englishLocale}`;
	const known = parsers.get(key);
	if (known) return known;
	const library = chrono();
	const english = writesDayFirst(englishLocale) ? library.en.GB : library.en.casual;
	const locale = language === 'en' ? undefined : (library as unknown as Record<string, { casual?: unknown } | undefined>)[language];
	const list = [english];
	if (/^[a-z]{2}$/.test(language) && locale?.casual instanceof library.Chrono) {
		const own = locale.casual.clone();
		own.parsers.push(...dateWordsOf(language).relative.map(relativeParser));
		list.unshift(own);
	}
	parsers.set(key, list);
	return list;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');
const isoOf = (start: Chrono.ParsedComponents) => `${pad(start.get('year') ?? 0, 4)}-${pad(start.get('month') ?? 1)}-${pad(start.get('day') ?? 1)}`;
const plusDays = (iso: string, days: number) => luxon().DateTime.fromISO(iso, { zone: 'utc' }).plus({ days }).toISODate()!;
/** 0 Sunday … 6 Saturday, as chrono-node numbers weekdays. */
const weekdayOf = (iso: string) => luxon().DateTime.fromISO(iso, { zone: 'utc' }).weekday % 7;

/** The weekday's date: the last or next one, on or around today, or in last or next week (weeks start on Monday). */
function weekdayDate(today: string, weekday: number, side: WeekdaySide | 'latest' | 'soonest'): string {
	const current = weekdayOf(today);
	const ahead = (weekday - current + 7) % 7;
	const back = (current - weekday + 7) % 7;
	const inWeek = (weekday + 6) % 7;
	const monday = plusDays(today, -((current + 6) % 7));
	switch (side) {
		case 'soonest':
			return plusDays(today, ahead);
		case 'next':
			return plusDays(today, ahead || 7);
		case 'latest':
			return plusDays(today, -back);
		case 'last':
			return plusDays(today, -(back || 7));
		case 'lastWeek':
			return plusDays(monday, inWeek - 7);
		case 'nextWeek':
			return plusDays(monday, inWeek + 7);
	}
}

/**
 * Whether a weekday was said with a side ("last Friday", "nächsten Freitag") that chrono-node
 * read: it gives no sign of it, but without one it takes the closest such day. Read again on a
 * day when that weekday is tomorrow, only a word for the past puts it back; on a day when it was
 * yesterday, only a word for the future puts it ahead.
 */
function sideSaid(parser: Parser, text: string, found: Chrono.ParsedResult, reference: Reference, today: string): 'past' | 'future' | undefined {
	const weekday = found.start.get('weekday') ?? 0;
	const readOn = (shift: number) => {
		const again = parser.parse(text, { instant: new Date(reference.instant.getTime() + shift * DAY_MS), timezone: reference.timezone });
		const same = again.find((result) => result.index === found.index);
		return same ? { date: isoOf(same.start), day: plusDays(today, shift) } : undefined;
	};
	const eve = readOn((weekday - 1 - weekdayOf(today) + 14) % 7);
	if (eve && eve.date < eve.day) return 'past';
	const morrow = readOn((weekday + 1 - weekdayOf(today) + 14) % 7);
	if (morrow && morrow.date > morrow.day) return 'future';
	return undefined;
}

/** The year of a day and month said without one: the next such day, or for a past field the last. */
function yearFor(date: string, side: DateSide, today: string): string {
	let day = luxon().DateTime.fromISO(date, { zone: 'utc' });
	for (let tries = 0; tries < 4 && side === 'past' && day.toISODate()! > today; tries++) day = day.minus({ years: 1 });
	for (let tries = 0; tries < 4 && side !== 'past' && day.toISODate()! < today; tries++) day = day.plus({ years: 1 });
	return day.toISODate()!;
}

interface Reading {
	parser: Parser;
	text: string;
	language: string;
	reference: Reference;
	today: string;
	side: DateSide;
}

/** The date a result names, its weekday or missing year placed on the field's side of today. */
function placed(found: Chrono.ParsedResult, { parser, text, language, reference, today, side }: Reading): string {
	const start = found.start;
	const said = isoOf(start);
	if (start.isCertain('weekday') && !start.isCertain('day') && !start.isCertain('month')) {
		const weekday = start.get('weekday') ?? 0;
		const word = weekdaySide(language, text.slice(0, found.index), text.slice(found.index + found.text.length));
		if (word) return weekdayDate(today, weekday, word);
		if (sideSaid(parser, text, found, reference, today)) return said;
		return weekdayDate(today, weekday, side === 'past' ? 'latest' : 'soonest');
	}
	if (start.isCertain('month') && !start.isCertain('year')) return yearFor(said, side, today);
	// A time alone ("at 3pm") already past today is tomorrow's, unless the date is in the past.
	const timeOnly = !['weekday', 'day', 'month', 'year'].some((component) => start.isCertain(component as Chrono.Component));
	if (timeOnly && side !== 'past' && start.date() < reference.instant) return plusDays(said, 1);
	return said;
}

/** The first date in a text on the field's side of today (ISO, on the visitor's calendar). */
export function readDate(text: string, side: DateSide, context: DateContext): DateReading {
	const here = luxon().DateTime.fromJSDate(context.now, { zone: context.timezone || 'UTC' });
	const reference = { instant: context.now, timezone: here.offset };
	const today = here.toISODate()!;
	// Typographic apostrophes are the ASCII one chrono-node's patterns have ("aujourd’hui", "п’ятниця").
	const written = withAsciiDigits(text).replace(/[’ʼ‘]/g, "'");
	const language = baseLanguage(context.language);
	let outside: DateReading | undefined;
	for (const parser of parsersFor(language, context.defaultCountry)) {
		const results = parser.parse(written, reference);
		for (const found of results) {
			const date = placed(found, { parser, text: written, language, reference, today, side });
			if (side === 'past' && date > today) outside ??= { status: 'outside', wanted: 'past' };
			else if (side === 'future' && date < today) outside ??= { status: 'outside', wanted: 'future' };
			else return { status: 'date', date };
		}
		// A date read in the visitor's language is not read again as English.
		if (results.length > 0) break;
	}
	return outside ?? { status: 'none' };
}

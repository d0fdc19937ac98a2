/**
 * Numbers as a visitor writes them in their language: its thousands and decimal separators
 * ("3.500" and "3,5" in German, "3 500" in French), its words for thousand and million, and
 * digits of any script (full-width １２３, Arabic-Indic ٣٥٠٠). What each language writes is read
 * from the runtime's Intl data, not from lists kept here.
 */
import { codeOf } from '../../shared/languages';

/** English: "12,500" and "12 500" are grouped, "3.5" is a decimal (and of "3,5" the 3 is read); k, m, thousand, million. */
const ENGLISH_NUMBER = /(?<![\w.])[-+]?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])[-+]?\d+(?:\.\d+)?\s*(?:k|m|thousand|million)?(?![\w])/i;

/** Full-width forms (１２３, ，, ．) are their ASCII characters, U+FF01 onwards. */
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

let scriptDigits: Map<string, string> | undefined;

/** Every decimal digit the runtime knows a numbering system for, as its ASCII digit. */
function digitsOfScripts(): Map<string, string> {
	if (scriptDigits) return scriptDigits;
	scriptDigits = new Map();
	const systems = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('numberingSystem') : [];
	for (const system of systems) {
		const format = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false });
		for (let digit = 0; digit <= 9; digit++) {
			const written = format.format(digit);
			// Algorithmic systems (Han numerals and the like) are words, not one digit per character.
			if ([...written].length === 1 && /\p{Nd}/u.test(written)) scriptDigits.set(written, String(digit));
		}
	}
	return scriptDigits;
}

/** The text with full-width characters and every script's digits as ASCII, for parsers that read only those. */
export function withAsciiDigits(text: string): string {
	const narrow = text.replace(FULL_WIDTH, (char) => String.fromCharCode(char.charCodeAt(0) - FULL_WIDTH_OFFSET)).replace(/\u3000/g, ' ');
	if (!/[^\p{ASCII}]/u.test(narrow)) return narrow;
	const digits = digitsOfScripts();
	return narrow.replace(/\p{Nd}/gu, (digit) => digits.get(digit) ?? digit);
}

/** The primary language subtag, lower-case ("pt-BR" → "pt"); English when none (or no valid one) is set. */
export function baseLanguage(language: string | undefined): string {
	const code = codeOf(language);
	return /^[a-z]{2,3}$/.test(code) ? code : 'en';
}

interface LanguageNumbers {
	pattern: RegExp;
	decimal: string;
	/** The language's words (and abbreviations) for a thousand, a million…, lower-case, with what they multiply by. */
	scales: Map<string, number>;
}

const languageNumbers = new Map<string, LanguageNumbers>();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A space, a no-break space, a narrow no-break space (French), a thin space: all group digits. */
const SPACES = ' \u00a0\u202f\u2009';
/**
 * Around a number: no other digit, and no letter of a script that separates words with spaces.
 * Chinese, Japanese, Korean and Thai write a counter straight after a number ("3人", "3개").
 */
const NOT_AFTER = '(?<![\\p{N}_.,]|(?![\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\p{sc=Thai}])\\p{L})';
const NOT_BEFORE = '(?![\\p{N}_]|(?![\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\p{sc=Thai}])\\p{L})';

/** The language's words for large numbers, as its compact notation writes them ("3 Tausend", "2 millones", "3万"). */
function scaleWords(language: string): Map<string, number> {
	const scales = new Map<string, number>([['k', 1_000]]);
	for (const display of ['long', 'short'] as const) {
		const format = new Intl.NumberFormat(language, { notation: 'compact', compactDisplay: display, maximumFractionDigits: 0 });
		for (const value of [1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 1e6, 2e6, 5e6, 1e7, 1e8, 1e9, 2e9]) {
			const parts = format.formatToParts(value);
			const word = parts
				.filter((part) => part.type === 'compact')
				.map((part) => part.value)
				.join('')
				.toLowerCase()
				.replace(/\.$/, '');
			const shown = Number(withAsciiDigits(parts.filter((part) => part.type === 'integer').map((part) => part.value).join('')));
			// Latin one-letter abbreviations ("B", "N", "T") would take a word's initial for a scale; 万 and 만 are words.
			if (!shown || ([...word].length < 2 && /\p{sc=Latin}/u.test(word))) continue;
			if (!scales.has(word)) scales.set(word, value / shown);
		}
	}
	return scales;
}

/** How the language groups digits: the first group's size and the others' (3 and 3, or 3 and 2 in Hindi). */
function groupSizes(language: string): [number, number] {
	const integers = new Intl.NumberFormat(language, { useGrouping: true })
		.formatToParts(1234567890)
		.filter((part) => part.type === 'integer')
		.map((part) => part.value.length);
	if (integers.length < 3) return [3, 3];
	return [integers[integers.length - 1], integers[integers.length - 2]];
}

function numbersOf(language: string): LanguageNumbers {
	const known = languageNumbers.get(language);
	if (known) return known;
	const parts = new Intl.NumberFormat(language).formatToParts(1234567.5);
	const group = parts.find((part) => part.type === 'group')?.value ?? ',';
	const decimal = parts.find((part) => part.type === 'decimal')?.value === ',' ? ',' : '.';
	// Any space groups digits, as written in chat; so does a dot where the decimal is a comma
	// ("3.500" in German). A point followed by other than three digits can only be a decimal.
	const separator = `[${SPACES}${escape(group)}\u066c${decimal === ',' ? '\\.' : ','}]`;
	const [primary, secondary] = groupSizes(language);
	const scales = scaleWords(language);
	const scale = [...scales.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
	const fraction = `(?:[${escape(decimal)}.\u066b]\\d+)?`;
	const inThrees = `\\d{1,3}(?:${separator}\\d{3})+(?!\\d)`;
	// Hindi groups by two above the thousands (12,34,567); visitors also write 1,234,567.
	const grouped = secondary === primary ? inThrees : `${inThrees}|\\d{1,${secondary}}(?:${separator}\\d{${secondary}})*${separator}\\d{${primary}}(?!\\d)`;
	const pattern = new RegExp(`${NOT_AFTER}[-+\u2212]?(?:${grouped}|\\d+)${fraction}(?:[${SPACES}]?(?:${scale}))?${NOT_BEFORE}`, 'iu');
	const result = { pattern, decimal, scales };
	languageNumbers.set(language, result);
	return result;
}

/** "5k" → 5000, "1.2m" → 1200000, "12,500" → 12500; in German "3.500" → 3500 and "3,5" → 3.5. */
export function parseNumber(text: string, language?: string): number | undefined {
	const ascii = withAsciiDigits(text);
	const base = baseLanguage(language);
	// A language the runtime has no number data for would get the server's locale's: English is surer.
	const known = base !== 'en' && Intl.NumberFormat.supportedLocalesOf(base).length > 0;
	return known ? parseInLanguage(ascii, numbersOf(base)) : parseEnglish(ascii);
}

function parseEnglish(text: string): number | undefined {
	const match = ENGLISH_NUMBER.exec(text);
	if (!match) return undefined;
	const raw = match[0].toLowerCase().replace(/\s+(?=\d{3}\b)/g, '').replace(/,/g, '').trim();
	const unit = /(k|thousand|m|million)$/.exec(raw)?.[1];
	const value = Number.parseFloat(raw);
	if (Number.isNaN(value)) return undefined;
	const multiplier = unit === 'k' || unit === 'thousand' ? 1_000 : unit === 'm' || unit === 'million' ? 1_000_000 : 1;
	return Math.round(value * multiplier * 1e6) / 1e6;
}

function parseInLanguage(text: string, { pattern, decimal, scales }: LanguageNumbers): number | undefined {
	const match = pattern.exec(text);
	if (!match) return undefined;
	const written = match[0].toLowerCase();
	const digits = /^[-+\u2212]?[\d\s\u00a0\u202f\u2009.,'’\u066b\u066c]*\d/u.exec(written)?.[0] ?? '';
	const word = written.slice(digits.length).trim();
	const value = Number.parseFloat(numberText(digits, decimal));
	if (Number.isNaN(value)) return undefined;
	const multiplier = word ? (scales.get(word) ?? 1) : 1;
	return Math.round(value * multiplier * 1e6) / 1e6;
}

/** The digits as JavaScript reads them: group separators dropped, the decimal separator a point. */
function numberText(digits: string, decimal: string): string {
	const sign = /^[-\u2212]/.test(digits) ? '-' : '';
	const unsigned = digits.replace(/^[-+\u2212]/, '');
	// The last separator is the decimal one when it is the language's decimal or the Arabic
	// decimal sign, or a point not followed by exactly three digits (which would be a group).
	const last = /([.,\u066b])(\d+)$/.exec(unsigned);
	const isDecimal = last && (last[1] === decimal || last[1] === '\u066b' || (last[1] === '.' && last[2].length !== 3));
	const whole = (isDecimal ? unsigned.slice(0, last.index) : unsigned).replace(/\D/g, '');
	return `${sign}${whole}${isDecimal ? `.${last[2]}` : ''}`;
}

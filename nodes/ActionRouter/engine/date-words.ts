/**
 * Date words that chrono-node 2.10's locale parsers miss or misread, per language: without
 * them "pasado mañana" is read as "mañana", "i övermorgon" as today, "el viernes pasado" as the
 * coming Friday and "hace 3 días" not at all. Only what those parsers lack is here; the rest of
 * each language is chrono-node's.
 */

/** Which weekday a word next to a weekday's name means. */
export type WeekdaySide = 'last' | 'next' | 'lastWeek' | 'nextWeek';

/** A day said relative to today: the days from today, given the match and today's weekday (0 Sunday). */
export interface RelativeDay {
	pattern: RegExp;
	days: (match: RegExpMatchArray, todayWeekday: number) => number;
}

interface LanguageDateWords {
	relative: RelativeDay[];
	/** Words just before a weekday's name, and just after it, that say which one. */
	before: Array<[RegExp, WeekdaySide]>;
	after: Array<[RegExp, WeekdaySide]>;
}

/** A whole word (or words) in a language that separates words with spaces. */
const word = (pattern: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}])`, 'iu');
const glued = (pattern: string) => new RegExp(pattern, 'iu');
const inDays = (offset: number) => () => offset;
const ago = (match: RegExpMatchArray) => -Number(match[1]);
const ahead = (match: RegExpMatchArray) => Number(match[1]);
/** Sunday first, as chrono-node and Date number weekdays; without å and ö, which visitors may not type. */
const SWEDISH_WEEKDAYS = ['sondag', 'mandag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lordag'];

/** "i fredags": the last Friday before today (Swedish says the past weekday with a final s). */
const lastSwedishWeekday = (match: RegExpMatchArray, today: number) => {
	const weekday = SWEDISH_WEEKDAYS.indexOf(match[1].toLowerCase().replace(/å/g, 'a').replace(/ö/g, 'o'));
	return -(((today - weekday + 6) % 7) + 1);
};

const WORDS: Record<string, Partial<LanguageDateWords>> = {
	es: {
		relative: [
			{ pattern: word('pasado\\s+mañana'), days: inDays(2) },
			{ pattern: word('anteayer|antier|antes\\s+de\\s+ayer'), days: inDays(-2) },
			{ pattern: word('hace\\s+(\\d+)\\s+d[ií]as?'), days: ago },
		],
		after: [
			[word('pasad[oa]'), 'last'],
			[word('que\\s+viene'), 'next'],
		],
	},
	fr: {
		relative: [
			{ pattern: word('apr[eè]s[-\\s]demain'), days: inDays(2) },
			{ pattern: word('avant[-\\s]hier'), days: inDays(-2) },
		],
	},
	pt: {
		relative: [
			{ pattern: word('depois\\s+de\\s+amanh[ãa]'), days: inDays(2) },
			{ pattern: word('anteontem|antes\\s+de\\s+ontem'), days: inDays(-2) },
			{ pattern: word('h[áa]\\s+(\\d+)\\s+dias?'), days: ago },
			{ pattern: word('daqui\\s+a\\s+(\\d+)\\s+dias?|em\\s+(\\d+)\\s+dias?'), days: (match) => Number(match[1] ?? match[2]) },
		],
		before: [[word('pr[óo]xim[oa]'), 'next']],
		after: [
			[word('passad[oa]'), 'last'],
			[word('que\\s+vem'), 'next'],
		],
	},
	it: {
		relative: [{ pattern: word("l'altro\\s*ieri|altro\\s*ieri|ieri\\s+l'altro"), days: inDays(-2) }],
	},
	nl: {
		relative: [
			{ pattern: word('overmorgen'), days: inDays(2) },
			{ pattern: word('eergisteren'), days: inDays(-2) },
		],
		before: [
			[word('afgelopen'), 'last'],
			[word('komende'), 'next'],
		],
	},
	sv: {
		relative: [
			{ pattern: word('(?:i\\s+)?[öo]vermorgon'), days: inDays(2) },
			{ pattern: word('om\\s+(\\d+)\\s+dagar?'), days: ahead },
			{ pattern: word('f[öo]r\\s+(\\d+)\\s+dagar?\\s+sedan'), days: ago },
			{ pattern: word('i\\s+(s[öo]ndag|m[åa]ndag|tisdag|onsdag|torsdag|fredag|l[öo]rdag)s'), days: lastSwedishWeekday },
		],
	},
	uk: {
		before: [
			[word('минул(?:ої|ого|ий|у|ій)'), 'last'],
			[word('наступн(?:ої|ого|ий|у|ій)'), 'next'],
		],
	},
	ja: {
		relative: [
			{ pattern: glued('明後日|あさって'), days: inDays(2) },
			{ pattern: glued('一昨日|おととい'), days: inDays(-2) },
			{ pattern: glued('(\\d+)\\s*日後'), days: ahead },
			{ pattern: glued('(\\d+)\\s*日前'), days: ago },
		],
		before: [
			[glued('先週の?'), 'lastWeek'],
			[glued('来週の?'), 'nextWeek'],
		],
	},
	zh: {
		relative: [
			{ pattern: glued('大后天|大後天'), days: inDays(3) },
			{ pattern: glued('后天'), days: inDays(2) },
			{ pattern: glued('大前天'), days: inDays(-3) },
			{ pattern: glued('(\\d+)\\s*天前'), days: ago },
		],
	},
};

/** What the language says that its chrono-node parser does not read (nothing for most). */
export function dateWordsOf(language: string): LanguageDateWords {
	const words = WORDS[language] ?? {};
	return { relative: words.relative ?? [], before: words.before ?? [], after: words.after ?? [] };
}

/** The side a word right before or after a weekday's name gives it, if one does. */
export function weekdaySide(language: string, before: string, after: string): WeekdaySide | undefined {
	const words = dateWordsOf(language);
	const endOf = (pattern: RegExp) => new RegExp(`${pattern.source}\\s*$`, pattern.flags);
	const startOf = (pattern: RegExp) => new RegExp(`^\\s*${pattern.source}`, pattern.flags);
	return (
		words.before.find(([pattern]) => endOf(pattern).test(before))?.[1] ??
		words.after.find(([pattern]) => startOf(pattern).test(after))?.[1]
	);
}

import { actionsFromParameters } from '../../nodes/ActionRouter/engine/actions';
import { extractField, type FieldDefinition } from '../../nodes/ActionRouter/engine/fields';
import { parseNumber } from '../../nodes/ActionRouter/engine/numbers';
import { textsFor } from '../../nodes/shared/languages';

const WEDNESDAY = new Date('2026-11-25T10:00:00Z');
const field = (type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
	name: type,
	question: `Your ${type}?`,
	type,
	required: true,
	...extra,
});
const date = field('date');
const pastDate = field('date', { when: 'past' });
const futureDate = field('date', { when: 'future' });
const answer = (f: FieldDefinition, text: string, language?: string, extra = {}) =>
	extractField(f, text, { directAnswer: true, now: WEDNESDAY, language, ...extra });
const valid = (value: string | number) => ({ status: 'valid', value });

describe('dates in the visitor\'s language', () => {
	test.each([
		['de', 'morgen', '2026-11-26'],
		['de', 'übermorgen', '2026-11-27'],
		['de', 'gestern', '2026-11-24'],
		['de', 'vor 3 Tagen', '2026-11-22'],
		['de', 'in 3 Tagen', '2026-11-28'],
		['es', 'mañana', '2026-11-26'],
		['es', 'pasado mañana', '2026-11-27'],
		['es', 'ayer', '2026-11-24'],
		['es', 'anteayer', '2026-11-23'],
		['es', 'hace 3 días', '2026-11-22'],
		['es', 'dentro de 3 días', '2026-11-28'],
		['fr', 'demain', '2026-11-26'],
		['fr', 'après-demain', '2026-11-27'],
		['fr', 'hier', '2026-11-24'],
		['fr', 'avant-hier', '2026-11-23'],
		['fr', 'il y a 3 jours', '2026-11-22'],
		['fr', 'aujourd’hui', '2026-11-25'],
		['pt', 'amanhã', '2026-11-26'],
		['pt', 'depois de amanhã', '2026-11-27'],
		['pt', 'ontem', '2026-11-24'],
		['pt', 'anteontem', '2026-11-23'],
		['pt', 'há 3 dias', '2026-11-22'],
		['pt', 'daqui a 3 dias', '2026-11-28'],
		['it', 'domani', '2026-11-26'],
		['it', 'dopodomani', '2026-11-27'],
		['it', "l'altro ieri", '2026-11-23'],
		['nl', 'morgen', '2026-11-26'],
		['nl', 'overmorgen', '2026-11-27'],
		['nl', 'eergisteren', '2026-11-23'],
		['nl', '3 dagen geleden', '2026-11-22'],
		['sv', 'imorgon', '2026-11-26'],
		['sv', 'i övermorgon', '2026-11-27'],
		['sv', 'igår', '2026-11-24'],
		['sv', 'om 3 dagar', '2026-11-28'],
		['sv', 'för 3 dagar sedan', '2026-11-22'],
		['fi', 'huomenna', '2026-11-26'],
		['ru', 'завтра', '2026-11-26'],
		['ru', 'послезавтра', '2026-11-27'],
		['ru', '3 дня назад', '2026-11-22'],
		['uk', 'завтра', '2026-11-26'],
		['ja', '明日', '2026-11-26'],
		['ja', '明後日', '2026-11-27'],
		['ja', '一昨日', '2026-11-23'],
		['ja', '3日前', '2026-11-22'],
		['ja', '3日後', '2026-11-28'],
		['zh', '明天', '2026-11-26'],
		['zh', '后天', '2026-11-27'],
		['zh', '前天', '2026-11-23'],
		['zh', '3天前', '2026-11-22'],
		['zh', '3天后', '2026-11-28'],
		['id', 'besok', '2026-11-26'],
		['vi', 'ngày mai', '2026-11-26'],
		['ar', 'غدا', '2026-11-26'],
	])('%s: "%s" is %s', (language, text, expected) => {
		expect(answer(date, text, language)).toEqual(valid(expected));
	});

	test('an English date in another language\'s conversation is read too (visitors mix)', () => {
		expect(answer(date, 'tomorrow', 'de')).toEqual(valid('2026-11-26'));
		expect(answer(date, 'next Friday', 'ja')).toEqual(valid('2026-12-04'));
		expect(answer(date, 'morgen', 'tr')).toMatchObject({ status: 'invalid' });
	});

	test('full-width and other digits are read as digits', () => {
		expect(answer(date, '２０２６年３月４日', 'ja')).toEqual(valid('2026-03-04'));
		expect(answer(date, '٤/٣/٢٠٢٦', 'ar')).toEqual(valid('2026-03-04'));
	});
});

describe('the order of day and month is the language\'s', () => {
	test.each([
		['de', '04.03.2026'],
		['de', '04/03/2026'],
		['fr', '04/03/2026'],
		['es', '04/03/2026'],
		['it', '04/03/2026'],
		['nl', '04-03-2026'],
		['pt', '04/03/2026'],
		['ru', '04.03.2026'],
		['sv', '04/03/2026'],
		['tr', '04.03.2026'],
		['pl', '04.03.2026'],
		['ja', '2026/03/04'],
		['zh', '2026年3月4日'],
	])('%s: %s is 4 March', (language, text) => {
		expect(answer(date, text, language)).toEqual(valid('2026-03-04'));
	});

	test('English is month first, as in the US, unless the Default Phone Country writes the day first', () => {
		expect(answer(date, '04/03/2026', 'en')).toEqual(valid('2026-04-03'));
		expect(answer(date, '04/03/2026')).toEqual(valid('2026-04-03'));
		expect(answer(date, '04/03/2026', 'en', { defaultCountry: 'US' })).toEqual(valid('2026-04-03'));
		expect(answer(date, '04/03/2026', 'en', { defaultCountry: 'GB' })).toEqual(valid('2026-03-04'));
		expect(answer(date, '04/03/2026', 'en', { defaultCountry: 'au' })).toEqual(valid('2026-03-04'));
		expect(answer(date, '2026-04-03', 'de')).toEqual(valid('2026-04-03'));
	});
});

describe('past and future', () => {
	// On Wednesday 25 November 2026, the last Friday was the 20th.
	test.each([
		['en', 'last Friday'],
		['en', 'I ordered it last Friday'],
		['de', 'letzten Freitag'],
		['fr', 'vendredi dernier'],
		['es', 'el viernes pasado'],
		['pt', 'sexta passada'],
		['pt', 'na sexta-feira passada'],
		['it', 'venerdì scorso'],
		['nl', 'vorige vrijdag'],
		['nl', 'afgelopen vrijdag'],
		['sv', 'förra fredag'],
		['sv', 'i fredags'],
		['fi', 'viime perjantaina'],
		['ru', 'в прошлую пятницу'],
		['uk', "минулої п'ятниці"],
		['ja', '先週の金曜日'],
		['zh', '上周五'],
		['id', 'jumat lalu'],
	])('%s: "%s" stays in the past', (language, text) => {
		expect(answer(date, text, language)).toEqual(valid('2026-11-20'));
	});

	test('a past weekday close to today is the last one, not next week\'s', () => {
		expect(answer(date, 'last Monday', 'en')).toEqual(valid('2026-11-23'));
		expect(answer(date, 'last Tuesday', 'en')).toEqual(valid('2026-11-24'));
		expect(answer(date, 'letzten Dienstag', 'de')).toEqual(valid('2026-11-24'));
		expect(answer(date, 'yesterday', 'en')).toEqual(valid('2026-11-24'));
	});

	test('weeks named in Japanese are calendar weeks', () => {
		expect(answer(date, '来週の金曜日', 'ja')).toEqual(valid('2026-12-04'));
		expect(answer(date, '先週の月曜日', 'ja')).toEqual(valid('2026-11-16'));
	});

	test('with no side set, a bare weekday or day and month is the next one, as before', () => {
		expect(answer(date, 'Monday')).toEqual(valid('2026-11-30'));
		expect(answer(date, 'Friday')).toEqual(valid('2026-11-27'));
		expect(answer(date, 'Wednesday')).toEqual(valid('2026-11-25'));
		expect(answer(date, 'March 3')).toEqual(valid('2027-03-03'));
		expect(answer(date, '3. März', 'de')).toEqual(valid('2027-03-03'));
		expect(answer(date, 'el lunes', 'es')).toEqual(valid('2026-11-30'));
		expect(answer(date, 'next Friday')).toEqual(valid('2026-12-04'));
	});

	test('a date in the past: a bare weekday or day and month is the last one', () => {
		expect(answer(pastDate, 'Friday')).toEqual(valid('2026-11-20'));
		expect(answer(pastDate, 'Wednesday')).toEqual(valid('2026-11-25'));
		expect(answer(pastDate, 'March 3')).toEqual(valid('2026-03-03'));
		expect(answer(pastDate, 'December 24')).toEqual(valid('2025-12-24'));
		expect(answer(pastDate, '3. März', 'de')).toEqual(valid('2026-03-03'));
		expect(answer(pastDate, '3月3日', 'ja')).toEqual(valid('2026-03-03'));
		expect(answer(pastDate, 'March 3rd 1990')).toEqual(valid('1990-03-03'));
		expect(answer(pastDate, 'today')).toEqual(valid('2026-11-25'));
		expect(answer(pastDate, 'am Montag', 'de')).toEqual(valid('2026-11-23'));
	});

	test('a date in the past refuses a future one, with a reason', () => {
		const refused = { status: 'invalid', reason: 'Please give a date in the past.' };
		expect(answer(pastDate, 'tomorrow')).toEqual(refused);
		expect(answer(pastDate, 'next Friday')).toEqual(refused);
		expect(answer(pastDate, '04/03/2027')).toEqual(refused);
		expect(answer(pastDate, 'el viernes que viene', 'es')).toEqual({ status: 'invalid', reason: textsFor('es').validation.dateInPast });
		expect(answer(pastDate, 'morgen', 'de')).toEqual({ status: 'invalid', reason: textsFor('de').validation.dateInPast });
		expect(answer(field('date', { when: 'past', invalidMessage: 'Your birthday, please.' }), 'tomorrow')).toEqual({
			status: 'invalid',
			reason: 'Your birthday, please.',
		});
	});

	test('a date in the future: the next one, and a past one refused with a reason', () => {
		const refused = { status: 'invalid', reason: 'Please give a date in the future.' };
		expect(answer(futureDate, 'Monday')).toEqual(valid('2026-11-30'));
		expect(answer(futureDate, 'March 3')).toEqual(valid('2027-03-03'));
		expect(answer(futureDate, 'today')).toEqual(valid('2026-11-25'));
		expect(answer(futureDate, 'yesterday')).toEqual(refused);
		expect(answer(futureDate, 'last Friday')).toEqual(refused);
		expect(answer(futureDate, 'hier', 'fr')).toEqual({ status: 'invalid', reason: textsFor('fr').validation.dateInFuture });
		expect(answer(futureDate, '2026-01-05')).toEqual(refused);
	});

	test('in a sentence, the first date on the field\'s side is taken; one on the other side alone is no value', () => {
		const inText = (f: FieldDefinition, text: string) => extractField(f, text, { directAnswer: false, now: WEDNESDAY });
		expect(inText(futureDate, 'I tried to call yesterday, can I come on Friday?')).toEqual(valid('2026-11-27'));
		expect(inText(futureDate, 'I tried to call yesterday')).toEqual({ status: 'absent' });
	});

	test('the node\'s Date Is option becomes the field\'s side', () => {
		const [action] = actionsFromParameters([
			{
				name: 'book',
				fields: {
					field: [
						{ name: 'birthday', type: 'date', dateIs: 'past' },
						{ name: 'visit', type: 'date', dateIs: 'future' },
						{ name: 'any', type: 'date', dateIs: 'any' },
						{ name: 'unset', type: 'date' },
					],
				},
			},
		]);
		expect(action.fields.map((f) => f.when)).toEqual(['past', 'future', undefined, undefined]);
	});
});

describe('numbers in the visitor\'s language', () => {
	test.each([
		['de', '3.500', 3500],
		['de', '3,5', 3.5],
		['de', 'ca. 12.500 Abonnenten', 12500],
		['de', '1.234.567,89', 1234567.89],
		['de', '3.5', 3.5],
		['de', '3 Tausend', 3000],
		['de', '2,5 Millionen', 2500000],
		['de', '5k', 5000],
		['es', '3.500', 3500],
		['es', '3,5', 3.5],
		['es', '3 mil', 3000],
		['es', '1,5 millones', 1500000],
		['fr', '3 500', 3500],
		['fr', '3\u202f500', 3500],
		['fr', '3\u00a0500 abonnés', 3500],
		['fr', '3,5', 3.5],
		['fr', '2 millions', 2000000],
		['it', '3.500', 3500],
		['it', '3,5', 3.5],
		['it', '3 mila', 3000],
		['nl', '3.500', 3500],
		['nl', '3,5', 3.5],
		['pt', '3.500', 3500],
		['pt', '3,5', 3.5],
		['tr', '3.500', 3500],
		['tr', '3,5', 3.5],
		['tr', '3 bin', 3000],
		['ru', '3 500', 3500],
		['ru', '3,5', 3.5],
		['ru', '5 тысяч', 5000],
		['pl', '3 500,25', 3500.25],
		['sv', '−3,5', -3.5],
		['ja', '3万', 30000],
		['ja', '３人', 3],
		['ja', '１２３', 123],
		['ja', '１，０００', 1000],
		['zh', '我们有３个人', 3],
		['zh', '5万', 50000],
		['zh', '3.5', 3.5],
		['ko', '3만원', 30000],
		['ar', '٣٥٠٠', 3500],
		['ar', '٣٫٥', 3.5],
		['ar', '٣٬٥٠٠', 3500],
		['fa', '۳۵۰۰', 3500],
		['hi', '३५००', 3500],
		['hi', '12,34,567', 1234567],
	])('%s: "%s" is %d', (language, text, expected) => {
		expect(parseNumber(text, language)).toBe(expected);
	});

	test.each([
		['3,500', 3500],
		['3.5', 3.5],
		['3,5', 3],
		['12 500', 12500],
		['１２３', 123],
		['٣٥٠٠', 3500],
	])('English as before: "%s" is %d', (text, expected) => {
		expect(parseNumber(text)).toBe(expected);
		expect(parseNumber(text, 'en')).toBe(expected);
	});

	test('a whole number field reads separators in the visitor\'s language', () => {
		expect(answer(field('integer'), '3.500', 'de')).toEqual(valid(3500));
		expect(answer(field('integer'), '3,5', 'de')).toEqual({ status: 'invalid', reason: textsFor('de').validation.integer });
		expect(answer(field('number'), '3,5', 'es')).toEqual(valid(3.5));
		expect(answer(field('number'), 'viele', 'de')).toEqual({ status: 'invalid', reason: textsFor('de').validation.number });
	});
});

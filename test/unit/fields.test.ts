import { checkFieldDefinition, extractField, type FieldDefinition, validateValue } from '../../nodes/ActionRouter/engine/fields';
import { parseNumber } from '../../nodes/ActionRouter/engine/numbers';

const NOW = new Date('2026-11-22T10:00:00Z'); // a Sunday
const field = (type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
	name: type,
	question: `Your ${type}?`,
	type,
	required: true,
	...extra,
});
const inText = (f: FieldDefinition, text: string, extra = {}) => extractField(f, text, { directAnswer: false, now: NOW, ...extra });
const asAnswer = (f: FieldDefinition, text: string, extra = {}) => extractField(f, text, { directAnswer: true, now: NOW, ...extra });

describe('email', () => {
	test.each([
		['Please unsubscribe Ada.Lovelace@Example.COM from everything', 'ada.lovelace@example.com'],
		['my email is <bob+news@mail.example.co.uk>.', 'bob+news@mail.example.co.uk'],
		['email: carla@example.org, thanks!', 'carla@example.org'],
	])('found in a sentence: %s', (text, expected) => {
		expect(inText(field('email'), text)).toEqual({ status: 'valid', value: expected });
	});

	test('absent from a sentence without one; an answer without one is invalid with a reason', () => {
		expect(inText(field('email'), 'unsubscribe me please')).toEqual({ status: 'absent' });
		expect(asAnswer(field('email'), 'ada at example dot com')).toEqual({
			status: 'invalid',
			reason: 'That does not look like an email address. Please send one like name@example.com.',
		});
		expect(inText(field('email'), 'it is ada@example')).toMatchObject({ status: 'invalid' });
	});

	test('the field\'s own invalid message wins', () => {
		expect(asAnswer(field('email', { invalidMessage: 'We need your work email.' }), 'nope')).toEqual({
			status: 'invalid',
			reason: 'We need your work email.',
		});
	});
});

describe('phone', () => {
	test.each([
		['call me on +44 7700 900123', '+447700900123'],
		['my number is +1 (415) 555-0123 any time', '+14155550123'],
		['+49 30 901820', '+4930901820'],
	])('%s → E.164', (text, expected) => {
		expect(inText(field('phone'), text)).toEqual({ status: 'valid', value: expected });
	});

	test('a national number uses the default country', () => {
		expect(asAnswer(field('phone'), '020 7946 0958', { defaultCountry: 'GB' })).toEqual({ status: 'valid', value: '+442079460958' });
		expect(asAnswer(field('phone'), '020 7946 0958')).toMatchObject({ status: 'invalid' });
	});

	test('too few digits is invalid, asking for the country code', () => {
		expect(asAnswer(field('phone'), '12345')).toMatchObject({ status: 'invalid', reason: expect.stringContaining('country code') });
	});
});

describe('numbers', () => {
	test.each([
		['5k followers', 5000],
		['around 12,500 subscribers', 12500],
		['1.2m', 1200000],
		['about 300', 300],
		['3 thousand', 3000],
	])('%s → %d', (text, expected) => {
		expect(parseNumber(text)).toBe(expected);
	});

	test('integer fields refuse fractions; a non-number answer is invalid', () => {
		expect(asAnswer(field('integer'), '2.5')).toEqual({ status: 'invalid', reason: 'Please answer with a whole number.' });
		expect(asAnswer(field('number'), 'lots')).toEqual({ status: 'invalid', reason: 'Please answer with a number.' });
		expect(asAnswer(field('integer'), '42')).toEqual({ status: 'valid', value: 42 });
	});
});

describe('dates', () => {
	test.each([
		['2026-12-03', '2026-12-03'],
		['tomorrow', '2026-11-23'],
		['next Friday please', '2026-11-27'],
		['in 3 days', '2026-11-25'],
		['on December 24th', '2026-12-24'],
	])('%s → %s', (text, expected) => {
		expect(asAnswer(field('date'), text)).toEqual({ status: 'valid', value: expected });
	});

	test('relative dates follow the time zone', () => {
		// 23:30 in Auckland on the 22nd UTC is already the 23rd there.
		const late = new Date('2026-11-22T11:30:00Z');
		expect(extractField(field('date'), 'today', { directAnswer: true, now: late, timezone: 'Pacific/Auckland' })).toEqual({
			status: 'valid',
			value: '2026-11-23',
		});
	});

	test('no date in an answer is invalid', () => {
		expect(asAnswer(field('date'), 'whenever')).toMatchObject({ status: 'invalid' });
	});
});

describe('urls, enums, regex and text', () => {
	test('urls are normalised to https when the scheme is missing; emails are not urls', () => {
		expect(inText(field('url'), 'my site is www.example.com/blog.')).toEqual({ status: 'valid', value: 'https://www.example.com/blog' });
		expect(asAnswer(field('url'), 'ada@example.com')).toMatchObject({ status: 'invalid' });
	});

	const list = field('enum', { options: ['Weekly digest', 'Product news', 'Offers'] });
	test.each([
		['product news', 'Product news'],
		['the WEEKLY DIGEST one', 'Weekly digest'],
		['wekly digest', 'Weekly digest'],
		['ofers', 'Offers'],
		['the product one', 'Product news'],
		['weekly please', 'Weekly digest'],
	])('enum answer %s → %s', (text, expected) => {
		expect(asAnswer(list, text)).toEqual({ status: 'valid', value: expected });
	});

	test('a word shared by several options names none of them', () => {
		const plans = field('enum', { options: ['Starter plan', 'Pro plan'] });
		expect(asAnswer(plans, 'the plan')).toMatchObject({ status: 'invalid' });
		expect(asAnswer(plans, 'the pro plan')).toEqual({ status: 'valid', value: 'Pro plan' });
	});

	test('an enum answer far from every option lists the options', () => {
		expect(asAnswer(list, 'all of them')).toEqual({
			status: 'invalid',
			reason: 'Please choose one of: Weekly digest, Product news, Offers.',
		});
		expect(inText(list, 'unsubscribe me')).toEqual({ status: 'absent' });
	});

	test('a pattern field takes the first word (or run of words) the pattern matches whole, without the sentence\'s punctuation', () => {
		const order = field('regex', { pattern: '[A-Z]-?\\d{4,6}' });
		expect(inText(order, 'where is order a-12345?')).toEqual({ status: 'valid', value: 'a-12345' });
		expect(asAnswer(order, 'I lost it')).toMatchObject({ status: 'invalid' });
	});

	test.each([
		['^INV-[0-9]{5}$', 'can you resend invoice INV-20417?', 'INV-20417'],
		['^[A-Z]{2}[0-9]{6}$', 'My booking is (AB123456), thanks', 'AB123456'],
		['[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}', 'deliver to SW1A 1AA please', 'SW1A 1AA'],
		['\\d{5}', '#12345', '12345'],
	])('anchors work as users mean them: %s finds its value in "%s"', (pattern, text, value) => {
		expect(inText(field('regex', { pattern }), text)).toEqual({ status: 'valid', value });
	});

	test('a value that only partly matches is refused, never cut to fit', () => {
		const fiveDigits = field('regex', { pattern: '\\d{5}' });
		expect(asAnswer(fiveDigits, '123456')).toEqual({ status: 'invalid', reason: 'That is not in the expected format.' });
		expect(inText(fiveDigits, 'my number is 123456')).toEqual({ status: 'absent' });
		expect(asAnswer(field('regex', { pattern: '^INV-[0-9]{5}$' }), 'INV-204170')).toMatchObject({ status: 'invalid' });
	});

	test('text is only taken from a direct answer', () => {
		expect(inText(field('text'), 'fitness and travel')).toEqual({ status: 'absent' });
		expect(asAnswer(field('text'), '  fitness and travel ')).toEqual({ status: 'valid', value: 'fitness and travel' });
	});

	test.each([
		['name', 'my name is Ana Lima', 'Ana Lima'],
		['name', "I'm Tom", 'Tom'],
		['full_name', 'My full name is Ana Lima.', 'Ana Lima'],
		['company', 'our company is Acme Ltd', 'Acme Ltd'],
		['company', 'company: Acme Ltd', 'Acme Ltd'],
		['companyName', 'our company name is Acme Ltd', 'Acme Ltd'],
		['problem', "I'm locked out of my account", "I'm locked out of my account"],
		['problem', 'my problem is', 'my problem is'],
	])('a text answer to %s drops a lead-in that restates the field: "%s" → "%s"', (name, text, value) => {
		expect(asAnswer(field('text', { name }), text)).toEqual({ status: 'valid', value });
	});

	test('values from a lead form are validated too', () => {
		expect(validateValue(field('email'), 'ADA@EXAMPLE.COM', { now: NOW })).toEqual({ status: 'valid', value: 'ada@example.com' });
		expect(validateValue(field('number'), 5000, { now: NOW })).toEqual({ status: 'valid', value: 5000 });
		expect(validateValue(field('email'), '', { now: NOW })).toEqual({ status: 'absent' });
	});

	test('a value that is not one value (an object, a list) is invalid, never text made of it', () => {
		const notOne = { status: 'invalid', reason: 'Please give one value, as text.' };
		// Another trigger's item may carry anything: `String()` of this object throws.
		expect(validateValue(field('text', { name: 'order_id' }), { toString: '12345' }, { now: NOW })).toEqual(notOne);
		expect(validateValue(field('text', { name: 'name' }), { first: 'Ana' }, { now: NOW })).toEqual(notOne);
		expect(validateValue(field('email'), ['ada@example.com'], { now: NOW })).toEqual(notOne);
		expect(validateValue(field('text', { name: 'consent' }), true, { now: NOW })).toEqual({ status: 'valid', value: 'true' });
	});
});

describe('configuration mistakes name the action and field', () => {
	test.each([
		[field('enum', { options: [] }), 'Action "join", field "enum": an enum field needs options'],
		[field('regex', { pattern: '([a-z' }), expect.stringMatching(/^Action "join", field "regex": invalid regex \(\[a-z/)],
		[field('regex', { pattern: '' }), 'Action "join", field "regex": a regex field needs a pattern'],
		[
			field('list' as FieldDefinition['type']),
			'Action "join", field "list": unknown type "list"; a field\'s type is one of text, email, phone, number, integer, date, url, enum, regex',
		],
	])('%#', (f, message) => {
		expect(checkFieldDefinition('join', f)).toEqual(message);
	});
});

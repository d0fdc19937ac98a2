// A person's name: which fields hold one, what a name looks like in any script, and how one is
// found in a sentence ("Hi, I'm Sam Lee, …") or taken from an answer ("sure, it's Ana").
import { extractField, type FieldDefinition, validateValue } from '../../nodes/ActionRouter/engine/fields';
import { looksLikeName, nameInAnswer, nameInSentence, personNamePart } from '../../nodes/ActionRouter/engine/names';

const NOW = new Date('2026-11-22T10:00:00Z');
const textField = (name: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
	name,
	question: 'What is your name?',
	type: 'text',
	required: true,
	...extra,
});
const asAnswer = (name: string, text: string, extra: Partial<FieldDefinition> = {}) =>
	extractField(textField(name, extra), text, { directAnswer: true, now: NOW });
const inText = (name: string, text: string) => extractField(textField(name), text, { directAnswer: false, now: NOW });
const NOT_A_NAME = { status: 'invalid', reason: "That doesn't look like a name." };

describe('which fields hold a person\'s name', () => {
	test.each([
		['name', 'full'],
		['full_name', 'full'],
		['fullName', 'full'],
		['fullname', 'full'],
		['your_name', 'full'],
		['contact_name', 'full'],
		['customer-name', 'full'],
		['first_name', 'first'],
		['firstName', 'first'],
		['given_name', 'first'],
		['last_name', 'last'],
		['surname', 'last'],
		['family_name', 'last'],
	])('%s: a person\'s name (%s)', (field, part) => {
		expect(personNamePart(field)).toBe(part);
	});

	test.each(['company_name', 'product_name', 'campaign_name', 'business_name', 'store_name', 'username', 'file_name', 'company', 'problem', 'rename'])(
		'%s: not a person\'s name',
		(field) => {
			expect(personNamePart(field)).toBeUndefined();
		},
	);
});

describe('a name looks like a name, in any script', () => {
	test.each([
		'Ana',
		'ana',
		'Sam Lee',
		'Ana Díaz',
		"O'Brien-Smith",
		'J. R. Smith',
		'J.R. Smith',
		'Ana de la Cruz',
		'Will Smith',
		'May',
		'Maria José García López Fernández',
		'李小龙',
		'محمد علي',
		'Пётр Чайковский',
		'ジョン・スミス',
		'Nguyễn Thị Minh Khai',
		'Ngā Tamatoa',
	])('"%s"', (text) => {
		expect(looksLikeName(text)).toBe(true);
	});

	test.each([
		['do you ship to Canada', 'a question'],
		['not ready yet', 'a change of mind'],
		["I don't know", 'a hesitation'],
		['what', 'a question word'],
		['yes', 'an answer to another question'],
		['no', 'an answer to another question'],
		['hello', 'a greeting'],
		['thanks', 'thanks'],
		['Ana?', 'a question mark'],
		['sam@lee.io', 'an email address'],
		['Sam 2', 'a digit'],
		['R2D2', 'a digit'],
		['Ana Maria Lima da Silva Santos', 'more than five words'],
		['J.', 'an initial alone'],
		['j', 'a letter alone'],
		['', 'nothing'],
		['ana_lima', 'an underscore'],
		['Wise please', 'a request word'],
	])('"%s" is not a name: %s', (text) => {
		expect(looksLikeName(text)).toBe(false);
	});
});

describe('a name found in a sentence', () => {
	test.each([
		["Hi, I'm Sam Lee (sam@lee.io), I run a TikTok with 12k followers and want to be an affiliate", 'Sam Lee'],
		['my name is Ana Díaz and I would like to join', 'Ana Díaz'],
		['My name is Ana Díaz.', 'Ana Díaz'],
		['this is Sam from Acme', 'Sam'],
		['Sam Lee here, I want to join the program', 'Sam Lee'],
		['Hello! Sam here.', 'Sam'],
		['call me Sam', 'Sam'],
		["I'm J. R. Smith, a writer", 'J. R. Smith'],
		['Hi I’m Seán Ó Briain and I blog about food', 'Seán Ó Briain'],
		["I'm Ana de la Cruz, from Lima", 'Ana de la Cruz'],
		['I am Sam Lee and I have 5k followers', 'Sam Lee'],
		['my name is 李小龙.', '李小龙'],
		["I'm Dr. Ana Lima, a dentist", 'Dr. Ana Lima'],
		['Hey, Ana here 👋', 'Ana'],
		['name: Sam Lee, email sam@lee.io', 'Sam Lee'],
		["I'm 李小龙", '李小龙'],
	])('"%s" → %s', (text, name) => {
		expect(nameInSentence(text)).toBe(name);
	});

	test.each([
		'Hello, I want to join',
		'Wise please',
		"I'm locked out",
		"I'm not sure",
		"I'm interested in the affiliate program",
		"I'm from Acme",
		"I'm a Designer",
		'This is Great',
		'Anyone here?',
		'Do you ship to Canada?',
		'my name is ana lima',
		"HI, I'M LOCKED OUT",
		'my name is 李小龙 and I want to join',
		'',
	])('"%s": no name', (text) => {
		expect(nameInSentence(text)).toBeUndefined();
	});
});

describe('a name taken from an answer to the name question', () => {
	test.each([
		['Ana', 'Ana'],
		['ana lima', 'ana lima'],
		['Sam Lee.', 'Sam Lee'],
		["sure, it's Ana", 'Ana'],
		["Hi! I'm Ana", 'Ana'],
		['hi im ana', 'ana'],
		['call me Sam', 'Sam'],
		['no, it is Anna', 'Anna'],
		['Sam Lee here', 'Sam Lee'],
		["I'm Sam, nice to meet you", 'Sam'],
		['im sam and i run a blog', 'sam'],
		['Ana 😊', 'Ana'],
		['"Ana Lima"', 'Ana Lima'],
		['Ana?', 'Ana'],
		["It's Sam Lee :)", 'Sam Lee'],
		['sam lee, sam@lee.io', 'sam lee'],
		['Sam, and my email is sam@lee.io', 'Sam'],
		['Dr. Ana Lima', 'Dr. Ana Lima'],
		['李', '李'],
		['Bond, James', 'Bond, James'],
		['Sam from Acme', 'Sam'],
		['Sam Lee (Acme)', 'Sam Lee'],
	])('"%s" → %s', (text, name) => {
		expect(nameInAnswer(text)).toBe(name);
	});

	test.each([
		'do you ship to Canada?',
		'Canada, do you ship there?',
		"actually, never mind, I'm not ready yet",
		"I'm locked out",
		"i'm tired of waiting",
		'what?',
		'hmm',
		'hmm, let me check',
		'yes',
		'Hi',
		'my name is not important',
	])(
		'"%s": no name',
		(text) => {
			expect(nameInAnswer(text)).toBeUndefined();
		},
	);
});

describe('a person-name field takes a direct answer only when it looks like a name', () => {
	test.each([
		['name', 'Ana', 'Ana'],
		['name', 'my name is Ana Lima', 'Ana Lima'],
		['name', "I'm Tom", 'Tom'],
		['full_name', 'My full name is Ana Lima.', 'Ana Lima'],
		['first_name', 'my first name is Ana', 'Ana'],
		['name', 'São Paulo', 'São Paulo'],
		['name', '李小龙', '李小龙'],
		['contact_name', "O'Brien-Smith", "O'Brien-Smith"],
		['name', "Hi, I'm Sam Lee", 'Sam Lee'],
	])('%s: "%s" → %s', (field, text, value) => {
		expect(asAnswer(field, text)).toEqual({ status: 'valid', value });
	});

	test.each([
		'do you ship to Canada?',
		"actually, never mind, I'm not ready yet",
		"I don't know",
		'what',
		'yes',
		'no',
		'hello',
		'thanks',
		'sam@lee.io',
		'12345',
	])('"%s" is refused: that does not look like a name', (text) => {
		expect(asAnswer('name', text)).toEqual(NOT_A_NAME);
	});

	test("the field's own invalid message wins", () => {
		expect(asAnswer('name', 'do you ship to Canada?', { invalidMessage: 'Just your first name, please.' })).toEqual({
			status: 'invalid',
			reason: 'Just your first name, please.',
		});
	});

	test('a field for another kind of name, or any other text field, still takes any text', () => {
		expect(asAnswer('company_name', 'do you ship to Canada?')).toEqual({ status: 'valid', value: 'do you ship to Canada?' });
		expect(asAnswer('company', 'Acme 2000 Ltd')).toEqual({ status: 'valid', value: 'Acme 2000 Ltd' });
		expect(asAnswer('problem', "I'm not sure what happened")).toEqual({ status: 'valid', value: "I'm not sure what happened" });
	});

	test('a name from elsewhere (a lead form, a profile) is checked the same way', () => {
		expect(validateValue(textField('name'), 'Ada Lovelace', { now: NOW })).toEqual({ status: 'valid', value: 'Ada Lovelace' });
		expect(validateValue(textField('name'), 'ada@example.com', { now: NOW })).toEqual(NOT_A_NAME);
	});
});

describe('a person-name field found in the first message', () => {
	test.each([
		['name', "Hi, I'm Sam Lee (sam@lee.io), I run a TikTok with 12k followers and want to be an affiliate", 'Sam Lee'],
		['full_name', 'my name is Ana Díaz and I want to join', 'Ana Díaz'],
		['first_name', "Hi, I'm Sam Lee and I want to join", 'Sam'],
		['last_name', "Hi, I'm Sam Lee and I want to join", 'Lee'],
		['last_name', "I'm Ana de la Cruz, from Lima", 'de la Cruz'],
	])('%s: "%s" → %s', (field, text, value) => {
		expect(inText(field, text)).toEqual({ status: 'valid', value });
	});

	test('absent when no name is introduced, or when only a first name is given for a last name', () => {
		expect(inText('name', 'Hello, I want to join')).toEqual({ status: 'absent' });
		expect(inText('name', "I'm interested in the affiliate program")).toEqual({ status: 'absent' });
		expect(inText('last_name', 'this is Sam from Acme')).toEqual({ status: 'absent' });
	});

	test('other text fields are still never taken from a sentence', () => {
		expect(inText('company_name', "Hi, I'm Sam Lee from Acme")).toEqual({ status: 'absent' });
	});
});

// What a visitor says around a question instead of answering it: a question of their own, a
// moment's hesitation, or a change of mind. A real answer, however it is worded, is never one.
import { readAside } from '../../nodes/ActionRouter/engine/asides';

describe('a question of their own is a question', () => {
	test.each([
		'do you ship to Canada?',
		'Do you ship to Canada',
		'does it work with Shopify?',
		'can you tell me the price first',
		'could you send me the terms?',
		'is it free?',
		'are you a bot',
		'is there a minimum audience?',
		'will you pay by PayPal',
		'what?',
		'what do you need my name for',
		"what's the commission",
		'where are you based?',
		'when do payouts happen',
		'why do you need that?',
		'how much do affiliates earn',
		'who sees my data?',
		'which countries do you ship to',
		'hi, do you ship to Canada?',
		'wait, what is this for?',
		'hmm, how long does it take?',
		'I was wondering if you have a referral program?',
		'the commission is per sale?',
		'¿hablas español?',
		'huh?',
		'pardon?',
		'say again?',
		'I have a question',
		'quick question: is it free',
		'not sure, what do you mean?',
	])('"%s"', (message) => {
		expect(readAside(message)).toBe('question');
	});
});

describe('a value with a hesitant question mark is an answer, not a question', () => {
	test.each([
		'sam@lee.io?',
		'12345?',
		'Ana?',
		'Sam Lee?',
		'São Paulo?',
		'weekly?',
		'my email is sam@lee.io?',
		"it's 12345?",
		"I'm Ana?",
		'maybe Ana?',
		'idk, like 5k?',
		'hmm, around 300?',
	])(
		'"%s"',
		(message) => {
			expect(readAside(message)).toBeUndefined();
		},
	);
});

describe('a question word opens a question only when a question follows it', () => {
	test.each(['When I log in it crashes', 'where I live there is no coverage', 'what I need is a refund'])('"%s" is an answer', (message) => {
		expect(readAside(message)).toBeUndefined();
	});

	test('a name is not a question even when it starts like one ("Will Smith", "Is")', () => {
		expect(readAside('Will Smith')).toBeUndefined();
		expect(readAside('Will')).toBeUndefined();
	});
});

describe('a moment of hesitation is a hesitation', () => {
	test.each([
		'hmm',
		'Hmmm...',
		'um',
		'let me think',
		'one sec',
		'one second please',
		'hold on',
		'hang on',
		'wait',
		'wait a minute',
		'not sure',
		"I'm not sure",
		"I don't know",
		'I dont know',
		'idk',
		'dunno',
		'no idea',
		'good question',
		'let me check',
		'give me a minute',
		'hmm, let me check',
		'good question, let me think',
		'not sure?',
		'I don’t remember',
	])('"%s"', (message) => {
		expect(readAside(message)).toBe('hesitation');
	});
});

describe('calling it off for now is a change of mind', () => {
	test.each([
		'actually, never mind',
		"I'm not ready yet",
		'actually, never mind, I\'m not ready yet',
		'maybe later',
		'maybe later, thanks',
		'not now',
		'not right now, sorry',
		'I changed my mind',
		'forget it',
		"I'll do it later",
		"no, I don't want to anymore",
		'let me think about it and come back',
		'let me think about it',
		"I'll come back later",
		'never mind',
		'nvm',
		'no thanks',
		'cancel',
		'hmm, maybe another time',
		'maybe later?',
		'just browsing',
		'no thanks, just looking',
	])('"%s"', (message) => {
		expect(readAside(message)).toBe('change_of_mind');
	});
});

describe('a real answer is never an aside', () => {
	test.each([
		'Ana',
		'Sam Lee',
		'my name is Ana',
		'sam@lee.io',
		'12345',
		'weekly',
		"I think it's 12345",
		'Acme Inc.',
		'São Paulo',
		'李小龙',
		"O'Brien-Smith",
		'the weekly one',
		"it's ana@x.io",
		'around 25k on instagram',
		"I'm locked out of my account",
		'hmm, Ana',
		'not sure, maybe 5k',
		'wait, it is ana@x.io',
		'no',
		'yes',
		'ok',
		'later today works',
	])('"%s"', (message) => {
		expect(readAside(message)).toBeUndefined();
	});

	test('an empty message is no aside', () => {
		expect(readAside('')).toBeUndefined();
		expect(readAside('   ')).toBeUndefined();
	});
});

describe('a message that is both', () => {
	test('a change of mind followed by a question of their own is a question: they still want an answer', () => {
		expect(readAside("never mind, what's your refund policy?")).toBe('question');
	});

	test('a hesitation followed by a question is a question', () => {
		expect(readAside("I don't know, what do you recommend?")).toBe('question');
	});

	test('a hesitation followed by a change of mind is a change of mind', () => {
		expect(readAside('hmm, not now')).toBe('change_of_mind');
	});
});

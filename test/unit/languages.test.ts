// The texts the nodes say by themselves, per language: the data files are complete and agree
// with English, a turn's language picks them, and a text the flow's owner set wins.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { CONFIRM_NO, CONFIRM_YES, type RouterSettings } from '../../nodes/ActionRouter/engine/decision';
import { DEFAULT_REPLIES } from '../../nodes/ActionRouter/engine/defaults';
import { extractField, validateValue } from '../../nodes/ActionRouter/engine/fields';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { routerOptions } from '../../nodes/ActionRouter/engine/parameters';
import { route } from '../../nodes/ActionRouter/engine/router';
import { type ActionConfig, DEFAULT_FAILURE_MESSAGE, failedAfterAnswer } from '../../nodes/HttpAction/engine/action';
import { composeReply } from '../../nodes/HttpAction/engine/compose';
import type { ChatTurn } from '../../nodes/shared/contract';
import { ENGLISH, fill, LANGUAGES, textsFor } from '../../nodes/shared/languages';
import type { ConversationState } from '../../nodes/shared/state/types';

const FOLDER = join(__dirname, '../../nodes/shared/languages');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const entries = (texts: object) =>
	Object.entries(texts).flatMap(([section, keys]) => Object.entries(keys as Record<string, unknown>).map(([key, value]) => [`${section}.${key}`, value] as const));

describe('the language files', () => {
	test('every file in the folder is a built-in language, and every built-in language has a file', () => {
		const files = readdirSync(FOLDER).filter((name) => name.endsWith('.json')).map((name) => name.replace(/\.json$/, ''));
		expect([...LANGUAGES].sort()).toEqual(files.sort());
	});

	const english = new Map(entries(ENGLISH));
	describe.each(LANGUAGES.filter((language) => language !== 'en'))('%s', (language) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const own = new Map(entries(require(join(FOLDER, `${language}.json`)) as object));

		test('has every English key, and none English lacks', () => {
			expect([...own.keys()].sort()).toEqual([...english.keys()].sort());
		});

		test('each text keeps the placeholders of its English text, and is no copy of it', () => {
			for (const [key, value] of own) {
				const source = english.get(key);
				if (typeof source !== 'string') continue;
				expect({ key, value: typeof value === 'string' && value.trim() !== '' }).toEqual({ key, value: true });
				expect({ key, placeholders: placeholders(value as string) }).toEqual({ key, placeholders: placeholders(source) });
			}
		});

		test('each word list is a list of words', () => {
			for (const [key, value] of own) {
				if (!Array.isArray(english.get(key))) continue;
				expect({ key, list: Array.isArray(value) && value.every((word) => typeof word === 'string' && word.trim() !== '') }).toEqual({ key, list: true });
			}
		});
	});

	test("English is the Action Router's option defaults and the HTTP Action's failure reply", () => {
		expect(DEFAULT_REPLIES).toBe(ENGLISH.replies);
		expect(DEFAULT_FAILURE_MESSAGE).toBe(ENGLISH.httpAction.failure);
	});
});

describe('the word lists of all languages agree', () => {
	const normal = (word: string) => word.normalize('NFC').toLowerCase().replace(/[’`]/g, "'");
	const all = (list: (texts: ReturnType<typeof textsFor>) => string[]) =>
		LANGUAGES.flatMap((language) => list(textsFor(language)).map((word) => ({ language, word: normal(word) })));
	const yes = all((texts) => texts.confirmation.yes);
	const no = all((texts) => texts.confirmation.no);

	test('no phrase is a yes in one language and a no in another, but for the clashes the turn\'s language decides', () => {
		// Chat shorthand: "k" is "ok" in English and "không" (no) in Vietnamese; a Vietnamese turn reads it as a no.
		const decidedByTheTurn = new Set(['k']);
		const noWords = new Set(no.map(({ word }) => word));
		expect(yes.filter(({ word }) => noWords.has(word) && !decidedByTheTurn.has(word))).toEqual([]);
	});

	test('no cancel phrase is a yes anywhere', () => {
		const yesWords = new Set(yes.map(({ word }) => word));
		expect(all((texts) => texts.cancel.phrases).filter(({ word }) => yesWords.has(word))).toEqual([]);
	});

	test('a word that changes an answer (never filler) is no yes or filler anywhere: a yes read elsewhere must not overlook it', () => {
		const never = new Set(all((texts) => texts.confirmation.neverFiller).map(({ word }) => word));
		const light = [...yes, ...all((texts) => texts.confirmation.filler)].filter(({ word }) => !word.includes(' '));
		expect(light.filter(({ word }) => never.has(word))).toEqual([]);
	});
});

describe('textsFor', () => {
	test('a language without a file, or none, is English', () => {
		expect(textsFor('xx')).toBe(ENGLISH);
		expect(textsFor(undefined)).toBe(ENGLISH);
		expect(textsFor('')).toBe(ENGLISH);
	});

	test('a regional tag is its language', () => {
		expect(textsFor('de-AT').replies.greeting).toBe(textsFor('de').replies.greeting);
		expect(textsFor('PT_br').router.yesButton).toBe('Sim');
	});

	test('a key a file lacks (or leaves empty) is said in English', () => {
		jest.isolateModules(() => {
			jest.doMock('../../nodes/shared/languages/de.json', () => ({ replies: { greeting: 'Hallo!', thanks: '' }, router: { yesButton: 'Ja' } }));
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { textsFor: sparse } = require('../../nodes/shared/languages') as typeof import('../../nodes/shared/languages');
			const german = sparse('de');
			expect(german.replies.greeting).toBe('Hallo!');
			expect(german.replies.thanks).toBe(ENGLISH.replies.thanks);
			expect(german.router).toEqual({ ...ENGLISH.router, yesButton: 'Ja' });
			expect(german.confirmation.yes).toEqual(ENGLISH.confirmation.yes);
		});
		jest.dontMock('../../nodes/shared/languages/de.json');
	});

	test('fill puts values in their placeholders and leaves others', () => {
		expect(fill('Use {value}? {other}', { value: '{x}' })).toBe('Use {x}? {other}');
	});
});

// The router on a keyword stand-in for the intent model (conversation.test.ts does the same).
const keywords: IntentClassifier = {
	rank(message) {
		const text = message.toLowerCase();
		return [
			{ action: 'reset_key', score: /key|schlüssel|clé/.test(text) ? 0.9 : 0.05 },
			{ action: 'order_status', score: /order|bestellung/.test(text) ? 0.9 : 0.05 },
			{ action: 'track_parcel', score: /order|bestellung/.test(text) ? 0.88 : 0.05 },
		].sort((a, b) => b.score - a.score);
	},
};
const intentOnly = { intent: true, buttonIds: [], leadCaptured: false };
const ACTIONS: RouterAction[] = [
	{
		name: 'reset_key',
		description: 'Reset an API key',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'email', question: 'Welche E-Mail-Adresse?', type: 'email', required: true }],
		confirmation: 'Schlüssel für {{fields.email}} zurücksetzen?',
	},
	{ name: 'order_status', description: 'Where an order is', examples: [], triggers: intentOnly, fields: [] },
	{ name: 'track_parcel', description: 'Where a parcel is', examples: [], triggers: intentOnly, fields: [] },
];

function conversation(language: string, replies: Partial<typeof DEFAULT_REPLIES> = {}) {
	let state: ConversationState | undefined;
	const settings: RouterSettings = { threshold: 0.2, tieMargin: 0.05, maxReasks: 1, language };
	return (message: string, extra: Partial<ChatTurn> = {}) => {
		const decision = route({ turn: { event: 'message', conversationId: 'c1', message, ...extra }, state, actions: ACTIONS, classifier: keywords, settings, replies });
		state = decision.state;
		return decision.outcome;
	};
}

describe("the router's own words follow the turn's language", () => {
	const de = textsFor('de');

	test('small talk, no match and a cancel are answered in German for a German turn (an English greeting too)', () => {
		const say = conversation('de');
		expect(say('hi')).toMatchObject({ kind: 'noMatch', message: expect.stringContaining(de.replies.greeting) });
		expect(say('wie wird das Wetter?')).toMatchObject({ kind: 'noMatch', message: expect.stringContaining(de.replies.noMatch) });
		expect(say('mein schlüssel')).toMatchObject({ kind: 'ask', question: 'Welche E-Mail-Adresse?' });
		expect(say('vergiss es')).toMatchObject({ kind: 'noMatch', reason: 'cancelled', message: de.replies.cancelled });
	});

	test('the same turn in English is answered in English', () => {
		expect(conversation('en')('hello')).toMatchObject({ message: expect.stringContaining(ENGLISH.replies.greeting) });
	});

	test('a confirmation has German buttons and reads a German yes; which-one is asked in German', () => {
		const say = conversation('de');
		say('mein schlüssel');
		const confirm = say('ada@example.com');
		expect(confirm).toMatchObject({ kind: 'ask', reason: 'confirm', buttons: [{ label: 'Ja', actionId: CONFIRM_YES }, { label: 'Nein', actionId: CONFIRM_NO }] });
		expect(say('ja, bitte')).toMatchObject({ kind: 'action', action: 'reset_key' });
		expect(conversation('de')('meine bestellung')).toMatchObject({ kind: 'ask', reason: 'clarify', question: de.router.clarify });
	});

	test("an invalid answer's reason is in the turn's language", () => {
		const say = conversation('de');
		say('mein schlüssel');
		expect(say('Lisa Müller')).toMatchObject({ kind: 'ask', reason: 'invalid_field', question: `${de.validation.email} Welche E-Mail-Adresse?` });
	});

	test("a text the flow's owner set is said as set, in any language", () => {
		const { replies } = routerOptions({ greetingReply: 'Moin!' });
		expect(replies).toEqual({ greeting: 'Moin!' });
		const say = conversation('de', replies);
		expect(say('hi')).toMatchObject({ message: expect.stringContaining('Moin!') });
		expect(say('wie wird das Wetter?')).toMatchObject({ message: expect.stringContaining(de.replies.noMatch) });
	});

	test('an option left at its English default is not set: the visitor still reads their language', () => {
		const { replies } = routerOptions({ greetingReply: DEFAULT_REPLIES.greeting, noMatchReply: DEFAULT_REPLIES.noMatch });
		expect(replies).toEqual({});
		expect(conversation('de', replies)('hi')).toMatchObject({ message: expect.stringContaining(de.replies.greeting) });
	});
});

describe("validation reasons in the turn's language", () => {
	const now = new Date('2026-03-01T12:00:00Z');
	const field = (type: 'email' | 'phone' | 'enum' | 'url' | 'regex' | 'text' | 'number' | 'integer', extra = {}) => ({ name: 'x', question: '?', type, required: true, ...extra });

	test.each(['de', 'fr', 'es', 'pt', 'it', 'nl'])('%s', (language) => {
		const { validation } = textsFor(language);
		const answer = (definition: ReturnType<typeof field>, text: string, defaultCountry?: string) =>
			extractField(definition, text, { directAnswer: true, now, language, defaultCountry });
		expect(answer(field('email'), 'nope')).toEqual({ status: 'invalid', reason: validation.email });
		expect(answer(field('phone'), 'nope')).toEqual({ status: 'invalid', reason: validation.phone });
		expect(answer(field('phone'), 'nope', 'DE')).toEqual({ status: 'invalid', reason: fill(validation.phoneInCountry, { country: 'DE' }) });
		expect(answer(field('enum', { options: ['A', 'B'] }), 'zzz')).toEqual({ status: 'invalid', reason: fill(validation.choose, { options: 'A, B' }) });
		expect(answer(field('url'), 'nope')).toEqual({ status: 'invalid', reason: validation.url });
		expect(answer(field('number'), 'nope')).toEqual({ status: 'invalid', reason: validation.number });
		expect(answer(field('integer'), '2.5')).toEqual({ status: 'invalid', reason: validation.integer });
		expect(answer(field('regex', { pattern: '\\d{5}' }), 'nope')).toEqual({ status: 'invalid', reason: validation.pattern });
		expect(answer(field('text'), 'x'.repeat(600))).toEqual({ status: 'invalid', reason: fill(validation.tooLong, { max: 500 }) });
		expect(validateValue(field('text'), { a: 1 }, { now, language })).toEqual({ status: 'invalid', reason: validation.oneValue });
	});

	test("the field's own invalid message wins", () => {
		expect(extractField(field('email', { invalidMessage: 'Work email, please.' }), 'nope', { directAnswer: true, now, language: 'de' })).toEqual({
			status: 'invalid',
			reason: 'Work email, please.',
		});
	});
});

describe("the HTTP Action's failure reply", () => {
	const failure = { kind: 'http' as const, message: 'boom', retryable: false, attempts: 1 };
	const config = (failureMessage: string) => ({ failureMessage, handoffOnFailure: true, request: { missingVariables: 'empty' } }) as unknown as ActionConfig;
	const turn = (language?: string): ChatTurn => ({ conversationId: 'c1', message: 'x', ...(language ? { router: { outcome: 'action', language } } : {}) });

	test("unset, or left at its English default, it is said in the language the router found", () => {
		expect(failedAfterAnswer(turn('fr'), config(''), failure).item.reply?.message).toBe(textsFor('fr').httpAction.failure);
		expect(failedAfterAnswer(turn('fr'), config(DEFAULT_FAILURE_MESSAGE), failure).item.reply?.message).toBe(textsFor('fr').httpAction.failure);
		expect(failedAfterAnswer(turn(), config(''), failure).item.reply?.message).toBe(DEFAULT_FAILURE_MESSAGE);
	});

	test("the owner's text is said as set", () => {
		expect(failedAfterAnswer(turn('fr'), config('Oops, {{user_message}}'), failure).item.reply?.message).toBe('Oops, x');
	});
});

describe("a reply a chat model phrases for the HTTP Action", () => {
	test("is asked for in the language the router found", async () => {
		const prompts: string[] = [];
		const model = { invoke: async (messages: Array<[string, string]>) => (prompts.push(messages[0][1]), 'Ihre Bestellung ist unterwegs.') };
		await composeReply(model, { data: { status: 'shipped' }, tone: '', secrets: [], language: 'de' });
		await composeReply(model, { data: { status: 'shipped' }, tone: '', secrets: [] });
		expect(prompts[0]).toContain('Write the reply in German.');
		expect(prompts[1]).not.toContain('Write the reply in');
	});
});

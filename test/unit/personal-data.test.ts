import {
	displayForm,
	PersonalDataError,
	refuseSealed,
	SEALED_KEY,
	sealingKey,
	sealTurn,
	unsealTurn,
} from '../../nodes/shared/personal-data';
import type { ChatTurn } from '../../nodes/shared/contract';

const KEY = sealingKey('k'.repeat(16) + 'personal-data-unit-test'); // test value, not a real secret
const OTHER_KEY = sealingKey('o'.repeat(16) + 'personal-data-unit-test');

const EMAIL = 'grace.hopper@example.org';
const PHONE = '+44 7700 900123';
const SENTENCE = 'My cousin Bartholomew keeps the spare key under the blue flowerpot';

const TURN: ChatTurn = {
	event: 'message',
	conversationId: 'conv_1',
	chatbotId: 'bot_1',
	message: SENTENCE,
	visitor: { id: 'v_1', name: 'Grace Hopper', email: EMAIL, phone: PHONE },
	contact: { phone_number: PHONE, tags: ['vip'] },
	metadata: { receivedAt: '2026-05-15T10:30:00Z', dialect: 'native' },
	fields: { email: EMAIL, list: 'weekly', quantity: 3 },
	conversation: {
		thread: [{ from: 'visitor', text: SENTENCE, at: '2026-05-15T10:30:00Z' }],
		actionsTaken: [{ name: 'unsubscribe', fields: { email: EMAIL }, at: '2026-05-15T10:30:00Z' }],
	},
	reply: { message: `Checking ${EMAIL}.`, buttons: [{ label: 'Yes', actionId: 'confirm:yes' }], tags: ['action:unsubscribe'] },
	response: { status: 200, fields: { 'customer.phone': PHONE } },
	files: [{ fileName: 'passport-grace-hopper.jpg', mimeType: 'image/jpeg', binaryKey: 'data0' }],
	error: { kind: 'http', request: { method: 'POST', url: `https://api.example.com/u?email=${encodeURIComponent(EMAIL)}`, body: `{"email":"${EMAIL}"}` } },
};

const plain = (value: unknown) => JSON.stringify(value);

describe('display forms show enough to recognise a value, not to use it', () => {
	test.each([
		[EMAIL, 'g***@example.org'],
		[PHONE, '***23'],
		['Grace Hopper', 'G*** (12 characters)'],
		['weekly', 'w***'],
		[SENTENCE, `M*** (${SENTENCE.length} characters)`],
	])('%s → %s', (value, shown) => expect(displayForm(value)).toBe(shown));
});

describe('a sealed turn', () => {
	const sealed = sealTurn(TURN, KEY);

	test('holds none of the personal values in plain text, in any form that was planted', () => {
		const text = plain(sealed);
		for (const value of [EMAIL, PHONE, PHONE.replace(/\s/g, ''), SENTENCE, 'Grace Hopper', 'Bartholomew', encodeURIComponent(EMAIL), 'passport-grace-hopper']) {
			expect(text).not.toContain(value);
		}
		expect(typeof sealed[SEALED_KEY]).toBe('string');
	});

	test('keeps the ids, the routing and what is not personal as they are', () => {
		expect(sealed).toMatchObject({
			event: 'message',
			conversationId: 'conv_1',
			chatbotId: 'bot_1',
			visitor: { id: 'v_1', name: 'G*** (12 characters)', email: 'g***@example.org', phone: '***23' },
			metadata: TURN.metadata,
			fields: { email: 'g***@example.org', list: 'w***', quantity: 3 },
			reply: { buttons: [{ label: 'Yes', actionId: 'confirm:yes' }], tags: ['action:unsubscribe'] },
			response: { status: 200 },
			files: [{ fileName: 'p***', mimeType: 'image/jpeg', binaryKey: 'data0' }],
		});
	});

	test('opens to the very turn with the same key', () => {
		expect(unsealTurn(sealed, KEY)).toEqual(TURN);
	});

	test('seals afresh each time (a random IV): two sealings of one turn differ', () => {
		expect(sealTurn(TURN, KEY)[SEALED_KEY]).not.toBe(sealed[SEALED_KEY]);
	});

	test('a value another node changed on the way is kept, not overwritten by the sealed one', () => {
		const changed = { ...sealed, fields: { ...(sealed.fields as object), email: 'new@example.com' } };
		const open = unsealTurn(changed, KEY);
		expect(open.fields).toEqual({ email: 'new@example.com', list: 'weekly', quantity: 3 });
		expect(open.visitor?.email).toBe(EMAIL);
	});

	test('a turn without personal values carries no sealed value', () => {
		expect(sealTurn({ event: 'button', actionId: 'confirm:yes', conversationId: 'c' }, KEY)).toEqual({
			event: 'button',
			actionId: 'confirm:yes',
			conversationId: 'c',
		});
	});

	test('resealing an opened turn replaces the old sealed value', () => {
		const again = sealTurn({ ...sealed, message: 'hello there' } as ChatTurn, KEY);
		const open = unsealTurn(again, KEY);
		expect(open.message).toBe('hello there');
		expect(SEALED_KEY in open).toBe(false);
	});
});

describe('errors say what is wrong, and never show a key or a personal value', () => {
	const sealed = sealTurn(TURN, KEY);

	function caught(run: () => unknown): PersonalDataError {
		try {
			run();
		} catch (error) {
			expect(error).toBeInstanceOf(PersonalDataError);
			const message = (error as Error).message;
			for (const value of [EMAIL, SENTENCE, 'personal-data-unit-test']) expect(message).not.toContain(value);
			return error as PersonalDataError;
		}
		throw new Error('expected an error');
	}

	test('another key: wrong_key, naming both key ids', () => {
		const error = caught(() => unsealTurn(sealed, OTHER_KEY));
		expect(error.kind).toBe('wrong_key');
		expect(error.message).toContain(KEY.id);
		expect(error.message).toContain(OTHER_KEY.id);
	});

	test('a changed sealed value: malformed', () => {
		const value = sealed[SEALED_KEY] as string;
		// The second-to-last character always carries whole bits of the data; it becomes another one.
		const replaced = value.at(-2) === 'A' ? 'B' : 'A';
		const flipped = value.slice(0, -2) + replaced + value.slice(-1);
		expect(caught(() => unsealTurn({ ...sealed, [SEALED_KEY]: flipped }, KEY)).kind).toBe('malformed');
		expect(caught(() => unsealTurn({ ...sealed, [SEALED_KEY]: 'not sealed' }, KEY)).kind).toBe('malformed');
	});

	test('no key, or a short one', () => {
		expect(caught(() => sealingKey('')).kind).toBe('missing_key');
		expect(caught(() => sealingKey(undefined)).kind).toBe('missing_key');
		expect(caught(() => sealingKey('short-key')).kind).toBe('weak_key');
	});

	test('a node that does not unseal refuses a sealed item instead of reading its display forms', () => {
		expect(caught(() => refuseSealed(sealed)).kind).toBe('not_enabled');
		expect(() => refuseSealed(TURN)).not.toThrow();
	});
});

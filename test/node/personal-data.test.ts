/**
 * "Personal Data: Sealed" through n8n's real execution engine: the Action Router and HTTP
 * Action open a sealed item, work on the real values (the API receives them), and output the
 * turn sealed again, with nothing personal in plain text; a missing or wrong key, and a node
 * left on "In Items" given a sealed item, fail with the reason.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ChatTurn } from '../../nodes/shared/contract';
import { displayForm, SEALED_KEY, sealingKey, sealTurn, unsealTurn } from '../../nodes/shared/personal-data';
import { testPersonalDataKey } from '../../nodes/shared/personal-data-node';
import { ApiServer } from '../../toolkit/servers/api-server';
import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';
import { ROUTER_ACTIONS } from '../support/router-actions';

const SECRET = 'personal-data-node-test-key-0123456789'; // test value, not a real secret
const OTHER_SECRET = 'another-personal-data-node-test-key-9876';
const KEY = sealingKey(SECRET);
const KEY_CREDENTIAL = { chatActionsPersonalDataApi: { secret: SECRET } };

const EMAIL = 'grace.hopper@example.org';
const PHONE = '+44 7700 900123';
const SENTENCE = 'Please check my newsletter subscription, my cousin Bartholomew says he never gets it';

function expectNothingPersonal(value: unknown) {
	const text = JSON.stringify(value);
	for (const planted of [EMAIL, PHONE, SENTENCE, 'Bartholomew', 'Grace Hopper']) expect(text).not.toContain(planted);
}

const api = new ApiServer();
beforeAll(async () => await api.start());
afterAll(async () => await api.stop());
beforeEach(() => api.reset());

function router(parameters: Record<string, unknown> = {}) {
	return { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ROUTER_ACTIONS, ...parameters } } as never;
}

function turn(conversationId: string, message: string): ChatTurn {
	return {
		event: 'message',
		conversationId,
		message,
		visitor: { id: 'v_1', name: 'Grace Hopper', email: null, phone: PHONE },
		metadata: { receivedAt: '2026-05-15T10:30:00Z', dialect: 'native' },
	};
}

describe('Action Router with Personal Data: Sealed', () => {
	test('reads the sealed message, asks, collects the email and routes; every output is sealed and opens to the real values', async () => {
		const conversation = `sealed-${Date.now()}`;
		const first = await runNode({
			node: router({ personalData: 'sealed' }),
			items: [sealTurn(turn(conversation, SENTENCE), KEY) as IDataObject],
			credentials: KEY_CREDENTIAL,
		});
		expect(first.error).toBeUndefined();
		const asked = first.outputs[2][0];
		expectNothingPersonal(asked);
		expect(asked[SEALED_KEY]).toEqual(expect.any(String));
		// The visitor's words were read (the action was recognised) though the item showed them redacted.
		expect(unsealTurn(asked as ChatTurn, KEY)).toMatchObject({
			message: SENTENCE,
			action: { name: 'check_subscription' },
			reply: { message: 'Which email address should I check?' },
			conversation: { thread: [{ from: 'visitor', text: SENTENCE }, { from: 'router', text: 'Which email address should I check?' }] },
		});

		const second = await runNode({
			node: router({ personalData: 'sealed' }),
			items: [sealTurn(turn(conversation, `it is ${EMAIL}`), KEY) as IDataObject],
			credentials: KEY_CREDENTIAL,
		});
		expect(second.error).toBeUndefined();
		const routed = second.outputs[0][0];
		expectNothingPersonal(routed);
		expect(routed.fields).toEqual({ email: 'g***@example.org' });
		const open = unsealTurn(routed as ChatTurn, KEY);
		expect(open.fields).toEqual({ email: EMAIL });
		expect(open.visitor).toMatchObject({ name: 'Grace Hopper', phone: PHONE });
		expect(open.conversation?.actionsTaken).toEqual([expect.objectContaining({ name: 'check_subscription', fields: { email: EMAIL } })]);
	});

	test('an item sealed under another key fails the node, naming both key ids', async () => {
		const { error } = await runNode({
			node: router({ personalData: 'sealed' }),
			items: [sealTurn(turn('other-key', SENTENCE), sealingKey(OTHER_SECRET)) as IDataObject],
			credentials: KEY_CREDENTIAL,
		});
		expect(error?.message).toContain('sealed with another key');
		expect(error?.message).toContain(KEY.id);
		expect(error?.message).not.toContain(SECRET);
	});

	test('Sealed without a key credential fails the node and says which credential is missing', async () => {
		const { error } = await runNode({ node: router({ personalData: 'sealed' }), items: [turn('no-key', 'hello') as IDataObject] });
		expect(error?.message).toMatch(/no Personal Data Key credential/);
	});

	test('a router left on "In Items" refuses a sealed item instead of routing its redacted text', async () => {
		const { error } = await runNode({ node: router(), items: [sealTurn(turn('plain-router', SENTENCE), KEY) as IDataObject] });
		expect(error?.message).toMatch(/personal data is sealed.*"Personal Data" to "Sealed"/);
	});
});

function httpAction(parameters: Record<string, unknown>) {
	return {
		name: 'HTTP Action',
		type: `${PACKAGE}.httpAction`,
		parameters: { authentication: 'none', method: 'POST', bodyType: 'json', personalData: 'sealed', ...parameters },
	} as never;
}

const ROUTED: ChatTurn = {
	...turn('http-sealed', SENTENCE),
	action: { name: 'check_subscription', confidence: 0.9 },
	fields: { email: EMAIL },
};

describe('HTTP Action with Personal Data: Sealed', () => {
	test('the API receives the real values; the output shows them redacted and opens to the reply the visitor reads', async () => {
		api.respond({ status: 200, body: { message: `You are subscribed as ${EMAIL}.`, phone: PHONE } });
		const { outputs, error } = await runNode({
			node: httpAction({
				url: `${api.url}/subscriptions`,
				jsonBody: '{"email": "{{fields.email}}", "phone": "{{user_phone}}", "note": "{{user_message}}"}',
				options: { keepFields: 'phone' },
			}),
			items: [sealTurn(ROUTED, KEY) as IDataObject],
			credentials: KEY_CREDENTIAL,
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(api.received[0].body)).toEqual({ email: EMAIL, phone: PHONE, note: SENTENCE });
		const item = outputs[0][0];
		expectNothingPersonal(item);
		expect(item.reply).toMatchObject({ message: displayForm(`You are subscribed as ${EMAIL}.`) });
		const open = unsealTurn(item as ChatTurn, KEY);
		expect(open.reply?.message).toBe(`You are subscribed as ${EMAIL}.`);
		expect(open.response).toMatchObject({ status: 200, fields: { phone: PHONE } });
	});

	test('a failed call keeps the recorded request sealed too', async () => {
		api.respond({ status: 422, body: { error: `unknown address ${EMAIL}` } });
		const { outputs, error } = await runNode({
			node: httpAction({ url: `${api.url}/subscriptions?email={{fields.email}}`, jsonBody: '{"email": "{{fields.email}}"}' }),
			items: [sealTurn(ROUTED, KEY) as IDataObject],
			credentials: KEY_CREDENTIAL,
		});
		expect(error).toBeUndefined();
		const failed = outputs[1][0];
		expectNothingPersonal(failed);
		expect(JSON.stringify(failed)).not.toContain(encodeURIComponent(EMAIL));
		const open = unsealTurn(failed as ChatTurn, KEY) as ChatTurn & { error: { request: { body: string }; responseBody: unknown } };
		expect(JSON.parse(open.error.request.body)).toEqual({ email: EMAIL });
		expect(open.error.responseBody).toEqual({ error: `unknown address ${EMAIL}` });
	});
});

test("the key credential's test accepts a long key and explains a short or missing one", () => {
	expect(testPersonalDataKey({ data: { secret: SECRET } })).toMatchObject({ status: 'OK' });
	expect(testPersonalDataKey({ data: { secret: 'too-short' } })).toMatchObject({ status: 'Error', message: expect.stringMatching(/at least 32/) });
	expect(testPersonalDataKey({ data: {} })).toMatchObject({ status: 'Error', message: expect.stringMatching(/no key/) });
});

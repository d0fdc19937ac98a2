/**
 * Trust at the edges: what a chat request may carry, who may continue a conversation, what a
 * repeated request is, what a mask gives away, what counts as consent, how the per-conversation
 * limit is counted and what the test chat page sends. Played through the example flows
 * (examples/support.json, lead-capture.json, status-lookups.json, subscriptions.json) in one
 * real n8n, against the demo API, whose request log shows what each turn did or did not cause.
 *
 * (A body over 16 MB, refused by n8n's own body parser before the trigger runs, is documented,
 * not tested here.)
 */
import { randomUUID } from 'node:crypto';

import type { DemoApi, DemoApiRequest } from '../../examples/demo-api';
import { exampleWorkflow, type ExamplesRun, startExamples } from '../e2e/example-flows';
import type { N8nInstance } from '../../toolkit/n8n/n8n-instance';

const FLOWS = ['support.json', 'lead-capture.json', 'status-lookups.json', 'subscriptions.json'];
const PATHS = ['support', 'lead-capture', 'status-lookups', 'subscriptions'];

let run: ExamplesRun | undefined;
let api: DemoApi;
let n8n: N8nInstance;

beforeAll(async () => {
	run = await startExamples(
		FLOWS.map(exampleWorkflow),
		PATHS.map((path) => ({ path, method: 'POST' })),
	);
	({ api, n8n } = run);
}, 600_000);

afterAll(() => run?.stop());

interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: Record<string, unknown> | undefined;
	/** The reply's `message` (Chat Actions JSON), or '' */
	message: string;
	/** The refusal's `error.message`, or '' */
	error: string;
}

/** POSTs a chat turn (an object, or a raw JSON string) to a flow's production webhook. */
async function post(path: string, body: object | string, headers: Record<string, string> = {}): Promise<Answer> {
	const response = await fetch(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	let json: Record<string, unknown> | undefined;
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		json = undefined;
	}
	const error = json?.error as { message?: unknown } | undefined;
	return {
		status: response.status,
		headers: response.headers,
		text,
		json,
		message: typeof json?.message === 'string' ? json.message : '',
		error: typeof error?.message === 'string' ? error.message : '',
	};
}

/** `{"a":{"a":…1…}}`, `levels` deep, as JSON text (built as a string: no recursion here). */
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** `[[[…]]]`, `levels` deep, as JSON text. */
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** The turn as JSON with `key` set to raw JSON text `json` (in `under`, an object of the turn, when given). */
function withRawJson(turn: Record<string, unknown>, key: string, json: string, under?: string): string {
	const marker = `__raw_${randomUUID()}__`;
	const placed = under ? { ...turn, [under]: { ...(turn[under] as object), [key]: marker } } : { ...turn, [key]: marker };
	return JSON.stringify(placed).replace(JSON.stringify(marker), json);
}

/** A conversation with an unguessable id; `who` is sent with every turn unless a turn says otherwise. */
function conversation(path: string, who: { visitor?: Record<string, string>; headers?: Record<string, string> } = {}) {
	const conversationId = randomUUID();
	const turn = (extra: Record<string, unknown>) => ({ conversationId, ...(who.visitor ? { visitor: who.visitor } : {}), ...extra });
	return {
		id: conversationId,
		turn,
		say: (message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = who.headers ?? {}) =>
			post(path, turn({ message, ...extra }), headers),
		/** A turn without a message (a lead form). */
		send: (extra: Record<string, unknown>) => post(path, turn(extra), who.headers ?? {}),
		raw: (body: string, headers: Record<string, string> = who.headers ?? {}) => post(path, body, headers),
	};
}

const uniqueEmail = (who: string) => `${who}.${randomUUID().slice(0, 8)}@example.com`;
const resetsFor = (email: string): DemoApiRequest[] =>
	api.requests.filter((request) => request.method === 'POST' && request.path === '/api-keys/reset' && request.body?.email === email);
const leadsFor = (conversationId: string): DemoApiRequest[] =>
	api.requests.filter((request) => request.method === 'POST' && request.path === '/leads' && request.body?.conversationId === conversationId);
const leadsCreatedFor = (conversationId: string) => api.sideEffects.filter((effect) => effect.kind === 'lead' && effect.conversationId === conversationId);
/** A 5-digit order number none of the demo API's orders has, so its look-ups can be told apart. */
const unknownOrder = () => String(40000 + Math.floor(Math.random() * 60000));

const CONFIRMATION = 'Reset the API key of';
const RESET_DONE = 'A new API key is on its way to';
const LEAD_FORM = { audience: 500, niche: 'other' };

/** A support conversation at the key-reset confirmation, the visitor's email known from the turn. */
async function atResetConfirmation(email: string, headers: Record<string, string> = {}) {
	const chat = conversation('support', { visitor: { id: `visitor-${randomUUID()}`, email }, headers });
	const confirm = await chat.say('I need a new API key, mine leaked');
	expect(confirm.status).toBe(200);
	expect(confirm.message).toContain(`${CONFIRMATION} ${email}?`);
	return chat;
}

/** The conversation's own visitor says "yes": the key is reset, exactly once. */
async function yesResetsOnce(chat: ReturnType<typeof conversation>, email: string) {
	const yes = await chat.say('yes');
	expect(yes.status).toBe(200);
	expect(yes.message).toContain(RESET_DONE);
	expect(resetsFor(email)).toHaveLength(1);
}

describe('1. deep input is refused before anything runs', () => {
	const LEVELS = 6000; // ~36 KB, within the trigger's 64 KB body limit

	test('6,000 levels of objects in metadata on the "yes" to a key reset: 400 naming metadata, no reset; a plain "yes" then resets once', async () => {
		const email = uniqueEmail('deep');
		const chat = await atResetConfirmation(email);

		const refused = await chat.raw(withRawJson(chat.turn({ message: 'yes' }), 'metadata', deepObject(LEVELS)));
		expect(refused.status).toBe(400);
		expect(refused.error).toContain('metadata');
		expect(refused.error).toMatch(/nest/i);
		expect(refused.error).toMatch(/deep/i);
		expect(resetsFor(email)).toHaveLength(0);

		await yesResetsOnce(chat, email);
	}, 120_000);

	test('deep metadata on a lead form: 400 naming metadata, no lead posted', async () => {
		const chat = conversation('lead-capture', { visitor: { id: `visitor-${randomUUID()}` } });
		const form = chat.turn({ event: 'lead_captured', fields: { name: 'Deep Lead', email: uniqueEmail('lead'), ...LEAD_FORM } });
		const refused = await chat.raw(withRawJson(form, 'metadata', deepObject(LEVELS)));
		expect(refused.status).toBe(400);
		expect(refused.error).toContain('metadata');
		expect(leadsFor(chat.id)).toHaveLength(0);
	}, 60_000);

	test('deep metadata on an order look-up: 400 naming metadata, no look-up', async () => {
		const order = unknownOrder();
		const chat = conversation('status-lookups', { visitor: { id: `visitor-${randomUUID()}` } });
		const refused = await chat.raw(withRawJson(chat.turn({ message: `Where is my order ${order}?` }), 'metadata', deepObject(LEVELS)));
		expect(refused.status).toBe(400);
		expect(refused.error).toContain('metadata');
		expect(api.requests.filter((request) => request.path === `/orders/${order}`)).toHaveLength(0);
	}, 60_000);

	test.each(['contact', 'user', 'visitor'])('deep nesting in extras under %s: 400', async (under) => {
		const order = unknownOrder();
		const chat = conversation('status-lookups');
		const turn = chat.turn({ message: `Where is my order ${order}?`, [under]: under === 'visitor' ? { id: `visitor-${randomUUID()}` } : {} });
		const refused = await chat.raw(withRawJson(turn, 'extra', deepObject(LEVELS), under));
		expect(refused.status).toBe(400);
		expect(api.requests.filter((request) => request.path === `/orders/${order}`)).toHaveLength(0);
	}, 60_000);
});

describe('2. a conversation id does not hand over the conversation', () => {
	test('another visitor id on the same conversation neither sees the pending email nor confirms the reset; its visitor still can', async () => {
		const emailA = uniqueEmail('a');
		const visitorA = { id: `A-${randomUUID()}`, name: 'Ada', email: emailA };
		const chat = conversation('support', { visitor: visitorA });
		const confirm = await chat.say('I need a new API key, mine leaked');
		expect(confirm.message).toContain(`${CONFIRMATION} ${emailA}?`);

		const visitorB = { visitor: { id: `B-${randomUUID()}` } };
		const what = await chat.say('what?', visitorB);
		expect(what.status).toBe(200);
		expect(what.text).not.toContain(emailA);

		const yesB = await chat.say('yes', visitorB);
		expect(yesB.status).toBeLessThan(500);
		expect(yesB.text).not.toContain(emailA);
		expect(resetsFor(emailA)).toHaveLength(0);

		await yesResetsOnce(chat, emailA);
	}, 120_000);

	test('without visitor ids, a client with another User-Agent on the same conversation does not confirm the reset; the first client still can', async () => {
		const emailA = uniqueEmail('ua');
		const clientA = { 'user-agent': 'ChatWidget/1.0 (client A)' };
		const clientB = { 'user-agent': 'ChatWidget/1.0 (client B)' };
		const chat = conversation('support', { headers: clientA });
		expect((await chat.say('I need a new API key, mine leaked')).message).toBe('What is the email address of your account?');
		expect((await chat.say(emailA)).message).toContain(`${CONFIRMATION} ${emailA}?`);

		const yesB = await chat.say('yes', {}, clientB);
		expect(yesB.status).toBeLessThan(500);
		expect(resetsFor(emailA)).toHaveLength(0);

		await yesResetsOnce(chat, emailA);
	}, 120_000);
});

describe('3. a repeated request is a new request', () => {
	test('the same key-reset request and "yes" twice within seconds: two resets, two different Idempotency-Keys, no replay', async () => {
		const email = uniqueEmail('again');
		const chat = await atResetConfirmation(email);
		const first = await chat.say('yes');
		expect(first.status).toBe(200);
		expect(first.message).toContain(RESET_DONE);

		const again = await chat.say('I need a new API key, mine leaked');
		expect(again.message).toContain(`${CONFIRMATION} ${email}?`);
		const second = await chat.say('yes');
		expect(second.status).toBe(200);
		expect(second.message).toContain(RESET_DONE);

		const resets = resetsFor(email);
		expect(resets).toHaveLength(2);
		expect(resets.map((request) => request.replayed)).toEqual([false, false]);
		expect(resets[0].idempotencyKey).toEqual(expect.any(String));
		expect(resets[1].idempotencyKey).toEqual(expect.any(String));
		expect(resets[1].idempotencyKey).not.toBe(resets[0].idempotencyKey);
		expect(api.sideEffects.filter((effect) => effect.kind === 'api_key_reset' && effect.email === email)).toHaveLength(2);
	}, 120_000);

	test('a true resend (the same lead form with the same metadata.messageId) keeps its Idempotency-Key: one lead', async () => {
		const chat = conversation('lead-capture', { visitor: { id: `visitor-${randomUUID()}` } });
		const form = { event: 'lead_captured', fields: { name: 'Resent Lead', email: uniqueEmail('resend'), ...LEAD_FORM }, metadata: { messageId: `msg-${randomUUID()}` } };
		const first = await chat.send(form);
		const resent = await chat.send(form);
		expect(first.status).toBe(200);
		expect(resent.status).toBe(200);
		expect(first.message).toContain('Thanks Resent Lead!');

		const calls = leadsFor(chat.id);
		expect(calls.length).toBeGreaterThanOrEqual(1);
		expect(new Set(calls.map((call) => call.idempotencyKey)).size).toBe(1);
		expect(calls.filter((call) => !call.replayed)).toHaveLength(1);
		expect(leadsCreatedFor(chat.id)).toHaveLength(1);
	}, 120_000);
});

describe('4. field values must be scalar', () => {
	test('an object as order_id ({"toString": "12345"}): 400 naming fields.order_id, no look-up', async () => {
		const lookups = () => api.requests.filter((request) => request.path.startsWith('/orders/')).length;
		const before = lookups();
		const chat = conversation('status-lookups', { visitor: { id: `visitor-${randomUUID()}` } });
		const refused = await chat.say('Where is my order?', { fields: { order_id: { toString: '12345' } } });
		expect(refused.status).toBe(400);
		expect(refused.error).toContain('fields.order_id');
		expect(lookups()).toBe(before);
	}, 60_000);

	test('30,000 nested arrays as a field value: 400', async () => {
		const chat = conversation('status-lookups', { visitor: { id: `visitor-${randomUUID()}` } });
		const refused = await chat.raw(withRawJson(chat.turn({ message: 'Where is my order?', fields: {} }), 'order_id', deepArray(30_000), 'fields'));
		expect(refused.status).toBe(400);
	}, 60_000);

	test('a lead form whose name is an object ({"first": "Ana"}): 400 naming fields.name, no lead posted', async () => {
		const chat = conversation('lead-capture', { visitor: { id: `visitor-${randomUUID()}` } });
		const refused = await chat.send({ event: 'lead_captured', fields: { name: { first: 'Ana' }, email: uniqueEmail('ana'), ...LEAD_FORM } });
		expect(refused.status).toBe(400);
		expect(refused.error).toContain('fields.name');
		expect(leadsFor(chat.id)).toHaveLength(0);
	}, 60_000);

	test('a lead form whose email is an array (["a@b.co"]): 400, no lead posted', async () => {
		const chat = conversation('lead-capture', { visitor: { id: `visitor-${randomUUID()}` } });
		const refused = await chat.send({ event: 'lead_captured', fields: { name: 'Ana', email: ['a@b.co'], ...LEAD_FORM } });
		expect(refused.status).toBe(400);
		expect(leadsFor(chat.id)).toHaveLength(0);
	}, 60_000);
});

describe('5. masking does not confirm a guessed secret', () => {
	// examples/credentials.json: the Demo API credential's token is "demo-token".
	test.each(['x demo-token y', 'x demo-tokex y'])('a lead named "%s" is thanked with the name as typed', async (name) => {
		const chat = conversation('lead-capture', { visitor: { id: `visitor-${randomUUID()}` } });
		const reply = await chat.send({ event: 'lead_captured', fields: { name, email: uniqueEmail('mask'), ...LEAD_FORM } });
		expect(reply.status).toBe(200);
		expect(reply.message).toContain(`Thanks ${name}!`);
		expect(reply.text).not.toContain('**hidden**');
		expect(leadsCreatedFor(chat.id)).toHaveLength(1);
	}, 60_000);
});

describe('6. sarcasm is not consent', () => {
	test('"yeah right" and "sure, whatever... not" at the key-reset confirmation reset nothing and ask again; "yes" then resets once', async () => {
		const email = uniqueEmail('sarcasm');
		const chat = await atResetConfirmation(email);

		for (const answer of ['yeah right', 'sure, whatever... not']) {
			const reply = await chat.say(answer);
			expect({ answer, status: reply.status }).toEqual({ answer, status: 200 });
			expect(reply.message).not.toContain(RESET_DONE);
			expect(reply.message).toContain(`${CONFIRMATION} ${email}?`);
			expect(resetsFor(email)).toHaveLength(0);
		}

		await yesResetsOnce(chat, email);
	}, 120_000);
});

describe('7. rotating visitor ids do not escape the per-conversation limit', () => {
	test('35 messages in one conversation within a minute, each with a new visitor id: the first 30 are answered, then 429', async () => {
		const conversationId = randomUUID();
		const statuses: number[] = [];
		const started = Date.now();
		for (let i = 0; i < 35; i++) {
			const answer = await post('subscriptions', { conversationId, visitor: { id: `rotating-${randomUUID()}` }, message: 'hello' });
			statuses.push(answer.status);
			if (answer.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
		}
		expect(Date.now() - started).toBeLessThan(60_000); // within the limit's minute
		expect(statuses.slice(0, 30).filter((status) => status !== 200)).toEqual([]);
		expect(statuses.slice(30)).toContain(429);
		expect(statuses.filter((status) => status >= 500)).toEqual([]);
	}, 120_000);
});

describe('8. the test chat page sends security headers', () => {
	test('GET on a flow with the test chat page on: text/html, nosniff, frame-ancestors \'self\', X-Frame-Options SAMEORIGIN', async () => {
		// The example flows set no Allowed Origins: the page may be framed by its own origin only.
		const response = await fetch(n8n.webhookUrl('support'), { signal: AbortSignal.timeout(30_000) });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(await response.text()).toContain('TEST PAGE');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/frame-ancestors 'self'\s*(;|$)/);
		expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
	}, 60_000);
});

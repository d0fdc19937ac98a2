import { createHash } from 'node:crypto';

import { BadChatRequest, detectDialect, parseChatRequest, replyBody } from '../../nodes/shared/dialects';
import { playgroundHeaders, playgroundPage } from '../../nodes/ChatActionTrigger/engine/playground';
import { RateLimiter } from '../../nodes/ChatActionTrigger/engine/rate-limit';
import { ReplayGuard, verifyRequest } from '../../nodes/ChatActionTrigger/engine/verification';
import { signPayload } from '../../nodes/shared/signing';

/** Bodies as each client sends them. */
const SAMPLES = {
	native: {
		event: 'message',
		conversationId: 'conv_xyz789',
		chatbotId: 'bot_def456',
		message: 'Unsubscribe me from the weekly newsletter',
		visitor: { id: 'visitor_111', name: 'Ada', email: 'ada@example.com' },
		metadata: { page: '/pricing' },
	},
	n8nChat: {
		action: 'sendMessage',
		sessionId: '3f1c2f4e-8c1a-4c4e-9a55-1b2f9d7c0e11',
		chatInput: 'Where is my order 12345?',
		metadata: { source: 'website' },
	},
	dgbot: {
		action_id: 'unsubscribe',
		conversation_id: 'conv_1',
		chatbot_id: 'bot_1',
		trigger: 'ai_intent',
		payload: { message: 'stop emailing me', user: { email: 'bob@example.com', name: 'Bob' } },
		metadata: { visitor_id: 'visitor_222', timestamp: '2026-05-15T10:30:00Z' },
	},
	helpdesk: {
		message: 'I need to reset my API key',
		conversation: { id: 4711 },
		contact: { name: 'Carla', phone_number: '+14155550123', email: 'carla@example.com' },
		user: { email: 'agent@example.com' },
		organization: { name: 'Acme', plan: 'pro' },
	},
};

describe('dialects', () => {
	test.each(Object.keys(SAMPLES))('%s is detected', (name) => {
		expect(detectDialect(SAMPLES[name as keyof typeof SAMPLES])).toBe(name);
	});

	test('native: the body is the turn', () => {
		const parsed = parseChatRequest(SAMPLES.native);
		expect(parsed).toMatchObject({
			kind: 'turn',
			dialect: 'native',
			turn: {
				event: 'message',
				conversationId: 'conv_xyz789',
				chatbotId: 'bot_def456',
				message: 'Unsubscribe me from the weekly newsletter',
				visitor: { id: 'visitor_111', name: 'Ada', email: 'ada@example.com', phone: null },
				metadata: { page: '/pricing' },
			},
		});
	});

	test('@n8n/chat: sessionId is the conversation, chatInput the message', () => {
		expect(parseChatRequest(SAMPLES.n8nChat)).toMatchObject({
			dialect: 'n8nChat',
			turn: { event: 'message', conversationId: SAMPLES.n8nChat.sessionId, message: 'Where is my order 12345?', metadata: { source: 'website' } },
		});
		expect(parseChatRequest({ action: 'loadPreviousSession', sessionId: 's1' })).toEqual({
			kind: 'loadPreviousSession',
			dialect: 'n8nChat',
			sessionId: 's1',
			visitorId: null,
		});
		// The visitor asking, so that only the conversation's own sender gets its thread.
		expect(parseChatRequest({ action: 'loadPreviousSession', sessionId: 's1', metadata: { visitor: { id: 'v1' } } })).toMatchObject({ visitorId: 'v1' });
	});

	test('DGbot: the envelope\'s ids, the payload\'s message and the visitor id', () => {
		expect(parseChatRequest(SAMPLES.dgbot)).toMatchObject({
			dialect: 'dgbot',
			turn: {
				event: 'message',
				conversationId: 'conv_1',
				chatbotId: 'bot_1',
				message: 'stop emailing me',
				visitor: { id: 'visitor_222', email: 'bob@example.com', name: 'Bob' },
				metadata: { action_id: 'unsubscribe', trigger: 'ai_intent', timestamp: '2026-05-15T10:30:00Z' },
			},
		});
		const button = parseChatRequest({ ...SAMPLES.dgbot, trigger: 'button', payload: {} });
		expect(button).toMatchObject({ turn: { event: 'button', actionId: 'unsubscribe' } });
	});

	test.each(['button', 'button_click', 'Button-Click', 'button.clicked'])('DGbot: trigger %s is a button click', (trigger) => {
		expect(parseChatRequest({ ...SAMPLES.dgbot, trigger, payload: {} })).toMatchObject({ turn: { event: 'button', actionId: 'unsubscribe' } });
	});

	test.each(['lead_captured', 'lead_capture', 'lead.captured', 'LEAD CAPTURED'])('DGbot: trigger %s is a lead form', (trigger) => {
		const lead = parseChatRequest({ ...SAMPLES.dgbot, trigger, payload: { fields: { email: 'bob@example.com' } } });
		expect(lead).toMatchObject({ turn: { event: 'lead_captured', fields: { email: 'bob@example.com' } } });
	});

	test('DGbot: a trigger value DGbot does not have is refused, naming the ones it has', () => {
		expect(() => parseChatRequest({ ...SAMPLES.dgbot, trigger: 'page_view' })).toThrow(/"trigger" must be one of DGbot's: message, ai_intent, button_click, lead_capture/);
	});

	test('DGbot: the message is read under the keys the trigger sets, in the payload or the envelope', () => {
		const body = { ...SAMPLES.dgbot, payload: { question: 'stop emailing me' } };
		expect(() => parseChatRequest(body)).toThrow(/no message/);
		expect(parseChatRequest(body, 'dgbot', { messageKeys: ['question'] })).toMatchObject({ turn: { message: 'stop emailing me' } });
		expect(parseChatRequest({ ...SAMPLES.dgbot, payload: {}, query: 'hi' }, 'auto', { messageKeys: ['query'] })).toMatchObject({ turn: { message: 'hi' } });
		// The envelope's own keys are never the visitor's text.
		expect(() => parseChatRequest({ ...SAMPLES.dgbot, payload: {} }, 'dgbot', { messageKeys: ['trigger'] })).toThrow(/no message/);
	});

	test('helpdesk: the contact is the visitor, and context passes through for templates', () => {
		expect(parseChatRequest(SAMPLES.helpdesk)).toMatchObject({
			dialect: 'helpdesk',
			turn: {
				conversationId: '4711',
				message: 'I need to reset my API key',
				visitor: { name: 'Carla', phone: '+14155550123', email: 'carla@example.com' },
				contact: { phone_number: '+14155550123' },
				user: { email: 'agent@example.com' },
				organization: { name: 'Acme', plan: 'pro' },
			},
		});
	});

	test('button and lead_captured events', () => {
		expect(parseChatRequest({ conversationId: 'c', actionId: 'confirm_yes' })).toMatchObject({
			turn: { event: 'button', actionId: 'confirm_yes' },
		});
		expect(
			parseChatRequest({ conversationId: 'c', event: 'lead_captured', fields: { email: 'a@b.c', audience: '5000' } }),
		).toMatchObject({ turn: { event: 'lead_captured', fields: { email: 'a@b.c', audience: '5000' } } });
	});

	test("a widget's own message id becomes metadata.messageId, where the dialect has one", () => {
		const messageId = (body: object) => (parseChatRequest(body) as { turn: { metadata: Record<string, unknown> } }).turn.metadata.messageId;
		expect(messageId({ ...SAMPLES.dgbot, metadata: { ...SAMPLES.dgbot.metadata, message_id: 'm-1' } })).toBe('m-1');
		expect(messageId({ ...SAMPLES.dgbot, message_id: 77 })).toBe('77');
		expect(messageId({ ...SAMPLES.helpdesk, message_id: 'h-9' })).toBe('h-9');
		expect(messageId({ ...SAMPLES.helpdesk, messageId: 5150 })).toBe('5150');
		expect(messageId({ ...SAMPLES.native, metadata: { messageId: 'n-3' } })).toBe('n-3');
		// An id of another shape is no id (and no reason to refuse the message).
		expect(messageId({ ...SAMPLES.dgbot, message_id: { nested: true } })).toBeUndefined();
		expect(messageId(SAMPLES.helpdesk)).toBeUndefined();
	});

	test('an explicit dialect overrides detection', () => {
		expect(parseChatRequest({ contact: { name: 'x' }, conversationId: 'c', message: 'hi' }, 'helpdesk').dialect).toBe('helpdesk');
	});

	test.each([
		[[], 'The body must be a JSON object'],
		['text', 'The body must be a JSON object'],
		[{ conversationId: 'c' }, 'The request has no message: send a non-empty "message"'],
		[{ message: 'hi' }, 'A conversation id is required (conversationId)'],
		[{ conversationId: 'c', event: 'button' }, 'A button event needs the clicked "actionId"'],
		[{ conversationId: 'c', event: 'lead_captured' }, 'A lead_captured event needs the form\'s "fields"'],
		[{ conversationId: 'c', event: 'wave', message: 'x' }, '"event" must be message, button or lead_captured (got "wave")'],
		[{ conversationId: 'c', message: { a: 1 } }, '"message" must be a string'],
		[{ conversationId: 'c', message: 'x', visitor: 'ada' }, '"visitor" must be an object'],
		[{ conversationId: 'c', message: 'x'.repeat(10_001) }, '"message" is longer than 10000 characters'],
		[{ action: 'sendMessage', chatInput: 'x' }, 'An @n8n/chat request needs a "sessionId"'],
		[{ action: 'delete', sessionId: 's' }, '"action" must be sendMessage or loadPreviousSession (got "delete")'],
		[{ conversationId: 'c', event: 'lead_captured', fields: { name: { first: 'Ana' } } }, '"fields.name" must be text, a number or true/false, not an object'],
		[{ conversationId: 'c', message: 'x', fields: { order_id: { toString: '12345' } } }, '"fields.order_id" must be text, a number or true/false, not an object'],
		[{ conversationId: 'c', event: 'lead_captured', fields: { email: ['a@b.co'] } }, '"fields.email" must be text, a number or true/false, not a list'],
		[{ conversation_id: 'c', trigger: 'lead_captured', payload: { fields: { name: { first: 'Ana' } } } }, '"payload.fields.name" must be text, a number or true/false, not an object'],
		[{ conversationId: 'c', event: 'lead_captured', fields: { name: 'x'.repeat(10_001) } }, '"fields.name" is longer than 10000 characters'],
	])('%j is refused with 400: %s', (body, message) => {
		let error: unknown;
		try {
			parseChatRequest(body);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(BadChatRequest);
		expect(error).toMatchObject({ status: 400, message });
	});

	/** `{"a":{"a":…}}` nested `depth` levels, built as text as a hostile client would send it. */
	const nested = (depth: number, open = '{"a":', close = '}') => JSON.parse(`${open.repeat(depth)}1${close.repeat(depth)}`) as unknown;
	const refusal = (body: unknown) => {
		try {
			parseChatRequest(body);
		} catch (error) {
			return error as BadChatRequest;
		}
		return undefined;
	};

	test.each([
		['metadata', (value: unknown) => ({ conversationId: 'c', message: 'yes', metadata: value })],
		['contact', (value: unknown) => ({ conversationId: 'c', message: 'yes', contact: value })],
		['user', (value: unknown) => ({ conversationId: 'c', message: 'yes', user: value })],
		['organization', (value: unknown) => ({ conversationId: 'c', message: 'yes', organization: value })],
		['metadata', (value: unknown) => ({ action: 'sendMessage', sessionId: 's', chatInput: 'yes', metadata: value })],
		['payload.contact', (value: unknown) => ({ conversation_id: 'c', trigger: 'message', payload: { message: 'yes', contact: value } })],
	])('a %s nested thousands of levels deep is refused with 400 that names it, without overflowing the stack', (name, bodyWith) => {
		const error = refusal(bodyWith(nested(6000)));
		expect(error).toBeInstanceOf(BadChatRequest);
		expect(error).toMatchObject({ status: 400, message: `"${name}" is nested more than 16 levels deep; send flatter data` });
	});

	test('nesting up to 16 levels and a few thousand values pass; more values than that are refused', () => {
		expect(refusal({ conversationId: 'c', message: 'x', metadata: nested(15) })).toBeUndefined();
		expect(refusal({ conversationId: 'c', message: 'x', metadata: { list: Array.from({ length: 2000 }, (_, i) => i) } })).toBeUndefined();
		expect(refusal({ conversationId: 'c', message: 'x', metadata: { list: Array.from({ length: 6000 }, (_, i) => i) } })).toMatchObject({
			status: 400,
			message: '"metadata" holds more than 5000 values; send less',
		});
	});

	test('a field value nested 30,000 arrays deep is refused with 400, not a stack overflow', () => {
		const error = refusal({ conversationId: 'c', message: 'x', fields: { email: nested(30_000, '[', ']') } });
		expect(error).toMatchObject({ status: 400, message: '"fields.email" must be text, a number or true/false, not a list' });
	});

	test('scalar field values pass as they are', () => {
		const parsed = parseChatRequest({ conversationId: 'c', event: 'lead_captured', fields: { name: 'Ana', audience: 5000, consent: true, note: null } });
		expect(parsed).toMatchObject({ turn: { fields: { name: 'Ana', audience: 5000, consent: true, note: null } } });
	});

	test('replies take each dialect\'s shape', () => {
		const reply = { message: 'Done.', buttons: [{ label: 'More', actionId: 'more' }], tags: ['action:x'] };
		// @n8n/chat renders Markdown and has no buttons of its own: they come as a numbered list.
		expect(replyBody('n8nChat', reply)).toEqual({ output: 'Done.\n\n1. More' });
		expect(replyBody('dgbot', reply)).toEqual({ message: 'Done.', tags: ['action:x'] });
		expect(replyBody('native', reply)).toEqual({
			message: 'Done.',
			buttons: [{ label: 'More', actionId: 'more' }],
			links: [],
			handoff: false,
			tags: ['action:x'],
			data: {},
		});
	});
});

describe('verification', () => {
	const body = JSON.stringify(SAMPLES.native);
	const hmac = { type: 'hmac' as const, secret: 'shh-secret', signatureHeader: 'X-Signature', timestampHeader: 'X-Timestamp', windowSeconds: 300 };
	const now = 1_800_000_000_000;
	const ts = String(now / 1000);
	const signed = (timestamp = ts, raw = body) => ({ 'x-signature': signPayload('shh-secret', timestamp, raw), 'x-timestamp': timestamp });

	test('a good signature passes once; the same request again is a replay', async () => {
		const replayGuard = new ReplayGuard();
		expect(await verifyRequest(hmac, signed(), body, { now, replayGuard })).toEqual({ ok: true });
		expect(await verifyRequest(hmac, signed(), body, { now, replayGuard })).toEqual({
			ok: false,
			status: 403,
			message: 'This signed request was already received (replay)',
		});
	});

	test('a wrong, stale or missing signature is refused', async () => {
		expect(await verifyRequest(hmac, signed(ts, body + ' '), body, { now })).toMatchObject({ status: 403, message: 'The signature does not match the body' });
		expect(await verifyRequest(hmac, signed(String(now / 1000 - 301)), body, { now })).toMatchObject({
			status: 401,
			message: 'The request is outside the 300-second signature window',
		});
		expect(await verifyRequest(hmac, {}, body, { now })).toMatchObject({ status: 401 });
		expect(await verifyRequest(hmac, { ...signed(), 'x-timestamp': '12abc' }, body, { now })).toMatchObject({ status: 401 });
	});

	test('header token, raw or as a bearer token', async () => {
		const v = { type: 'headerToken' as const, headerName: 'Authorization', token: 'tok-123' };
		expect(await verifyRequest(v, { authorization: 'Bearer tok-123' }, '')).toEqual({ ok: true });
		expect(await verifyRequest(v, { authorization: 'tok-123' }, '')).toEqual({ ok: true });
		expect(await verifyRequest(v, { authorization: 'Bearer tok-124' }, '')).toMatchObject({ status: 403 });
		expect(await verifyRequest(v, {}, '')).toMatchObject({ status: 401, message: 'Missing the Authorization header' });
	});

	test('basic auth', async () => {
		const v = { type: 'basic' as const, user: 'widget', password: 'pw' };
		const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString('base64')}` });
		expect(await verifyRequest(v, basic('widget:pw'), '')).toEqual({ ok: true });
		expect(await verifyRequest(v, basic('widget:nope'), '')).toMatchObject({ status: 403 });
		expect(await verifyRequest(v, {}, '')).toMatchObject({ status: 401 });
	});
});

describe('rate limit', () => {
	test('allows the limit per window, then says when to retry; other visitors are unaffected', () => {
		const limiter = new RateLimiter();
		const t0 = 1_000_000;
		for (let i = 0; i < 3; i++) expect(limiter.take('visitor-a', 3, 60_000, t0 + i * 1000)).toEqual({ allowed: true });
		expect(limiter.take('visitor-a', 3, 60_000, t0 + 5000)).toEqual({ allowed: false, retryAfterMs: 55_000 });
		expect(limiter.take('visitor-b', 3, 60_000, t0 + 5000)).toEqual({ allowed: true });
		expect(limiter.take('visitor-a', 3, 60_000, t0 + 60_001)).toEqual({ allowed: true });
	});

	test('stays bounded in memory', () => {
		const limiter = new RateLimiter(100);
		for (let i = 0; i < 1000; i++) limiter.take(`v${i}`, 1, 60_000, i);
		expect((limiter as unknown as { hits: Map<string, number[]> }).hits.size).toBe(100);
	});
});

describe('the test chat page', () => {
	const scriptOf = (html: string) => /<script>([\s\S]*)<\/script>/.exec(html)![1];
	const styleOf = (html: string) => /<style>([\s\S]*)<\/style>/.exec(html)![1];
	const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

	test('its policy runs exactly its own script and style, and lets only this n8n frame it when no origin is allowed', () => {
		const html = playgroundPage({ title: 'Test <chat>' });
		const headers = playgroundHeaders([]);
		const policy = headers['Content-Security-Policy'];
		expect(policy).toContain(`script-src ${hash(scriptOf(html))}`);
		expect(policy).toContain(`style-src ${hash(styleOf(html))}`);
		expect(policy).toContain("frame-ancestors 'self';");
		expect(policy).toContain("default-src 'none'");
		expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'SAMEORIGIN' });
		expect(html).toContain('<title>Test &#60;chat&#62;</title>');
	});

	test('the allowed origins may frame it too; anything that is not an origin is left out', () => {
		const headers = playgroundHeaders(['https://shop.example.com', "https://x.example; script-src 'unsafe-inline'", '*']);
		expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'self' https://shop.example.com;");
		expect(headers['Content-Security-Policy']).not.toContain('unsafe-inline');
		expect(headers).not.toHaveProperty('X-Frame-Options');
	});
});

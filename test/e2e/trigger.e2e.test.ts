/**
 * Chat Action Trigger in a real n8n: each dialect's reply shape, verification, bad input,
 * CORS and the test chat page, all through production webhooks. A refused request must
 * start no execution.
 */
import { signPayload } from '../../nodes/shared/signing';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { HMAC_SECRET, SHOP, TRIGGER_CREDENTIALS, TRIGGER_WEBHOOKS, TRIGGER_WORKFLOWS } from './trigger-workflows';

let n8n: N8nInstance;

async function send(path: string, body: string | object, headers: Record<string, string> = {}) {
	const response = await fetch(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, headers: response.headers, body: json as Record<string, unknown> };
}

/** Runs `act`, then checks no execution was started by it (n8n saves them asynchronously). */
async function expectNoExecution(act: () => Promise<void>) {
	const before = (await n8n.executions()).length;
	await act();
	await new Promise((resolve) => setTimeout(resolve, 1500));
	expect((await n8n.executions()).length).toBe(before);
}

beforeAll(async () => {
	n8n = await startN8n({
		workflows: TRIGGER_WORKFLOWS,
		credentials: TRIGGER_CREDENTIALS,
		packageTarball: await packPackage(),
		readyWebhooks: TRIGGER_WEBHOOKS,
	});
	console.log(`Chat Action Trigger e2e: n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => await n8n?.dispose());

test('Respond: Immediately answers with the acknowledgement in the widget\'s shape, before the flow runs', async () => {
	const native = await send('chat-immediately', { conversationId: 'c-now', message: 'hi' });
	expect(native).toMatchObject({ status: 200, body: { message: 'Thanks, we got it.', buttons: [], handoff: false } });
	const widget = await send('chat-immediately', { action: 'sendMessage', sessionId: 's-now', chatInput: 'hi' });
	expect(widget).toMatchObject({ status: 200, body: { output: 'Thanks, we got it.' } });
});

describe('each dialect gets its own reply shape (Chat Reply node answers)', () => {
	test('native JSON', async () => {
		const { status, body } = await send('chat-dialects', {
			conversationId: 'c1',
			message: 'hi there',
			visitor: { id: 'v1', email: 'ada@example.com' },
		});
		expect(status).toBe(200);
		expect(body).toEqual({
			message: 'Echo: hi there (ada@example.com)',
			buttons: [{ label: 'Tell me more', actionId: 'more' }],
			links: [],
			handoff: false,
			tags: [],
			data: {},
		});
	});

	test('@n8n/chat', async () => {
		const { status, body } = await send('chat-dialects', { action: 'sendMessage', sessionId: 's-1', chatInput: 'hello widget' });
		expect(status).toBe(200);
		// @n8n/chat has no buttons on a plain reply: the reply's button comes as a numbered list.
		expect(body).toEqual({ output: 'Echo: hello widget (no email)\n\n1. Tell me more' });
	});

	test('@n8n/chat asking for its history gets an empty one, without an execution', async () => {
		await expectNoExecution(async () => {
			const { status, body } = await send('chat-dialects', { action: 'loadPreviousSession', sessionId: 's-1' });
			expect(status).toBe(200);
			expect(body).toEqual({ data: [] });
		});
	});

	test('DGbot envelope', async () => {
		const { status, body } = await send('chat-dialects', {
			action_id: 'unsubscribe',
			conversation_id: 'conv_9',
			chatbot_id: 'bot_1',
			trigger: 'ai_intent',
			payload: { message: 'stop the emails', user: { email: 'bob@example.com' } },
			metadata: { visitor_id: 'v9', timestamp: '2026-05-15T10:30:00Z' },
		});
		expect(status).toBe(200);
		expect(body).toEqual({ message: 'Echo: stop the emails (bob@example.com)' });
	});

	test('helpdesk contact context', async () => {
		const { status, body } = await send('chat-dialects', {
			message: 'reset my key',
			conversation: { id: 77 },
			contact: { name: 'Carla', phone_number: '+14155550123', email: 'carla@example.com' },
			organization: { name: 'Acme' },
		});
		expect(status).toBe(200);
		expect(body).toMatchObject({ message: 'Echo: reset my key (carla@example.com)' });
	});
});

test('"when last node finishes" answers with the last item\'s reply', async () => {
	const { status, body } = await send('chat-last', { conversationId: 'c2', message: 'ping' });
	expect(status).toBe(200);
	expect(body).toEqual({ message: 'You said: ping', buttons: [{ label: 'Tell me more', actionId: 'more' }], tags: [] });
});

describe('signed requests', () => {
	const body = JSON.stringify({ conversationId: 'c3', message: 'signed hello' });
	const now = () => String(Math.floor(Date.now() / 1000));
	const signed = (timestamp: string, raw = body) => ({ 'X-Signature': signPayload(HMAC_SECRET, timestamp, raw), 'X-Timestamp': timestamp });

	test('a good signature is answered; the same request again is a replay and starts nothing', async () => {
		const headers = signed(now());
		const first = await send('chat-signed', body, headers);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ message: 'Verified: signed hello' });
		await expectNoExecution(async () => {
			const replay = await send('chat-signed', body, headers);
			expect(replay.status).toBe(403);
			expect(replay.body).toEqual({ error: { status: 403, message: 'This signed request was already received (replay)' } });
		});
	});

	test('wrong, stale and missing signatures get 401/403 and start no execution', async () => {
		await expectNoExecution(async () => {
			const wrong = await send('chat-signed', body, { ...signed(now()), 'X-Signature': signPayload('not-the-secret', now(), body) });
			expect(wrong.status).toBe(403);
			const stale = await send('chat-signed', body, signed(String(Math.floor(Date.now() / 1000) - 600)));
			expect(stale.status).toBe(401);
			expect(stale.body).toEqual({ error: { status: 401, message: 'The request is outside the 300-second signature window' } });
			const missing = await send('chat-signed', body);
			expect(missing.status).toBe(401);
			const tampered = await send('chat-signed', body.replace('hello', 'HELLO'), signed(now()));
			expect(tampered.status).toBe(403);
		});
	});
});

describe('bad input gets a 4xx that says what to fix, and starts no execution', () => {
	test.each([
		['no message', { conversationId: 'c' }, 400, 'The request has no message: send a non-empty "message"'],
		['no conversation', { message: 'hi' }, 400, 'A conversation id is required (conversationId)'],
		['a message that is not text', { conversationId: 'c', message: ['x'] }, 400, '"message" must be a string'],
		['an unknown event', { conversationId: 'c', event: 'dance', message: 'x' }, 400, '"event" must be message, button or lead_captured (got "dance")'],
		['a JSON array', [1, 2], 400, 'The body must be a JSON object'],
	])('%s', async (_name, body, status, message) => {
		await expectNoExecution(async () => {
			const response = await send('chat-dialects', body);
			expect(response.status).toBe(status);
			expect(response.body).toEqual({ error: { status, message } });
		});
	});

	test('invalid JSON is refused by n8n itself (422) before the trigger runs', async () => {
		await expectNoExecution(async () => {
			const response = await send('chat-dialects', '{"conversationId": "c", "message": ');
			expect(response.status).toBe(422);
			expect(JSON.stringify(response.body)).toContain('Failed to parse request body');
		});
	});

	test('invalid JSON sent as text/plain gets 400 naming the problem', async () => {
		await expectNoExecution(async () => {
			const response = await send('chat-dialects', '{"message": "x"', { 'content-type': 'text/plain' });
			expect(response.status).toBe(400);
			expect((response.body.error as Record<string, string>).message).toMatch(/^The body is not valid JSON/);
		});
	});

	test('a body over the limit gets 413', async () => {
		await expectNoExecution(async () => {
			const response = await send('chat-dialects', { conversationId: 'c', message: 'x', padding: 'y'.repeat(70 * 1024) });
			expect(response.status).toBe(413);
			expect(response.body).toEqual({ error: { status: 413, message: 'The body is 71 KB; this chat accepts at most 64 KB' } });
		});
	});

	test('an unsupported content type gets 415', async () => {
		await expectNoExecution(async () => {
			const response = await send('chat-dialects', '<message>hi</message>', { 'content-type': 'application/xml' });
			expect(response.status).toBe(415);
		});
	});

	test('text/plain JSON (a CORS "simple request") and form posts are accepted', async () => {
		const plain = await send('chat-dialects', JSON.stringify({ conversationId: 'c5', message: 'plain' }), { 'content-type': 'text/plain' });
		expect(plain.body).toMatchObject({ message: 'Echo: plain (no email)' });
		const form = await send('chat-dialects', 'conversationId=c6&message=from%20a%20form', {
			'content-type': 'application/x-www-form-urlencoded',
		});
		expect(form.body).toMatchObject({ message: 'Echo: from a form (no email)' });
	});
});

describe('CORS', () => {
	test('a browser preflight from an allowed origin is answered by n8n', async () => {
		const response = await fetch(n8n.webhookUrl('chat-cors'), {
			method: 'OPTIONS',
			headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
		expect(response.headers.get('access-control-allow-methods')).toContain('POST');
	});

	test('a post from the allowed origin is answered; one from another origin is refused without an execution', async () => {
		const ok = await send('chat-cors', { conversationId: 'c7', message: 'hi' }, { Origin: SHOP });
		expect(ok.status).toBe(200);
		expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
		await expectNoExecution(async () => {
			const refused = await send('chat-cors', { conversationId: 'c7', message: 'hi' }, { Origin: 'https://evil.example' });
			expect(refused.status).toBe(403);
			expect(refused.body).toEqual({ error: { status: 403, message: 'Origin https://evil.example is not allowed to post to this chat' } });
		});
	});
});

test('a visitor over the rate limit gets 429 with a friendly reply, and starts no execution; others go on', async () => {
	const visitor = (id: string) => ({ conversationId: `conv-${id}`, message: 'hi', visitor: { id } });
	for (let i = 0; i < 3; i++) expect((await send('chat-limited', visitor('fast'))).status).toBe(200);
	await expectNoExecution(async () => {
		const limited = await send('chat-limited', visitor('fast'));
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(limited.body).toMatchObject({ message: "You're sending messages faster than I can answer. Please wait a moment and try again." });
	});
	expect((await send('chat-limited', visitor('patient'))).status).toBe(200);
});

test('a client that sends a new conversation and visitor id with every message is held by its address', async () => {
	const rotating = (i: number) => ({ conversationId: `conv-rotating-${i}`, message: 'hi', visitor: { id: `visitor-rotating-${i}` } });
	for (let i = 0; i < 5; i++) expect((await send('chat-address-limited', rotating(i))).status).toBe(200);
	await expectNoExecution(async () => {
		for (let i = 5; i < 8; i++) {
			const limited = await send('chat-address-limited', rotating(i));
			expect(limited.status).toBe(429);
			expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		}
	});
});

describe('the test chat page', () => {
	test('is served on GET when enabled, clearly labelled', async () => {
		const response = await fetch(n8n.webhookUrl('chat-last'));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(await response.text()).toContain('TEST PAGE');
	});

	test('is off by default', async () => {
		const response = await fetch(n8n.webhookUrl('chat-dialects'));
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({
			error: { status: 404, message: 'The test chat page is off. Turn on "Test Chat Page" in the trigger\'s options.' },
		});
	});
});

import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import { ApiServer } from '../../toolkit/servers/api-server';
import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';

const api = new ApiServer();
beforeAll(async () => await api.start());
afterAll(async () => await api.stop());
beforeEach(() => api.reset());

const TURN = {
	event: 'message',
	conversationId: 'conv_1',
	chatbotId: 'bot_1',
	message: 'Unsubscribe me from the weekly list',
	visitor: { id: 'v_1', name: 'Ada', email: 'ada@example.com', phone: null },
	metadata: { receivedAt: '2026-05-15T10:30:00Z' },
	action: { name: 'unsubscribe', confidence: 0.9 },
	fields: { list: 'weekly' },
};

function httpAction(parameters: Record<string, unknown>, authentication = 'none') {
	return {
		name: 'HTTP Action',
		type: `${PACKAGE}.httpAction`,
		parameters: { authentication, method: 'POST', bodyType: 'json', ...parameters },
	};
}

describe('HTTP Action sends the rendered request', () => {
	test('a JSON body template reaches the API with the turn\'s values, and the API message is the reply', async () => {
		api.respond({ status: 200, body: { message: 'Done: you are off the weekly list.' } });
		const { outputs, error } = await runNode({
			node: httpAction({
				url: `${api.url}/lists/{{fields.list}}/unsubscribe`,
				jsonBody: '{"email": "{{user_email}}", "note": "{{user_message}}"}',
			}),
			items: [TURN],
		});
		expect(error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		expect(api.received[0].url).toBe('/lists/weekly/unsubscribe');
		expect(JSON.parse(api.received[0].body)).toEqual({ email: 'ada@example.com', note: TURN.message });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].reply).toEqual({ message: 'Done: you are off the weekly list.', tags: [] });
		expect(outputs[1]).toEqual([]);
	});
});

const SECRETS = {
	chatActionsBearerApi: { token: 'bearer-secret-token-123' },
	chatActionsHeaderApi: { headerName: 'X-Shop-Key', apiKey: 'header-secret-key-456' },
	chatActionsBasicApi: { user: 'crm-user', password: 'basic-secret-pass-789' },
	chatActionsHmacApi: { secret: 'hmac-signing-secret-000', signatureHeader: 'X-Signature', timestampHeader: 'X-Timestamp' },
};

function expectNoSecrets(value: unknown) {
	const text = JSON.stringify(value);
	for (const credential of Object.values(SECRETS)) {
		for (const secret of Object.values(credential)) {
			if (secret.includes('secret')) expect(text).not.toContain(secret);
		}
	}
	expect(text).not.toContain(Buffer.from('crm-user:basic-secret-pass-789').toString('base64'));
}

describe('credentials authenticate each request the way n8n does', () => {
	test.each([
		['bearer', 'chatActionsBearerApi', 'authorization', 'Bearer bearer-secret-token-123'],
		['header', 'chatActionsHeaderApi', 'x-shop-key', 'header-secret-key-456'],
		['basic', 'chatActionsBasicApi', 'authorization', `Basic ${Buffer.from('crm-user:basic-secret-pass-789').toString('base64')}`],
	])('%s auth sends its header, and outputs no secret', async (authentication, type, header, expected) => {
		api.respond({ status: 200, body: { message: 'ok', echo: expected } });
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{"email": "{{user_email}}"}' }, authentication),
			items: [TURN],
			credentials: { [type]: SECRETS[type as keyof typeof SECRETS] },
		});
		expect(api.received[0].headers[header]).toBe(expected);
		expect(outputs[0]).toHaveLength(1);
		expectNoSecrets(outputs);
	});

	test('HMAC auth signs the exact body sent, and the server can verify it', async () => {
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{"email": "{{user_email}}", "note": "{{user_message}}"}' }, 'hmac'),
			items: [TURN],
			credentials: { chatActionsHmacApi: SECRETS.chatActionsHmacApi },
		});
		const received = api.received[0];
		const timestamp = received.headers['x-timestamp'] as string;
		expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
		const expected =
			'sha256=' + createHmac('sha256', SECRETS.chatActionsHmacApi.secret).update(`${timestamp}.${received.body}`).digest('hex');
		expect(received.headers['x-signature']).toBe(expected);
		expect(received.headers['content-type']).toBe('application/json');
		expect(outputs[0]).toHaveLength(1);
	});

	test('a relative URL goes to the credential\'s Base URL', async () => {
		await runNode({
			node: httpAction({ method: 'GET', url: '/orders/{{fields.order}}' }, 'bearer'),
			items: [{ ...TURN, fields: { order: 'A 1/2' } }],
			credentials: { chatActionsBearerApi: { ...SECRETS.chatActionsBearerApi, baseUrl: `${api.url}/v1/` } },
		});
		expect(api.received[0].url).toBe('/v1/orders/A%201%2F2');
		expect(api.received[0].method).toBe('GET');
	});

	test('a secret the API echoes back is hidden in the output', async () => {
		api.respond({ status: 200, body: { data: { note: 'your key is header-secret-key-456' } } });
		const { outputs } = await runNode({
			node: httpAction(
				{ url: `${api.url}/x`, replyTemplate: 'Noted: {{data.note}}', options: { keepFields: 'data.note' } },
				'header',
			),
			items: [TURN],
			credentials: { chatActionsHeaderApi: SECRETS.chatActionsHeaderApi },
		});
		expect(outputs[0][0].reply).toMatchObject({ message: 'Noted: your key is **hidden**' });
		expect(outputs[0][0].response).toMatchObject({ fields: { 'data.note': 'your key is **hidden**' } });
	});

	test.each(['x header-secret-key-456 y', 'x header-secret-key-457 y'])(
		'what the visitor typed is left as typed, so a reply cannot tell a right guess of the secret from a wrong one: %s',
		async (name) => {
			api.respond({ status: 201, body: { data: { id: 7 } } });
			const { outputs } = await runNode({
				node: httpAction({ url: `${api.url}/leads`, jsonBody: '{"name": "{{fields.name}}"}', replyTemplate: 'Thanks {{fields.name}}!' }, 'header'),
				items: [{ ...TURN, fields: { name } }],
				credentials: { chatActionsHeaderApi: SECRETS.chatActionsHeaderApi },
			});
			expect(outputs[0][0].reply).toMatchObject({ message: `Thanks ${name}!` });
		},
	);
});

describe('after the API has answered, nothing throws: every outcome reaches an output with a reply', () => {
	/** A JSON text nested `depth` levels deep, as a hostile or broken API could answer. */
	const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}"header-secret-key-456"${'}'.repeat(depth)}`;

	test.each([200, 500])('an answer (%i) nested 6,000 levels deep goes to an output, bounded and masked', async (status) => {
		api.respond({ status, headers: { 'content-type': 'application/json' }, body: deepJson(6000) });
		const { outputs, error } = await runNode({
			node: httpAction({ url: `${api.url}/x`, replyTemplate: 'Done.', options: { keepFields: 'a', maxRetries: 0 } }, 'header'),
			items: [TURN],
			credentials: { chatActionsHeaderApi: SECRETS.chatActionsHeaderApi },
		});
		expect(error).toBeUndefined();
		const item = status === 200 ? outputs[0][0] : outputs[1][0];
		expect(item.reply).toMatchObject({ message: status === 200 ? 'Done.' : expect.any(String) });
		const text = JSON.stringify(item);
		expect(text).toContain('**hidden**');
		expectNoSecrets(item);
	});

	test('a metadata object nested thousands of levels deep (from another trigger) still gets a reply on the Error or Success output', async () => {
		api.respond({ status: 200, body: { message: 'Your new key is on its way.' } });
		let metadata: Record<string, unknown> = { end: true };
		for (let i = 0; i < 6000; i++) metadata = { a: metadata };
		const { outputs, error } = await runNode({
			node: httpAction({ url: `${api.url}/keys/reset`, jsonBody: '{"email": "{{user_email}}"}' }, 'header'),
			items: [{ ...TURN, metadata }],
			credentials: { chatActionsHeaderApi: SECRETS.chatActionsHeaderApi },
		});
		expect(api.received).toHaveLength(1);
		expect(error).toBeUndefined();
		expect([...outputs[0], ...(outputs[1] ?? [])].map((item) => (item.reply as { message: string }).message)).toHaveLength(1);
	});
});

describe('the response becomes the reply', () => {
	test('a body with data is rendered by the reply template, and chosen fields are kept', async () => {
		api.respond({ status: 200, body: { data: { order_number: 'A-1001', status: 'shipped' } } });
		const { outputs } = await runNode({
			node: httpAction({
				method: 'GET',
				url: `${api.url}/orders/{{fields.order_id}}`,
				replyTemplate: 'Your order {{data.order_number}} is {{data.status}}.',
				options: { keepFields: 'data.status, data.missing' },
			}),
			items: [{ ...TURN, fields: { order_id: 'A-1001' } }],
		});
		expect(outputs[0][0].reply).toEqual({ message: 'Your order A-1001 is shipped.', tags: [] });
		expect(outputs[0][0].response).toMatchObject({ status: 200, attempts: 1, fields: { 'data.status': 'shipped' } });
	});

	test('a body without data is rendered as data too, and buttons from the API pass through', async () => {
		api.respond({ status: 200, body: { plan: 'pro' } });
		let { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/me`, replyTemplate: 'You are on {{data.plan}} ({{status}}).' }),
			items: [TURN],
		});
		expect(outputs[0][0].reply).toMatchObject({ message: 'You are on pro (200).' });

		api.respond({ status: 200, body: { message: 'Pick one', buttons: [{ label: 'Weekly', actionId: 'weekly' }, { bad: 1 }] } });
		({ outputs } = await runNode({ node: httpAction({ method: 'GET', url: `${api.url}/lists` }), items: [TURN] }));
		expect(outputs[0][0].reply).toEqual({ message: 'Pick one', buttons: [{ label: 'Weekly', actionId: 'weekly' }], tags: [] });
	});

	test('the DGbot envelope wraps the payload with the turn\'s ids', async () => {
		await runNode({
			node: httpAction({ url: `${api.url}/actions`, jsonBody: '{"email": "{{user_email}}"}', options: { envelope: true } }),
			items: [TURN],
		});
		expect(JSON.parse(api.received[0].body)).toEqual({
			action_id: 'unsubscribe',
			conversation_id: 'conv_1',
			chatbot_id: 'bot_1',
			trigger: 'message',
			payload: { email: 'ada@example.com' },
			metadata: { visitor_id: 'v_1', timestamp: '2026-05-15T10:30:00Z' },
		});
	});

	test('query parameters, headers and form fields are rendered and encoded', async () => {
		await runNode({
			node: httpAction({
				url: `${api.url}/subscribe`,
				bodyType: 'form',
				queryParameters: { entries: [{ name: 'list', value: '{{fields.list}}&admin=1' }] },
				headerParameters: { entries: [{ name: 'X-Visitor', value: '{{visitor_id}}' }] },
				formFields: { entries: [{ name: 'email', value: '{{user_email}}' }, { name: 'note', value: 'a=b&c' }] },
			}),
			items: [TURN],
		});
		const received = api.received[0];
		expect(received.url).toBe('/subscribe?list=weekly%26admin%3D1');
		expect(received.headers['x-visitor']).toBe('v_1');
		expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(received.body))).toEqual({ email: 'ada@example.com', note: 'a=b&c' });
	});
});

describe('retries', () => {
	const fast = { maxRetries: 3, maxRetryDelay: 5, maxRetryTime: 20 };

	test('a 503 then a 429 with Retry-After are retried, with the same idempotency key', async () => {
		api.enqueue({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } });
		api.respond({ status: 200, body: { message: 'Saved.' } });
		const started = Date.now();
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{"email": "{{user_email}}"}', options: fast }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was honoured
		const keys = api.received.map((request) => request.headers['idempotency-key']);
		expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
		expect(new Set(keys).size).toBe(1);
		expect(outputs[0][0].response).toMatchObject({ attempts: 3 });
	});

	test('a re-run of the same turn sends the same idempotency key', async () => {
		const node = httpAction({ url: `${api.url}/leads`, jsonBody: '{"email": "{{user_email}}"}' });
		await runNode({ node, items: [TURN] });
		await runNode({ node, items: [TURN] });
		await runNode({ node, items: [{ ...TURN, metadata: { receivedAt: '2026-05-15T10:31:00Z' } }] });
		const keys = api.received.map((request) => request.headers['idempotency-key']);
		expect(keys[0]).toBe(keys[1]);
		expect(keys[2]).not.toBe(keys[0]);
	});

	test('a POST without an idempotency key is not retried', async () => {
		api.respond({ status: 503 });
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{}', options: { ...fast, idempotencyHeader: '' } }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(1);
		expect(outputs[1][0].error).toMatchObject({ kind: 'http', status: 503, attempts: 1, retryable: true });
	});

	test('a connection reset is retried and then reported as a network error', async () => {
		api.respond({ reset: true });
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/orders/1`, options: { maxRetries: 1, maxRetryTime: 10 } }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(2);
		expect(outputs[1][0].error).toMatchObject({ kind: 'network', attempts: 2, retryable: true });
	});

	test('a 429 asking for longer than the longest wait goes to the Error output saying when to retry', async () => {
		api.respond({ status: 429, headers: { 'retry-after': '120' } });
		const before = Date.now();
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{}', options: fast }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(1);
		const error = outputs[1][0].error as { retryAfterSeconds: number; retryAt: string };
		expect(error).toMatchObject({ kind: 'http', status: 429, retryable: true, retryAfterSeconds: 120 });
		expect(Date.parse(error.retryAt)).toBeGreaterThanOrEqual(before + 120_000);
		expect(Date.parse(error.retryAt)).toBeLessThanOrEqual(Date.now() + 120_000);
	});

	test('a Retry-After beyond what a date can hold is left out of the Error output, not a crash', async () => {
		api.respond({ status: 429, headers: { 'retry-after': '9000000000000' } });
		const { outputs, error } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{}', options: fast }),
			items: [TURN],
		});
		expect(error).toBeUndefined();
		expect(outputs[1][0].error).toMatchObject({ kind: 'http', status: 429 });
		expect(outputs[1][0].error).not.toHaveProperty('retryAt');
	});

	test('a slow API times out, per attempt', async () => {
		api.respond({ delayMs: 1500, body: { message: 'late' } });
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/slow`, options: { timeout: 300, maxRetries: 1 } }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(2);
		expect(outputs[1][0].error).toMatchObject({ kind: 'timeout', attempts: 2 });
		expect(outputs[1][0].reply).toMatchObject({ handoff: true, tags: ['action_failed'] });
	});
});

describe('failures go to the Error output with a reply for the visitor', () => {
	test('a 500 after retries carries kind, status, reply and the request with credentials hidden', async () => {
		api.respond({ status: 500, body: { error: 'boom' } });
		const { outputs, error } = await runNode({
			node: httpAction(
				{
					url: `${api.url}/leads`,
					jsonBody: '{"email": "{{user_email}}"}',
					headerParameters: { entries: [{ name: 'X-Trace', value: 'bearer-secret-token-123' }] },
					options: { maxRetries: 1, failureMessage: 'Sorry {{user_name}}, that did not work.' },
				},
				'bearer',
			),
			items: [TURN],
			credentials: { chatActionsBearerApi: SECRETS.chatActionsBearerApi },
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([]);
		const item = outputs[1][0];
		expect(item.reply).toEqual({ message: 'Sorry Ada, that did not work.', handoff: true, tags: ['action_failed'] });
		expect(item.error).toMatchObject({
			kind: 'http',
			status: 500,
			retryable: true,
			attempts: 2,
			responseBody: { error: 'boom' },
			request: {
				method: 'POST',
				url: `${api.url}/leads`,
				headers: { Authorization: '**hidden**', 'X-Trace': '**hidden**', 'Content-Type': 'application/json' },
				body: '{"email":"ada@example.com"}',
			},
		});
		expectNoSecrets(outputs);
	});

	test('a 404 with a message tells the visitor that message, without a handoff', async () => {
		api.respond({ status: 404, body: { message: 'We could not find order 999.' } });
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/orders/999` }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(1); // 4xx is not retried
		expect(outputs[1][0].reply).toEqual({ message: 'We could not find order 999.', handoff: false, tags: ['action_failed'] });
		expect(outputs[1][0].error).toMatchObject({ kind: 'http', status: 404, retryable: false });
	});

	test('an HTML body where JSON was expected is an invalid response', async () => {
		api.respond({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' });
		const { outputs } = await runNode({ node: httpAction({ method: 'GET', url: `${api.url}/x` }), items: [TURN] });
		expect(outputs[1][0].error).toMatchObject({ kind: 'invalid_response', message: 'The API answered with text/html, not JSON' });
	});

	test.each([
		['with a Content-Length', false],
		['sent in chunks, without a length', true],
	])('an answer over Max Response Size (%s) is not read: an invalid response, not retried, none of it kept', async (_how, chunked) => {
		const body = JSON.stringify({ data: { padding: 'x'.repeat(300 * 1024) } });
		const length: Record<string, string> = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) };
		api.respond({ status: 200, headers: { 'content-type': 'application/json', ...length }, body });
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/big`, options: { maxResponseSize: 100 } }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(1);
		expect(outputs[0]).toEqual([]);
		expect(outputs[1][0].error).toMatchObject({
			kind: 'invalid_response',
			status: 200,
			retryable: false,
			message: 'The API answered with more than 100 KB (option Max Response Size)',
		});
		expect(outputs[1][0].reply).toMatchObject({ handoff: true, tags: ['action_failed'] });
		expect(JSON.stringify(outputs)).not.toContain('xxxxxxxx');
	});

	test('an answer that never ends is cut off at Max Response Size, well before the timeout, and its connection closed', async () => {
		// A server that sends 16 KB every 5 ms for as long as the connection stays open.
		let closed!: () => void;
		const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
		const endless = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"data": "');
			const timer = setInterval(() => res.write('e'.repeat(16 * 1024)), 5);
			res.on('close', () => {
				clearInterval(timer);
				closed();
			});
		});
		await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
		try {
			const started = Date.now();
			const { outputs } = await runNode({
				node: httpAction({
					method: 'GET',
					url: `http://127.0.0.1:${(endless.address() as AddressInfo).port}/endless`,
					options: { maxResponseSize: 100, timeout: 20_000, maxRetries: 0 },
				}),
				items: [TURN],
			});
			expect(outputs[1][0].error).toMatchObject({ kind: 'invalid_response', message: expect.stringContaining('more than 100 KB') });
			expect(Date.now() - started).toBeLessThan(5_000);
			await connectionClosed;
		} finally {
			endless.closeAllConnections();
			await new Promise((resolve) => endless.close(resolve));
		}
	});

	test('a compressed answer counts by its unpacked size: 20 KB of gzip that unpacks to 20 MB is refused', async () => {
		const unpacked = JSON.stringify({ data: { padding: 'z'.repeat(20 * 1024 * 1024) } });
		const body = gzipSync(unpacked);
		expect(body.length).toBeLessThan(100 * 1024);
		api.respond({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
		const { outputs } = await runNode({ node: httpAction({ method: 'GET', url: `${api.url}/bomb` }), items: [TURN] });
		expect(outputs[1][0].error).toMatchObject({
			kind: 'invalid_response',
			message: 'The API answered with more than 1024 KB (option Max Response Size)',
		});
	}, 30_000); // making and gzipping 20 MB takes seconds on a loaded machine: the test bounds size, not time

	test('a compressed answer within the limit is unpacked and used', async () => {
		const body = gzipSync(JSON.stringify({ message: 'Unpacked and read.' }));
		api.respond({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
		const { outputs } = await runNode({ node: httpAction({ method: 'GET', url: `${api.url}/small` }), items: [TURN] });
		expect(outputs[0][0].reply).toMatchObject({ message: 'Unpacked and read.' });
	});

	test('an answer within Max Response Size is read in full', async () => {
		const body = JSON.stringify({ message: 'ok', data: { padding: 'y'.repeat(90 * 1024) } });
		api.respond({ status: 200, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body });
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/big`, options: { maxResponseSize: 100, keepFields: 'data.padding' } }),
			items: [TURN],
		});
		expect(outputs[1]).toEqual([]);
		expect(outputs[0][0].response).toMatchObject({ fields: { 'data.padding': 'y'.repeat(90 * 1024) } });
	});

	test('a missing template variable names the variable and sends nothing', async () => {
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/x`, jsonBody: '{"order": "{{fields.order_id}}"}' }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(0);
		expect(outputs[1][0].error).toMatchObject({
			kind: 'invalid_request',
			message: 'The template variable {{fields.order_id}} has no value',
		});
	});

	test('"Stop the workflow" fails the node with a clear message and no secret', async () => {
		api.respond({ status: 502 });
		const { outputs, error } = await runNode({
			node: httpAction(
				{ method: 'GET', url: `${api.url}/x`, onFailure: 'stop', options: { maxRetries: 0 } },
				'bearer',
			),
			items: [TURN],
			credentials: { chatActionsBearerApi: SECRETS.chatActionsBearerApi },
		});
		expect(outputs).toEqual([]);
		expect(error?.message).toBe('The API answered 502');
		expectNoSecrets(error);
	});
});

describe('destinations', () => {
	test('a host outside the allowed hosts is refused before sending', async () => {
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/x`, options: { allowedHosts: 'api.example.com' } }),
			items: [TURN],
		});
		expect(api.received).toHaveLength(0);
		expect(outputs[1][0].error).toMatchObject({ kind: 'blocked', message: "The host 127.0.0.1 is not in this action's allowed hosts" });
	});

	test('with allowed hosts set, a redirect is not followed (it could lead anywhere)', async () => {
		api.respond((request) =>
			request.url === '/start' ? { status: 302, headers: { location: `${api.url}/elsewhere` }, body: '' } : { status: 200, body: { message: 'followed' } },
		);
		const { outputs } = await runNode({
			node: httpAction({ method: 'GET', url: `${api.url}/start`, options: { allowedHosts: '127.0.0.1' } }),
			items: [TURN],
		});
		expect(api.received.map((request) => request.url)).toEqual(['/start']);
		expect(outputs[1][0].error).toMatchObject({ kind: 'http', status: 302 });
	});

	test.each(['http://127.0.0.1:9/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://10.0.0.8/x', 'http://localhost/x'])(
		'private address %s is refused when blocking is on',
		async (url) => {
			const { outputs } = await runNode({
				node: httpAction({ method: 'GET', url, options: { blockPrivateAddresses: true } }),
				items: [TURN],
			});
			expect(outputs[1][0].error).toMatchObject({ kind: 'blocked' });
		},
	);
});

describe('dry run', () => {
	test('renders the request with credentials hidden and sends nothing', async () => {
		const { outputs } = await runNode({
			node: httpAction({ url: `${api.url}/leads`, jsonBody: '{"email": "{{user_email}}"}', options: { dryRun: true } }, 'hmac'),
			items: [TURN],
			credentials: { chatActionsHmacApi: SECRETS.chatActionsHmacApi },
		});
		expect(api.received).toHaveLength(0);
		expect(outputs[0][0].request).toEqual({
			method: 'POST',
			url: `${api.url}/leads`,
			headers: {
				'Content-Type': 'application/json',
				Accept: 'application/json',
				'Idempotency-Key': expect.stringMatching(/^[0-9a-f]{64}$/),
				'X-Signature': '**hidden**',
			},
			body: '{"email":"ada@example.com"}',
			idempotencyKey: expect.any(String),
		});
	});
});

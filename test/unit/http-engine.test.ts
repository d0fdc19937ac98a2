import { checkDestination, isPublicAddress } from '../../nodes/HttpAction/engine/destination';
import { isRetryableFailure, parseBody } from '../../nodes/HttpAction/engine/reply';
import { buildRequest, type RequestConfig } from '../../nodes/HttpAction/engine/request';
import {
	type Clock,
	type HttpAnswer,
	retryAfterMs,
	type RetryPolicy,
	sendWithRetries,
	TransportError,
} from '../../nodes/HttpAction/engine/send';

const TURN = { conversationId: 'c1', message: 'hi {{user_email}}', visitor: { email: 'a@b.c' }, action: { name: 'x' } };

function config(overrides: Partial<RequestConfig> = {}): RequestConfig {
	return {
		method: 'POST',
		url: { text: 'https://api.example.com/x' },
		query: [],
		headers: [],
		bodyType: 'json',
		jsonBody: { text: '{"m": "{{user_message}}"}' },
		envelope: false,
		idempotencyHeader: 'Idempotency-Key',
		missingVariables: 'error',
		...overrides,
	};
}

describe('building a request', () => {
	test('POST carries an idempotency key and may then be retried; GET needs none', () => {
		const post = buildRequest(config(), TURN);
		expect(post.headers['Idempotency-Key']).toBe(post.idempotencyKey);
		expect(post.retrySafe).toBe(true);
		const get = buildRequest(config({ method: 'GET' }), TURN);
		expect(get.idempotencyKey).toBeUndefined();
		expect(get.body).toBeUndefined();
		expect(get.retrySafe).toBe(true);
		expect(buildRequest(config({ idempotencyHeader: '' }), TURN).retrySafe).toBe(false);
	});

	test('a value n8n already resolved from an expression is used as it is, never compiled', () => {
		const request = buildRequest(config({ jsonBody: { text: '{"m": "{{user_email}}"}', literal: true } }), TURN);
		expect(JSON.parse(request.body!)).toEqual({ m: '{{user_email}}' });
	});

	test('the message itself, with template syntax in it, is only a value', () => {
		expect(JSON.parse(buildRequest(config(), TURN).body!)).toEqual({ m: 'hi {{user_email}}' });
	});

	test('a relative URL without a Base URL says what to do', () => {
		expect(() => buildRequest(config({ url: { text: '/x' } }), TURN)).toThrow(/give the credential a Base URL/);
	});

	test('an invalid header name is refused', () => {
		expect(() => buildRequest(config({ headers: [{ name: 'Bad Header', value: { text: 'x' } }] }), TURN)).toThrow(
			'"Bad Header" is not a valid header name',
		);
	});
});

function fakeClock(): Clock & { slept: number[] } {
	let now = 0;
	const slept: number[] = [];
	return {
		slept,
		now: () => now,
		random: () => 1,
		sleep: async (ms) => {
			slept.push(ms);
			now += ms;
		},
	};
}

const POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 5000, maxTotalMs: 10_000, timeoutMs: 1000 };
const REQUEST = { method: 'POST' as const, url: 'https://x', headers: {}, retrySafe: true };

function scripted(...answers: Array<Partial<HttpAnswer> | TransportError>) {
	let calls = 0;
	const transport = async () => {
		const next = answers[Math.min(calls++, answers.length - 1)];
		if (next instanceof TransportError) throw next;
		return { status: 200, headers: {}, bodyText: '', ...next };
	};
	return { transport, calls: () => calls };
}

describe('retrying', () => {
	test('backs off exponentially on 5xx and network errors, then succeeds', async () => {
		const clock = fakeClock();
		const { transport } = scripted({ status: 502 }, new TransportError('reset', 'network'), { status: 503 }, { status: 200 });
		const result = await sendWithRetries(REQUEST, transport, POLICY, clock);
		expect(result.attempts).toBe(4);
		expect(result.answer?.status).toBe(200);
		expect(clock.slept).toEqual([100, 200, 400]);
	});

	test.each([408, 429, 500, 503])('a %i is retried, and a final one is reported retryable: one rule for both', async (status) => {
		const { transport, calls } = scripted({ status });
		await sendWithRetries(REQUEST, transport, { ...POLICY, maxRetries: 1 }, fakeClock());
		expect(calls()).toBe(2);
		expect(isRetryableFailure('http', status)).toBe(true);
	});

	test.each([400, 404, 409, 422])('a %i is sent once and not reported retryable', async (status) => {
		const { transport, calls } = scripted({ status });
		await sendWithRetries(REQUEST, transport, POLICY, fakeClock());
		expect(calls()).toBe(1);
		expect(isRetryableFailure('http', status)).toBe(false);
	});

	test('honours Retry-After in seconds and as an HTTP date', async () => {
		const clock = fakeClock();
		const { transport } = scripted({ status: 429, headers: { 'retry-after': '2' } }, { status: 200 });
		await sendWithRetries(REQUEST, transport, POLICY, clock);
		expect(clock.slept).toEqual([2000]);
		expect(retryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
		expect(retryAfterMs('soon', 0)).toBeUndefined();
	});

	test('a Retry-After longer than the longest wait ends retrying at once', async () => {
		const clock = fakeClock();
		const { transport, calls } = scripted({ status: 429, headers: { 'retry-after': '3600' } });
		const result = await sendWithRetries(REQUEST, transport, POLICY, clock);
		expect(calls()).toBe(1);
		expect(result.answer?.status).toBe(429);
		expect(clock.slept).toEqual([]);
	});

	test('no retry starts after the time budget', async () => {
		const clock = fakeClock();
		const { transport, calls } = scripted({ status: 500 });
		await sendWithRetries(REQUEST, transport, { ...POLICY, maxRetries: 10, baseDelayMs: 1000, maxTotalMs: 5000 }, clock);
		expect(clock.slept).toEqual([1000, 2000]); // a third wait (4000) would pass 5000
		expect(calls()).toBe(3);
	});

	test('4xx and a request that is not retry-safe are sent once', async () => {
		let { transport, calls } = scripted({ status: 400 });
		await sendWithRetries(REQUEST, transport, POLICY, fakeClock());
		expect(calls()).toBe(1);
		({ transport, calls } = scripted({ status: 500 }));
		await sendWithRetries({ ...REQUEST, retrySafe: false }, transport, POLICY, fakeClock());
		expect(calls()).toBe(1);
	});
});

describe('destinations', () => {
	const lookup = (addresses: string[]) => async () => addresses;

	test.each([
		['127.0.0.1', false],
		['10.1.2.3', false],
		['172.16.0.1', false],
		['192.168.1.1', false],
		['169.254.169.254', false],
		['100.64.0.1', false],
		['0.0.0.0', false],
		['::1', false],
		['fe80::1', false],
		['fd00:ec2::254', false],
		['::ffff:127.0.0.1', false],
		['93.184.215.14', true],
		['2606:4700::6810:85e5', true],
	])('%s is public: %s', (address, expected) => {
		expect(isPublicAddress(address)).toBe(expected);
	});

	test('allowed hosts match exact names and *. patterns only', async () => {
		const policy = { allowedHosts: ['api.example.com', '*.example.org'], blockPrivateAddresses: false };
		await expect(checkDestination(new URL('https://api.example.com/x'), policy)).resolves.toBeUndefined();
		await expect(checkDestination(new URL('https://eu.example.org/x'), policy)).resolves.toBeUndefined();
		await expect(checkDestination(new URL('https://example.org/x'), policy)).rejects.toThrow(/allowed hosts/);
		await expect(checkDestination(new URL('https://api.example.com.evil.io/x'), policy)).rejects.toThrow(/allowed hosts/);
	});

	test('a name resolving to any private address is refused', async () => {
		const policy = { allowedHosts: [], blockPrivateAddresses: true };
		await expect(checkDestination(new URL('https://ok.example/x'), policy, lookup(['93.184.215.14']))).resolves.toBeUndefined();
		await expect(
			checkDestination(new URL('https://rebind.example/x'), policy, lookup(['93.184.215.14', '10.0.0.1'])),
		).rejects.toThrow(/private or internal/);
		await expect(checkDestination(new URL('http://2130706433/'), policy)).rejects.toThrow(/private or internal/);
	});
});

describe('reading the body', () => {
	const answer = (bodyText: string, contentType?: string): HttpAnswer => ({
		status: 200,
		headers: contentType ? { 'content-type': contentType } : {},
		bodyText,
	});

	test.each([
		['{"a":1}', 'application/json', { ok: true, body: { a: 1 } }],
		['{"a":1}', 'application/problem+json; charset=utf-8', { ok: true, body: { a: 1 } }],
		['', 'application/json', { ok: true, body: null }],
		['plain words', 'text/plain', { ok: true, body: 'plain words' }],
		['{"a":', 'application/json', { ok: false, message: 'The API answered with a body that is not valid JSON' }],
		['<html></html>', 'text/html', { ok: false, message: 'The API answered with text/html, not JSON' }],
		['[1,2]', undefined, { ok: true, body: [1, 2] }],
	])('%j as %s', (text, type, expected) => {
		expect(parseBody(answer(text, type))).toEqual(expected);
	});

	test('a body the transport stopped reading at the size limit is unusable, and the message names the option', () => {
		const tooLarge: HttpAnswer = { ...answer('', 'application/json'), bodyOverLimitBytes: 512 * 1024 };
		expect(parseBody(tooLarge)).toEqual({ ok: false, message: 'The API answered with more than 512 KB (option Max Response Size)' });
	});
});

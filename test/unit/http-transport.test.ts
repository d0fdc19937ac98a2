import { Readable } from 'node:stream';

import type { RenderedRequest } from '../../nodes/HttpAction/engine/request';
import { TransportError } from '../../nodes/HttpAction/engine/send';
import {
	createTransport,
	readCapped,
	type RequestFunction,
	type StreamRequestOptions,
	transportErrorFrom,
} from '../../nodes/HttpAction/engine/transport';

const REQUEST: RenderedRequest = {
	method: 'POST',
	url: 'https://api.example.com/orders',
	headers: { 'Content-Type': 'application/json' },
	body: '{"id":1}',
	retrySafe: true,
};

/** A body that arrives in these chunks. */
const bodyOf = (...chunks: string[]) => Readable.from(chunks.map((chunk) => Buffer.from(chunk)));

/** A request function that answers with `status`, `headers` and `body`, and records what it was asked. */
function answering(status: number, headers: Record<string, string>, body: Readable) {
	const asked: StreamRequestOptions[] = [];
	const send: RequestFunction = async (options) => {
		asked.push(options);
		return { statusCode: status, headers, body };
	};
	return { send, asked };
}

describe('reading a body up to a limit', () => {
	test('a body within the limit is read whole, in as many chunks as it comes', async () => {
		expect(await readCapped(bodyOf('{"ok":', 'true}'), 0, 100)).toEqual({ text: '{"ok":true}' });
	});

	test('a declared Content-Length over the limit is refused before a byte is read', async () => {
		const body = bodyOf('x'.repeat(10));
		expect(await readCapped(body, 5000, 100)).toEqual({ over: true });
		expect(body.destroyed).toBe(true);
	});

	test('without Content-Length, reading stops (and the connection closes) once the bytes pass the limit', async () => {
		let produced = 0;
		const endless = new Readable({
			read() {
				produced++;
				this.push(Buffer.alloc(64, 'a'));
			},
		});
		expect(await readCapped(endless, 0, 1000)).toEqual({ over: true });
		expect(endless.destroyed).toBe(true);
		expect(produced).toBeLessThan(100);
	});
});

describe('one attempt through the request function', () => {
	test('sends the rendered request as a stream with the deadline, and answers with status, headers and text', async () => {
		const { send, asked } = answering(201, { 'content-type': 'application/json' }, bodyOf('{"id":1}'));
		const answer = await createTransport(send, { restrictRedirects: true, maxResponseBytes: 1024 })(REQUEST, 5000);
		expect(answer).toEqual({ status: 201, headers: { 'content-type': 'application/json' }, bodyText: '{"id":1}' });
		expect(asked[0]).toMatchObject({
			method: 'POST',
			url: REQUEST.url,
			headers: REQUEST.headers,
			body: REQUEST.body,
			timeout: 5000,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'stream',
			json: false,
			disableFollowRedirect: true,
		});
		expect(asked[0].abortSignal).toBeInstanceOf(AbortSignal);
	});

	test('an answer over Max Response Size keeps its status and says how large the limit was, without its body', async () => {
		const { send } = answering(200, { 'content-length': '4096' }, bodyOf('x'.repeat(4096)));
		const answer = await createTransport(send, { restrictRedirects: false, maxResponseBytes: 1024 })(REQUEST, 5000);
		expect(answer).toMatchObject({ status: 200, bodyText: '', bodyOverLimitBytes: 1024 });
	});

	test('a body that keeps trickling past the deadline ends the attempt as a timeout', async () => {
		const trickle = new Readable({ read() {} });
		const timer = setInterval(() => trickle.push('.'), 20);
		try {
			const { send } = answering(200, {}, trickle);
			const attempt = createTransport(send, { restrictRedirects: false, maxResponseBytes: 1024 * 1024 })(REQUEST, 200);
			await expect(attempt).rejects.toMatchObject({ kind: 'timeout' });
			expect(trickle.destroyed).toBe(true);
		} finally {
			clearInterval(timer);
		}
	});

	test('a request function that never settles is cut at the deadline', async () => {
		const send: RequestFunction = () => new Promise(() => undefined);
		await expect(createTransport(send, { restrictRedirects: false, maxResponseBytes: 1024 })(REQUEST, 100)).rejects.toBeInstanceOf(TransportError);
	});

	test("a failure without an answer becomes a TransportError from n8n's wrapped cause", async () => {
		const send: RequestFunction = async () => {
			throw Object.assign(new Error('Request failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
		};
		await expect(createTransport(send, { restrictRedirects: false, maxResponseBytes: 1024 })(REQUEST, 5000)).rejects.toMatchObject({
			kind: 'network',
			code: 'ECONNRESET',
			message: 'The API could not be reached (ECONNRESET)',
		});
	});
});

describe('mapping errors', () => {
	test.each([
		['a code deep in the cause chain', { message: 'x', cause: { cause: { code: 'ECONNREFUSED' } } }, false, 'network', 'ECONNREFUSED'],
		['ETIMEDOUT', { code: 'ETIMEDOUT' }, false, 'timeout', 'ETIMEDOUT'],
		['ECONNABORTED', { code: 'ECONNABORTED' }, false, 'timeout', 'ECONNABORTED'],
		['a message that says timeout', { message: 'timeout of 10000ms exceeded' }, false, 'timeout', undefined],
		['anything past the deadline', { message: 'aborted' }, true, 'timeout', undefined],
		['no code at all', new Error('boom'), false, 'network', undefined],
	])('%s', (_name, error, pastDeadline, kind, code) => {
		const mapped = transportErrorFrom(error, pastDeadline);
		expect(mapped).toBeInstanceOf(TransportError);
		expect(mapped.kind).toBe(kind);
		expect(mapped.code).toBe(code);
	});

	test('a code that is not an errno name is not reported as one', () => {
		expect(transportErrorFrom({ code: 404 }, false).code).toBeUndefined();
		expect(transportErrorFrom({ code: 'not-a-code' }, false).code).toBeUndefined();
	});
});

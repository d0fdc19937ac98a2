import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ChunkReader, chunksOf, collectStream, readsStream } from '../../nodes/shared/streaming';

const chunk = (type: string, content?: string) => `${JSON.stringify({ type, ...(content === undefined ? {} : { content }), metadata: { nodeId: 'n', nodeName: 'N', runIndex: 0, itemIndex: 0, timestamp: 1 } })}\n`;

describe('readsStream', () => {
	test('@n8n/chat with streaming on asks with Accept: text/plain', () => {
		expect(readsStream({ accept: 'text/plain' }, 'n8nChat')).toBe(true);
		expect(readsStream({ accept: 'application/json, text/plain;q=0.9' }, 'n8nChat')).toBe(true);
	});
	test('without it, or from another widget, the client reads one JSON reply', () => {
		expect(readsStream({ accept: 'application/json' }, 'n8nChat')).toBe(false);
		expect(readsStream({ accept: '*/*' }, 'n8nChat')).toBe(false);
		expect(readsStream({}, 'n8nChat')).toBe(false);
		expect(readsStream({ accept: 'text/plainish' }, 'n8nChat')).toBe(false);
		expect(readsStream({ accept: 'text/plain' }, 'native')).toBe(false);
	});
});

describe('ChunkReader', () => {
	test('reads items across any slicing of the lines, skipping keepalives', () => {
		const stream = chunk('begin') + '{"type":"keepalive"}\n' + chunk('item', 'Hello, ') + chunk('item', 'world') + chunk('end');
		for (const size of [1, 3, 7, stream.length]) {
			const reader = new ChunkReader();
			for (let at = 0; at < stream.length; at += size) reader.push(stream.slice(at, at + size));
			expect(reader.result()).toEqual({ text: 'Hello, world' });
		}
	});
	test('an end chunk carrying {reply} gives the structured reply; an error chunk is reported', () => {
		const reader = new ChunkReader();
		reader.push(chunk('item', 'Pick one') + chunk('end', JSON.stringify({ reply: { message: 'Pick one', buttons: [{ label: 'A' }] } })));
		expect(reader.result()).toEqual({ text: 'Pick one', reply: { message: 'Pick one', buttons: [{ label: 'A' }] } });
		const failed = new ChunkReader();
		failed.push(chunk('error', 'Model unavailable'));
		expect(failed.result()).toEqual({ text: '', error: 'Model unavailable' });
	});
	test('a line that is not JSON is text, as @n8n/chat shows it; a last line without newline counts', () => {
		const reader = new ChunkReader();
		reader.push('plain words\n' + chunk('item', '!').trimEnd());
		expect(reader.result().text).toBe('plain words!');
	});
	test('chunksOf is what the reader (and @n8n/chat) reads back as one message', () => {
		const reader = new ChunkReader();
		reader.push(chunksOf('1. Yes\n2. No'));
		expect(reader.result()).toEqual({ text: '1. Yes\n2. No' });
		expect(chunksOf('x').split('\n').filter(Boolean).map((line) => JSON.parse(line).type)).toEqual(['begin', 'item', 'end']);
	});
});

describe('collectStream over a real HTTP response', () => {
	async function serve(write: (res: ServerResponse) => void) {
		const server = createServer((_req, res) => write(res));
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const { port } = server.address() as AddressInfo;
		try {
			const response = await fetch(`http://127.0.0.1:${port}/`);
			return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
		} finally {
			await new Promise((done) => server.close(done));
		}
	}

	test('chunks written as n8n writes them (write, flush, end) become one JSON reply', async () => {
		const result = await serve((res) => {
			collectStream(res, (collected) => ({ status: 200, body: { output: collected.text } }));
			res.write(chunk('begin'));
			res.write(Buffer.from(chunk('item', 'streamed ')));
			(res as ServerResponse & { flush?: () => void }).flush?.();
			setTimeout(() => {
				res.write(chunk('item', 'answer'));
				res.end();
			}, 20);
		});
		expect(result).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { output: 'streamed answer' } });
	});

	test('the answer decides the status: an error chunk can become a 500', async () => {
		const result = await serve((res) => {
			collectStream(res, (collected) => (collected.error ? { status: 500, body: { error: collected.error } } : { status: 200, body: {} }));
			res.end(chunk('error', 'boom'));
		});
		expect(result.status).toBe(500);
		expect(result.body).toEqual({ error: 'boom' });
	});
});

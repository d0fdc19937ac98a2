/**
 * Streamed replies: n8n streams a flow's chunks as newline-delimited JSON
 * (`{type: begin|item|end|error, content, metadata}`, one per line, plus keepalive lines) to
 * the request that started it. @n8n/chat with `enableStreaming` asks for that by sending
 * `Accept: text/plain`; every other client of this trigger reads one JSON reply. n8n decides
 * to stream per trigger configuration, not per request, so a trigger that streams turns the
 * stream back into one JSON reply for a client that did not ask for a stream.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import type { Dialect } from './dialects';
import type { HeaderMap } from './http-headers';

/** The webhook's response (Express's, over Node's ServerResponse), typed as n8n hands it to a trigger. */
type ServerResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

/** Headers for a streamed answer: no proxy or compression buffering, no caching. */
export const STREAM_HEADERS: Readonly<Record<string, string>> = {
	'Content-Type': 'application/json; charset=utf-8',
	'Cache-Control': 'no-cache, no-transform',
	'X-Accel-Buffering': 'no',
};

/** Whether the client reads newline-delimited JSON chunks: only @n8n/chat, which asks with Accept: text/plain. */
export function readsStream(headers: HeaderMap, dialect: Dialect): boolean {
	if (dialect !== 'n8nChat') return false;
	const accept = String(headers.accept ?? '').toLowerCase();
	return /(?:^|[,\s])(?:text\/plain|application\/x-ndjson|application\/jsonl)(?:[;,\s]|$)/.test(accept);
}

export interface StreamChunk {
	type: string;
	content?: string;
}

/** A reply as the chunks a stream reader shows as one message, for answering it in one go. */
export function chunksOf(text: string): string {
	const line = (chunk: StreamChunk) => `${JSON.stringify({ ...chunk, metadata: { nodeId: 'chat-reply', nodeName: 'Chat Reply', runIndex: 0, itemIndex: 0, timestamp: Date.now() } })}\n`;
	return line({ type: 'begin' }) + line({ type: 'item', content: text }) + line({ type: 'end' });
}

/** What a stream said, read back: the text of its items, a structured reply an end chunk carried, an error. */
export interface CollectedStream {
	text: string;
	/** The reply object a Chat Reply node put in its end chunk (`{reply}`), if one did. */
	reply?: Record<string, unknown>;
	error?: string;
}

/** Reads newline-delimited chunks as they are written, in any slicing. */
export class ChunkReader {
	private pending = '';
	private readonly items: string[] = [];
	private reply: Record<string, unknown> | undefined;
	private error: string | undefined;

	push(data: string): void {
		this.pending += data;
		const lines = this.pending.split('\n');
		this.pending = lines.pop() ?? '';
		for (const line of lines) this.line(line);
	}

	result(): CollectedStream {
		if (this.pending.trim() !== '') this.line(this.pending);
		this.pending = '';
		return { text: this.items.join(''), ...(this.reply ? { reply: this.reply } : {}), ...(this.error ? { error: this.error } : {}) };
	}

	private line(line: string): void {
		if (line.trim() === '') return;
		let chunk: unknown;
		try {
			chunk = JSON.parse(line);
		} catch {
			// @n8n/chat shows a line that is not JSON as text; so does this reader.
			this.items.push(line);
			return;
		}
		if (typeof chunk !== 'object' || chunk === null) return;
		const { type, content } = chunk as { type?: unknown; content?: unknown };
		if (type === 'item' && typeof content === 'string') this.items.push(content);
		else if (type === 'error') this.error = typeof content === 'string' && content !== '' ? content : 'The flow failed';
		else if (type === 'end' && typeof content === 'string' && content.startsWith('{')) {
			try {
				const carried = JSON.parse(content) as { reply?: unknown };
				if (typeof carried.reply === 'object' && carried.reply !== null && !Array.isArray(carried.reply)) {
					this.reply = carried.reply as Record<string, unknown>;
				}
			} catch {
				// An end chunk of another node with text that only looks like JSON: not a reply.
			}
		}
	}
}

type Body = string | Buffer | Uint8Array;

/**
 * Makes a streamed response end as one JSON reply: what n8n writes to `res` is read as chunks
 * instead of sent, and when n8n ends the response, `answer` turns what was read into the status
 * and body sent. Touches only this request's response object.
 */
export function collectStream(
	res: ServerResponse,
	answer: (collected: CollectedStream) => { status: number; body: Record<string, unknown> },
): void {
	const reader = new ChunkReader();
	const end = res.end.bind(res) as (body?: Body, callback?: () => void) => ServerResponse;
	const text = (data: unknown, encoding?: unknown) =>
		typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
	let ended = false;

	res.write = ((data: unknown, encoding?: unknown, callback?: unknown) => {
		if (data !== undefined && data !== null && !ended) reader.push(text(data, encoding));
		const done = typeof encoding === 'function' ? encoding : callback;
		if (typeof done === 'function') void Promise.resolve().then(done as () => void);
		return true;
	}) as ServerResponse['write'];
	// Compression middleware adds flush(); there is nothing to flush until the end.
	(res as ServerResponse & { flush?: () => void }).flush = () => undefined;

	res.end = ((data?: unknown, encoding?: unknown, callback?: unknown) => {
		if (ended) return res;
		if (data !== undefined && data !== null && typeof data !== 'function') reader.push(text(data, encoding));
		ended = true;
		const { status, body } = answer(reader.result());
		const json = JSON.stringify(body);
		if (!res.headersSent) {
			res.statusCode = status;
			res.setHeader('Content-Type', 'application/json; charset=utf-8');
			res.setHeader('Content-Length', Buffer.byteLength(json));
		}
		const done = [data, encoding, callback].find((value) => typeof value === 'function') as (() => void) | undefined;
		return end(json, done);
	}) as ServerResponse['end'];
}

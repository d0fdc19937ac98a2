/**
 * One attempt at sending a rendered request: a deadline that covers reading the answer too,
 * a body read up to a size limit, and any failure without an HTTP answer mapped to a
 * TransportError. The request itself goes through a `RequestFunction` the node hands in
 * (n8n's HTTP helpers, which add the credential), so all of this is tested without n8n.
 */

import type { HttpMethod } from './request';
import { type HttpAnswer, type Transport, TransportError } from './send';

/** What the transport asks of n8n's `httpRequest` (a subset of its IHttpRequestOptions). */
export interface StreamRequestOptions {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: string;
	timeout: number;
	returnFullResponse: true;
	ignoreHttpStatusErrors: true;
	/** A stream, so that an oversized body is refused without holding it in memory. */
	encoding: 'stream';
	json: false;
	disableFollowRedirect: boolean;
	abortSignal: AbortSignal;
}

/** A response body as n8n streams it (a Readable): read in chunks, or destroyed to close the connection. */
export interface BodyStream extends AsyncIterable<Buffer> {
	destroy(): void;
}

/** n8n's full response for `encoding: 'stream'`: the body is a Readable (n8n's evaluation mocks too). */
export interface StreamResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: BodyStream;
}

export type RequestFunction = (options: StreamRequestOptions) => Promise<StreamResponse>;

export interface TransportOptions {
	/** No redirects followed (set when the destination is restricted: a redirect could leave it). */
	restrictRedirects: boolean;
	/** A longer body is not read: the answer says so in `bodyOverLimitBytes`. */
	maxResponseBytes: number;
}

/** Finds a transport-level cause (ECONNRESET, timeout…) in n8n's wrapped error. */
export function transportErrorFrom(error: unknown, pastDeadline: boolean): TransportError {
	const chain: Array<Record<string, unknown>> = [];
	let node: unknown = error;
	while (typeof node === 'object' && node !== null && chain.length < 6) {
		chain.push(node as Record<string, unknown>);
		node = (node as { cause?: unknown }).cause;
	}
	const code = chain.map((level) => level.code).find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	const timedOut = pastDeadline || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || chain.some((l) => /timeout/i.test(String(l.message ?? '')));
	return timedOut
		? new TransportError('The API did not answer in time', 'timeout', code)
		: new TransportError(`The API could not be reached${code ? ` (${code})` : ''}`, 'network', code);
}

/**
 * Reads a response body up to `limitBytes`. A longer body (by its Content-Length, or once the
 * bytes read pass the limit) is not kept: the stream is destroyed, which closes the connection.
 */
export async function readCapped(body: BodyStream, declaredLength: number, limitBytes: number): Promise<{ text: string } | { over: true }> {
	if (declaredLength > limitBytes) {
		body.destroy();
		return { over: true };
	}
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of body) {
		length += chunk.length;
		if (length > limitBytes) {
			body.destroy();
			return { over: true };
		}
		chunks.push(chunk);
	}
	return { text: Buffer.concat(chunks).toString('utf8') };
}

export function createTransport(send: RequestFunction, options: TransportOptions): Transport {
	const { restrictRedirects, maxResponseBytes } = options;
	return async (request, timeoutMs): Promise<HttpAnswer> => {
		// n8n's `timeout` only fires when the connection goes quiet; a body that keeps trickling
		// would hold the turn for ever. The deadline bounds the whole attempt, reading included.
		const deadline = AbortSignal.timeout(timeoutMs);
		try {
			const sending = (async (): Promise<HttpAnswer> => {
				const response = await send({
					method: request.method,
					url: request.url,
					headers: { ...request.headers },
					body: request.body,
					timeout: timeoutMs,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					encoding: 'stream',
					json: false,
					disableFollowRedirect: restrictRedirects,
					abortSignal: deadline,
				});
				const { headers, body } = response;
				deadline.addEventListener('abort', () => body.destroy(), { once: true });
				const read = await readCapped(body, Number(headers['content-length'] ?? 0), maxResponseBytes);
				return 'over' in read
					? { status: response.statusCode, headers, bodyText: '', bodyOverLimitBytes: maxResponseBytes }
					: { status: response.statusCode, headers, bodyText: read.text };
			})();
			// When it authenticates, n8n replaces abortSignal with the execution's own, so the
			// deadline is raced as well: the turn is answered on time even if that request lingers.
			sending.catch(() => undefined);
			const expired = new Promise<never>((_resolve, reject) =>
				deadline.addEventListener('abort', () => reject(new Error('The attempt passed its deadline')), { once: true }),
			);
			return await Promise.race([sending, expired]);
		} catch (error) {
			throw transportErrorFrom(error, deadline.aborted);
		}
	};
}

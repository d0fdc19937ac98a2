/**
 * HMAC request signing: `sha256=HMAC(secret, "<timestamp>.<raw body>")`. Outgoing requests
 * (the HTTP Action's, with the HMAC credential) are signed by `signRequest`, which the
 * credential's `authenticate` calls when n8n sends; the trigger verifies incoming ones with
 * `signatureMatches`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function signPayload(secret: string, timestamp: string, rawBody: string | Buffer): string {
	const hmac = createHmac('sha256', secret);
	hmac.update(`${timestamp}.`);
	hmac.update(rawBody);
	return `sha256=${hmac.digest('hex')}`;
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(secret: string, timestamp: string, rawBody: string | Buffer, received: string): boolean {
	const expected = Buffer.from(signPayload(secret, timestamp, rawBody));
	const actual = Buffer.from(received.trim());
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface SigningSettings {
	secret: string;
	signatureHeader: string;
	timestampHeader: string;
}

/** The parts of an outgoing request that signing reads and sets (n8n's request options). */
export interface SignableRequest {
	headers?: Record<string, unknown>;
	body?: unknown;
}

/**
 * The request with its timestamp and signature headers. Signs exactly the bytes that will be
 * sent: an object body is serialised here, once, and sent as that JSON text.
 */
export function signRequest<T extends SignableRequest>(
	settings: SigningSettings,
	request: T,
	now = Date.now(),
): T & { headers: Record<string, unknown> } {
	const { body } = request;
	const isObjectBody = typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !(body instanceof URLSearchParams);
	const rawBody =
		body === undefined || body === null
			? ''
			: typeof body === 'string' || Buffer.isBuffer(body)
				? body
				: body instanceof URLSearchParams
					? body.toString()
					: JSON.stringify(body);
	const timestamp = String(Math.floor(now / 1000));
	const headers = { ...(request.headers ?? {}) };
	headers[settings.timestampHeader] = timestamp;
	headers[settings.signatureHeader] = signPayload(settings.secret, timestamp, rawBody);
	if (isObjectBody) {
		const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
		if (!hasContentType) headers['Content-Type'] = 'application/json';
		return { ...request, headers, body: rawBody };
	}
	return { ...request, headers };
}

/** Equal-time comparison of a secret a request presents with the one expected, of any lengths (hashed first, so lengths do not leak). */
export function sameSecret(given: string, expected: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

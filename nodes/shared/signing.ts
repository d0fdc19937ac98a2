/**
 * HMAC request signing, shared by the HTTP Action (signing what it sends) and the
 * trigger (verifying what it receives): `sha256=HMAC(secret, "<timestamp>.<raw body>")`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

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

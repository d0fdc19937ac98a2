import { signatureMatches, signPayload, signRequest } from '../../nodes/shared/signing';

const SETTINGS = { secret: 's3cret-value', signatureHeader: 'X-Signature', timestampHeader: 'X-Timestamp' };
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const TIMESTAMP = String(NOW / 1000);

describe('signing an outgoing request (the HMAC credential)', () => {
	test('an object body is signed as the JSON text that is sent, with a JSON content type', () => {
		const signed = signRequest(SETTINGS, { headers: { Accept: 'application/json' }, body: { id: 1, name: 'Ann' } }, NOW);
		expect(signed.body).toBe('{"id":1,"name":"Ann"}');
		expect(signed.headers).toEqual({
			Accept: 'application/json',
			'X-Timestamp': TIMESTAMP,
			'X-Signature': signPayload(SETTINGS.secret, TIMESTAMP, '{"id":1,"name":"Ann"}'),
			'Content-Type': 'application/json',
		});
	});

	test('a text body is signed as it is and left as it is; a content type already set is kept', () => {
		const request = { headers: { 'content-type': 'text/plain' }, body: 'hello' };
		const signed = signRequest(SETTINGS, request, NOW);
		expect(signed.body).toBe('hello');
		expect(signed.headers).toEqual({ 'content-type': 'text/plain', 'X-Timestamp': TIMESTAMP, 'X-Signature': signPayload(SETTINGS.secret, TIMESTAMP, 'hello') });
		expect(request.headers).toEqual({ 'content-type': 'text/plain' }); // not changed in place
	});

	test('no body signs the empty string; a form body signs its encoded text', () => {
		expect(signRequest(SETTINGS, {}, NOW).headers['X-Signature']).toBe(signPayload(SETTINGS.secret, TIMESTAMP, ''));
		const form = new URLSearchParams({ a: '1', b: 'x y' });
		const signed = signRequest(SETTINGS, { body: form }, NOW);
		expect(signed.body).toBe(form);
		expect(signed.headers['X-Signature']).toBe(signPayload(SETTINGS.secret, TIMESTAMP, 'a=1&b=x+y'));
	});

	test('what it signs, the trigger verifies', () => {
		const signed = signRequest(SETTINGS, { body: { message: 'hi' } }, NOW);
		const headers = signed.headers as Record<string, string>;
		expect(signatureMatches(SETTINGS.secret, headers['X-Timestamp'], String(signed.body), headers['X-Signature'])).toBe(true);
		expect(signatureMatches('another-secret', headers['X-Timestamp'], String(signed.body), headers['X-Signature'])).toBe(false);
	});
});

/**
 * Who may post to a trigger: nobody checked, a header token, basic auth, or an HMAC
 * signature over "<timestamp>.<raw body>" with a replay window. Constant-time comparisons.
 */
import { type HeaderMap, headerValue } from '../../shared/http-headers';
import { sameSecret, signatureMatches } from '../../shared/signing';

export type Verification =
	| { type: 'none' }
	| { type: 'headerToken'; headerName: string; token: string }
	| { type: 'basic'; user: string; password: string }
	| { type: 'hmac'; secret: string; signatureHeader: string; timestampHeader: string; windowSeconds: number };

export type VerificationResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** Remembers signatures until they expire: a process's ReplayGuard, or one shared through Redis. */
export interface SeenSignatures {
	/** True the first time `signature` is presented before `expiresAt`. */
	firstUse(signature: string, expiresAt: number, now: number): boolean | Promise<boolean>;
}

/** Signatures seen within the replay window; a repeat is refused. Per process. */
export class ReplayGuard implements SeenSignatures {
	private readonly seen = new Map<string, number>();

	constructor(private readonly maxEntries = 100_000) {}

	/** True the first time a signature is presented within its window. */
	firstUse(signature: string, expiresAt: number, now: number): boolean {
		if (this.seen.size > this.maxEntries / 2) {
			for (const [key, expiry] of this.seen) if (expiry < now) this.seen.delete(key);
		}
		if (this.seen.has(signature)) return false;
		if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value as string);
		this.seen.set(signature, expiresAt);
		return true;
	}
}

export async function verifyRequest(
	verification: Verification,
	headers: HeaderMap,
	rawBody: Buffer | string,
	options: { now?: number; replayGuard?: SeenSignatures } = {},
): Promise<VerificationResult> {
	const now = options.now ?? Date.now();
	switch (verification.type) {
		case 'none':
			return { ok: true };
		case 'headerToken': {
			const given = headerValue(headers, verification.headerName);
			if (!given) return { ok: false, status: 401, message: `Missing the ${verification.headerName} header` };
			const expected = verification.token;
			const bearer = given.startsWith('Bearer ') ? given.slice(7) : given;
			return sameSecret(given, expected) || sameSecret(bearer, expected)
				? { ok: true }
				: { ok: false, status: 403, message: `The ${verification.headerName} header is not valid` };
		}
		case 'basic': {
			const given = headerValue(headers, 'authorization');
			if (!given?.startsWith('Basic ')) return { ok: false, status: 401, message: 'Basic authentication is required' };
			const decoded = Buffer.from(given.slice(6), 'base64').toString('utf8');
			return sameSecret(decoded, `${verification.user}:${verification.password}`)
				? { ok: true }
				: { ok: false, status: 403, message: 'The user or password is wrong' };
		}
		case 'hmac': {
			const signature = headerValue(headers, verification.signatureHeader);
			const timestamp = headerValue(headers, verification.timestampHeader);
			if (!signature || !timestamp) {
				return {
					ok: false,
					status: 401,
					message: `Signed requests need the ${verification.signatureHeader} and ${verification.timestampHeader} headers`,
				};
			}
			if (!/^\d{1,12}$/.test(timestamp)) {
				return { ok: false, status: 401, message: `${verification.timestampHeader} must be Unix seconds` };
			}
			const age = Math.abs(now / 1000 - Number(timestamp));
			if (age > verification.windowSeconds) {
				return { ok: false, status: 401, message: `The request is outside the ${verification.windowSeconds}-second signature window` };
			}
			if (!signatureMatches(verification.secret, timestamp, rawBody, signature)) {
				return { ok: false, status: 403, message: 'The signature does not match the body' };
			}
			const expiresAt = (Number(timestamp) + verification.windowSeconds) * 1000;
			if (options.replayGuard && !(await options.replayGuard.firstUse(signature.trim(), expiresAt, now))) {
				return { ok: false, status: 403, message: 'This signed request was already received (replay)' };
			}
			return { ok: true };
		}
	}
}

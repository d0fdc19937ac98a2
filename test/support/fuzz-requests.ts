/**
 * Seeded generator of malformed, random and hostile requests for the Chat Action Trigger,
 * shared by the e2e fuzz (test/e2e/trigger-fuzz.e2e.test.ts) and the reliability suite.
 *
 * Cases are made one at a time, in index order, from one PRNG: the same seed gives the same
 * sequence, and a signature is computed when its case is made, so a long run never sends
 * timestamps that went stale while waiting in a queue.
 */
import { signPayload } from '../../nodes/shared/signing';

/** mulberry32: a small seeded PRNG, so a failing case can be replayed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface FuzzTargets {
	/** No verification, a reply for every valid event. */
	open: string;
	/** HMAC-verified with `hmacSecret`. */
	signed: string;
	/** Allowed Origins set to `allowedOrigin`. */
	cors: string;
	hmacSecret: string;
	allowedOrigin: string;
}

export interface FuzzRequest {
	index: number;
	kind: string;
	path: string;
	headers: Record<string, string>;
	body: string | Buffer;
	/** Send it this many times in a row (a replay of a validly signed request). */
	times: number;
	/**
	 * What the trigger must answer, where the case decides it: `refused` is 401/403 (a wrong
	 * or stale signature on a valid turn, a replay's second send), `accepted` a 200 that
	 * started a turn, `not-accepted` anything but 200 (no valid signature, but the body may be
	 * refused for its type, size or syntax before the signature is checked).
	 */
	expect?: 'refused' | 'accepted' | 'not-accepted';
	label: string;
}

export interface FuzzOptions {
	/**
	 * Also make the kinds the reliability suite adds: invalid UTF-8 inside JSON strings,
	 * validly signed turns, replays, multi-megabyte bodies. Off keeps the e2e fuzz's mix.
	 */
	extended?: boolean;
}

const STRINGS = ['', ' ', 'hi', 'x'.repeat(12_000), '{{user_email}}', '"}]', '\u0000\u0007\r\n', 'é漢🙂', '__proto__', '../../etc/passwd', '<script>alert(1)</script>'];

// No application/xml: n8n parses XML bodies itself before any node runs, and a malformed one
// leaves the request unanswered (every time on n8n 1.123.81, now and then on 2.41.1). That is
// n8n's parser, not this trigger (which refuses XML with 415); see README, "Bad input".
const CONTENT_TYPES = [
	'application/json',
	'application/json; charset=utf-8',
	'application/json; charset=latin1',
	'text/plain',
	'application/x-www-form-urlencoded',
	'image/png',
	'multipart/form-data',
	'',
	'garbage/@@',
];

/** Byte sequences that are not UTF-8: a stray continuation, overlong, surrogate, truncated, 0xFF. */
const INVALID_UTF8 = [[0x80], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x99], [0xff, 0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80]];

export function fuzzRequests(seed: number, targets: FuzzTargets, options: FuzzOptions = {}) {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const int = (max: number) => Math.floor(random() * max);

	function randomValue(depth = 0): unknown {
		switch (int(depth > 3 ? 5 : 8)) {
			case 0:
				return pick(STRINGS);
			case 1:
				return random() * 1e6 - 5e5;
			case 2:
				return random() < 0.5;
			case 3:
				return null;
			case 4:
				return int(1000);
			case 5:
				return Array.from({ length: int(4) }, () => randomValue(depth + 1));
			default:
				return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['a', 'message', '__proto__', 'constructor', 'visitor']), randomValue(depth + 1)]));
		}
	}

	/** A plausible turn with one or two fields broken, in a random dialect. */
	function mutatedTurn(): Record<string, unknown> {
		const base: Record<string, unknown> = pick([
			{ conversationId: 'c', message: 'hello', visitor: { id: 'v' } },
			{ action: 'sendMessage', sessionId: 's', chatInput: 'hello' },
			{ action: 'loadPreviousSession', sessionId: 's' },
			{ conversation_id: 'c', action_id: 'a', trigger: 'button', payload: { message: 'x' }, metadata: { visitor_id: 'v' } },
			{ message: 'hello', conversation: { id: 1 }, contact: { name: 'C' } },
			{ conversationId: 'c', event: 'lead_captured', fields: { email: 'a@b.c' } },
		]);
		for (let i = 0; i < 1 + int(2); i++) {
			const key = pick([...Object.keys(base), 'event', 'actionId', 'fields', 'metadata', '__proto__', 'constructor']);
			if (random() < 0.3) delete base[key];
			else base[key] = randomValue();
		}
		return base;
	}

	function deepNesting(): string {
		const depth = 10 + int(20_000);
		return random() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
	}

	function randomBytes(): Buffer {
		return Buffer.from(Array.from({ length: int(2000) }, () => int(256)));
	}

	/** A valid turn whose message has invalid UTF-8 bytes spliced into the JSON string. */
	function invalidUtf8(): Buffer {
		const [before, after] = [`{"conversationId":"utf8-${int(1e6)}","visitor":{"id":"v${int(1e6)}"},"message":"caf`, '"}'];
		const bad = Array.from({ length: 1 + int(3) }, () => Buffer.from(pick(INVALID_UTF8)));
		return Buffer.concat([Buffer.from(before), ...bad, Buffer.from(' ok'), Buffer.from(after)]);
	}

	/** A well-formed turn with its own visitor, so the per-visitor rate limit never decides. */
	function validTurn(): string {
		const id = int(1e9);
		return JSON.stringify({ conversationId: `fuzz-${id}`, visitor: { id: `visitor-${id}` }, message: pick(['hello', 'where is my order?', 'é漢🙂', '"}]{{x}}']) });
	}

	const baseKinds = ['mutated', 'mutated', 'random-json', 'truncated', 'bytes', 'nested', 'huge', 'empty', 'form'];
	const kinds = options.extended ? [...baseKinds, 'invalid-utf8', 'invalid-utf8', 'signed', 'replay', 'wrong-signature', 'very-huge'] : baseKinds;

	return function next(index: number): FuzzRequest {
		const kind = pick(kinds);
		const headers: Record<string, string> = {};
		const now = Math.floor(Date.now() / 1000);

		// The signature kinds go to the HMAC-verified trigger with a valid JSON turn.
		if (kind === 'signed' || kind === 'replay' || kind === 'wrong-signature') {
			const body = validTurn();
			headers['content-type'] = 'application/json';
			const stale = kind === 'wrong-signature' && random() < 0.3;
			const timestamp = String(stale ? now - pick([400, -400, 1e9]) : now);
			headers['x-timestamp'] = timestamp;
			if (kind === 'wrong-signature') {
				const how = stale ? 'right-secret' : pick(['other-secret', 'tampered-body', 'random', 'empty', 'no-prefix']);
				headers['x-signature'] =
					how === 'right-secret'
						? signPayload(targets.hmacSecret, timestamp, body)
						: how === 'other-secret'
							? signPayload(targets.hmacSecret.slice(1), timestamp, body)
							: how === 'tampered-body'
								? signPayload(targets.hmacSecret, timestamp, body + ' ')
								: how === 'random'
									? `sha256=${int(1e9).toString(16).padStart(64, '0')}`
									: how === 'empty'
										? ''
										: signPayload(targets.hmacSecret, timestamp, body).slice('sha256='.length);
				return { index, kind, path: targets.signed, headers, body, times: 1, expect: 'refused', label: `#${index} ${kind} (${how}${stale ? ', stale' : ''}) → ${targets.signed}` };
			}
			headers['x-signature'] = signPayload(targets.hmacSecret, timestamp, body);
			return { index, kind, path: targets.signed, headers, body, times: kind === 'replay' ? 2 : 1, expect: 'accepted', label: `#${index} ${kind} → ${targets.signed}` };
		}

		let body: string | Buffer;
		switch (kind) {
			case 'mutated':
				body = JSON.stringify(mutatedTurn());
				break;
			case 'random-json':
				body = JSON.stringify(randomValue());
				break;
			case 'truncated': {
				const text = JSON.stringify(mutatedTurn());
				body = text.slice(0, int(text.length));
				break;
			}
			case 'bytes':
				body = randomBytes();
				break;
			case 'invalid-utf8':
				body = invalidUtf8();
				break;
			case 'nested':
				body = deepNesting();
				break;
			case 'huge':
				body = JSON.stringify({ conversationId: 'c', message: 'x', padding: 'p'.repeat(50_000 + int(400_000)) });
				break;
			case 'very-huge':
				// Past the trigger's 64 KB limit by far, still under n8n's own 16 MB body limit.
				body = JSON.stringify({ conversationId: 'c', message: 'm'.repeat(1_000_000 + int(3_000_000)) });
				break;
			case 'form':
				body = `conversationId=${encodeURIComponent(pick(STRINGS))}&message=${encodeURIComponent(pick(STRINGS))}&visitor=${int(9)}`;
				break;
			default:
				body = '';
		}
		const contentType =
			kind === 'form' && random() < 0.7
				? 'application/x-www-form-urlencoded'
				: kind === 'invalid-utf8'
					? pick(['application/json', 'application/json; charset=utf-8', 'text/plain'])
					: random() < 0.6
						? 'application/json'
						: pick(CONTENT_TYPES);
		if (contentType) headers['content-type'] = contentType;
		if (random() < 0.2) headers.origin = pick([targets.allowedOrigin, 'https://evil.example', 'null']);
		const path = pick([targets.open, targets.open, targets.signed, targets.cors]);
		if (path === targets.signed && random() < 0.8) {
			const timestamp = String(now - pick([0, 0, 400, -400, 1e9]));
			headers['x-timestamp'] = random() < 0.9 ? timestamp : pick(STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 100));
			headers['x-signature'] = random() < 0.5 ? signPayload(targets.hmacSecret.slice(1), timestamp, body) : `sha256=${int(1e9).toString(16)}`;
		}
		// A signed-path request without a valid signature can never be accepted.
		const expect = path === targets.signed ? 'not-accepted' : undefined;
		return { index, kind, path, headers, body, times: 1, expect, label: `#${index} ${kind} → ${path} (${contentType || 'no type'})` };
	};
}

export interface FuzzRunResult {
	sent: number;
	/** Status → count, over every send. */
	statuses: Record<string, number>;
	/** Answered 200 with a started turn (not the @n8n/chat history answer). */
	accepted: number;
	acceptedByPath: Record<string, number>;
	serverErrors: string[];
	/** No answer within the per-request timeout, or the connection failed. */
	unanswered: string[];
	/** A case whose expected outcome (refused / accepted) did not happen. */
	unexpected: string[];
	/** Per kind: sends and the summed time to answer (to see what costs n8n the most). */
	byKind: Record<string, { sent: number; ms: number }>;
	durationMs: number;
}

/**
 * Sends `count` generated requests, `concurrency` at a time, each with its own timeout.
 * A replay case is sent twice in a row: the first must be accepted, the second refused.
 */
export async function runFuzz(args: {
	count: number;
	concurrency: number;
	timeoutMs: number;
	url: (path: string) => string;
	next: (index: number) => FuzzRequest;
}): Promise<FuzzRunResult> {
	const started = Date.now();
	const result: FuzzRunResult = { sent: 0, statuses: {}, accepted: 0, acceptedByPath: {}, serverErrors: [], unanswered: [], unexpected: [], byKind: {}, durationMs: 0 };
	let nextIndex = 0;
	const send = async (fuzz: FuzzRequest, attempt: number): Promise<number | undefined> => {
		let status: number;
		let text: string;
		const sentAt = Date.now();
		try {
			const response = await fetch(args.url(fuzz.path), { method: 'POST', headers: fuzz.headers, body: fuzz.body, signal: AbortSignal.timeout(args.timeoutMs) });
			status = response.status;
			text = await response.text();
		} catch (error) {
			result.unanswered.push(`${fuzz.label}: ${(error as Error).name} ${JSON.stringify(fuzz.headers)} ${String(fuzz.body).slice(0, 120)}`);
			return undefined;
		}
		result.sent++;
		const kind = (result.byKind[fuzz.kind] ??= { sent: 0, ms: 0 });
		kind.sent++;
		kind.ms += Date.now() - sentAt;
		result.statuses[status] = (result.statuses[status] ?? 0) + 1;
		if (status >= 500) result.serverErrors.push(`${fuzz.label}: ${status} ${text.slice(0, 200)}`);
		// loadPreviousSession is answered with {data: []} and starts nothing.
		if (status === 200 && !text.startsWith('{"data":')) {
			result.accepted++;
			result.acceptedByPath[fuzz.path] = (result.acceptedByPath[fuzz.path] ?? 0) + 1;
		}
		const wanted = attempt > 0 ? 'refused' : fuzz.expect;
		if (wanted === 'refused' && status !== 401 && status !== 403) result.unexpected.push(`${fuzz.label} (send ${attempt + 1}): wanted 401/403, got ${status} ${text.slice(0, 120)}`);
		if (wanted === 'not-accepted' && status === 200) result.unexpected.push(`${fuzz.label}: accepted without a valid signature`);
		if (wanted === 'accepted' && status !== 200) result.unexpected.push(`${fuzz.label}: wanted 200, got ${status} ${text.slice(0, 120)}`);
		return status;
	};
	const worker = async () => {
		while (nextIndex < args.count) {
			const fuzz = args.next(nextIndex++);
			for (let attempt = 0; attempt < fuzz.times; attempt++) {
				if ((await send(fuzz, attempt)) === undefined) break;
			}
		}
	};
	await Promise.all(Array.from({ length: args.concurrency }, worker));
	result.durationMs = Date.now() - started;
	return result;
}

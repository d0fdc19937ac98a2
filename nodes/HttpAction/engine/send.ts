/** Sends a rendered request with bounded retries, and says what came of it. */
import { sleep } from 'n8n-workflow';

import { headerValue } from '../../shared/http-headers';
import type { RenderedRequest } from './request';

/** What a transport returns for any HTTP answer, whatever its status. */
export interface HttpAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	bodyText: string;
	/** Set when the body was longer than this many bytes: the transport stopped reading it (bodyText is empty). */
	bodyOverLimitBytes?: number;
}

export type FailureKind = 'timeout' | 'network' | 'http' | 'invalid_response' | 'blocked' | 'invalid_request';

/** Thrown by a transport when no HTTP answer came (refused, reset, DNS, timeout). */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly kind: 'timeout' | 'network',
		readonly code?: string,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

export type Transport = (request: RenderedRequest, timeoutMs: number) => Promise<HttpAnswer>;

export interface RetryPolicy {
	/** Retries after the first attempt; 0 disables retrying. */
	maxRetries: number;
	/** First backoff delay; doubles each retry (with jitter). */
	baseDelayMs: number;
	/** No single wait is longer, Retry-After included. */
	maxDelayMs: number;
	/** No retry starts later than this after the first attempt began. */
	maxTotalMs: number;
	timeoutMs: number;
}

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
	random(): number;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	// n8n-workflow's helper, as n8n asks of community nodes; only the delay is passed, which
	// both n8n lines' versions of it take.
	sleep: async (ms) => await sleep(ms),
	random: () => Math.random(),
};

export interface SendResult {
	/** The last HTTP answer, when there was one. */
	answer?: HttpAnswer;
	/** Set when no HTTP answer came at all. */
	transportError?: TransportError;
	attempts: number;
	durationMs: number;
}

/**
 * The one rule for which answers are worth sending again: the server timed out waiting (408),
 * asked to slow down (429) or failed (5xx). Retries follow it, and so does `retryable` on a failure.
 */
export function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 429 || status >= 500;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export async function sendWithRetries(
	request: RenderedRequest,
	transport: Transport,
	policy: RetryPolicy,
	clock: Clock = systemClock,
): Promise<SendResult> {
	const started = clock.now();
	const maxRetries = request.retrySafe ? policy.maxRetries : 0;
	let attempts = 0;
	for (;;) {
		attempts++;
		let answer: HttpAnswer | undefined;
		let transportError: TransportError | undefined;
		try {
			answer = await transport(request, policy.timeoutMs);
		} catch (error) {
			if (!(error instanceof TransportError)) throw error;
			transportError = error;
		}
		const done = (): SendResult => ({ answer, transportError, attempts, durationMs: clock.now() - started });
		if (answer && !isRetryableStatus(answer.status)) return done();
		if (attempts > maxRetries) return done();

		const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
		const jittered = backoff / 2 + (clock.random() * backoff) / 2;
		const asked = answer ? retryAfterMs(headerValue(answer.headers, 'retry-after'), clock.now()) : undefined;
		// A server that asks for longer than we may wait gets its answer now, not a shorter retry.
		if (asked !== undefined && asked > policy.maxDelayMs) return done();
		const delay = asked ?? jittered;
		// No retry starts once the budget is spent.
		if (clock.now() - started + delay >= policy.maxTotalMs) return done();
		await clock.sleep(delay);
	}
}

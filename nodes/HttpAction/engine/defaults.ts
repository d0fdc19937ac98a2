/**
 * The HTTP Action's defaults, in one place: the node falls back to them, and its option
 * descriptions write the same values out (test/unit/description-defaults.test.ts keeps them equal).
 */
export const HTTP_ACTION_DEFAULTS = {
	/** Retries after the first attempt. */
	maxRetries: 2,
	/** First backoff delay; doubles each retry (not an option). */
	baseDelayMs: 500,
	/** The longest single wait between attempts. */
	maxRetryDelaySeconds: 10,
	/** No retry starts later than this after the first attempt. */
	maxRetryTimeSeconds: 30,
	/** How long one attempt may take. */
	timeoutMs: 10_000,
	/** A longer answer is not read. */
	maxResponseSizeKb: 1024,
	idempotencyHeader: 'Idempotency-Key',
} as const;

/**
 * Messages per visitor in a sliding window, so one visitor's burst cannot starve the others.
 * Per n8n process (the one receiving webhooks); bounded in memory.
 */
export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly maxKeys = 50_000) {}

	/**
	 * Records a message for `key` if it is within `limit` per `windowMs`; otherwise returns how
	 * many milliseconds until one is allowed again.
	 */
	take(key: string, limit: number, windowMs: number, now = Date.now()): { allowed: true } | { allowed: false; retryAfterMs: number } {
		const recent = (this.hits.get(key) ?? []).filter((time) => time > now - windowMs);
		if (recent.length >= limit) {
			this.hits.set(key, recent);
			return { allowed: false, retryAfterMs: recent[0] + windowMs - now };
		}
		recent.push(now);
		this.hits.delete(key); // re-insert: the Map's order is then least recently used first
		this.hits.set(key, recent);
		if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
		return { allowed: true };
	}
}

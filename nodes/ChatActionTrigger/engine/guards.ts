/**
 * What the trigger remembers between requests: rate-limit counters, signatures seen (replays)
 * and recent message ids (resends). In this n8n process by default; with a Redis credential on
 * the trigger, in Redis (nodes/shared/state/redis/guards.ts), so that every webhook process
 * of a queue-mode n8n, and one restarted, enforces the same limits.
 */
import { RateLimiter } from './rate-limit';
import { ReplayGuard, type SeenSignatures } from './verification';

export type Taken = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RequestGuards extends SeenSignatures {
	/** Counts one request under `key`; beyond `limit` per `windowMs` it is refused with the wait. */
	take(key: string, limit: number, windowMs: number): Promise<Taken>;
	/** True the first time `signature` is presented before `expiresAt`. */
	firstUse(signature: string, expiresAt: number, now: number): Promise<boolean>;
	/**
	 * The id of the conversation's last message when that message was `what`, within `windowMs`
	 * of it; else `id`, remembered from now as the conversation's last message.
	 */
	recall(conversation: string, what: string, id: string, windowMs: number): Promise<string>;
}

/** The last message of each conversation seen recently; bounded, the oldest go first. */
class LastMessages {
	private readonly seen = new Map<string, { what: string; id: string; at: number }>();

	constructor(private readonly maxKeys: number) {}

	recall(conversation: string, what: string, id: string, windowMs: number, now: number): string {
		const last = this.seen.get(conversation);
		if (last && last.what === what && now - last.at <= windowMs) return last.id;
		this.seen.delete(conversation); // re-insert: the Map's order is then oldest first
		this.seen.set(conversation, { what, id, at: now });
		if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value as string);
		return id;
	}

	get size(): number {
		return this.seen.size;
	}
}

/** The guards of one n8n process: bounded in memory, forgotten on restart. */
export class ProcessGuards implements RequestGuards {
	private readonly limiter: RateLimiter;
	private readonly signatures: ReplayGuard;
	private readonly ids: LastMessages;

	constructor(
		private readonly now: () => number = Date.now,
		maxKeys = 50_000,
	) {
		this.limiter = new RateLimiter(maxKeys);
		this.signatures = new ReplayGuard(maxKeys * 2);
		this.ids = new LastMessages(maxKeys);
	}

	async take(key: string, limit: number, windowMs: number): Promise<Taken> {
		return this.limiter.take(key, limit, windowMs, this.now());
	}

	async firstUse(signature: string, expiresAt: number, now: number): Promise<boolean> {
		return this.signatures.firstUse(signature, expiresAt, now);
	}

	async recall(conversation: string, what: string, id: string, windowMs: number): Promise<string> {
		return this.ids.recall(conversation, what, id, windowMs, this.now());
	}

	/** Conversations whose last message is held (for tests). */
	get recalledIds(): number {
		return this.ids.size;
	}
}

export interface Limits {
	/** Messages per minute per conversation id, and per visitor id, whichever is reached first; 0: no limit. */
	perConversation: number;
	/** Messages per minute per client address; 0: no limit. */
	perAddress: number;
}

/** The first refusal, or allowed; `unavailable` says why the limits could not be checked (the request is then let through). */
export type Admission = (Taken & { unavailable?: undefined }) | { allowed: true; unavailable: string };

const MINUTE_MS = 60_000;

/**
 * Counts a request against its address's, its conversation's and its visitor's limits. A new
 * visitor id on every message is held by the conversation; a new conversation id by the visitor;
 * a client that rotates both is still held by its address (the limit that holds against
 * rotation). If the guards cannot be reached (Redis down), the request is let through: a visitor
 * is not turned away because the limiter is down, and the caller logs it.
 */
export async function admit(
	guards: Pick<RequestGuards, 'take'>,
	scope: string,
	who: { address?: string; conversation?: string; visitor?: string },
	limits: Limits,
): Promise<Admission> {
	const buckets: Array<[string, number]> = [];
	if (limits.perAddress > 0 && who.address) buckets.push([`${scope}:address:${who.address}`, limits.perAddress]);
	if (limits.perConversation > 0 && who.conversation) buckets.push([`${scope}:conversation:${who.conversation}`, limits.perConversation]);
	if (limits.perConversation > 0 && who.visitor) buckets.push([`${scope}:visitor:${who.visitor}`, limits.perConversation]);
	try {
		for (const [key, limit] of buckets) {
			const taken = await guards.take(key, limit, MINUTE_MS);
			if (!taken.allowed) return taken;
		}
		return { allowed: true };
	} catch (error) {
		return { allowed: true, unavailable: (error as Error).message };
	}
}

/** What both stores share: the stored form of a state, TTL checks and a per-key lock. */
import { StateStoreError } from './errors';
import type { ConversationState } from './types';

/** What `update`'s change function may return (a promise too, although the interface's is synchronous). */
export type StateChange = (
	current: ConversationState | undefined,
) => ConversationState | undefined | Promise<ConversationState | undefined>;

/** How long a conversation is kept after its last change when the flow sets no Forget After. */
export const DEFAULT_FORGET_AFTER_MINUTES = 30;

/** ttlSeconds → whole milliseconds (at least 1); fractions of a second are allowed. */
export function ttlToMs(ttlSeconds: number): number {
	if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
		throw new StateStoreError('invalid', `The state TTL must be a positive number of seconds, not ${String(ttlSeconds)}`);
	}
	return Math.max(1, Math.round(ttlSeconds * 1000));
}

/**
 * Where a conversation's state lives: per workflow, so two flows that see one conversation id
 * keep separate state. The router writes it; the trigger (previous sessions) and the router's
 * Forget operation find it by the same rule.
 */
export function conversationStateKey(workflowId: string | undefined, conversationId: string): string {
	return `${workflowId ?? 'workflow'}:${conversationId}`;
}

export function checkConversationId(conversationId: string): void {
	if (typeof conversationId !== 'string' || conversationId.length === 0) {
		throw new StateStoreError('invalid', 'A conversation id is needed to keep conversation state');
	}
}

/**
 * The stored form: JSON, with `updatedAt` stamped by the store. Both stores keep this form,
 * so they behave alike (a Date comes back as its ISO string, undefined values disappear).
 */
export function serializeState(state: ConversationState, now: number): string {
	if (typeof state !== 'object' || state === null || Array.isArray(state)) {
		throw new StateStoreError('invalid', 'A conversation state must be an object');
	}
	return JSON.stringify({ ...state, updatedAt: now });
}

/** The stored form back to a state; anything unreadable counts as no state. */
export function parseState(raw: string | null | undefined): ConversationState | undefined {
	if (raw === null || raw === undefined) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const state = value as Partial<ConversationState>;
	return {
		...state,
		fields: isRecord(state.fields) ? state.fields : {},
		attempts: isRecord(state.attempts) ? (state.attempts as Record<string, number>) : {},
		updatedAt: typeof state.updatedAt === 'number' ? state.updatedAt : 0,
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Runs tasks one at a time per key, in call order (a promise chain per key). Keys with
 * nothing queued take no memory.
 */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const done = new Promise<void>((resolve) => (release = resolve));
		const tail = previous.then(() => done);
		this.tails.set(key, tail);
		try {
			await previous;
			return await task();
		} finally {
			release();
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}

	/** How many keys have a task running or queued (for tests). */
	get busyKeys(): number {
		return this.tails.size;
	}
}

/**
 * Conversation state in this process's memory: the default, right for one n8n process
 * (not for queue mode, where each turn may run on another worker; use the Redis store there).
 */
import { checkConversationId, KeyedLock, parseState, serializeState, ttlToMs, type StateChange } from './common';
import { StateStoreError } from './errors';
import type { ConversationState, StateStore } from './types';

export interface MemoryStateStoreOptions {
	/** At most this many conversations; the least recently updated go first. Default 10 000. */
	maxEntries?: number;
	/** How often expired states are swept out (they are also dropped when read). Default 60 s. */
	sweepIntervalMs?: number;
	/** The clock, for tests. Default Date.now. */
	now?: () => number;
}

interface Entry {
	/** The stored (JSON) form: what a caller gets is always a fresh copy. */
	raw: string;
	expiresAt: number;
}

const DEFAULT_MEMORY_MAX_ENTRIES = 10_000;
const DEFAULT_MEMORY_SWEEP_INTERVAL_MS = 60_000;

export class MemoryStateStore implements StateStore {
	private readonly entries = new Map<string, Entry>();
	private readonly lock = new KeyedLock();
	private readonly maxEntries: number;
	private readonly now: () => number;
	private sweeper?: NodeJS.Timeout;
	private closed = false;

	constructor(options: MemoryStateStoreOptions = {}) {
		this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_MEMORY_MAX_ENTRIES));
		this.now = options.now ?? Date.now;
		const interval = options.sweepIntervalMs ?? DEFAULT_MEMORY_SWEEP_INTERVAL_MS;
		if (interval > 0) {
			// setInterval, not a loop over n8n-workflow's sleep (which n8n's scanner asks for):
			// the sweep never keeps n8n (or a test run) alive on its own, and a pending sleep
			// cannot be unref'd (test/unit/state-memory.test.ts checks the process can exit).
			this.sweeper = setInterval(() => this.sweep(), interval);
			this.sweeper.unref();
		}
	}

	/** Conversations currently held (expired ones included until swept or read). */
	get size(): number {
		return this.entries.size;
	}

	async get(conversationId: string): Promise<ConversationState | undefined> {
		this.checkOpen();
		checkConversationId(conversationId);
		return parseState(this.read(conversationId));
	}

	/**
	 * Serialised per conversation: concurrent updates of one conversation run one after the
	 * other, in call order, each seeing the previous one's result.
	 */
	async update(
		conversationId: string,
		change: StateChange,
		ttlSeconds: number,
	): Promise<ConversationState | undefined> {
		this.checkOpen();
		checkConversationId(conversationId);
		const ttlMs = ttlToMs(ttlSeconds);
		return await this.lock.run(conversationId, async () => {
			this.checkOpen();
			const next = await change(parseState(this.read(conversationId)));
			if (next === undefined) {
				this.entries.delete(conversationId);
				return undefined;
			}
			const now = this.now();
			const raw = serializeState(next, now);
			// Delete first so that Map order stays "least recently updated first".
			this.entries.delete(conversationId);
			this.makeRoom();
			this.entries.set(conversationId, { raw, expiresAt: now + ttlMs });
			return parseState(raw);
		});
	}

	async forget(conversationId: string): Promise<boolean> {
		this.checkOpen();
		checkConversationId(conversationId);
		return await this.lock.run(conversationId, async () => this.read(conversationId) !== undefined && this.entries.delete(conversationId));
	}

	/** Drops expired states now (the timer calls this). Returns how many went. */
	sweep(): number {
		const now = this.now();
		let removed = 0;
		for (const [id, entry] of this.entries) {
			if (entry.expiresAt <= now) {
				this.entries.delete(id);
				removed++;
			}
		}
		return removed;
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.sweeper) clearInterval(this.sweeper);
		this.sweeper = undefined;
		this.entries.clear();
	}

	private read(conversationId: string): string | undefined {
		const entry = this.entries.get(conversationId);
		if (!entry) return undefined;
		if (entry.expiresAt <= this.now()) {
			this.entries.delete(conversationId);
			return undefined;
		}
		return entry.raw;
	}

	private makeRoom(): void {
		if (this.entries.size < this.maxEntries) return;
		this.sweep();
		// Still full: drop the least recently updated (the Map's first keys).
		for (const id of this.entries.keys()) {
			if (this.entries.size < this.maxEntries) break;
			this.entries.delete(id);
		}
	}

	private checkOpen(): void {
		if (this.closed) throw new StateStoreError('closed', 'This conversation state store is closed');
	}
}

/** The process-wide store: `close()` leaves it open, since other executions share it. */
class SharedMemoryStateStore extends MemoryStateStore {
	override async close(): Promise<void> {}
}

let shared: MemoryStateStore | undefined;

/**
 * The process-wide memory store, so that every execution in this n8n process sees the same
 * conversations. Created on first use; its `close()` does nothing and it needs no closing
 * (its sweep timer is unref'd).
 */
export function getSharedMemoryStateStore(): MemoryStateStore {
	if (!shared) shared = new SharedMemoryStateStore();
	return shared;
}

/**
 * Conversation state in Redis: survives n8n restarts and is shared by every worker in
 * n8n's queue mode. One sealed value per conversation (its JSON, encrypted by cipher.ts) under
 * `<keyPrefix><keyed hash of the conversation id>`, expiring `ttlSeconds` after its last update
 * (SET … PX). `<keyPrefix>key-check` holds a sealed marker: a store whose secret cannot open it
 * refuses to work, instead of silently missing every conversation under other key names.
 *
 * Atomic updates are optimistic: read the value, apply the change, then write it with a
 * compare-and-set Lua script that writes only if the key still holds exactly the bytes that
 * were read (Redis runs a script atomically). On a conflict the change runs again on the
 * new value, up to `maxAttempts` times with a small jittered backoff. Unlike WATCH/MULTI/EXEC,
 * the script needs no connection of its own, so one shared client serves every execution.
 * Updates of one conversation from this process are also queued locally (a per-key promise
 * chain), so conflicts only arise between processes (n8n workers).
 *
 * When Redis is down, a call fails within about `connectTimeoutMs` with
 * `Redis is unavailable at host:port: <reason>` (never later than `timeoutMs`), and the
 * client keeps reconnecting in the background, so the store works again once Redis is back.
 * Nothing is logged, and no message holds the password.
 */
import type { Redis } from 'ioredis';
import { sleep } from 'n8n-workflow';

import { checkConversationId, parseState, serializeState, ttlToMs, type StateChange } from '../common';
import { withDeadline } from '../deadline';
import { StateStoreConflictError, StateStoreError, type StateStoreUnavailableError } from '../errors';
import type { ConversationState, StateStore } from '../types';
import { StateCipher } from './cipher';
import { RedisConnection, type RedisConnectionOptions } from './connection';

export const DEFAULT_KEY_PREFIX = 'chat-actions:state:';
export const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_ATTEMPTS = 20;

export interface RedisStateStoreOptions extends RedisConnectionOptions {
	/** Prefix of every key. Default `chat-actions:state:`. */
	keyPrefix?: string;
	/** Attempts of one update when other processes keep changing the conversation. Default 20. */
	maxAttempts?: number;
	/** Hard limit for one get/update, waiting included: it then fails as unavailable. Default 5000 ms. */
	timeoutMs?: number;
	/**
	 * What the values are sealed and the keys hashed with (see cipher.ts). The credential gives
	 * its Encryption Key, else its password; empty hides nothing from whoever can read Redis.
	 */
	encryptionSecret?: string;
}

/** What the key check seals: any secret that opens it is the one the state was written with. */
const KEY_CHECK_TEXT = 'n8n-nodes-chat-actions key check';
/** Key checks done (or running) per connection, by prefix and secret fingerprint: one per process. */
const keyChecks = new WeakMap<RedisConnection, Map<string, Promise<void>>>();

/** Writes ARGV[4] (or deletes, ARGV[3] = 'del') only if the key still holds what was read. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
	if current ~= ARGV[2] then return 0 end
elseif current then
	return 0
end
if ARGV[3] == 'set' then
	redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
else
	redis.call('DEL', KEYS[1])
end
return 1
`;

/** The client with the script defined (RedisConnection.defineScript). */
type CasClient = Redis & {
	chatActionsCompareAndSet(
		key: string,
		expectExists: '0' | '1',
		expected: Buffer | string,
		operation: 'set' | 'del',
		value: Buffer | string,
		ttlMs: string,
	): Promise<number>;
};

export class RedisStateStore implements StateStore {
	readonly keyPrefix: string;
	readonly connection: RedisConnection;
	readonly cipher: StateCipher;
	private readonly ownsConnection: boolean;
	private readonly maxAttempts: number;
	private readonly timeoutMs: number;

	/**
	 * With connection options, the store has a client of its own, closed by `close()`.
	 * With `connection`, it shares that one and `close()` leaves it open
	 * (see getRedisStateStore).
	 */
	constructor(options: RedisStateStoreOptions, connection?: RedisConnection) {
		this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
		this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
		this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		this.cipher = new StateCipher(options.encryptionSecret ?? '');
		this.ownsConnection = !connection;
		this.connection = connection ?? new RedisConnection(options);
		this.connection.defineScript('chatActionsCompareAndSet', 1, COMPARE_AND_SET);
	}

	/** The Redis key of a conversation: no part of its id can be read from it. */
	key(conversationId: string): string {
		return `${this.keyPrefix}${this.cipher.name(conversationId)}`;
	}

	async get(conversationId: string): Promise<ConversationState | undefined> {
		const key = this.checkedKey(conversationId);
		return await this.withinDeadline(async () => parseState(this.opened(await this.read(key), key)));
	}

	async forget(conversationId: string): Promise<boolean> {
		const key = this.checkedKey(conversationId);
		return await this.withinDeadline(async () => (await this.connection.run((client) => client.del(key))) === 1);
	}

	/** Optimistic read-modify-write (see the top of this file); `change` may run more than once. */
	async update(
		conversationId: string,
		change: StateChange,
		ttlSeconds: number,
	): Promise<ConversationState | undefined> {
		const key = this.checkedKey(conversationId);
		const ttlMs = String(ttlToMs(ttlSeconds));
		return await this.withinDeadline(
			async (deadline) =>
				await this.connection.lock.run(key, async () => {
					for (let attempt = 1; ; attempt++) {
						// Gave up on by withDeadline while queued: do nothing.
						if (Date.now() >= deadline) throw this.timedOut();
						const raw = await this.read(key);
						const next = await change(parseState(this.opened(raw, key)));
						if (next === undefined && raw === null) return undefined;
						const json = next === undefined ? '' : serializeState(next, Date.now());
						const value = next === undefined ? '' : this.cipher.seal(json, key);
						const written = await this.connection.run((client) =>
							(client as CasClient).chatActionsCompareAndSet(
								key,
								raw === null ? '0' : '1',
								raw ?? '',
								next === undefined ? 'del' : 'set',
								value,
								ttlMs,
							),
						);
						if (written === 1) return next === undefined ? undefined : parseState(json);
						if (attempt >= this.maxAttempts) throw new StateStoreConflictError(conversationId, attempt);
						// Jittered backoff: up to 5, 10, 20, 40, then 50 ms.
						const backoffMs = Math.random() * Math.min(5 * 2 ** (attempt - 1), 50);
						if (backoffMs > 0) await sleep(backoffMs);
					}
				}),
		);
	}

	/** Closes the store's own client; a shared one stays open (closeSharedRedisConnections). */
	async close(): Promise<void> {
		if (this.ownsConnection) await this.connection.close();
	}

	/** The key of a conversation whose id is checked. */
	private checkedKey(conversationId: string): string {
		checkConversationId(conversationId);
		return this.key(conversationId);
	}

	/** What get and update share: one deadline for the whole call, a ready connection first. */
	private async withinDeadline<T>(work: (deadline: number) => Promise<T>): Promise<T> {
		const deadline = Date.now() + this.timeoutMs;
		return await withDeadline(
			deadline,
			async () => {
				await this.connection.ready();
				await this.verifySecret();
				return await work(deadline);
			},
			() => this.timedOut(),
		);
	}

	/** A stored value's JSON (undefined for none). */
	private opened(raw: Buffer | null, key: string): string | undefined {
		return raw === null ? undefined : this.cipher.open(raw, key);
	}

	/**
	 * Once per process, prefix and secret: the key check opens with this secret, or is written
	 * now if this prefix has none yet. A failed check is not remembered (the credential may be fixed).
	 */
	async verifySecret(): Promise<void> {
		let checks = keyChecks.get(this.connection);
		if (!checks) keyChecks.set(this.connection, (checks = new Map()));
		const id = `${this.keyPrefix}\n${this.cipher.fingerprint}`;
		let check = checks.get(id);
		if (!check) {
			check = this.runKeyCheck();
			checks.set(id, check);
			check.catch(() => checks.delete(id));
		}
		await check;
	}

	private async runKeyCheck(): Promise<void> {
		const key = `${this.keyPrefix}key-check`;
		const marker = this.cipher.seal(KEY_CHECK_TEXT, key);
		const stored = await this.connection.run(async (client) => {
			await client.set(key, marker, 'NX');
			return await client.getBuffer(key);
		});
		let opened: string | undefined;
		try {
			opened = stored === null ? undefined : this.cipher.open(stored, key);
		} catch {
			opened = undefined;
		}
		if (opened !== KEY_CHECK_TEXT) {
			throw new StateStoreError(
				'invalid',
				`The Redis credential's encryption key is not the one the conversation state under "${this.keyPrefix}" was written with ` +
					`(${key} does not open with it). Set the key it was written with, or another Key Prefix to start afresh.`,
			);
		}
	}

	/** The conversation's stored bytes, as the compare-and-set compares them. */
	private async read(key: string): Promise<Buffer | null> {
		return await this.connection.run((client) => client.getBuffer(key));
	}

	private timedOut(): StateStoreUnavailableError {
		return this.connection.unavailable(`no answer within ${this.timeoutMs} ms`);
	}
}

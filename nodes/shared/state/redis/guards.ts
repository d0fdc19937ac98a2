/**
 * The Chat Action Trigger's guards in Redis (its interface: RequestGuards in
 * nodes/ChatActionTrigger/engine/guards.ts): one rate limit, one replay guard and one resend
 * memory for every n8n process that serves the webhook. Each is one atomic command or script
 * on keys that expire by themselves; the keys hold keyed hashes (no address, conversation id
 * or signature in the clear), under the credential's key prefix.
 */
import { randomBytes } from 'node:crypto';

import type { Redis } from 'ioredis';

import { withDeadline } from '../deadline';
import { StateCipher } from './cipher';
import type { RedisConnection } from './connection';
import { DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT_MS, type RedisStateStoreOptions } from './store';

/**
 * A sliding window: the requests of the last `window` ms, as a sorted set scored by Redis's
 * own clock (the same for every n8n process, whatever their clocks say). Returns -1 when the
 * request is counted, else how many ms until one is allowed again.
 */
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
	local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
	return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return -1
`;

/**
 * A conversation's last message as "what\nid": its id when the last message was ARGV[1], else
 * ARGV[2], stored as the last message for ARGV[3] ms.
 */
const RECALL = `
local last = redis.call('GET', KEYS[1])
if last then
	local at = string.find(last, '\\n', 1, true)
	if at and string.sub(last, 1, at - 1) == ARGV[1] then return string.sub(last, at + 1) end
end
redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2], 'PX', ARGV[3])
return ARGV[2]
`;

type GuardClient = Redis & {
	chatActionsTake(key: string, limit: string, windowMs: string, member: string): Promise<number>;
	chatActionsRecall(key: string, what: string, id: string, windowMs: string): Promise<string>;
};

export class RedisRequestGuards {
	private readonly keyPrefix: string;
	private readonly cipher: StateCipher;
	private readonly timeoutMs: number;

	constructor(
		private readonly connection: RedisConnection,
		options: Pick<RedisStateStoreOptions, 'keyPrefix' | 'encryptionSecret' | 'timeoutMs'>,
	) {
		this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
		this.cipher = new StateCipher(options.encryptionSecret ?? '');
		this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		connection.defineScript('chatActionsTake', 1, TAKE);
		connection.defineScript('chatActionsRecall', 1, RECALL);
	}

	async take(key: string, limit: number, windowMs: number): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
		const wait = await this.command((client) =>
			(client as GuardClient).chatActionsTake(this.key('limit', key), String(limit), String(Math.round(windowMs)), randomBytes(9).toString('base64url')),
		);
		return wait < 0 ? { allowed: true } : { allowed: false, retryAfterMs: wait };
	}

	async firstUse(signature: string, expiresAt: number, now: number): Promise<boolean> {
		const ttlMs = Math.max(1, Math.round(expiresAt - now));
		return (await this.command((client) => client.set(this.key('replay', signature), '1', 'PX', ttlMs, 'NX'))) === 'OK';
	}

	async recall(conversation: string, what: string, id: string, windowMs: number): Promise<string> {
		return await this.command((client) =>
			(client as GuardClient).chatActionsRecall(this.key('resend', conversation), this.cipher.name(`message:${what}`), id, String(Math.round(windowMs))),
		);
	}

	private key(kind: string, id: string): string {
		return `${this.keyPrefix}${kind}:${this.cipher.name(`${kind}:${id}`)}`;
	}

	/** One command within the store's deadline, on a ready connection. */
	private async command<T>(commands: (client: Redis) => Promise<T>): Promise<T> {
		return await withDeadline(
			Date.now() + this.timeoutMs,
			async () => {
				await this.connection.ready();
				return await this.connection.run(commands);
			},
			() => this.connection.unavailable(`no answer within ${this.timeoutMs} ms`),
		);
	}
}

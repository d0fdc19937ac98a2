/**
 * Conversation state in Redis: survives n8n restarts and is shared by every worker in
 * n8n's queue mode. One JSON string per conversation under `<keyPrefix><conversationId>`,
 * expiring `ttlSeconds` after its last update (SET … PX).
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
import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

import { Redis, type RedisOptions } from 'ioredis';
import { sleep } from 'n8n-workflow';

import { maskSecrets } from '../../../shared/secrets';
import { checkConversationId, KeyedLock, parseState, serializeState, ttlToMs, type StateChange } from './common';
import { StateStoreConflictError, StateStoreError, StateStoreUnavailableError } from './errors';
import type { ConversationState, StateStore } from './types';

export const DEFAULT_KEY_PREFIX = 'chat-actions:state:';
export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_ATTEMPTS = 20;
/** The longest wait between two reconnection attempts while Redis is down. */
const MAX_RECONNECT_DELAY_MS = 1000;

export interface RedisConnectionOptions {
	host: string;
	port: number;
	/** ACL user (Redis 6+); empty or absent for the default user. */
	username?: string;
	password?: string;
	/** Database number. Default 0. */
	db?: number;
	/** Connect with TLS. */
	tls?: boolean;
	/** With TLS: check the server's certificate (default true). */
	tlsRejectUnauthorized?: boolean;
	/**
	 * How long to wait for a connection (TCP + TLS + login) before a call fails. Default 2000 ms.
	 * While Redis is down, a call fails as soon as a reconnection attempt fails (within about
	 * a second) or after this long, whichever comes first.
	 */
	connectTimeoutMs?: number;
	/** How long one command may take. Default 2000 ms. */
	commandTimeoutMs?: number;
	/** Keep reconnecting in the background while Redis is down (default true). */
	reconnect?: boolean;
}

export interface RedisStateStoreOptions extends RedisConnectionOptions {
	/** Prefix of every key. Default `chat-actions:state:`. */
	keyPrefix?: string;
	/** Attempts of one update when other processes keep changing the conversation. Default 20. */
	maxAttempts?: number;
	/** Hard limit for one get/update, waiting included: it then fails as unavailable. Default 5000 ms. */
	timeoutMs?: number;
}

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

type CasClient = Redis & {
	chatActionsCompareAndSet(
		key: string,
		expectExists: '0' | '1',
		expected: Buffer | string,
		operation: 'set' | 'del',
		value: string,
		ttlMs: string,
	): Promise<number>;
};

/**
 * One ioredis client with the behaviour the stores need: lazy connection, calls that wait
 * for a ready connection only briefly (no offline queue), errors that name host and port
 * and never the password.
 */
export class RedisConnection {
	/** "host:port", for messages. */
	readonly address: string;
	/** Serialises this process's updates per key (shared by every store on this connection). */
	readonly lock = new KeyedLock();
	private readonly client: CasClient;
	private readonly connectTimeoutMs: number;
	private readonly commandTimeoutMs: number;
	private readonly secrets: string[];
	private readonly tls: boolean;
	private lastError?: string;
	private closed = false;
	private waiting?: Promise<void>;

	constructor(options: RedisConnectionOptions) {
		this.address = `${options.host}:${options.port}`;
		this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
		this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
		this.secrets = options.password ? [options.password] : [];
		this.tls = options.tls === true;
		const reconnect = options.reconnect ?? true;

		const redisOptions: RedisOptions = {
			host: options.host,
			port: options.port,
			username: options.username || undefined,
			password: options.password || undefined,
			db: options.db ?? 0,
			connectionName: 'n8n-chat-actions',
			lazyConnect: true,
			connectTimeout: this.connectTimeoutMs,
			commandTimeout: this.commandTimeoutMs,
			// No offline queue: a call made while disconnected fails at once instead of
			// waiting (and perhaps writing much later); calls wait for `ready` themselves.
			enableOfflineQueue: false,
			// A command in flight when the connection drops fails at once and is not re-sent.
			maxRetriesPerRequest: 0,
			autoResendUnfulfilledCommands: false,
			// close() on a connection Redis does not answer destroys the socket after this.
			disconnectTimeout: 500,
			retryStrategy: reconnect
				? (times: number) => Math.min(100 * 2 ** Math.min(times, 4), MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 100)
				: () => null,
		};
		if (options.tls) {
			redisOptions.tls = {
				rejectUnauthorized: options.tlsRejectUnauthorized ?? true,
				...(isIP(options.host) ? {} : { servername: options.host }),
			};
		}
		this.client = new Redis(redisOptions) as CasClient;
		this.client.defineCommand('chatActionsCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
		// Always listened to: without a listener ioredis prints every connection error.
		this.client.on('error', (error: unknown) => {
			this.lastError = this.describe(error);
		});
		this.client.on('ready', () => {
			this.lastError = undefined;
		});
	}

	/** ioredis's connection status (wait, connecting, connect, ready, reconnecting, close, end). */
	get status(): string {
		return this.client.status;
	}

	/** A clear error for this address; the reason is scrubbed of the password. */
	unavailable(reason: string): StateStoreUnavailableError {
		return new StateStoreUnavailableError(this.address, this.scrub(reason));
	}

	/**
	 * Resolves once the connection is ready: at once when it is, else after connecting.
	 * Fails with the reason when a connection attempt fails, or after connectTimeoutMs.
	 * Concurrent callers share one wait.
	 */
	async ready(): Promise<void> {
		if (this.closed) throw new StateStoreError('closed', 'This Redis state store is closed');
		if (this.client.status === 'ready') return;
		if (!this.waiting) {
			this.waiting = this.waitForReady().finally(() => {
				this.waiting = undefined;
			});
		}
		await this.waiting;
	}

	private async waitForReady(): Promise<void> {
		const client = this.client;
		const waitMs = this.connectTimeoutMs;
		await new Promise<void>((resolve, reject) => {
			const finish = (error?: Error) => {
				clearTimeout(timer);
				client.off('ready', onReady);
				client.off('error', onError);
				client.off('end', onEnd);
				if (error) reject(error);
				else resolve();
			};
			const onReady = () => finish();
			const onError = (error: unknown) => finish(this.unavailable(this.describe(error)));
			const onEnd = () => finish(this.unavailable(this.lastError ?? 'the connection was closed'));
			// A cancellable deadline: setTimeout, for the reason given at withDeadline below.
			const timer = setTimeout(
				() => finish(this.unavailable(this.lastError ?? `no connection within ${waitMs} ms`)),
				waitMs,
			);
			client.on('ready', onReady);
			client.on('error', onError);
			client.on('end', onEnd);
			if (client.status === 'wait' || client.status === 'end') {
				// Its failure is reported through the 'error' / 'end' events above.
				client.connect().catch(() => undefined);
			}
		});
	}

	/** Runs commands, turning every failure into a StateStoreError without secrets. */
	async run<T>(commands: (client: CasClient) => Promise<T>): Promise<T> {
		if (this.closed) throw new StateStoreError('closed', 'This Redis state store is closed');
		try {
			return await commands(this.client);
		} catch (error) {
			if (error instanceof StateStoreError) throw error;
			const message = this.scrub(messageOf(error));
			if (isReplyError(error) && !/^(NOAUTH|WRONGPASS|LOADING|MASTERDOWN|BUSY)\b/.test(message)) {
				throw new StateStoreError('refused', `Redis at ${this.address} refused the command: ${message}`);
			}
			throw this.unavailable(this.describe(error));
		}
	}

	/** PING, for the credential test. */
	async ping(): Promise<void> {
		await this.ready();
		await this.run((client) => client.ping());
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		if (this.client.status === 'ready') {
			const quit = this.client.quit().catch(() => undefined);
			// A cancellable deadline: setTimeout, for the reason given at withDeadline below.
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
			await Promise.race([quit, timeout]);
			clearTimeout(timer);
		}
		this.client.disconnect();
	}

	private describe(error: unknown): string {
		const message = messageOf(error);
		const name = nameOf(error);
		if (message === 'Command timed out') return `no answer within ${this.commandTimeoutMs} ms`;
		if (name === 'MaxRetriesPerRequestError' || message.startsWith("Stream isn't writeable")) {
			return this.lastError ? `the connection was lost (${this.lastError})` : 'the connection was lost';
		}
		if (message === 'Connection is closed.') {
			return this.lastError ? `the connection was closed (${this.lastError})` : 'the connection was closed';
		}
		if (message === 'connect ETIMEDOUT') return `no connection within ${this.connectTimeoutMs} ms (connect ETIMEDOUT)`;
		if (!this.tls && /ECONNRESET/.test(message)) return `${this.scrub(message)} (does the server need SSL?)`;
		return this.scrub(message);
	}

	private scrub(text: string): string {
		return maskSecrets(text, this.secrets);
	}
}

// Duck-typed, not `instanceof Error`: socket errors come from Node's own realm, which is not
// the caller's under Jest (and possibly other sandboxes).
function messageOf(error: unknown): string {
	const message = (error as { message?: unknown } | null)?.message;
	return typeof message === 'string' ? message : String(error);
}

function nameOf(error: unknown): string {
	const name = (error as { name?: unknown } | null)?.name;
	return typeof name === 'string' ? name : '';
}

function isReplyError(error: unknown): boolean {
	return nameOf(error) === 'ReplyError';
}

/**
 * Resolves or rejects like `work`, but rejects with `onTimeout()` at the deadline.
 *
 * Deadlines here use setTimeout/clearTimeout, not n8n-workflow's sleep helpers (which n8n's
 * scanner asks for): a deadline must be cancelled when the work ends first, or every command
 * would leave a timer holding the event loop for up to `timeoutMs`, and close() one for 1 s.
 * n8n-workflow has no cancellable sleep that works on both n8n lines this package runs on
 * (it uses the n8n-workflow of the n8n that loads it): 2.41 (n8n 2.41.1) has `sleep(ms,
 * signal)` and no `sleepWithAbort`; 1.120.31 (n8n 1.123.81) has `sleepWithAbort(ms, signal)`
 * and a `sleep(ms)` that ignores a signal. test/package/n8n-scanner.test.ts allows these.
 */
async function withDeadline<T>(deadline: number, work: () => Promise<T>, onTimeout: () => Error): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
		work().then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}

export class RedisStateStore implements StateStore {
	readonly keyPrefix: string;
	readonly connection: RedisConnection;
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
		this.ownsConnection = !connection;
		this.connection = connection ?? new RedisConnection(options);
	}

	/** The Redis key of a conversation. */
	key(conversationId: string): string {
		return `${this.keyPrefix}${conversationId}`;
	}

	async get(conversationId: string): Promise<ConversationState | undefined> {
		checkConversationId(conversationId);
		const key = this.key(conversationId);
		const deadline = Date.now() + this.timeoutMs;
		return await withDeadline(
			deadline,
			async () => {
				await this.connection.ready();
				const raw = await this.connection.run((client) => client.getBuffer(key));
				return parseState(raw?.toString('utf8'));
			},
			() => this.timedOut(),
		);
	}

	/** Optimistic read-modify-write (see the top of this file); `change` may run more than once. */
	async update(
		conversationId: string,
		change: StateChange,
		ttlSeconds: number,
	): Promise<ConversationState | undefined> {
		checkConversationId(conversationId);
		const ttlMs = String(ttlToMs(ttlSeconds));
		const key = this.key(conversationId);
		const deadline = Date.now() + this.timeoutMs;
		return await withDeadline(
			deadline,
			async () => {
				await this.connection.ready();
				return await this.connection.lock.run(key, async () => {
					for (let attempt = 1; ; attempt++) {
						// Gave up on by withDeadline while queued: do nothing.
						if (Date.now() >= deadline) throw this.timedOut();
						const raw = await this.connection.run((client) => client.getBuffer(key));
						const next = await change(parseState(raw?.toString('utf8')));
						if (next === undefined && raw === null) return undefined;
						const value = next === undefined ? '' : serializeState(next, Date.now());
						const written = await this.connection.run((client) =>
							client.chatActionsCompareAndSet(
								key,
								raw === null ? '0' : '1',
								raw ?? '',
								next === undefined ? 'del' : 'set',
								value,
								ttlMs,
							),
						);
						if (written === 1) return next === undefined ? undefined : parseState(value);
						if (attempt >= this.maxAttempts) throw new StateStoreConflictError(conversationId, attempt);
						// Jittered backoff: up to 5, 10, 20, 40, then 50 ms.
						const backoffMs = Math.random() * Math.min(5 * 2 ** (attempt - 1), 50);
						if (backoffMs > 0) await sleep(backoffMs);
					}
				});
			},
			() => this.timedOut(),
		);
	}

	/** Closes the store's own client; a shared one stays open (closeSharedRedisConnections). */
	async close(): Promise<void> {
		if (this.ownsConnection) await this.connection.close();
	}

	private timedOut(): StateStoreUnavailableError {
		return this.connection.unavailable(`no answer within ${this.timeoutMs} ms`);
	}
}

// ---------------------------------------------------------------------------------------
// From the credential (chatActionsRedisApi) to a store, one client per process and server.

/** The fields of the Chat Actions Redis credential (credentials/ChatActionsRedisApi.credentials.ts). */
export interface ChatActionsRedisCredentials {
	host?: string;
	port?: number | string;
	user?: string;
	password?: string;
	database?: number | string;
	ssl?: boolean;
	disableTlsVerification?: boolean;
	keyPrefix?: string;
}

/** The credential's fields as store options; a clear error (without the password) when one is wrong. */
export function redisOptionsFromCredentials(
	credentials: ChatActionsRedisCredentials | Record<string, unknown>,
): RedisStateStoreOptions {
	const host = typeof credentials.host === 'string' ? credentials.host.trim() : '';
	if (!host) throw new StateStoreError('invalid', 'The Redis credential has no host');
	const port = Number(credentials.port ?? 6379);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new StateStoreError('invalid', `The Redis port must be a whole number from 1 to 65535, not ${String(credentials.port)}`);
	}
	const db = Number(credentials.database ?? 0);
	if (!Number.isInteger(db) || db < 0) {
		throw new StateStoreError('invalid', `The Redis database number must be a whole number from 0, not ${String(credentials.database)}`);
	}
	const keyPrefix = typeof credentials.keyPrefix === 'string' && credentials.keyPrefix !== '' ? credentials.keyPrefix : DEFAULT_KEY_PREFIX;
	return {
		host,
		port,
		db,
		username: typeof credentials.user === 'string' && credentials.user.trim() ? credentials.user.trim() : undefined,
		password: typeof credentials.password === 'string' && credentials.password !== '' ? credentials.password : undefined,
		tls: credentials.ssl === true,
		tlsRejectUnauthorized: credentials.disableTlsVerification !== true,
		keyPrefix,
	};
}

const sharedConnections = new Map<string, RedisConnection>();
/** Keys the cache by a keyed hash of the password: never the password itself, nor a plain hash. */
const fingerprintKey = randomBytes(32);

function connectionCacheKey(options: RedisConnectionOptions): string {
	const passwordFingerprint = options.password
		? createHmac('sha256', fingerprintKey).update(options.password).digest('base64url')
		: '';
	return JSON.stringify([
		options.host,
		options.port,
		options.db ?? 0,
		options.username ?? '',
		options.tls === true,
		options.tlsRejectUnauthorized !== false,
		options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
		options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
		passwordFingerprint,
	]);
}

/**
 * The store for a Chat Actions Redis credential. Every call with the same server (host,
 * port, database, user, TLS and password) shares one client in this process, so the router
 * can call this on every execution. `close()` on the returned store leaves the shared client
 * open; closeSharedRedisConnections() closes them all (tests, shutdown).
 * `options` override the credential's (e.g. a timeout); a changed password gets a new client.
 */
export function getRedisStateStore(
	credentials: ChatActionsRedisCredentials | Record<string, unknown>,
	options: Partial<RedisStateStoreOptions> = {},
): RedisStateStore {
	const merged: RedisStateStoreOptions = { ...redisOptionsFromCredentials(credentials), ...options };
	const cacheKey = connectionCacheKey(merged);
	let connection = sharedConnections.get(cacheKey);
	if (!connection) {
		connection = new RedisConnection(merged);
		sharedConnections.set(cacheKey, connection);
	}
	return new RedisStateStore(merged, connection);
}

/** How many shared clients this process holds (for tests). */
export function sharedRedisConnectionCount(): number {
	return sharedConnections.size;
}

export async function closeSharedRedisConnections(): Promise<void> {
	const connections = [...sharedConnections.values()];
	sharedConnections.clear();
	await Promise.all(connections.map(async (connection) => await connection.close()));
}

// ---------------------------------------------------------------------------------------
// The credential test (the router node's methods.credentialTest.testRedisConnection).

export interface RedisConnectionTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Connects with a credential's fields and sends PING, on a client of its own that is closed
 * afterwards. Takes what n8n passes to a credential test (`{ data: {…fields} }`) or the
 * fields themselves. Never throws; the message never holds the password.
 */
export async function testRedisConnection(
	credential: { data?: object } | ChatActionsRedisCredentials | Record<string, unknown>,
): Promise<RedisConnectionTestResult> {
	const data = (
		'data' in credential && typeof credential.data === 'object' && credential.data !== null ? credential.data : credential
	) as Record<string, unknown>;
	let connection: RedisConnection | undefined;
	try {
		const options = redisOptionsFromCredentials(data);
		connection = new RedisConnection({ ...options, reconnect: false, connectTimeoutMs: 5000, commandTimeoutMs: 5000 });
		await connection.ping();
		return { status: 'OK', message: `Connected to Redis at ${connection.address}` };
	} catch (error) {
		const password = typeof data.password === 'string' ? data.password : undefined;
		return { status: 'Error', message: maskSecrets(messageOf(error), [password]) };
	} finally {
		await connection?.close();
	}
}

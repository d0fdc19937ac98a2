/**
 * The connection to Redis: one ioredis client that connects lazily, lets a call wait for a
 * ready connection only briefly (no offline queue), and fails with errors that name host and
 * port and never the password. While Redis is down it keeps reconnecting in the background.
 */
import { isIP } from 'node:net';

import type * as IORedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';

import { lazy } from '../../lazy';
import { maskSecrets } from '../../secrets';
import { KeyedLock } from '../common';
import { StateStoreError, StateStoreUnavailableError } from '../errors';

export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
/** The longest wait between two reconnection attempts while Redis is down. */
const MAX_RECONNECT_DELAY_MS = 1000;

// Required when the first connection is made, not when n8n loads the nodes at start (see
// shared/lazy.ts): most workflows keep their state in memory and never need ioredis.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ioredis = lazy(() => require('ioredis') as typeof IORedis);

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
	private readonly client: Redis;
	private readonly scripts = new Set<string>();
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
		this.client = new (ioredis().Redis)(redisOptions);
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
			// A cancellable deadline: setTimeout, for the reason given at withDeadline (../deadline.ts).
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
	async run<T>(commands: (client: Redis) => Promise<T>): Promise<T> {
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

	/** Makes a Lua script callable as `client[name](…)` on this connection (once per name). */
	defineScript(name: string, numberOfKeys: number, lua: string): void {
		if (this.scripts.has(name)) return;
		this.client.defineCommand(name, { numberOfKeys, lua });
		this.scripts.add(name);
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
			// A cancellable deadline: setTimeout, for the reason given at withDeadline (../deadline.ts).
			let timer: NodeJS.Timeout | undefined;
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
export function messageOf(error: unknown): string {
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

/**
 * From the Chat Actions Redis credential (chatActionsRedisApi) to a store: its fields as
 * options, and one client per process and server, shared by every execution.
 */
import { createHmac, randomBytes } from 'node:crypto';

import { StateStoreError } from '../errors';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, RedisConnection, type RedisConnectionOptions } from './connection';
import { RedisRequestGuards } from './guards';
import { DEFAULT_KEY_PREFIX, RedisStateStore, type RedisStateStoreOptions } from './store';

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
	encryptionSecret?: string;
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
		encryptionSecret: nonEmpty(credentials.encryptionSecret) ?? nonEmpty(credentials.password) ?? '',
	};
}

function nonEmpty(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
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
	return new RedisStateStore(merged, sharedConnection(merged));
}

/** The Chat Action Trigger's guards for a Chat Actions Redis credential, on the same shared client. */
export function getRedisRequestGuards(credentials: ChatActionsRedisCredentials | Record<string, unknown>): RedisRequestGuards {
	const options = redisOptionsFromCredentials(credentials);
	return new RedisRequestGuards(sharedConnection(options), options);
}

function sharedConnection(options: RedisConnectionOptions): RedisConnection {
	const cacheKey = connectionCacheKey(options);
	let connection = sharedConnections.get(cacheKey);
	if (!connection) {
		connection = new RedisConnection(options);
		sharedConnections.set(cacheKey, connection);
	}
	return connection;
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

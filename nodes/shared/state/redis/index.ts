/** Conversation state in Redis: the store (store.ts), its connection, the credential's way in and its test. */
export { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, RedisConnection, type RedisConnectionOptions } from './connection';
export { DEFAULT_KEY_PREFIX, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS, RedisStateStore, type RedisStateStoreOptions } from './store';
export {
	closeSharedRedisConnections,
	getRedisRequestGuards,
	getRedisStateStore,
	redisOptionsFromCredentials,
	sharedRedisConnectionCount,
	type ChatActionsRedisCredentials,
} from './credentials';
export { RedisRequestGuards } from './guards';
export { testRedisConnection, type RedisConnectionTestResult } from './credential-test';

/** Conversation state in Redis: the store (store.ts), its connection, the credential's way in and its test. */
export { RedisConnection, type RedisConnectionOptions } from './connection';
export { DEFAULT_KEY_PREFIX, RedisStateStore, type RedisStateStoreOptions } from './store';
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

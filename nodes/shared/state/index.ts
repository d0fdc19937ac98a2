/** Conversation state between chat turns: in memory (one n8n process) or in Redis (queue mode, restarts). */
export type { ConversationState, StateStore } from './types';
export { conversationStateKey, DEFAULT_FORGET_AFTER_MINUTES } from './common';
export { StateStoreConflictError, StateStoreError, StateStoreUnavailableError, type StateStoreErrorKind } from './errors';
export { MemoryStateStore, getSharedMemoryStateStore, type MemoryStateStoreOptions } from './memory';
export {
	DEFAULT_KEY_PREFIX,
	RedisConnection,
	RedisStateStore,
	closeSharedRedisConnections,
	getRedisRequestGuards,
	getRedisStateStore,
	RedisRequestGuards,
	redisOptionsFromCredentials,
	testRedisConnection,
	type ChatActionsRedisCredentials,
	type RedisConnectionOptions,
	type RedisConnectionTestResult,
	type RedisStateStoreOptions,
} from './redis';

/**
 * What the flow's owner reads about the conversations, kept in the flow's conversation state
 * store (memory or Redis) beside them: the review list (review-record.ts) and insight
 * (insight.ts). Each is one record per workflow, under a key that starts with `~`: a
 * conversation's key starts with the workflow's id (conversationStateKey), which never does, so a
 * visitor's conversation id can never name an owner record.
 */
import type { ConversationState, StateStore } from './state';

export const reviewRecordKey = (workflowId: string | undefined): string => `~review:${workflowId ?? 'workflow'}`;
export const insightRecordKey = (workflowId: string | undefined): string => `~insight:${workflowId ?? 'workflow'}`;

/** The record under `key`, or undefined when there is none (or it expired). */
export async function readOwnerRecord<T>(store: StateStore, key: string): Promise<T | undefined> {
	return (await store.get(key))?.ownerRecord as T | undefined;
}

/**
 * Changes the record under `key` atomically (the store's compare-and-set: concurrent turns never
 * lose each other's counts); undefined from `change` deletes it. Kept `ttlSeconds` after the change.
 */
export async function changeOwnerRecord<T>(
	store: StateStore,
	key: string,
	change: (current: T | undefined) => T | undefined,
	ttlSeconds: number,
): Promise<T | undefined> {
	const updated = await store.update(
		key,
		(current) => {
			const next = change(current?.ownerRecord as T | undefined);
			return next === undefined ? undefined : ({ fields: {}, attempts: {}, updatedAt: 0, ownerRecord: next } satisfies ConversationState);
		},
		ttlSeconds,
	);
	return updated?.ownerRecord as T | undefined;
}

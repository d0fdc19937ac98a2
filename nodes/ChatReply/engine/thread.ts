/**
 * Chat Reply's answer added to the conversation's thread where the Action Router keeps it, so
 * that @n8n/chat's previous session and a later handoff carry what the visitor was told (an
 * action's result, a No Match text), not only what the router asked.
 */
import { withReplyInThread } from '../../shared/conversation-record';
import { conversationStateKey, DEFAULT_FORGET_AFTER_MINUTES, type StateStore } from '../../shared/state';

/** True when the thread got the answer; false when the router keeps no state for the conversation. */
export async function addReplyToThread(store: StateStore, workflowId: string | undefined, conversationId: string, text: string, now = new Date()): Promise<boolean> {
	const key = conversationStateKey(workflowId, conversationId);
	// No router state, no thread: an answer is never the reason to start keeping a conversation.
	const current = await store.get(key);
	if (!current) return false;
	let added = false;
	await store.update(
		key,
		(state) => {
			if (!state) return undefined;
			const next = withReplyInThread(state, text, now);
			added = next !== state;
			return next;
		},
		current.forgetAfterSeconds ?? DEFAULT_FORGET_AFTER_MINUTES * 60,
	);
	return added;
}

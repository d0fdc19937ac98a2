/**
 * Chat Reply's answer added to the conversation where the Action Router keeps it, so that
 * @n8n/chat's previous session and a later handoff carry what the visitor was told (an action's
 * result, a No Match text), not only what the router asked; with the reply's tags, and a person's
 * hold when the reply hands over.
 */
import { mergeTags } from '../../shared/contract';
import { withReplyInThread } from '../../shared/conversation-record';
import { isHeld, startHold } from '../../shared/person-hold';
import { conversationStateKey, DEFAULT_FORGET_AFTER_MINUTES, type StateStore } from '../../shared/state';

export interface RecordedReply {
	text: string;
	tags?: string[];
	/** The reply hands the conversation to a person: the router stays silent for as long as it keeps the conversation. */
	handoff?: boolean;
}

/** True when the conversation took the answer; false when the router keeps no state for it. */
export async function addReplyToThread(store: StateStore, workflowId: string | undefined, conversationId: string, reply: RecordedReply, now = new Date()): Promise<boolean> {
	const key = conversationStateKey(workflowId, conversationId);
	// No router state, no thread: an answer is never the reason to start keeping a conversation.
	const current = await store.get(key);
	if (!current) return false;
	const keptFor = current.forgetAfterSeconds ?? DEFAULT_FORGET_AFTER_MINUTES * 60;
	let added = false;
	await store.update(
		key,
		(state) => {
			if (!state) return undefined;
			let next = withReplyInThread(state, reply.text, now);
			const tags = mergeTags(state.tags, reply.tags);
			if (tags.length !== (state.tags ?? []).length) next = { ...next, tags };
			if (reply.handoff && !isHeld(state, now.getTime())) next = startHold(next, now.getTime(), keptFor);
			added = next !== state;
			return next;
		},
		keptFor,
	);
	return added;
}

/** Conversation state between turns: what the router is collecting, how far it got, and what it saw. */
import type { ActionTaken, ReplyButton, ThreadEntry } from '../contract';

export interface ConversationState {
	/** The action being collected for, if any. */
	pendingAction?: string;
	/** Field values collected so far (normalised), for the pending action. */
	fields: Record<string, unknown>;
	/** Re-asks per field name, for the re-ask cap. */
	attempts: Record<string, number>;
	/** The field last asked for: the next message is read as its answer first. */
	askedField?: string;
	/** A confirmation question is pending for the pending action. */
	awaitingConfirmation?: boolean;
	/** A value given earlier, offered for the asked field ("Use ada@example.com?"): a yes takes it. */
	offeredValue?: string | number;
	/**
	 * Values the visitor gave in this conversation, by field name and type: offered to the next
	 * action that asks for the same field (nodes/ActionRouter/engine/memory.ts).
	 */
	remembered?: Record<string, { type: string; value: string | number }>;
	/** The language the conversation was last clearly written in (ISO 639-1): a short answer keeps it. */
	language?: string;
	/**
	 * The buttons under the last question, in order: a widget that shows them as a numbered
	 * list (text-only chats) is answered with their number.
	 */
	offered?: ReplyButton[];
	/** The conversation's bounded transcript (visitor messages, router questions). */
	thread?: ThreadEntry[];
	/** The actions routed so far (bounded). */
	actionsTaken?: ActionTaken[];
	/**
	 * Who started the conversation (nodes/shared/sender.ts): a turn from another sender gets a
	 * conversation of its own. An opaque hash, not the visitor's id.
	 */
	sender?: string;
	/** The tags of the conversation's replies so far (the conversation record's). */
	tags?: string[];
	/**
	 * A person holds the conversation (after a handoff): the router stays silent until it is
	 * released or `until` (milliseconds since the epoch) passes (nodes/ActionRouter/engine/hold.ts).
	 */
	heldByPerson?: { since: number; until?: number };
	/** Milliseconds since the epoch of the last change. */
	updatedAt: number;
	/**
	 * How long the router keeps this state after a change (its Forget After): a Chat Reply that
	 * adds its answer to the thread keeps it as long.
	 */
	forgetAfterSeconds?: number;
	/**
	 * Set only on the flow owner's records (nodes/shared/owner-records.ts: the review list,
	 * insight), which the store keeps under keys no conversation can have.
	 */
	ownerRecord?: unknown;
}

export interface StateStore {
	get(conversationId: string): Promise<ConversationState | undefined>;
	/**
	 * Atomic read-modify-write of one conversation's state: `change` gets the current state
	 * (undefined when none) and returns the new one (undefined deletes it). Concurrent updates
	 * of one conversation never lose each other's changes (`change` may run more than once).
	 * The state expires `ttlSeconds` after its last update.
	 */
	update(
		conversationId: string,
		change: (current: ConversationState | undefined) => ConversationState | undefined,
		ttlSeconds: number,
	): Promise<ConversationState | undefined>;
	/** Erases one conversation's state now (a privacy request); true when there was one. */
	forget(conversationId: string): Promise<boolean>;
	close(): Promise<void>;
}

/**
 * A person holding a conversation after a handoff, as the conversation state keeps it: the Action
 * Router stays silent while it lasts (nodes/ActionRouter/engine/hold.ts); a Chat Reply that hands
 * over starts one too.
 */
import { isPlainObject } from './contract';
import type { ConversationState } from './state/types';

/** Whether a person holds the conversation at `now` (milliseconds). */
export function isHeld(state: ConversationState | undefined, now: number): boolean {
	const hold = state?.heldByPerson;
	return isPlainObject(hold) && (hold.until === undefined || hold.until > now);
}

/** The state with a person holding it from `now`, for `holdSeconds` (0: until released). */
export function startHold(state: ConversationState, now: number, holdSeconds: number): ConversationState {
	return { ...state, heldByPerson: { since: now, ...(holdSeconds > 0 ? { until: now + holdSeconds * 1000 } : {}) } };
}

/** The state given back to the bot. */
export function withoutHold(state: ConversationState): ConversationState {
	const rest = { ...state };
	delete rest.heldByPerson;
	return rest;
}


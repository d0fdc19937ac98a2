/**
 * The conversation's record: a bounded thread (what the visitor sent, what the router asked,
 * what Chat Reply answered) and the actions routed, kept in the conversation state so that a
 * handoff can carry it.
 */
import { type ActionTaken, type ChatTurn, type ConversationRecord, isPlainObject, type ThreadEntry } from './contract';
import type { ConversationState } from './state/types';

/** The thread keeps this many entries (the latest). */
export const THREAD_LIMIT = 20;
/** Characters kept of one thread entry, and of one field value in the actions taken. */
export const THREAD_ENTRY_LIMIT = 500;
/** The actions taken keep this many (the latest). */
export const ACTIONS_TAKEN_LIMIT = 20;

function cut(text: string): string {
	return text.length > THREAD_ENTRY_LIMIT ? `${text.slice(0, THREAD_ENTRY_LIMIT - 1)}…` : text;
}

/** What the visitor sent, as one line of the thread (undefined when there is nothing to show). */
function visitorText(turn: ChatTurn): string | undefined {
	const message = typeof turn.message === 'string' ? turn.message.trim() : '';
	if (message) return message;
	if (turn.event === 'button' && turn.actionId) return `[button] ${turn.actionId}`;
	if (turn.event === 'lead_captured') return `[lead form] ${Object.keys(isPlainObject(turn.fields) ? turn.fields : {}).join(', ')}`.trim();
	return undefined;
}

/** Field values for the record: long strings cut, so the stored state stays small. */
function recordedFields(fields: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? cut(value) : value]));
}

/** The record as stored, or empty; anything malformed in it is dropped rather than trusted. */
function previousRecord(state: ConversationState | undefined): ConversationRecord {
	const thread = Array.isArray(state?.thread) ? state.thread.filter((entry) => isPlainObject(entry) && typeof entry.text === 'string') : [];
	const actionsTaken = Array.isArray(state?.actionsTaken)
		? state.actionsTaken.filter((action) => isPlainObject(action) && typeof action.name === 'string')
		: [];
	return { thread, actionsTaken };
}

/** The record after a turn: its message, the question asked (if any), the action routed (if any). */
export function recordAfter(
	state: ConversationState | undefined,
	turn: ChatTurn,
	asked: string | undefined,
	routed: { name: string; fields: Record<string, unknown> } | undefined,
	now: Date,
): ConversationRecord {
	const at = now.toISOString();
	const previous = previousRecord(state);
	const thread: ThreadEntry[] = [...previous.thread];
	const said = visitorText(turn);
	if (said) thread.push({ from: 'visitor', text: cut(said), at });
	if (asked !== undefined) thread.push({ from: 'router', text: cut(asked), at });
	const actionsTaken: ActionTaken[] = [...previous.actionsTaken];
	if (routed) actionsTaken.push({ name: routed.name, fields: recordedFields(routed.fields), at });
	return { thread: thread.slice(-THREAD_LIMIT), actionsTaken: actionsTaken.slice(-ACTIONS_TAKEN_LIMIT) };
}

/**
 * The state with an answer sent to the visitor added to its thread (bounded like the rest),
 * unless the thread already ends with that text (the router's own question, passed on).
 */
export function withReplyInThread(state: ConversationState, text: string, now: Date): ConversationState {
	const thread = previousRecord(state).thread;
	const last = thread[thread.length - 1];
	if (!text.trim() || (last && last.from !== 'visitor' && last.text === cut(text))) return state;
	return { ...state, thread: [...thread, { from: 'reply' as const, text: cut(text), at: now.toISOString() }].slice(-THREAD_LIMIT) };
}

/** The record of a turn whose stored conversation could not be read: this turn alone. */
export function recordOfTurnAlone(turn: ChatTurn, at = new Date()): ConversationRecord {
	return recordAfter(undefined, turn, undefined, undefined, at);
}

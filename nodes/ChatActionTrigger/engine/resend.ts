/**
 * A message id for turns whose widget sends none, so that a resend is recognised downstream.
 * A widget that timed out waiting for an answer sends the same message again; without an id
 * of its own, the same message (or button, or lead form) that is still the conversation's last,
 * within `RESEND_WINDOW_MS` of its first arrival, gets the first arrival's id, so HTTP Action
 * derives the same Idempotency-Key and the API acts once. The same words after anything else
 * ("reset my key", "yes", then "reset my key", "yes" again) are a new request: a new id, and a
 * new side effect the visitor asked for. Remembered by the trigger's guards: per process, or
 * shared through Redis.
 */
import { createHash } from 'node:crypto';

import { type ChatTurn, isPlainObject } from '../../shared/contract';
import type { RequestGuards } from './guards';

/** A resend arrives within seconds of the first send: a widget's timeout, a double click. */
export const RESEND_WINDOW_MS = 2 * 60_000;

/**
 * The turn's message id: the one its widget sent, else the id of the same turn seen within
 * the window, else a new one. Undefined for a turn without a conversation (nothing to match).
 */
export async function messageIdFor(
	scope: string,
	turn: ChatTurn,
	guards: Pick<RequestGuards, 'recall'>,
	now = Date.now(),
): Promise<string | undefined> {
	const metadata = isPlainObject(turn.metadata) ? turn.metadata : {};
	if (typeof metadata.messageId === 'string' && metadata.messageId !== '') return metadata.messageId;
	if (!turn.conversationId) return undefined;
	const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
	const conversation = digest([scope, turn.conversationId, metadata.sender ?? null]);
	const what = digest([turn.event ?? 'message', turn.message ?? '', turn.actionId ?? null, turn.fields ?? null]);
	const id = `derived:${digest(`${conversation}:${what}:${now}`).slice(0, 32)}`;
	return await guards.recall(conversation, what, id, RESEND_WINDOW_MS);
}

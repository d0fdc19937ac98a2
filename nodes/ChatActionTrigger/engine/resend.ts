/**
 * A message id for turns whose widget sends none, so that a resend is recognised downstream.
 * A widget that timed out waiting for an answer sends the same message again; without an id
 * of its own, the same message (or button, or lead form) in the same conversation within
 * `windowMs` of its first arrival gets the first arrival's id, so HTTP Action derives the same
 * Idempotency-Key and the API acts once. Per n8n process (the one receiving webhooks, also in
 * queue mode); bounded in memory.
 */
import { createHash } from 'node:crypto';

import { type ChatTurn, isPlainObject } from '../../shared/contract';

/** A resend arrives within seconds of the first send: a widget's timeout, a double click. */
export const RESEND_WINDOW_MS = 2 * 60_000;

export class ResendGuard {
	/** What a turn says → [its id, when it first arrived]. */
	private readonly seen = new Map<string, { id: string; at: number }>();

	constructor(private readonly maxKeys = 50_000) {}

	/**
	 * The turn's message id: the one its widget sent, else the id of the same turn seen within
	 * the window, else a new one. Undefined for a turn without a conversation (nothing to match).
	 */
	messageIdFor(scope: string, turn: ChatTurn, now = Date.now(), windowMs = RESEND_WINDOW_MS): string | undefined {
		const metadata = isPlainObject(turn.metadata) ? turn.metadata : {};
		if (typeof metadata.messageId === 'string' && metadata.messageId !== '') return metadata.messageId;
		if (!turn.conversationId) return undefined;
		const what = createHash('sha256')
			.update(JSON.stringify([scope, turn.conversationId, turn.event ?? 'message', turn.message ?? '', turn.actionId ?? null, turn.fields ?? null]))
			.digest('hex');
		const earlier = this.seen.get(what);
		if (earlier && now - earlier.at <= windowMs) return earlier.id;
		const id = `derived:${createHash('sha256').update(`${what}:${now}`).digest('hex').slice(0, 32)}`;
		this.seen.delete(what); // re-insert: the Map's order is then oldest first
		this.seen.set(what, { id, at: now });
		if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value as string);
		return id;
	}
}

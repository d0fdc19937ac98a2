/**
 * Who sent a turn, so that a conversation stays with the visitor who started it: a conversation
 * id alone is no proof (widgets and examples use short ids, and ids travel in links and logs).
 *
 * The sender is an opaque token: a hash of the visitor id when the widget sends one (verified
 * when the trigger checks a signature over the body), else of the client's address and browser
 * (a first-seen fingerprint). Chat Action Trigger sets it as `metadata.sender`, replacing any
 * value the request brought; turns from other triggers are bound by their visitor id, if any.
 * The conversation state keeps the first sender; a turn from another sender gets a conversation
 * of its own (`ownConversationId`), so it can neither read nor continue the first visitor's.
 */
import { createHash } from 'node:crypto';

import { type ChatTurn, isPlainObject } from './contract';

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** The sender of a request the trigger received. */
export function senderOfRequest(visitorId: string | null | undefined, address: string | undefined, userAgent: string | undefined): string {
	if (visitorId) return `v:${hash(visitorId)}`;
	return `c:${hash(`${address ?? ''}\n${userAgent ?? ''}`)}`;
}

/** The turn's sender: the trigger's, else its visitor id's; undefined when nothing says who sent it. */
export function senderOf(turn: ChatTurn): string | undefined {
	const metadata = isPlainObject(turn.metadata) ? turn.metadata : {};
	if (typeof metadata.sender === 'string' && metadata.sender !== '') return metadata.sender;
	const visitorId = isPlainObject(turn.visitor) ? turn.visitor.id : undefined;
	return typeof visitorId === 'string' && visitorId !== '' ? senderOfRequest(visitorId, undefined, undefined) : undefined;
}

/** The conversation a sender gets when the id they sent belongs to someone else. */
export function ownConversationId(conversationId: string, sender: string): string {
	return `${conversationId}~${hash(`${conversationId}\n${sender}`).slice(0, 12)}`;
}

/** Whether a state kept for `owner` may be read or continued by `sender` (a state from before senders were kept has none). */
export function mayContinue(owner: unknown, sender: string | undefined): boolean {
	return typeof owner !== 'string' || sender === undefined || owner === sender;
}

/**
 * The messaging channels a conversation can come through besides a website widget: a help
 * desk (Chatwoot) and messaging apps (WhatsApp Cloud API, Telegram). Each channel reads its
 * service's webhook bodies into chat turns, and turns a reply into the API requests that
 * deliver it with the channel's own buttons. Plain data: the n8n adapters (Chat Action
 * Trigger, Action Router, Chat Reply) do the HTTP, with the channel's credential.
 */
import type { ChatReply, ChatTurn } from '../contract';

export type ChannelName = 'chatwoot' | 'whatsapp' | 'telegram';

/**
 * Where a reply to a turn goes, read from the incoming event and kept on the turn as
 * `metadata.channel`. Only ids, never a secret; a WhatsApp recipient's number is the turn's
 * `visitor.phone` (sealed with the rest of the visitor when personal data is sealed).
 */
export interface ChannelAddress {
	channel: ChannelName;
	/** Chatwoot: the account and conversation; WhatsApp: the business number's id; Telegram: the chat. */
	[key: string]: string | number | boolean | null;
}

/** What one webhook body stands for: turns to route, a conversation handed back to the bot, or nothing to do. */
export type ChannelEvent =
	/** A visitor's message or button click; `turn.metadata.channel` is its ChannelAddress. */
	| { kind: 'turn'; turn: ChatTurn }
	/** The help desk gave the conversation back to the bot (Chatwoot: resolved, or pending again). */
	| { kind: 'release'; turn: ChatTurn }
	/** Not for the bot (an agent's or the bot's own message, a delivery status, a private note): answered 200, no execution. */
	| { kind: 'ignore'; reason: string };

/** One API request that delivers (part of) a reply. `path` is relative to the credential's base URL. */
export interface ChannelRequest {
	method: 'POST';
	path: string;
	body: Record<string, unknown>;
	/** A courtesy the reply does not depend on (Telegram's callback answer, which expires): a failure is not the reply's. */
	optional?: true;
}

export interface Channel {
	name: ChannelName;
	/** Whether a webhook body is this service's (Chat Action Trigger's automatic dialect). */
	detect(body: Record<string, unknown>): boolean;
	/**
	 * The events in one webhook body (WhatsApp batches several messages). Throws
	 * BadChatRequest (nodes/shared/dialects) for a body that is this channel's but malformed.
	 */
	read(body: Record<string, unknown>): ChannelEvent[];
	/**
	 * The requests that deliver a reply to the address (text, the channel's own buttons, links;
	 * a Telegram button click also answers its callback query). Empty when there is nothing to say.
	 */
	send(reply: ChatReply, address: ChannelAddress, turn: ChatTurn): ChannelRequest[];
	/**
	 * The requests that hand the conversation to a person the way the service does it (Chatwoot:
	 * a private note with the thread and actions taken, labels from the tags, status open),
	 * sent after the reply. Channels with no help desk of their own return none.
	 */
	handOver(turn: ChatTurn, address: ChannelAddress): ChannelRequest[];
}

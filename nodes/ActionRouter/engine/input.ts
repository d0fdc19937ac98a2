/**
 * The chat turn an incoming item stands for, whichever trigger made it:
 * - this package's Chat Action Trigger: the item is the turn;
 * - n8n's own Chat Trigger (hosted chat, embedded @n8n/chat, n8n's Chat Hub): `sessionId`,
 *   `chatInput` (and `user` when it includes the user) become the conversation, the message and
 *   the visitor, and the turn is marked as @n8n/chat's, so Chat Reply answers in its shape;
 * - n8n's Telegram Trigger and WhatsApp Trigger: their update read as the channel reads its
 *   webhook (nodes/shared/channels), so a button press is a button and Chat Reply can answer
 *   through the channel; an update with nothing for the bot (a delivery status) is no turn;
 * - any other trigger (Slack, a form, a Webhook): the values the node's *Input* parameters point at.
 * The recognised shapes are read as they are, without an expression per turn.
 */
import { channelNamed, detectChannel } from '../../shared/channels';
import { isN8nWhatsAppTriggerItem } from '../../shared/channels/whatsapp';
import { type ChatTurn, isPlainObject } from '../../shared/contract';

/** Values a user pointed the node at, for a trigger whose items have another shape. */
export interface GivenInput {
	message?: unknown;
	conversationId?: unknown;
	email?: unknown;
	phone?: unknown;
	name?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

/** An item from n8n's Chat Trigger: `{sessionId, action: 'sendMessage', chatInput, files?, user?}`. */
function isN8nChatTriggerItem(json: Record<string, unknown>): boolean {
	return typeof json.chatInput === 'string' && typeof json.sessionId === 'string' && json.message === undefined;
}

function fromN8nChatTrigger(json: Record<string, unknown>): ChatTurn {
	const user = isPlainObject(json.user) ? json.user : {};
	const fullName = [text(user.firstName), text(user.lastName)].filter(Boolean).join(' ');
	const metadata = isPlainObject(json.metadata) ? json.metadata : {};
	return {
		...json,
		event: 'message',
		conversationId: json.sessionId as string,
		message: json.chatInput as string,
		visitor: { id: text(user.id), email: text(user.email), name: text(user.name) ?? (fullName || null), phone: null },
		metadata: { ...metadata, dialect: 'n8nChat', source: 'n8nChatTrigger' },
	};
}

/** A messaging app's update from n8n's own trigger: its turn, null when it holds none; undefined when the item is no such update. */
function fromChannelTrigger(json: Record<string, unknown>): ChatTurn | null | undefined {
	if ('conversationId' in json || 'event' in json) return undefined;
	const channel = isN8nWhatsAppTriggerItem(json) ? 'whatsapp' : detectChannel(json);
	if (!channel) return undefined;
	const first = channelNamed(channel).read(json).find((event) => event.kind !== 'ignore');
	if (!first) return null;
	const turn = first.kind === 'release' ? { ...first.turn, event: 'release' as const } : first.turn;
	return { ...turn, metadata: { ...turn.metadata, dialect: channel, source: `${channel}Trigger` } };
}

/** The item's turn; null when the item holds nothing for the bot (a messaging app's delivery status). */
export function turnFromItem(json: Record<string, unknown>, given?: GivenInput): ChatTurn | null {
	if (given) {
		const visitor = isPlainObject(json.visitor) ? json.visitor : {};
		return {
			...json,
			event: 'message',
			message: text(given.message) ?? '',
			conversationId: text(given.conversationId),
			visitor: {
				...visitor,
				email: text(given.email) ?? text(visitor.email),
				phone: text(given.phone) ?? text(visitor.phone),
				name: text(given.name) ?? text(visitor.name),
			},
		};
	}
	if (isN8nChatTriggerItem(json)) return fromN8nChatTrigger(json);
	const fromChannel = fromChannelTrigger(json);
	return fromChannel === undefined ? (json as ChatTurn) : fromChannel;
}

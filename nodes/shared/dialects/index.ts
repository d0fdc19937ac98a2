/**
 * The formats chat requests come in (dialects): the website widgets' (widgets.ts) and the
 * messaging channels' (nodes/shared/channels: Chatwoot, WhatsApp, Telegram). Each request is
 * read into chat turns (by the trigger), and a widget's reply is shaped as it expects
 * (`replyBody`, sent by the trigger and by Chat Reply; @n8n/chat reads `{output}`); channels
 * are answered through their APIs. Detection is automatic; a trigger can force one dialect.
 */
import { channelNamed, detectChannel } from '../channels';
import type { ChannelEvent, ChannelName } from '../channels/types';
import { chatText } from '../chat-text';
import { type ChatReply, type ChatTurn, isPlainObject } from '../contract';
import { BadChatRequest, checkComplete } from './read';
import { DGBOT_MESSAGE_KEYS, dgbotTurn, helpdeskTurn, n8nChatTurn, nativeTurn } from './widgets';

export { BadChatRequest } from './read';

const WIDGET_DIALECTS = ['native', 'n8nChat', 'dgbot', 'helpdesk'] as const;
export const DIALECTS = [...WIDGET_DIALECTS, 'chatwoot', 'whatsapp', 'telegram'] as const;
export type Dialect = (typeof DIALECTS)[number];

export type ParsedRequest =
	| { kind: 'turn'; dialect: Dialect; turn: ChatTurn }
	/** `@n8n/chat` asking for earlier messages: answered without starting an execution. */
	| { kind: 'loadPreviousSession'; dialect: 'n8nChat'; sessionId: string; visitorId: string | null }
	/** A channel's webhook: its turns (several in one WhatsApp body), releases, or nothing for the bot. */
	| { kind: 'channel'; dialect: ChannelName; events: ChannelEvent[] };

export interface ParseOptions {
	/** Where a DGbot payload carries the visitor's text (DGBOT_MESSAGE_KEYS when not set). */
	messageKeys?: string[];
}

function isChannelDialect(dialect: unknown): dialect is ChannelName {
	return dialect === 'chatwoot' || dialect === 'whatsapp' || dialect === 'telegram';
}

export function detectDialect(body: Record<string, unknown>): Dialect {
	const channel = detectChannel(body);
	if (channel) return channel;
	if (typeof body.action === 'string' && ('sessionId' in body || 'chatInput' in body)) return 'n8nChat';
	if ('conversation_id' in body && ('action_id' in body || 'payload' in body || 'trigger' in body)) return 'dgbot';
	if ('conversationId' in body || 'event' in body || 'visitor' in body) return 'native';
	if (isPlainObject(body.contact)) return 'helpdesk';
	return 'native';
}

/**
 * Parses a request body in a dialect ('auto' detects it). Throws BadChatRequest for what
 * cannot be a chat turn, naming the field at fault.
 */
export function parseChatRequest(body: unknown, dialect: Dialect | 'auto' = 'auto', options: ParseOptions = {}): ParsedRequest {
	if (!isPlainObject(body)) throw new BadChatRequest(400, 'The body must be a JSON object');
	const chosen = dialect === 'auto' ? detectDialect(body) : dialect;
	if (isChannelDialect(chosen)) {
		const events = channelNamed(chosen).read(body).map((event) => (event.kind === 'turn' ? { ...event, turn: checkComplete(event.turn) } : event));
		return { kind: 'channel', dialect: chosen, events };
	}
	switch (chosen) {
		case 'n8nChat':
			return n8nChatTurn(body);
		case 'dgbot':
			return { kind: 'turn', dialect: chosen, turn: checkComplete(dgbotTurn(body, options.messageKeys?.length ? options.messageKeys : DGBOT_MESSAGE_KEYS)) };
		case 'helpdesk':
			return { kind: 'turn', dialect: chosen, turn: checkComplete(helpdeskTurn(body)) };
		default:
			return { kind: 'turn', dialect: 'native', turn: checkComplete(nativeTurn(body)) };
	}
}

/**
 * The reply in the shape the sending widget reads. A channel reads no reply from its webhook's
 * answer (Chat Reply sends through its API): it gets an empty object.
 */
export function replyBody(dialect: Dialect, reply: ChatReply | undefined): Record<string, unknown> {
	const message = reply?.message ?? '';
	if (isChannelDialect(dialect)) return {};
	switch (dialect) {
		case 'n8nChat':
			// @n8n/chat shows `output` as Markdown and has no buttons of its own on a plain reply.
			return { output: chatText(reply) };
		case 'dgbot':
			return { message, ...(reply?.tags?.length ? { tags: reply.tags } : {}) };
		default:
			return {
				message,
				buttons: reply?.buttons ?? [],
				links: reply?.links ?? [],
				handoff: reply?.handoff ?? false,
				tags: reply?.tags ?? [],
				data: reply?.data ?? {},
				// Only for the flow's owner: Chat Reply sets it on a verified turn that asked (showWhy).
				...(reply?.why ? { why: reply.why } : {}),
			};
	}
}

/**
 * The website widgets' formats: this package's own (native), n8n's @n8n/chat, DGbot's envelope,
 * and a help desk's generic webhook. Each reads a body into one chat turn.
 */
import type { ChatEvent, ChatTurn } from '../contract';
import { BadChatRequest, type Body, checkComplete, container, firstText, messageIdOf, object, scalarFields, text, visitorFrom } from './read';
import type { ParsedRequest } from './index';

function eventOf(value: unknown, hasActionId: boolean, hasLead: boolean): ChatEvent {
	if (value === undefined || value === null) return hasActionId ? 'button' : hasLead ? 'lead_captured' : 'message';
	if (value === 'message' || value === 'button' || value === 'lead_captured') return value;
	throw new BadChatRequest(400, `"event" must be message, button or lead_captured (got ${JSON.stringify(value)})`);
}

export function nativeTurn(body: Body): ChatTurn {
	const actionId = text(body.actionId, 'actionId');
	const fields = scalarFields(body.fields, 'fields');
	const turn: ChatTurn = {
		event: eventOf(body.event, actionId !== null, Object.keys(fields).length > 0),
		conversationId: text(body.conversationId, 'conversationId'),
		chatbotId: text(body.chatbotId, 'chatbotId'),
		message: text(body.message, 'message'),
		actionId,
		visitor: visitorFrom(object(body.visitor, 'visitor'), 'visitor'),
		contact: object(body.contact, 'contact'),
		user: object(body.user, 'user'),
		organization: object(body.organization, 'organization'),
		metadata: object(body.metadata, 'metadata'),
	};
	if (Object.keys(fields).length > 0) turn.fields = fields;
	return turn;
}

export function n8nChatTurn(body: Body): ParsedRequest {
	const sessionId = text(body.sessionId, 'sessionId');
	if (!sessionId) throw new BadChatRequest(400, 'An @n8n/chat request needs a "sessionId"');
	const metadata = object(body.metadata, 'metadata');
	const visitor = visitorFrom(container(metadata.visitor ?? metadata.user, 'metadata.visitor'), 'metadata.visitor');
	if (body.action === 'loadPreviousSession') return { kind: 'loadPreviousSession', dialect: 'n8nChat', sessionId, visitorId: visitor.id };
	if (body.action !== 'sendMessage') {
		throw new BadChatRequest(400, `"action" must be sendMessage or loadPreviousSession (got ${JSON.stringify(body.action)})`);
	}
	const turn: ChatTurn = {
		event: 'message',
		conversationId: sessionId,
		chatbotId: null,
		message: text(body.chatInput, 'chatInput'),
		actionId: null,
		visitor,
		contact: {},
		user: {},
		organization: {},
		metadata,
	};
	return { kind: 'turn', dialect: 'n8nChat', turn: checkComplete(turn) };
}

/**
 * DGbot's trigger values as its widgets and docs spell them ("button_click", "lead_capture",
 * "lead.captured", "ai_intent"…), read case- and separator-blind.
 */
const DGBOT_EVENTS: Record<string, ChatEvent> = {
	message: 'message',
	user_message: 'message',
	ai_intent: 'message',
	button: 'button',
	button_click: 'button',
	button_clicked: 'button',
	lead_captured: 'lead_captured',
	lead_capture: 'lead_captured',
	lead: 'lead_captured',
};

function dgbotEvent(trigger: string | null, hasActionId: boolean, hasLead: boolean): ChatEvent {
	if (trigger === null || trigger.trim() === '') return hasActionId ? 'button' : hasLead ? 'lead_captured' : 'message';
	const event = DGBOT_EVENTS[trigger.trim().toLowerCase().replace(/[\s.-]+/g, '_')];
	if (event) return event;
	throw new BadChatRequest(400, `"trigger" must be one of DGbot's: message, ai_intent, button_click, lead_capture (got ${JSON.stringify(trigger)})`);
}

/** Where DGbot payloads carry the visitor's text unless the trigger names other keys. */
export const DGBOT_MESSAGE_KEYS = ['message', 'text', 'user_message'];

export function dgbotTurn(body: Body, messageKeys: string[] = DGBOT_MESSAGE_KEYS): ChatTurn {
	const payload = container(body.payload, 'payload');
	const metadata = object(body.metadata, 'metadata');
	const trigger = text(body.trigger, 'trigger');
	const actionId = text(body.action_id, 'action_id');
	const fields = scalarFields(payload.fields ?? payload.lead, 'payload.fields');
	const event = dgbotEvent(trigger, actionId !== null, Object.keys(fields).length > 0);
	const visitor = visitorFrom(container(payload.visitor ?? payload.user, 'payload.visitor'), 'payload.visitor');
	visitor.id = text(metadata.visitor_id, 'metadata.visitor_id') ?? visitor.id;
	const turn: ChatTurn = {
		event,
		conversationId: text(body.conversation_id, 'conversation_id'),
		chatbotId: text(body.chatbot_id, 'chatbot_id'),
		message: firstText(payload, messageKeys) ?? firstText(body, messageKeys.filter((key) => !(key in DGBOT_ENVELOPE))),
		actionId: event === 'button' ? actionId : null,
		visitor,
		contact: object(payload.contact, 'payload.contact'),
		user: object(payload.user, 'payload.user'),
		organization: object(payload.organization, 'payload.organization'),
		metadata: {
			...metadata,
			...(actionId ? { action_id: actionId } : {}),
			...(trigger ? { trigger } : {}),
			...messageIdOf(metadata.messageId, metadata.message_id, body.message_id, payload.message_id),
		},
	};
	if (Object.keys(fields).length > 0) turn.fields = fields;
	return turn;
}

/** The envelope's own keys: never read as the visitor's text. */
const DGBOT_ENVELOPE = { action_id: 1, conversation_id: 1, chatbot_id: 1, trigger: 1, payload: 1, metadata: 1 };

export function helpdeskTurn(body: Body): ChatTurn {
	const contact = object(body.contact, 'contact');
	const conversation = container(body.conversation, 'conversation');
	const turn: ChatTurn = {
		event: eventOf(body.event, false, false),
		conversationId:
			text(conversation.id, 'conversation.id') ?? firstText(body, ['conversation_id', 'conversationId', 'session_id']),
		chatbotId: firstText(body, ['chatbot_id', 'chatbotId', 'inbox_id']),
		message: firstText(body, ['message', 'content', 'text']),
		actionId: null,
		visitor: visitorFrom(contact, 'contact'),
		contact,
		user: object(body.user, 'user'),
		organization: object(body.organization, 'organization'),
		metadata: {
			...object(body.metadata, 'metadata'),
			...messageIdOf(body.message_id, body.messageId),
		},
	};
	return turn;
}


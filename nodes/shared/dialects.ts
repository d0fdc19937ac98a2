/**
 * The chat widgets' formats (dialects): the request bodies they send, each turned into one
 * chat turn (read by the trigger), and the reply shape each expects back (`replyBody`, sent by
 * the trigger and by Chat Reply; @n8n/chat reads `{output}`). Detection is automatic; a
 * trigger can force one dialect.
 */
import { chatText } from './chat-text';
import { type ChatEvent, type ChatReply, type ChatTurn, isPlainObject, type Visitor } from './contract';

export const DIALECTS = ['native', 'n8nChat', 'dgbot', 'helpdesk'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** A request we refuse, with the status and a message that says what to fix. */
export class BadChatRequest extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		message: string,
	) {
		super(message);
		this.name = 'BadChatRequest';
	}
}

export type ParsedRequest =
	| { kind: 'turn'; dialect: Dialect; turn: ChatTurn }
	/** `@n8n/chat` asking for earlier messages: answered without starting an execution. */
	| { kind: 'loadPreviousSession'; dialect: 'n8nChat'; sessionId: string; visitorId: string | null };

type Body = Record<string, unknown>;

const MAX_TEXT = 10_000;

function text(value: unknown, field: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') throw new BadChatRequest(400, `"${field}" must be a string`);
	if (value.length > MAX_TEXT) throw new BadChatRequest(400, `"${field}" is longer than ${MAX_TEXT} characters`);
	return value;
}

/** A message id as widgets send one (a string or a number); anything else is no id. */
function messageIdOf(...values: unknown[]): { messageId: string } | Record<string, never> {
	for (const value of values) {
		if ((typeof value === 'string' && value !== '' && value.length <= 200) || (typeof value === 'number' && Number.isFinite(value))) return { messageId: String(value) };
	}
	return {};
}

/** How deep and how large a passed-through object (metadata, contact, …) may be. */
const MAX_NESTING = 16;
const MAX_VALUES = 5000;

/**
 * Refuses an object nested deeper than MAX_NESTING or holding more than MAX_VALUES values.
 * Walked with a stack, not recursion: a body of a few KB can nest thousands of levels, and
 * every node after the trigger (templates, masking, sealing, n8n saving the execution) would
 * have to survive it, after a side effect had already run.
 */
function checkSize(value: Record<string, unknown>, field: string): void {
	const pending: Array<[unknown, number]> = [[value, 1]];
	let values = 0;
	while (pending.length > 0) {
		const [node, depth] = pending.pop()!;
		if (depth > MAX_NESTING) throw new BadChatRequest(400, `"${field}" is nested more than ${MAX_NESTING} levels deep; send flatter data`);
		for (const inner of Array.isArray(node) ? node : Object.values(node as object)) {
			if (++values > MAX_VALUES) throw new BadChatRequest(400, `"${field}" holds more than ${MAX_VALUES} values; send less`);
			if (typeof inner === 'object' && inner !== null) pending.push([inner, depth + 1]);
		}
	}
}

/** An object the parser only reads named values from (a DGbot `payload`, a visitor). */
function container(value: unknown, field: string): Record<string, unknown> {
	if (value === undefined || value === null) return {};
	if (!isPlainObject(value)) throw new BadChatRequest(400, `"${field}" must be an object`);
	return value;
}

/** An object the turn passes on whole to templates (metadata, contact, …): bounded in depth and size. */
function object(value: unknown, field: string): Record<string, unknown> {
	const checked = container(value, field);
	checkSize(checked, field);
	return checked;
}

/**
 * A form's fields: one value each (text, a number, true/false or null). A field is one value
 * the router validates and a template renders; an object or a list would be stored and
 * rendered as "[object Object]" or joined, so it is refused here, naming the field.
 */
function scalarFields(value: unknown, field: string): Record<string, unknown> {
	const fields = container(value, field);
	if (Object.keys(fields).length > MAX_VALUES) throw new BadChatRequest(400, `"${field}" holds more than ${MAX_VALUES} values; send less`);
	for (const [name, inner] of Object.entries(fields)) {
		if (typeof inner === 'object' && inner !== null) {
			throw new BadChatRequest(400, `"${field}.${name}" must be text, a number or true/false, not ${Array.isArray(inner) ? 'a list' : 'an object'}`);
		}
		if (typeof inner === 'string') text(inner, `${field}.${name}`);
	}
	return fields;
}

function firstText(body: Body, fields: string[]): string | null {
	for (const field of fields) {
		const value = text(body[field], field);
		if (value !== null && value !== '') return value;
	}
	return null;
}

function visitorFrom(value: Record<string, unknown>, prefix: string): Visitor {
	return {
		id: text(value.id, `${prefix}.id`),
		name: text(value.name, `${prefix}.name`),
		email: text(value.email, `${prefix}.email`),
		phone: text(value.phone ?? value.phone_number, `${prefix}.phone`),
	};
}

export function detectDialect(body: Body): Dialect {
	if (typeof body.action === 'string' && ('sessionId' in body || 'chatInput' in body)) return 'n8nChat';
	if ('conversation_id' in body && ('action_id' in body || 'payload' in body || 'trigger' in body)) return 'dgbot';
	if ('conversationId' in body || 'event' in body || 'visitor' in body) return 'native';
	if (isPlainObject(body.contact)) return 'helpdesk';
	return 'native';
}

function eventOf(value: unknown, hasActionId: boolean, hasLead: boolean): ChatEvent {
	if (value === undefined || value === null) return hasActionId ? 'button' : hasLead ? 'lead_captured' : 'message';
	if (value === 'message' || value === 'button' || value === 'lead_captured') return value;
	throw new BadChatRequest(400, `"event" must be message, button or lead_captured (got ${JSON.stringify(value)})`);
}

/** Every event needs what makes it one: a message, a clicked action, or the lead's fields. */
function checkComplete(turn: ChatTurn): ChatTurn {
	if (!turn.conversationId) throw new BadChatRequest(400, 'A conversation id is required (conversationId)');
	if (turn.event === 'message' && !turn.message) throw new BadChatRequest(400, 'The request has no message: send a non-empty "message"');
	if (turn.event === 'button' && !turn.actionId) throw new BadChatRequest(400, 'A button event needs the clicked "actionId"');
	if (turn.event === 'lead_captured' && Object.keys(turn.fields ?? {}).length === 0) {
		throw new BadChatRequest(400, 'A lead_captured event needs the form\'s "fields"');
	}
	return turn;
}

function nativeTurn(body: Body): ChatTurn {
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

function n8nChatTurn(body: Body): ParsedRequest {
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

function dgbotTurn(body: Body): ChatTurn {
	const payload = container(body.payload, 'payload');
	const metadata = object(body.metadata, 'metadata');
	const trigger = text(body.trigger, 'trigger');
	const actionId = text(body.action_id, 'action_id');
	const event: ChatEvent = trigger === 'button' ? 'button' : trigger === 'lead_captured' ? 'lead_captured' : 'message';
	const visitor = visitorFrom(container(payload.visitor ?? payload.user, 'payload.visitor'), 'payload.visitor');
	visitor.id = text(metadata.visitor_id, 'metadata.visitor_id') ?? visitor.id;
	const turn: ChatTurn = {
		event,
		conversationId: text(body.conversation_id, 'conversation_id'),
		chatbotId: text(body.chatbot_id, 'chatbot_id'),
		message: firstText(payload, ['message', 'text', 'user_message']),
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
	const fields = scalarFields(payload.fields ?? payload.lead, 'payload.fields');
	if (Object.keys(fields).length > 0) turn.fields = fields;
	return turn;
}

function helpdeskTurn(body: Body): ChatTurn {
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

/**
 * Parses a request body in a dialect ('auto' detects it). Throws BadChatRequest for what
 * cannot be a chat turn, naming the field at fault.
 */
export function parseChatRequest(body: unknown, dialect: Dialect | 'auto' = 'auto'): ParsedRequest {
	if (!isPlainObject(body)) throw new BadChatRequest(400, 'The body must be a JSON object');
	const chosen = dialect === 'auto' ? detectDialect(body) : dialect;
	switch (chosen) {
		case 'n8nChat':
			return n8nChatTurn(body);
		case 'dgbot':
			return { kind: 'turn', dialect: chosen, turn: checkComplete(dgbotTurn(body)) };
		case 'helpdesk':
			return { kind: 'turn', dialect: chosen, turn: checkComplete(helpdeskTurn(body)) };
		default:
			return { kind: 'turn', dialect: 'native', turn: checkComplete(nativeTurn(body)) };
	}
}

/** The reply in the shape the sending widget reads. */
export function replyBody(dialect: Dialect, reply: ChatReply | undefined): Record<string, unknown> {
	const message = reply?.message ?? '';
	switch (dialect) {
		case 'n8nChat':
			// @n8n/chat shows `output` as Markdown and has no buttons of its own on a plain reply.
			return { output: chatText(reply) };
		case 'dgbot':
			return { message };
		default:
			return {
				message,
				buttons: reply?.buttons ?? [],
				links: reply?.links ?? [],
				handoff: reply?.handoff ?? false,
				tags: reply?.tags ?? [],
				data: reply?.data ?? {},
			};
	}
}

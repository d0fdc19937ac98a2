/**
 * Reading a request body's values safely, for every dialect: text bounded in length, objects
 * bounded in depth and size, and the error that refuses a request, naming what to fix.
 */
import { type ChatTurn, isPlainObject, type Visitor } from '../contract';

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

export type Body = Record<string, unknown>;

const MAX_TEXT = 10_000;

export function text(value: unknown, field: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') throw new BadChatRequest(400, `"${field}" must be a string`);
	if (value.length > MAX_TEXT) throw new BadChatRequest(400, `"${field}" is longer than ${MAX_TEXT} characters`);
	return value;
}

/** A message id as widgets send one (a string or a number); anything else is no id. */
export function messageIdOf(...values: unknown[]): { messageId: string } | Record<string, never> {
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
export function container(value: unknown, field: string): Record<string, unknown> {
	if (value === undefined || value === null) return {};
	if (!isPlainObject(value)) throw new BadChatRequest(400, `"${field}" must be an object`);
	return value;
}

/** An object the turn passes on whole to templates (metadata, contact, …): bounded in depth and size. */
export function object(value: unknown, field: string): Record<string, unknown> {
	const checked = container(value, field);
	checkSize(checked, field);
	return checked;
}

/**
 * A form's fields: one value each (text, a number, true/false or null). A field is one value
 * the router validates and a template renders; an object or a list would be stored and
 * rendered as "[object Object]" or joined, so it is refused here, naming the field.
 */
export function scalarFields(value: unknown, field: string): Record<string, unknown> {
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

export function firstText(body: Body, fields: string[]): string | null {
	for (const field of fields) {
		const value = text(body[field], field);
		if (value !== null && value !== '') return value;
	}
	return null;
}

export function visitorFrom(value: Record<string, unknown>, prefix: string): Visitor {
	return {
		id: text(value.id, `${prefix}.id`),
		name: text(value.name, `${prefix}.name`),
		email: text(value.email, `${prefix}.email`),
		phone: text(value.phone ?? value.phone_number, `${prefix}.phone`),
	};
}


/** Every event needs what makes it one: a message, a clicked action, the lead's fields, or (a release) only its conversation. */
export function checkComplete(turn: ChatTurn): ChatTurn {
	if (!turn.conversationId) throw new BadChatRequest(400, 'A conversation id is required (conversationId)');
	if (turn.event === 'message' && !turn.message) throw new BadChatRequest(400, 'The request has no message: send a non-empty "message"');
	if (turn.event === 'button' && !turn.actionId) throw new BadChatRequest(400, 'A button event needs the clicked "actionId"');
	if (turn.event === 'lead_captured' && Object.keys(turn.fields ?? {}).length === 0) {
		throw new BadChatRequest(400, 'A lead_captured event needs the form\'s "fields"');
	}
	return turn;
}

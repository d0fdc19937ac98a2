/** From an API's answer to what the visitor reads, or to a routable failure. */
import { type ChatReply, isPlainObject } from '../../shared/contract';
import { type MissingVariables, renderTemplate } from '../../shared/templates';
import { type FailureKind, type HttpAnswer, isRetryableStatus } from './send';

export type ParsedBody = { ok: true; body: unknown } | { ok: false; message: string };

/** JSON (or empty, or plain text) is a body we can use; HTML and other types are not. */
export function parseBody(answer: HttpAnswer): ParsedBody {
	if (answer.bodyOverLimitBytes !== undefined) {
		const limitKb = Math.round(answer.bodyOverLimitBytes / 1024);
		return { ok: false, message: `The API answered with more than ${limitKb} KB (option Max Response Size)` };
	}
	const raw = answer.headers['content-type'];
	const contentType = (Array.isArray(raw) ? raw[0] : raw ?? '').toLowerCase();
	const text = answer.bodyText;
	if (text.trim() === '') return { ok: true, body: null };
	const looksJson = /^\s*[[{"]/.test(text);
	if (contentType.includes('json') || (looksJson && !contentType.startsWith('text/html'))) {
		try {
			return { ok: true, body: JSON.parse(text) };
		} catch {
			return { ok: false, message: 'The API answered with a body that is not valid JSON' };
		}
	}
	if (contentType === '' || contentType.startsWith('text/plain')) return { ok: true, body: text };
	return { ok: false, message: `The API answered with ${contentType.split(';')[0]}, not JSON` };
}

/** Variables a reply template sees: the turn's (`turnVariables`), plus `data`, `response` and `status`. */
export function replyVariables(turnVariables: Record<string, unknown>, body: unknown, status: number): Record<string, unknown> {
	const data = isPlainObject(body) && 'data' in body ? body.data : body;
	return { ...turnVariables, data, response: body, status };
}

function listOf<T>(value: unknown, keep: (entry: Record<string, unknown>) => T | undefined): T[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const list = value.filter(isPlainObject).map(keep).filter((entry): entry is T => entry !== undefined);
	return list.length > 0 ? list : undefined;
}

/**
 * A body with a `message` is the reply as it stands (with its buttons and links, if any);
 * otherwise the reply template renders the body.
 */
export function successReply(
	turnVariables: Record<string, unknown>,
	body: unknown,
	status: number,
	replyTemplate: string,
	missing: MissingVariables,
): ChatReply {
	if (isPlainObject(body) && typeof body.message === 'string' && body.message !== '') {
		const reply: ChatReply = { message: body.message };
		const buttons = listOf(body.buttons, (b) =>
			typeof b.label === 'string' ? { label: b.label, ...(typeof b.actionId === 'string' ? { actionId: b.actionId } : {}), ...(typeof b.url === 'string' ? { url: b.url } : {}) } : undefined,
		);
		const links = listOf(body.links, (l) =>
			typeof l.label === 'string' && typeof l.url === 'string' ? { label: l.label, url: l.url } : undefined,
		);
		if (buttons) reply.buttons = buttons;
		if (links) reply.links = links;
		if (body.handoff === true) reply.handoff = true;
		return reply;
	}
	return { message: renderTemplate(replyTemplate, 'text', replyVariables(turnVariables, body, status), { missing }) };
}

/** Statuses whose `message` is written for the person asking (not found, invalid input, conflict). */
const VISITOR_FACING_STATUSES = new Set([400, 404, 409, 422]);

export function apiMessageForVisitor(status: number | undefined, body: unknown): string | undefined {
	if (status === undefined || !VISITOR_FACING_STATUSES.has(status)) return undefined;
	return isPlainObject(body) && typeof body.message === 'string' && body.message !== '' ? body.message : undefined;
}

export interface ActionFailure {
	kind: FailureKind;
	status?: number;
	/** For the flow's builder: what went wrong, secrets masked. */
	message: string;
	/** Whether sending the same request later may succeed. */
	retryable: boolean;
	attempts: number;
	/** When the API's Retry-After asked to be called again (ISO 8601), for a retry later. */
	retryAt?: string;
	/** That Retry-After in seconds, as the API sent it or computed from its date. */
	retryAfterSeconds?: number;
}

export function isRetryableFailure(kind: FailureKind, status?: number): boolean {
	if (kind === 'timeout' || kind === 'network') return true;
	return kind === 'http' && status !== undefined && isRetryableStatus(status);
}

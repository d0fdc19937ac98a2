/** Turns an action's configuration and a chat turn into the exact request to send. */
import { createHash } from 'node:crypto';

import { type ChatTurn, isPlainObject, templateVariables } from '../../shared/contract';
import {
	headerValueProblem,
	type MissingVariables,
	parseHttpUrl,
	renderJson,
	renderTemplate,
	renderUrl,
	TemplateError,
} from '../../shared/templates';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods a repeat of which changes nothing more (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

export type BodyType = 'none' | 'json' | 'form' | 'raw';

/** A template that came from an n8n expression is already final text: never compile it. */
export interface TemplateText {
	text: string;
	literal?: boolean;
}

export interface NameValue {
	name: string;
	value: TemplateText;
}

export interface RequestConfig {
	method: HttpMethod;
	url: TemplateText;
	query: NameValue[];
	headers: NameValue[];
	bodyType: BodyType;
	jsonBody?: TemplateText;
	formFields?: NameValue[];
	rawBody?: TemplateText;
	rawContentType?: string;
	/** Wrap the body in the DGbot envelope. */
	envelope: boolean;
	/** Header carrying the idempotency key; empty sends none. */
	idempotencyHeader: string;
	missingVariables: MissingVariables;
	/** Resolves a relative URL ("/orders/1"): the credential's Base URL. */
	baseUrl?: string;
}

export interface RenderedRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: string;
	idempotencyKey?: string;
	/** True when sending it twice is safe: an idempotent method, or a key the API can dedupe on. */
	retrySafe: boolean;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function render(template: TemplateText, target: 'text' | 'json' | 'url' | 'header', vars: object, missing: MissingVariables): string {
	if (!template.literal) return renderTemplate(template.text, target, vars, { missing });
	const problem = target === 'header' ? headerValueProblem(template.text) : undefined;
	if (problem) throw new TemplateError(`A header value contains ${problem}, which a header value cannot hold`);
	return template.text;
}

function resolveUrl(config: RequestConfig, vars: object): URL {
	const isRelative = config.url.text.trim().startsWith('/');
	if (isRelative && !config.baseUrl) {
		throw new TemplateError(
			`The URL "${config.url.text}" is relative: give the credential a Base URL, or write the full address`,
		);
	}
	if (config.url.literal) return parseHttpUrl(isRelative ? joinUrl(config.baseUrl!, config.url.text) : config.url.text);
	const rendered = renderUrl(isRelative ? 'http://relative.invalid' + config.url.text : config.url.text, vars, {
		missing: config.missingVariables,
	});
	if (!isRelative) return rendered;
	return new URL(joinUrl(config.baseUrl!, rendered.pathname + rendered.search + rendered.hash));
}

function joinUrl(base: string, path: string): string {
	return base.replace(/\/+$/, '') + path;
}

/**
 * The envelope's `trigger` in DGbot's own values: a button click, a lead form, or the intent a
 * message was read as (also for the turns that collected the action's fields).
 */
function dgbotTrigger(turn: ChatTurn): string {
	const how = turn.action?.trigger ?? turn.event;
	if (how === 'button') return 'button_click';
	if (how === 'lead_captured') return 'lead_capture';
	return turn.action?.trigger ? 'ai_intent' : 'message';
}

/** The DGbot-style envelope some chat APIs expect around an action's payload. */
function envelope(turn: ChatTurn, payload: unknown): Record<string, unknown> {
	const metadata = isPlainObject(turn.metadata) ? turn.metadata : {};
	return {
		action_id: turn.action?.name ?? turn.actionId ?? null,
		conversation_id: turn.conversationId ?? null,
		chatbot_id: turn.chatbotId ?? null,
		trigger: dgbotTrigger(turn),
		payload,
		metadata: {
			visitor_id: turn.visitor?.id ?? null,
			// The turn's own time, so a re-run renders the same request.
			timestamp: typeof metadata.receivedAt === 'string' ? metadata.receivedAt : new Date().toISOString(),
		},
	};
}

/**
 * Same conversation, action, turn and request: same key. A retry, or n8n re-running the
 * execution, sends what the API already saw and can be answered from its record.
 */
function idempotencyKey(turn: ChatTurn, method: string, url: string, body: string | undefined): string {
	const metadata = isPlainObject(turn.metadata) ? turn.metadata : {};
	const turnId = metadata.messageId ?? metadata.receivedAt ?? null;
	return createHash('sha256')
		.update(JSON.stringify([turn.conversationId ?? null, turn.action?.name ?? turn.actionId ?? null, turnId, method, url, body ?? null]))
		.digest('hex');
}

function renderBody(config: RequestConfig, turn: ChatTurn, vars: object): { body?: string; contentType?: string } {
	const missing = config.missingVariables;
	switch (config.bodyType) {
		case 'json': {
			const template = config.jsonBody ?? { text: '{}' };
			let payload: unknown;
			if (template.literal) {
				try {
					payload = JSON.parse(template.text);
				} catch (error) {
					throw new TemplateError(`The JSON body is not valid JSON: ${(error as Error).message}`);
				}
			} else {
				payload = renderJson(template.text, vars, { missing });
			}
			const data = config.envelope ? envelope(turn, payload) : payload;
			return { body: JSON.stringify(data), contentType: 'application/json' };
		}
		case 'form': {
			const fields = (config.formFields ?? []).map((field): [string, string] => [field.name, render(field.value, 'text', vars, missing)]);
			if (config.envelope) {
				return { body: JSON.stringify(envelope(turn, Object.fromEntries(fields))), contentType: 'application/json' };
			}
			return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
		}
		case 'raw':
			return {
				body: render(config.rawBody ?? { text: '' }, 'text', vars, missing),
				contentType: config.rawContentType || 'text/plain',
			};
		default:
			return config.envelope ? { body: JSON.stringify(envelope(turn, null)), contentType: 'application/json' } : {};
	}
}

/** `vars`: the turn's template variables, built once per turn by the caller. */
export function buildRequest(config: RequestConfig, turn: ChatTurn, vars: object = templateVariables(turn)): RenderedRequest {
	const missing = config.missingVariables;
	const url = resolveUrl(config, vars);
	for (const { name, value } of config.query) {
		if (name) url.searchParams.append(name, render(value, 'text', vars, missing));
	}

	const headers: Record<string, string> = {};
	for (const { name, value } of config.headers) {
		if (!name) continue;
		if (!HEADER_NAME.test(name)) throw new TemplateError(`"${name}" is not a valid header name`);
		headers[name] = render(value, 'header', vars, missing);
	}

	const { body, contentType } = config.method === 'GET' ? {} : renderBody(config, turn, vars);
	const hasHeader = (wanted: string) => Object.keys(headers).some((name) => name.toLowerCase() === wanted.toLowerCase());
	if (contentType && !hasHeader('content-type')) headers['Content-Type'] = contentType;
	if (!hasHeader('accept')) headers.Accept = 'application/json';

	let key: string | undefined;
	if (config.idempotencyHeader && !IDEMPOTENT_METHODS.has(config.method)) {
		key = idempotencyKey(turn, config.method, url.toString(), body);
		if (!hasHeader(config.idempotencyHeader)) headers[config.idempotencyHeader] = key;
	}
	return {
		method: config.method,
		url: url.toString(),
		headers,
		body,
		idempotencyKey: key,
		retrySafe: IDEMPOTENT_METHODS.has(config.method) || key !== undefined,
	};
}

/**
 * One HTTP action for one chat turn: render, check the destination, send with retries,
 * and turn the outcome into the item for the Success or the Error output. Knows nothing
 * of n8n: the node hands it a transport that sends through n8n's HTTP helpers.
 */
import { type ChatTurn, isPlainObject, templateVariables, withReply } from '../../shared/contract';
import { headerValue } from '../../shared/http-headers';
import { ENGLISH, languageOfItem, textsFor } from '../../shared/languages';
import { HIDDEN, maskHeaders, maskSecrets } from '../../shared/secrets';
import { type MissingVariables, renderTemplate, TemplateError } from '../../shared/templates';
import { checkDestination, DestinationError, type DestinationPolicy, type LookupAll } from './destination';
import {
	type ActionFailure,
	apiMessageForVisitor,
	isRetryableFailure,
	parseBody,
	replyVariables,
	successReply,
} from './reply';
import { buildRequest, type RenderedRequest, type RequestConfig } from './request';
import { type Clock, type HttpAnswer, retryAfterMs, type RetryPolicy, type SendResult, sendWithRetries, systemClock, type Transport } from './send';

/** The failure reply's option default: English (shared/languages holds it in every language). */
export const DEFAULT_FAILURE_MESSAGE = ENGLISH.httpAction.failure;

export interface ActionConfig {
	request: RequestConfig;
	destination: DestinationPolicy;
	retry: RetryPolicy;
	/** Renders the reply when the body has no `message` (sees `data`, `response`, `status`). */
	replyTemplate: string;
	/** What the visitor reads when the action fails (a template); empty or the default: the router's language's. */
	failureMessage: string;
	handoffOnFailure: boolean;
	/** Use the API's own `message` for the visitor on 400/404/409/422. */
	useApiErrorMessages: boolean;
	/** Dot paths copied from the response body into `response.fields`. */
	keepFields: string[];
	/** Render the request and output it, without sending. */
	dryRun: boolean;
}

export interface ActionDeps {
	transport: Transport;
	/** Headers the credential adds when sending; shown as hidden in records. */
	authHeaders: string[];
	/**
	 * The credential's secret values, hidden wherever the action's own products hold them: the
	 * API's answer, errors, the request record. The visitor's own text is left as typed.
	 */
	secrets?: string[];
	lookup?: LookupAll;
	clock?: Clock;
}

export interface RequestRecord {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	idempotencyKey?: string;
}

export interface ActionOutcome {
	output: 'success' | 'error';
	item: ChatTurn;
	/** On success, when the reply template wrote the reply: the `data` it saw (for a model to phrase). */
	templateData?: unknown;
}

/** The request as the flow may see and store it: credential headers present but hidden. */
function requestRecord(request: RenderedRequest, authHeaders: string[]): RequestRecord {
	const headers = { ...request.headers };
	for (const name of authHeaders) headers[name] = HIDDEN;
	return {
		method: request.method,
		url: request.url,
		headers: maskHeaders(headers, authHeaders),
		...(request.body !== undefined ? { body: request.body } : {}),
		...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
	};
}

function pick(body: unknown, path: string): unknown {
	let node: unknown = body;
	for (const part of path.split('.')) {
		if (!isPlainObject(node) && !Array.isArray(node)) return undefined;
		if (!Object.prototype.hasOwnProperty.call(node, part)) return undefined;
		node = (node as Record<string, unknown>)[part];
	}
	return node;
}

/**
 * The failure reply: the owner's text, else the built-in one in the language the router found
 * for the turn (`router.language`). The option left at its English default counts as not set.
 */
function failureReply({ turn, vars }: TurnInput, config: ActionConfig, missing: MissingVariables, apiMessage?: string) {
	const builtIn = textsFor(languageOfItem(turn)).httpAction.failure;
	const own = config.failureMessage === DEFAULT_FAILURE_MESSAGE ? '' : config.failureMessage;
	let message = apiMessage;
	if (!message) {
		try {
			message = renderTemplate(own || builtIn, 'text', vars, { missing });
		} catch {
			message = builtIn; // a broken failure template must not cost the visitor a reply
		}
	}
	return { message, handoff: config.handoffOnFailure && !apiMessage, tags: ['action_failed'] };
}

/** A turn and its template variables, built once. */
interface TurnInput {
	turn: ChatTurn;
	vars: Record<string, unknown>;
}

function failed(
	{ turn, vars }: TurnInput,
	config: ActionConfig,
	failure: ActionFailure,
	request: RequestRecord | undefined,
	apiMessage?: string,
): ActionOutcome {
	const reply = failureReply({ turn, vars }, config, config.request.missingVariables, apiMessage);
	return {
		output: 'error',
		item: { ...withReply(turn, reply), error: { ...failure, ...(request ? { request } : {}) } },
	};
}

/** A failure outside the engine's own steps (the node's, after the answer): the Error output's item, with the failure reply. */
export function failedAfterAnswer(turn: ChatTurn, config: ActionConfig, failure: ActionFailure): ActionOutcome {
	return failed({ turn, vars: templateVariables(turn) }, config, failure, undefined);
}

export async function runHttpAction(turn: ChatTurn, config: ActionConfig, deps: ActionDeps): Promise<ActionOutcome> {
	const input: TurnInput = { turn, vars: templateVariables(turn) };
	const mask = <T>(value: T): T => maskSecrets(value, deps.secrets ?? []);
	let request: RenderedRequest;
	try {
		request = buildRequest(config.request, turn, input.vars);
	} catch (error) {
		if (!(error instanceof TemplateError)) throw error;
		return failed(input, config, { kind: 'invalid_request', message: error.message, retryable: false, attempts: 0 }, undefined);
	}
	const record = mask(requestRecord(request, deps.authHeaders));

	try {
		await checkDestination(new URL(request.url), config.destination, deps.lookup);
	} catch (error) {
		if (!(error instanceof DestinationError)) throw error;
		return failed(input, config, { kind: 'blocked', message: error.message, retryable: false, attempts: 0 }, record);
	}

	if (config.dryRun) return { output: 'success', item: { ...turn, request: record } };

	const sent = await sendWithRetries(request, deps.transport, config.retry, deps.clock);
	// From here the API may have acted: every step ends in an output with a reply, never a throw.
	try {
		return answered(input, config, sent, record, { ...deps, mask });
	} catch (error) {
		const failure: ActionFailure = {
			kind: 'invalid_response',
			...(sent.answer ? { status: sent.answer.status } : {}),
			message: mask(`The answer could not be processed: ${(error as Error)?.message ?? String(error)}`),
			retryable: false,
			attempts: sent.attempts,
		};
		return failed(input, config, failure, record);
	}
}

/** The outcome of a request that was sent: its answer (masked) as the reply, or the failure. */
function answered(
	input: TurnInput,
	config: ActionConfig,
	sent: SendResult,
	record: RequestRecord,
	deps: ActionDeps & { mask: <T>(value: T) => T },
): ActionOutcome {
	const { answer, attempts, durationMs } = sent;
	const { mask } = deps;
	if (!answer) {
		const error = sent.transportError!;
		return failed(input, config, { kind: error.kind, message: mask(error.message), retryable: true, attempts }, record);
	}

	const parsed = parseBody(answer);
	const body = parsed.ok ? mask(parsed.body) : undefined;
	if (answer.status < 200 || answer.status >= 300) {
		const failure: ActionFailure = {
			kind: 'http',
			status: answer.status,
			message: `The API answered ${answer.status}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
			retryable: isRetryableFailure('http', answer.status),
			attempts,
			...retryAfterOf(answer, (deps.clock ?? systemClock).now()),
		};
		const apiMessage = config.useApiErrorMessages ? apiMessageForVisitor(answer.status, body) : undefined;
		const item = failed(input, config, failure, record, apiMessage);
		if (body !== undefined) (item.item.error as Record<string, unknown>).responseBody = body;
		return item;
	}
	if (!parsed.ok) {
		return failed(
			input,
			config,
			{ kind: 'invalid_response', status: answer.status, message: parsed.message, retryable: false, attempts },
			record,
		);
	}

	let reply;
	try {
		reply = successReply(input.vars, body, answer.status, config.replyTemplate, config.request.missingVariables);
	} catch (error) {
		if (!(error instanceof TemplateError)) throw error;
		// The API did its work; only our reply template failed. Say so, keep the response.
		const outcome = failed(
			input,
			config,
			{ kind: 'invalid_response', status: answer.status, message: `The reply template failed: ${error.message}`, retryable: false, attempts },
			record,
		);
		(outcome.item.error as Record<string, unknown>).responseBody = body;
		return outcome;
	}
	const fields = Object.fromEntries(config.keepFields.map((path) => [path, pick(body, path)]));
	const fromBody = isPlainObject(body) && typeof body.message === 'string' && body.message !== '';
	return {
		output: 'success',
		item: { ...withReply(input.turn, reply), response: { status: answer.status, attempts, durationMs, fields } },
		...(fromBody ? {} : { templateData: replyVariables({}, body, answer.status).data }),
	};
}

const MAX_DATE_MS = 8.64e15;

/** The API's Retry-After on a final failure: a later retry should not start before it. */
function retryAfterOf(answer: HttpAnswer, now: number): Pick<ActionFailure, 'retryAt' | 'retryAfterSeconds'> {
	const waitMs = retryAfterMs(headerValue(answer.headers, 'retry-after'), now);
	// An absurd value (beyond what a Date can hold) is no instruction worth passing on.
	if (waitMs === undefined || !Number.isFinite(waitMs) || now + waitMs > MAX_DATE_MS) return {};
	return { retryAt: new Date(now + waitMs).toISOString(), retryAfterSeconds: Math.ceil(waitMs / 1000) };
}

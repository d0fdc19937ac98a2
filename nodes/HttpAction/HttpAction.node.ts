import {
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type JsonObject,
} from 'n8n-workflow';

import type { Readable } from 'node:stream';

import type { ChatTurn } from '../shared/contract';
import { maskSecrets } from '../shared/secrets';
import { type ActionConfig, type ActionOutcome, runHttpAction } from './engine/action';
import type { BodyType, HttpMethod, NameValue, TemplateText } from './engine/request';
import { type HttpAnswer, type Transport, TransportError } from './engine/send';
import { AUTHENTICATIONS, type AuthenticationName, authenticationFor } from './authentication';
import { httpActionProperties } from './HttpActionDescription';

/**
 * Success and Error outputs, or one output when failures stop the flow. Evaluated by n8n
 * from its source text, so it must stay self-contained (no imports, no closures).
 */
const configuredOutputs = (parameters: { onFailure?: string }) =>
	parameters.onFailure === 'stop'
		? [{ type: 'main', displayName: 'Success' }]
		: [
				{ type: 'main', displayName: 'Success' },
				{ type: 'main', displayName: 'Error' },
			];

type Ctx = IExecuteFunctions;

/** A template parameter, and whether n8n already resolved it as an expression. */
function templateParameter(ctx: Ctx, name: string, itemIndex: number): TemplateText {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { rawExpressions: true }) as string;
	if (typeof raw === 'string' && raw.startsWith('=')) {
		// An n8n expression's result is final text: compiling it could run a visitor's words.
		return { text: String(ctx.getNodeParameter(name, itemIndex, '')), literal: true };
	}
	return { text: raw ?? '' };
}

function nameValueList(ctx: Ctx, name: string, itemIndex: number): NameValue[] {
	const raw = ctx.getNodeParameter(`${name}.entries`, itemIndex, [], { rawExpressions: true }) as IDataObject[];
	const resolved = ctx.getNodeParameter(`${name}.entries`, itemIndex, []) as IDataObject[];
	return raw.map((entry, index) => {
		const value = String(entry.value ?? '');
		return {
			name: String(resolved[index]?.name ?? '').trim(),
			value: value.startsWith('=') ? { text: String(resolved[index]?.value ?? ''), literal: true } : { text: value },
		};
	});
}

function readConfig(ctx: Ctx, itemIndex: number, baseUrl: string | undefined): ActionConfig {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const bodyType = ctx.getNodeParameter('bodyType', itemIndex, 'none') as BodyType;
	const missingVariables = options.missingVariables === 'empty' ? 'empty' : 'error';
	return {
		request: {
			method: ctx.getNodeParameter('method', itemIndex) as HttpMethod,
			url: templateParameter(ctx, 'url', itemIndex),
			query: nameValueList(ctx, 'queryParameters', itemIndex),
			headers: nameValueList(ctx, 'headerParameters', itemIndex),
			bodyType,
			jsonBody: bodyType === 'json' ? templateParameter(ctx, 'jsonBody', itemIndex) : undefined,
			formFields: bodyType === 'form' ? nameValueList(ctx, 'formFields', itemIndex) : undefined,
			rawBody: bodyType === 'raw' ? templateParameter(ctx, 'rawBody', itemIndex) : undefined,
			rawContentType: bodyType === 'raw' ? (ctx.getNodeParameter('rawContentType', itemIndex) as string) : undefined,
			envelope: options.envelope === true,
			idempotencyHeader: String(options.idempotencyHeader ?? 'Idempotency-Key').trim(),
			missingVariables,
			baseUrl,
		},
		destination: {
			allowedHosts: String(options.allowedHosts ?? '')
				.split(',')
				.map((host) => host.trim())
				.filter(Boolean),
			blockPrivateAddresses: options.blockPrivateAddresses === true,
		},
		retry: {
			maxRetries: Number(options.maxRetries ?? 2),
			baseDelayMs: 500,
			maxDelayMs: Number(options.maxRetryDelay ?? 10) * 1000,
			maxTotalMs: Number(options.maxRetryTime ?? 30) * 1000,
			timeoutMs: Number(options.timeout ?? 10_000),
		},
		replyTemplate: ctx.getNodeParameter('replyTemplate', itemIndex, '') as string,
		failureMessage: String(options.failureMessage ?? ''),
		handoffOnFailure: options.handoffOnFailure !== false,
		useApiErrorMessages: options.useApiErrorMessages !== false,
		keepFields: String(options.keepFields ?? '')
			.split(',')
			.map((path) => path.trim())
			.filter(Boolean),
		dryRun: options.dryRun === true,
	};
}

/** Finds a transport-level cause (ECONNRESET, timeout…) in n8n's wrapped error. */
function transportErrorFrom(error: unknown, pastDeadline: boolean): TransportError {
	const chain: Array<Record<string, unknown>> = [];
	let node: unknown = error;
	while (typeof node === 'object' && node !== null && chain.length < 6) {
		chain.push(node as Record<string, unknown>);
		node = (node as { cause?: unknown }).cause;
	}
	const code = chain.map((level) => level.code).find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	const timedOut = pastDeadline || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || chain.some((l) => /timeout/i.test(String(l.message ?? '')));
	return timedOut
		? new TransportError('The API did not answer in time', 'timeout', code)
		: new TransportError(`The API could not be reached${code ? ` (${code})` : ''}`, 'network', code);
}

/** The option in bytes (it is set in KB). */
function maxResponseBytes(ctx: Ctx, itemIndex: number): number {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return Math.max(1, Number(options.maxResponseSize ?? 1024)) * 1024;
}

/**
 * Reads a response body up to `limitBytes`. A longer body (by its Content-Length, or once the
 * bytes read pass the limit) is not kept: the stream is destroyed, which closes the connection.
 */
async function readCapped(body: Readable, declaredLength: number, limitBytes: number): Promise<{ text: string } | { over: true }> {
	if (declaredLength > limitBytes) {
		body.destroy();
		return { over: true };
	}
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		length += chunk.length;
		if (length > limitBytes) {
			body.destroy();
			return { over: true };
		}
		chunks.push(chunk);
	}
	return { text: Buffer.concat(chunks).toString('utf8') };
}

function n8nTransport(ctx: Ctx, authentication: AuthenticationName, restrictRedirects: boolean, maxResponseBytes: number): Transport {
	const credentialType = AUTHENTICATIONS[authentication].credentialType;
	return async (request, timeoutMs): Promise<HttpAnswer> => {
		// n8n's `timeout` only fires when the connection goes quiet; a body that keeps trickling
		// would hold the turn for ever. The deadline bounds the whole attempt, reading included.
		const deadline = AbortSignal.timeout(timeoutMs);
		const options = {
			method: request.method as IHttpRequestMethods,
			url: request.url,
			headers: { ...request.headers },
			body: request.body,
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A stream, so that an oversized body is refused without holding it in memory.
			encoding: 'stream' as const,
			json: false,
			disableFollowRedirect: restrictRedirects,
			abortSignal: deadline,
		};
		try {
			const sending = (async (): Promise<HttpAnswer> => {
				const response = (await (credentialType
					? ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)
					: ctx.helpers.httpRequest(options))) as { statusCode: number; headers: IDataObject; body: Readable };
				const headers = response.headers as HttpAnswer['headers'];
				const { body } = response; // a Readable for `encoding: 'stream'` (n8n's evaluation mocks too)
				deadline.addEventListener('abort', () => body.destroy(), { once: true });
				const read = await readCapped(body, Number(headers['content-length'] ?? 0), maxResponseBytes);
				return 'over' in read
					? { status: response.statusCode, headers, bodyText: '', bodyOverLimitBytes: maxResponseBytes }
					: { status: response.statusCode, headers, bodyText: read.text };
			})();
			// When it authenticates, n8n replaces abortSignal with the execution's own, so the
			// deadline is raced as well: the turn is answered on time even if that request lingers.
			sending.catch(() => undefined);
			const expired = new Promise<never>((_resolve, reject) =>
				deadline.addEventListener('abort', () => reject(new Error('The attempt passed its deadline')), { once: true }),
			);
			return await Promise.race([sending, expired]);
		} catch (error) {
			throw transportErrorFrom(error, deadline.aborted);
		}
	};
}

export class HttpAction implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HTTP Action',
		name: 'httpAction',
		icon: { light: 'file:httpAction.svg', dark: 'file:httpAction.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["method"] + " " + $parameter["url"]}}',
		description: "Calls your API with stored credentials and turns its answer into the visitor's chat reply",
		defaults: { name: 'HTTP Action' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: Object.values(AUTHENTICATIONS)
			.filter((auth) => auth.credentialType)
			.map((auth) => ({
				name: auth.credentialType!,
				required: true,
				displayOptions: { show: { authentication: [auth.name] } },
			})),
		properties: httpActionProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const onFailure = this.getNodeParameter('onFailure', 0, 'errorOutput') as string;
		const success: INodeExecutionData[] = [];
		const errors: INodeExecutionData[] = [];

		// Credentials are decrypted once per type, not once per item.
		const resolved = new Map<AuthenticationName, Awaited<ReturnType<typeof authenticationFor>>>();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const authentication = this.getNodeParameter('authentication', itemIndex, 'none') as AuthenticationName;
			if (!resolved.has(authentication)) resolved.set(authentication, await authenticationFor(this, authentication));
			const auth = resolved.get(authentication)!;
			const config = readConfig(this, itemIndex, auth.baseUrl);
			const restrictRedirects = config.destination.allowedHosts.length > 0 || config.destination.blockPrivateAddresses;
			const outcome: ActionOutcome = await runHttpAction(items[itemIndex].json as ChatTurn, config, {
				transport: n8nTransport(this, authentication, restrictRedirects, maxResponseBytes(this, itemIndex)),
				authHeaders: auth.headers,
			});
			// Whatever the API echoed or a template rendered, no credential value leaves the node.
			const json = maskSecrets(outcome.item, auth.secrets) as IDataObject;
			const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };

			if (outcome.output === 'success') {
				success.push(item);
			} else if (onFailure === 'errorOutput') {
				errors.push(item);
			} else if (this.continueOnFail()) {
				success.push(item);
			} else {
				const error = json.error as IDataObject;
				const description = `${String(error.kind)}${error.status ? ` (HTTP ${String(error.status)})` : ''}; the visitor was told: ${String((json.reply as IDataObject)?.message ?? '')}`;
				if (error.kind === 'http') {
					throw new NodeApiError(this.getNode(), error as JsonObject, {
						message: String(error.message),
						description,
						httpCode: String(error.status),
						itemIndex,
					});
				}
				throw new NodeOperationError(this.getNode(), String(error.message), { description, itemIndex });
			}
		}
		return onFailure === 'stop' ? [success] : [success, errors];
	}
}

/** The HTTP Action's parameters, read for one item into the engine's ActionConfig. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { commaList } from '../shared/lists';
import type { ActionConfig } from './engine/action';
import { HTTP_ACTION_DEFAULTS } from './engine/defaults';
import type { BodyType, HttpMethod, NameValue, TemplateText } from './engine/request';
import { fromAiPlaceholders } from './engine/tool';

type Ctx = IExecuteFunctions;

/** A template parameter, and whether n8n already resolved it as an expression. */
function templateParameter(ctx: Ctx, name: string, itemIndex: number): TemplateText {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { rawExpressions: true }) as string;
	if (typeof raw === 'string' && raw.startsWith('=')) {
		// An n8n expression's result is final text: compiling it could run a visitor's words.
		return { text: String(ctx.getNodeParameter(name, itemIndex, '')), literal: true };
	}
	return { text: fromAiPlaceholders(raw ?? '') };
}

function nameValueList(ctx: Ctx, name: string, itemIndex: number): NameValue[] {
	const raw = ctx.getNodeParameter(`${name}.entries`, itemIndex, [], { rawExpressions: true }) as IDataObject[];
	const resolved = ctx.getNodeParameter(`${name}.entries`, itemIndex, []) as IDataObject[];
	return raw.map((entry, index) => {
		const value = String(entry.value ?? '');
		return {
			name: String(resolved[index]?.name ?? '').trim(),
			value: value.startsWith('=') ? { text: String(resolved[index]?.value ?? ''), literal: true } : { text: fromAiPlaceholders(value) },
		};
	});
}

export function readConfig(ctx: Ctx, itemIndex: number, options: IDataObject, baseUrl: string | undefined): ActionConfig {
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
			idempotencyHeader: String(options.idempotencyHeader ?? HTTP_ACTION_DEFAULTS.idempotencyHeader).trim(),
			missingVariables,
			baseUrl,
		},
		destination: {
			allowedHosts: commaList(options.allowedHosts),
			blockPrivateAddresses: options.blockPrivateAddresses === true,
		},
		retry: {
			maxRetries: Number(options.maxRetries ?? HTTP_ACTION_DEFAULTS.maxRetries),
			baseDelayMs: HTTP_ACTION_DEFAULTS.baseDelayMs,
			maxDelayMs: Number(options.maxRetryDelay ?? HTTP_ACTION_DEFAULTS.maxRetryDelaySeconds) * 1000,
			maxTotalMs: Number(options.maxRetryTime ?? HTTP_ACTION_DEFAULTS.maxRetryTimeSeconds) * 1000,
			timeoutMs: Number(options.timeout ?? HTTP_ACTION_DEFAULTS.timeoutMs),
		},
		replyTemplate: ctx.getNodeParameter('replyTemplate', itemIndex, '') as string,
		failureMessage: String(options.failureMessage ?? ''),
		handoffOnFailure: options.handoffOnFailure !== false,
		useApiErrorMessages: options.useApiErrorMessages !== false,
		keepFields: commaList(options.keepFields),
		dryRun: options.dryRun === true,
	};
}

/** The option in bytes (it is set in KB). */
export function maxResponseBytes(options: IDataObject): number {
	return Math.max(1, Number(options.maxResponseSize ?? HTTP_ACTION_DEFAULTS.maxResponseSizeKb)) * 1024;
}

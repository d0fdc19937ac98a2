import {
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';

import type { AuthenticationName } from '../shared/authentication';
import { type ChatReply, isPlainObject } from '../shared/contract';
import { commaList } from '../shared/lists';
import { sealTurn } from '../shared/personal-data';
import { mayContinue, ownConversationId, senderOfRequest } from '../shared/sender';
import { chatActionsPersonalDataKeyTest, personalDataKey } from '../shared/personal-data-node';
import { BadChatRequest, type Dialect, parseChatRequest, replyBody } from '../shared/dialects';
import { chatActionsRedisConnectionTest } from '../shared/redis-credential-node';
import {
	conversationStateKey,
	getRedisRequestGuards,
	getRedisStateStore,
	getSharedMemoryStateStore,
	type StateStore,
	StateStoreError,
} from '../shared/state';
import { TRIGGER_DEFAULTS } from './engine/defaults';
import { admit, ProcessGuards, type RequestGuards } from './engine/guards';
import { playgroundHeaders, playgroundPage } from './engine/playground';
import { previousSessionMessages } from './engine/previous-session';
import { messageIdFor } from './engine/resend';
import { type Verification, verifyRequest } from './engine/verification';
import { collectStream, readsStream, STREAM_HEADERS } from './engine/streaming';
import { type FormRequest, formRequest, storeFiles } from './request-files';
import { chatActionTriggerProperties } from './ChatActionTriggerDescription';
import { fieldsFromParameters } from './webhook-fields';

type Ctx = IWebhookFunctions;

/** Rate limits, HMAC signatures seen, recent message ids: per n8n process unless the trigger has Redis. */
const processGuards = new ProcessGuards();

/** Where the trigger keeps its guards and finds the router's threads (the Conversation State parameter). */
interface TriggerState {
	guards: RequestGuards;
	/** Only Load Previous Session reads the router's threads: the store is made when it does. */
	openStore: () => StateStore;
}

async function triggerStateFor(ctx: Ctx): Promise<TriggerState> {
	if (ctx.getNodeParameter('stateStore', 'memory') !== 'redis') return { guards: processGuards, openStore: getSharedMemoryStateStore };
	const credentials = await ctx.getCredentials('chatActionsRedisApi');
	return { guards: getRedisRequestGuards(credentials), openStore: () => getRedisStateStore(credentials) };
}

// multipart/form-data: n8n parses it before the trigger runs (file uploads).
const PARSED_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

async function verificationFor(ctx: Ctx, authentication: AuthenticationName, windowSeconds: number): Promise<Verification> {
	switch (authentication) {
		case 'bearer': {
			const c = await ctx.getCredentials('chatActionsBearerApi');
			return { type: 'headerToken', headerName: 'Authorization', token: String(c.token) };
		}
		case 'header': {
			const c = await ctx.getCredentials('chatActionsHeaderApi');
			return { type: 'headerToken', headerName: String(c.headerName || 'X-API-Key'), token: String(c.apiKey) };
		}
		case 'basic': {
			const c = await ctx.getCredentials('chatActionsBasicApi');
			return { type: 'basic', user: String(c.user), password: String(c.password) };
		}
		case 'hmac': {
			const c = await ctx.getCredentials('chatActionsHmacApi');
			return {
				type: 'hmac',
				secret: String(c.secret),
				signatureHeader: String(c.signatureHeader || 'X-Signature'),
				timestampHeader: String(c.timestampHeader || 'X-Timestamp'),
				windowSeconds,
			};
		}
		default:
			return { type: 'none' };
	}
}

/** The body as an object: n8n parsed JSON and forms; a text/plain body may carry JSON. */
function bodyOf(contentType: string, parsed: unknown, raw: Buffer): unknown {
	if (contentType === 'text/plain' || (contentType === 'application/json' && parsed === undefined && raw.length > 0)) {
		try {
			return JSON.parse(raw.toString('utf8'));
		} catch (error) {
			return new BadChatRequest(400, `The body is not valid JSON: ${(error as Error).message}`);
		}
	}
	return parsed;
}

function originAllowed(allowedOrigins: unknown, origin: string | undefined): boolean {
	if (!origin || typeof allowedOrigins !== 'string' || allowedOrigins.trim() === '' || allowedOrigins.trim() === '*') return true;
	return commaList(allowedOrigins).includes(origin);
}

/** The thread @n8n/chat asks for: the session's, or, when another sender started it, this sender's own. */
async function previousSession(store: StateStore, workflowId: string | undefined, sessionId: string, sender: string) {
	const state = await store.get(conversationStateKey(workflowId, sessionId));
	if (!state || mayContinue(state.sender, sender)) return state;
	return await store.get(conversationStateKey(workflowId, ownConversationId(sessionId, sender)));
}

/** Answers the request here and starts no execution. */
function refuse(ctx: Ctx, status: number, message: string, extraHeaders: Record<string, string> = {}): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status);
	for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
	res.json({ error: { status, message } });
	return { noWebhookResponse: true };
}

/**
 * Streaming mode: n8n writes the flow's chunks to this response. A client that reads a stream
 * gets them as they come; any other gets them read back into one reply in its own format.
 */
function prepareStream(ctx: Ctx, streamReader: boolean, dialect: Dialect): void {
	const res = ctx.getResponseObject();
	if (streamReader) {
		res.writeHead(200, STREAM_HEADERS);
		res.flushHeaders();
		return;
	}
	collectStream(res, (collected) => {
		// n8n's error chunk carries the failed node's error description: not for the visitor.
		if (collected.error && !collected.text && !collected.reply) {
			return { status: 500, body: { error: { status: 500, message: 'The flow failed before it answered' } } };
		}
		return { status: 200, body: replyBody(dialect, (collected.reply as ChatReply | undefined) ?? { message: collected.text }) };
	});
}

export class ChatActionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat Action Trigger',
		name: 'chatActionTrigger',
		icon: { light: 'file:chatActionTrigger.svg', dark: 'file:chatActionTrigger.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. For a webhook node of version 1, n8n 2.x evaluates the Webhook node
		// v1 option `binaryData` in its expression engine (a V8 isolate) on every request; from
		// 1.1 it does not, so with lazy isolates a turn needs no isolate (README, "Under load").
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"/webhook/" + $parameter["path"]}}',
		description: 'Starts the flow when a chat widget sends a message, a button click or a lead form',
		eventTriggerDescription: 'Waiting for a chat message',
		activationMessage: 'Chat widgets can now post to the production URL.',
		defaults: { name: 'Chat Action Trigger' },
		supportsCORS: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'chatActionsBearerApi', required: true, displayOptions: { show: { authentication: ['bearer'] } } },
			{ name: 'chatActionsHeaderApi', required: true, displayOptions: { show: { authentication: ['header'] } } },
			{ name: 'chatActionsBasicApi', required: true, displayOptions: { show: { authentication: ['basic'] } } },
			{ name: 'chatActionsHmacApi', required: true, displayOptions: { show: { authentication: ['hmac'] } } },
			{ name: 'chatActionsRedisApi', required: true, testedBy: 'chatActionsRedisConnectionTest', displayOptions: { show: { stateStore: ['redis'] } } },
			// Personal Data: Sealed (nodes/shared/personal-data-node.ts).
			{ name: 'chatActionsPersonalDataApi', required: true, testedBy: 'chatActionsPersonalDataKeyTest', displayOptions: { show: { personalData: ['sealed'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// In "last node" mode the reply is the last item's `reply`, from whichever output has one.
				responsePropertyName: 'reply',
				isFullPath: true,
				...fieldsFromParameters('path', 'responseMode'),
			},
			{
				// The test chat page (off unless enabled in the options).
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				isFullPath: true,
				...fieldsFromParameters('path'),
			},
		],
		properties: chatActionTriggerProperties,
	};

	methods = { credentialTest: { chatActionsPersonalDataKeyTest, chatActionsRedisConnectionTest } };

	// n8n registers this trigger's webhooks itself; there is nothing outside n8n to set up.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// Whatever happens, answer here: a throw from webhook() makes n8n answer 500 and
		// record a failed execution for a request that should never have started one.
		try {
			return await handleRequest(this);
		} catch (error) {
			if (error instanceof BadChatRequest) return refuse(this, error.status, error.message);
			if (error instanceof StateStoreError) {
				// The shared replay guard (Redis) cannot be asked: refuse rather than risk a replay.
				this.logger.warn(`Chat Action Trigger could not check a request: ${error.message}`);
				return refuse(this, 503, 'The chat cannot check this request right now; try again shortly', { 'Retry-After': '5' });
			}
			this.logger.error(`Chat Action Trigger could not handle a request: ${(error as Error).message}`);
			return refuse(this, 500, 'The chat trigger failed to handle this request');
		}
	}
}

async function handleRequest(ctx: Ctx): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const options = ctx.getNodeParameter('options', {}) as IDataObject;

	if (ctx.getWebhookName() === 'setup') {
		if (options.playground !== true) {
			return refuse(ctx, 404, 'The test chat page is off. Turn on "Test Chat Page" in the trigger\'s options.');
		}
		const res = ctx.getResponseObject();
		res.status(200).setHeader('Content-Type', 'text/html; charset=utf-8');
		const allowed = typeof options.allowedOrigins === 'string' ? commaList(options.allowedOrigins) : [];
		for (const [name, value] of Object.entries(playgroundHeaders(allowed))) res.setHeader(name, value);
		res.send(playgroundPage({ title: String(options.playgroundTitle || 'Chat Actions test chat') }));
		return { noWebhookResponse: true };
	}

	if (!originAllowed(options.allowedOrigins, req.headers.origin)) {
		return refuse(ctx, 403, `Origin ${req.headers.origin} is not allowed to post to this chat`);
	}

	const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (!PARSED_TYPES.includes(contentType)) {
		return refuse(
			ctx,
			415,
			`Send the message as application/json (or text/plain JSON, or a form); got ${contentType || 'no content type'}`,
		);
	}

	// A multipart body was read by n8n's parser, so there is no raw body to sign or measure:
	// its files have their own limits, and a signed request must be JSON.
	const multipart = contentType === 'multipart/form-data';
	if (!multipart && !req.rawBody) await req.readRawBody();
	const raw: Buffer = req.rawBody ?? Buffer.alloc(0);
	const limitKb = Number(options.maxBodySize ?? TRIGGER_DEFAULTS.maxBodySizeKb);
	if (raw.length > limitKb * 1024) {
		return refuse(ctx, 413, `The body is ${Math.ceil(raw.length / 1024)} KB; this chat accepts at most ${limitKb} KB`);
	}

	const authentication = ctx.getNodeParameter('authentication', 'none') as AuthenticationName;
	if (multipart && authentication === 'hmac') {
		return refuse(ctx, 415, 'A signed (HMAC) request must be JSON: the signature covers the raw body, which a multipart upload does not keep');
	}
	const windowSeconds = Number(options.signatureWindow ?? TRIGGER_DEFAULTS.signatureWindowSeconds);
	const { guards, openStore } = await triggerStateFor(ctx);
	const verified = await verifyRequest(await verificationFor(ctx, authentication, windowSeconds), req.headers, raw, {
		replayGuard: guards,
	});
	if (!verified.ok) {
		return refuse(ctx, verified.status, verified.message, verified.status === 401 && authentication === 'basic' ? { 'WWW-Authenticate': 'Basic realm="chat"' } : {});
	}

	const form: FormRequest | undefined = multipart ? formRequest(req.body, options) : undefined;
	const body = form ? form.body : bodyOf(contentType, req.body, raw);
	if (body instanceof BadChatRequest) throw body;
	const dialectParameter = ctx.getNodeParameter('dialect', 'auto') as Dialect | 'auto';
	const parsed = parseChatRequest(body, dialectParameter);

	const sender = senderOfRequest(parsed.kind === 'turn' ? parsed.turn.visitor?.id : parsed.visitorId, req.ip, req.headers['user-agent']);
	if (parsed.kind === 'loadPreviousSession') {
		// Off by default, as on n8n's Chat Trigger: the thread goes to whoever presents the session
		// ID and is its sender (the Action Router keeps another sender's turns apart).
		const state = options.loadPreviousSession === true ? await previousSession(openStore(), ctx.getWorkflow().id, parsed.sessionId, sender) : undefined;
		const res = ctx.getResponseObject();
		res.status(200).json({ data: previousSessionMessages(state?.thread) });
		return { noWebhookResponse: true };
	}

	const turn = parsed.turn;
	const scope = `${ctx.getWorkflow().id}:${ctx.getNode().name}`;
	// req.ip is the client's address as n8n trusts it: behind N8N_PROXY_HOPS proxies, from their
	// X-Forwarded-For; never from a header n8n would not trust.
	const admitted = await admit(guards, scope, { address: req.ip, conversation: turn.conversationId ?? undefined, visitor: turn.visitor?.id ?? undefined }, {
		perConversation: Number(options.rateLimit ?? TRIGGER_DEFAULTS.rateLimitPerMinute),
		perAddress: Number(options.addressRateLimit ?? TRIGGER_DEFAULTS.addressRateLimitPerMinute),
	});
	if (admitted.unavailable) ctx.logger.warn(`Chat Action Trigger could not check its rate limits, the message was let through: ${admitted.unavailable}`);
	if (!admitted.allowed) {
		const res = ctx.getResponseObject();
		res.status(429).setHeader('Retry-After', String(Math.ceil(admitted.retryAfterMs / 1000)));
		// In the widget's own reply format, so the visitor reads it in the chat.
		res.json(replyBody(parsed.dialect, { message: String(options.rateLimitReply || TRIGGER_DEFAULTS.rateLimitReply) }));
		return { noWebhookResponse: true };
	}
	// The sender replaces any the request brought: the router binds the conversation to it.
	turn.metadata = { ...(isPlainObject(turn.metadata) ? turn.metadata : {}), sender };
	const messageId = await messageIdFor(scope, turn, guards).catch(() => undefined);
	turn.metadata = {
		...turn.metadata,
		receivedAt: new Date().toISOString(),
		dialect: parsed.dialect,
		...(messageId ? { messageId } : {}),
	};
	const uploads = form ? await storeFiles(ctx, form.files) : undefined;
	if (uploads) turn.files = uploads.files;
	const responseMode = ctx.getNodeParameter('responseMode', 'lastNode') as string;
	// @n8n/chat with streaming on reads chunks: streamed as they come in Streaming mode, else
	// sent at once by Chat Reply, which reads this flag.
	const streamReader = readsStream(req.headers, parsed.dialect);
	if (streamReader) turn.metadata.stream = true;
	// Streaming to a client that reads one reply: Chat Reply's end chunk carries the whole reply
	// (buttons and all), which this trigger reads back into that client's format.
	else if (responseMode === 'streaming') turn.metadata.readBack = true;
	// With "Personal Data: Sealed" the saved item shows redacted values; the real ones travel sealed.
	const key = await personalDataKey({ getNodeParameter: (name, _item, fallback) => ctx.getNodeParameter(name, fallback), getCredentials: (type) => ctx.getCredentials(type) });
	if (responseMode === 'streaming') prepareStream(ctx, streamReader, parsed.dialect);
	return {
		workflowData: [[{ json: (key ? sealTurn(turn, key) : turn) as IDataObject, ...(uploads ? { binary: uploads.binary } : {}) }]],
		...(responseMode === 'onReceived'
			? { webhookResponse: replyBody(parsed.dialect, { message: String(options.acknowledgement ?? '') }) }
			: {}),
	};
}

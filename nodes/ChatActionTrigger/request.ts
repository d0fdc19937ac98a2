/**
 * What Chat Action Trigger does with one request, as named steps: the pages (GET), the origin,
 * the body, the owner's requests (owner-requests.ts), the verification, the chat turn,
 * @n8n/chat's history, the limits, then the turn stamped and handed to n8n. A step that
 * refuses throws a Refusal (or BadChatRequest), which the node answers without starting an
 * execution.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { AuthenticationName } from '../shared/authentication';
import { type ChatReply, type ChatTurn, isPlainObject } from '../shared/contract';
import { BadChatRequest, type Dialect, type ParsedRequest, parseChatRequest, replyBody } from '../shared/dialects';
import { commaList } from '../shared/lists';
import { sealTurn } from '../shared/personal-data';
import { personalDataKey } from '../shared/personal-data-node';
import { mayContinue, ownConversationId, senderOfRequest } from '../shared/sender';
import { conversationStateKey, getRedisRequestGuards, getRedisStateStore, getSharedMemoryStateStore, type StateStore } from '../shared/state';
import { TRIGGER_DEFAULTS } from './engine/defaults';
import { admit, ProcessGuards, type RequestGuards } from './engine/guards';
import { previousSessionMessages } from './engine/previous-session';
import { messageIdFor } from './engine/resend';
import { collectStream, readsStream, STREAM_HEADERS } from '../shared/streaming';
import { verifyRequest } from './engine/verification';
import { BASIC_CHALLENGE, ownerProblem, verificationFor } from './access';
import { isOwnerBody } from './engine/owner-access';
import { answerOwnerRequest, checkOwnerRequestAllowed } from './owner-requests';
import { SHOW_WHY_FEATURE, servePage } from './page-requests';
import { Refusal } from './refusal';
import { type FormRequest, formRequest, storeFiles } from './request-files';
import { acknowledge, answerWhatsAppChallenge, channelExecution, channelTurns, isChannelVerification, verifyChannel } from './channel-requests';

type Ctx = IWebhookFunctions;

export { Refusal, refuse } from './refusal';

/** Rate limits, HMAC signatures seen, recent message ids: per n8n process unless the trigger has Redis. */
const processGuards = new ProcessGuards();

/** Where the trigger keeps its guards and finds the router's threads (the Conversation State parameter). */
interface TriggerState {
	guards: RequestGuards;
	/** What the router keeps, read by Load Previous Session and the owner's pages: the store is made when they do. */
	openStore: () => StateStore;
}

async function triggerStateFor(ctx: Ctx): Promise<TriggerState> {
	if (ctx.getNodeParameter('stateStore', 'memory') !== 'redis') return { guards: processGuards, openStore: getSharedMemoryStateStore };
	const credentials = await ctx.getCredentials('chatActionsRedisApi');
	return { guards: getRedisRequestGuards(credentials), openStore: () => getRedisStateStore(credentials) };
}

// multipart/form-data: n8n parses it before the trigger runs (file uploads).
const PARSED_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

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

/** The thread @n8n/chat asks for: the session's, or, when another sender started it, this sender's own. */
async function previousSession(store: StateStore, workflowId: string | undefined, sessionId: string, sender: string) {
	const state = await store.get(conversationStateKey(workflowId, sessionId));
	if (!state || mayContinue(state.sender, sender)) return state;
	return await store.get(conversationStateKey(workflowId, ownConversationId(sessionId, sender)));
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

function checkOrigin(ctx: Ctx, options: IDataObject): void {
	const origin = ctx.getRequestObject().headers.origin;
	const allowed = options.allowedOrigins;
	if (!origin || typeof allowed !== 'string' || allowed.trim() === '' || allowed.trim() === '*') return;
	if (!commaList(allowed).includes(origin)) throw new Refusal(403, `Origin ${origin} is not allowed to post to this chat`);
}

interface RawBody {
	contentType: string;
	/** A multipart body was read by n8n's parser: no raw body to sign or measure (its files have their own limits). */
	multipart: boolean;
	raw: Buffer;
}

/** The body's type and bytes, within Max Body Size. */
async function readBody(ctx: Ctx, options: IDataObject): Promise<RawBody> {
	const req = ctx.getRequestObject();
	const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (!PARSED_TYPES.includes(contentType)) {
		throw new Refusal(415, `Send the message as application/json (or text/plain JSON, or a form); got ${contentType || 'no content type'}`);
	}
	const multipart = contentType === 'multipart/form-data';
	if (!multipart && !req.rawBody) await req.readRawBody();
	const raw: Buffer = req.rawBody ?? Buffer.alloc(0);
	const limitKb = Number(options.maxBodySize ?? TRIGGER_DEFAULTS.maxBodySizeKb);
	if (raw.length > limitKb * 1024) throw new Refusal(413, `The body is ${Math.ceil(raw.length / 1024)} KB; this chat accepts at most ${limitKb} KB`);
	return { contentType, multipart, raw };
}

/** The trigger's Verification, checked against the raw body (signatures seen are remembered in the guards). */
async function verify(ctx: Ctx, options: IDataObject, body: RawBody, guards: RequestGuards): Promise<void> {
	const chosen = ctx.getNodeParameter('authentication', 'none') as string;
	if (isChannelVerification(chosen)) {
		if (body.multipart) throw new Refusal(415, 'A channel\'s webhook sends JSON');
		const checked = await verifyChannel(ctx, chosen, ctx.getRequestObject().headers, body.raw);
		if (!checked.ok) throw new Refusal(checked.status, checked.message);
		return;
	}
	const authentication = chosen as AuthenticationName;
	if (body.multipart && authentication === 'hmac') {
		throw new Refusal(415, 'A signed (HMAC) request must be JSON: the signature covers the raw body, which a multipart upload does not keep');
	}
	const windowSeconds = Number(options.signatureWindow ?? TRIGGER_DEFAULTS.signatureWindowSeconds);
	const verified = await verifyRequest(await verificationFor(ctx, authentication, windowSeconds), ctx.getRequestObject().headers, body.raw, {
		replayGuard: guards,
	});
	if (!verified.ok) {
		throw new Refusal(verified.status, verified.message, verified.status === 401 && authentication === 'basic' ? BASIC_CHALLENGE : {});
	}
}

/** The chat turn (or @n8n/chat's history request) in the request (`json`: a JSON body, read once), and a form's files. */
function parseRequest(ctx: Ctx, options: IDataObject, body: RawBody, json: unknown): { parsed: ParsedRequest; content: unknown; form?: FormRequest } {
	const form = body.multipart ? formRequest(ctx.getRequestObject().body, options) : undefined;
	const content = form ? form.body : json;
	if (content instanceof BadChatRequest) throw content;
	const messageKeys = typeof options.messageKeys === 'string' ? commaList(options.messageKeys) : undefined;
	return { parsed: parseChatRequest(content, ctx.getNodeParameter('dialect', 'auto') as Dialect | 'auto', { messageKeys }), content, form };
}

/**
 * `showWhy` is the trigger's to set: on only when Show Why is on, the request passed a
 * Verification that keeps it to the owner (checked before this step), and the body asked for it.
 * A value a visitor sent in any other way never reaches the flow.
 */
function markShowWhy(ctx: Ctx, options: IDataObject, turn: ChatTurn, content: unknown): void {
	delete turn.showWhy;
	if (!isPlainObject(content) || content.showWhy !== true || options.showWhy !== true) return;
	const problem = ownerProblem(ctx, SHOW_WHY_FEATURE);
	if (problem) throw new Refusal(403, problem);
	turn.showWhy = true;
}

/** @n8n/chat's history: the sender's own thread when Load Previous Session is on, else none. No execution. */
async function answerPreviousSession(ctx: Ctx, options: IDataObject, openStore: () => StateStore, sessionId: string, sender: string): Promise<IWebhookResponseData> {
	// Off by default, as on n8n's Chat Trigger; on, only the conversation's own sender gets its thread.
	const state = options.loadPreviousSession === true ? await previousSession(openStore(), ctx.getWorkflow().id, sessionId, sender) : undefined;
	ctx.getResponseObject().status(200).json({ data: previousSessionMessages(state?.thread) });
	return { noWebhookResponse: true };
}

/** Counts the turn against the limits; over one, answers 429 in the widget's format (the visitor reads it). */
async function admitTurn(ctx: Ctx, options: IDataObject, guards: RequestGuards, scope: string, turn: ChatTurn, dialect: Dialect): Promise<IWebhookResponseData | undefined> {
	// req.ip is the client's address as n8n trusts it: behind N8N_PROXY_HOPS proxies, from their
	// X-Forwarded-For; never from a header n8n would not trust.
	const who = { address: ctx.getRequestObject().ip, conversation: turn.conversationId ?? undefined, visitor: turn.visitor?.id ?? undefined };
	const admitted = await admit(guards, scope, who, {
		perConversation: Number(options.rateLimit ?? TRIGGER_DEFAULTS.rateLimitPerMinute),
		perAddress: Number(options.addressRateLimit ?? TRIGGER_DEFAULTS.addressRateLimitPerMinute),
	});
	if (admitted.unavailable) ctx.logger.warn(`Chat Action Trigger could not check its rate limits, the message was let through: ${admitted.unavailable}`);
	if (admitted.allowed) return undefined;
	const res = ctx.getResponseObject();
	res.status(429).setHeader('Retry-After', String(Math.ceil(admitted.retryAfterMs / 1000)));
	res.json(replyBody(dialect, { message: String(options.rateLimitReply || TRIGGER_DEFAULTS.rateLimitReply) }));
	return { noWebhookResponse: true };
}

/** What the trigger adds to a turn's metadata: its sender (over any the request brought), its message id, when and how it came. */
async function stampTurn(turn: ChatTurn, sender: string, scope: string, guards: RequestGuards, dialect: Dialect): Promise<void> {
	turn.metadata = { ...(isPlainObject(turn.metadata) ? turn.metadata : {}), sender };
	const messageId = await messageIdFor(scope, turn, guards).catch(() => undefined);
	turn.metadata = { ...turn.metadata, receivedAt: new Date().toISOString(), dialect, ...(messageId ? { messageId } : {}) };
}

/** The turn handed to n8n as the execution's item (sealed, with its files), answered as Respond says. */
async function startExecution(ctx: Ctx, options: IDataObject, turn: ChatTurn, dialect: Dialect, form: FormRequest | undefined): Promise<IWebhookResponseData> {
	const uploads = form ? await storeFiles(ctx, form.files) : undefined;
	if (uploads) turn.files = uploads.files;
	const responseMode = ctx.getNodeParameter('responseMode', 'lastNode') as string;
	// @n8n/chat with streaming on reads chunks: streamed as they come in Streaming mode, else
	// sent at once by Chat Reply, which reads this flag.
	const streamReader = readsStream(ctx.getRequestObject().headers, dialect);
	if (streamReader) turn.metadata!.stream = true;
	// Streaming to a client that reads one reply: Chat Reply's end chunk carries the whole reply
	// (buttons and all), which this trigger reads back into that client's format.
	else if (responseMode === 'streaming') turn.metadata!.readBack = true;
	// With "Personal Data: Sealed" the saved item shows redacted values; the real ones travel sealed.
	const key = await personalDataKey({ getNodeParameter: (name, _item, fallback) => ctx.getNodeParameter(name, fallback), getCredentials: (type) => ctx.getCredentials(type) });
	if (responseMode === 'streaming') prepareStream(ctx, streamReader, dialect);
	const workflowData = [[{ json: (key ? sealTurn(turn, key) : turn) as IDataObject, ...(uploads ? { binary: uploads.binary } : {}) }]];
	if (responseMode !== 'onReceived') return { workflowData };
	// Answered here: n8n answers "onReceived" with the webhook's responseData, which this trigger
	// does not set, and then sends its default's name, the text "firstEntryJson".
	ctx.getResponseObject().status(200).json(replyBody(dialect, { message: String(options.acknowledgement ?? '') }));
	return { workflowData, noWebhookResponse: true };
}

/** A channel's turns, each stamped and sealed like a widget's, in one execution answered at once. */
async function startChannelExecution(ctx: Ctx, turns: ChatTurn[], dialect: Dialect): Promise<IWebhookResponseData> {
	const key = await personalDataKey({ getNodeParameter: (name, _item, fallback) => ctx.getNodeParameter(name, fallback), getCredentials: (type) => ctx.getCredentials(type) });
	const receivedAt = new Date().toISOString();
	const items = turns.map((turn) => {
		const stamped: ChatTurn = { ...turn, metadata: { ...turn.metadata, receivedAt, dialect } };
		return (key ? sealTurn(stamped, key) : stamped) as IDataObject;
	});
	return channelExecution(ctx, items);
}

/** One request, step by step. */
export async function handleRequest(ctx: Ctx): Promise<IWebhookResponseData> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (ctx.getWebhookName() === 'setup') return (await answerWhatsAppChallenge(ctx)) ?? (await servePage(ctx, options));
	checkOrigin(ctx, options);
	const body = await readBody(ctx, options);
	const { guards, openStore } = await triggerStateFor(ctx);
	const json = body.multipart ? undefined : bodyOf(body.contentType, ctx.getRequestObject().body, body.raw);
	if (isOwnerBody(json)) {
		// Refused before the Verification is asked: with None or HMAC the owner's pages cannot sign in.
		checkOwnerRequestAllowed(ctx, options);
		await verify(ctx, options, body, guards);
		return await answerOwnerRequest(ctx, options, json.owner, openStore());
	}
	await verify(ctx, options, body, guards);
	const { parsed, content, form } = parseRequest(ctx, options, body, json);
	if (parsed.kind === 'channel') {
		const perConversation = Number(options.rateLimit ?? TRIGGER_DEFAULTS.rateLimitPerMinute);
		const { turns, limited } = await channelTurns(parsed.events, `${ctx.getWorkflow().id}:${ctx.getNode().name}`, guards, perConversation);
		if (limited > 0) ctx.logger.warn(`Chat Action Trigger dropped ${limited} ${parsed.dialect} message(s) over the conversation's rate limit`);
		return turns.length > 0 ? await startChannelExecution(ctx, turns, parsed.dialect) : acknowledge(ctx);
	}
	const req = ctx.getRequestObject();
	const sender = senderOfRequest(parsed.kind === 'turn' ? parsed.turn.visitor?.id : parsed.visitorId, req.ip, req.headers['user-agent']);
	if (parsed.kind === 'loadPreviousSession') return await answerPreviousSession(ctx, options, openStore, parsed.sessionId, sender);
	const scope = `${ctx.getWorkflow().id}:${ctx.getNode().name}`;
	const limited = await admitTurn(ctx, options, guards, scope, parsed.turn, parsed.dialect);
	if (limited) return limited;
	markShowWhy(ctx, options, parsed.turn, content);
	await stampTurn(parsed.turn, sender, scope, guards, parsed.dialect);
	return await startExecution(ctx, options, parsed.turn, parsed.dialect, form);
}

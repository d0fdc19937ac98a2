/**
 * Chat Reply sending through a messaging channel's API (Send Through: Chatwoot, WhatsApp,
 * Telegram) with the channel's credential: the reply with the channel's own buttons, then, when
 * it hands over, the channel's handoff (Chatwoot: a private note, labels, status open). The
 * requests come from the channel (nodes/shared/channels); this file only sends them. A bot token
 * in Telegram's URL path never reaches an error or a log.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { channelNamed } from '../shared/channels';
import type { ChannelAddress, ChannelName, ChannelRequest } from '../shared/channels/types';
import { type ChatTurn, isPlainObject } from '../shared/contract';
import { maskSecrets } from '../shared/secrets';

const CHANNEL_CREDENTIALS: Record<ChannelName, string> = {
	chatwoot: 'chatActionsChatwootApi',
	telegram: 'chatActionsTelegramApi',
	whatsapp: 'chatActionsWhatsAppApi',
};

/** The channel credentials' secret fields: masked in any error (their URLs are not secrets). */
const SECRET_FIELDS = ['accessToken', 'apiAccessToken', 'appSecret', 'verifyToken', 'secretToken', 'webhookSecret'];

const CHANNEL_LABELS: Record<ChannelName, string> = { chatwoot: 'Chatwoot', telegram: 'Telegram', whatsapp: 'WhatsApp' };

/** How one delivery went, on the item: the requests sent, or what failed. */
export interface Delivery {
	channel: ChannelName;
	sent: number;
	handedOver?: boolean;
}

/** The address a turn's reply goes back to, or an error that says why this turn has none. */
function addressFor(turn: ChatTurn, channel: ChannelName): ChannelAddress {
	const address = isPlainObject(turn.metadata) ? turn.metadata.channel : undefined;
	if (isPlainObject(address) && address.channel === channel) return address as ChannelAddress;
	const came = isPlainObject(address) && typeof address.channel === 'string' ? `from ${CHANNEL_LABELS[address.channel as ChannelName] ?? address.channel}` : "from a chat widget or another trigger";
	throw new Error(`This turn came ${came}, not from ${CHANNEL_LABELS[channel]}: Send Through must match the channel the turn came from`);
}

/** A request the service refused, with its own words (Graph's error.message, Telegram's description, Chatwoot's error). */
class ChannelRefusal extends Error {}

function refusalText(status: number, body: unknown): string {
	const said = isPlainObject(body) ? (isPlainObject(body.error) ? body.error.message : (body.description ?? body.error ?? body.message)) : body;
	return `${status} ${typeof said === 'string' ? said.slice(0, 300) : ''}`.trim();
}

async function send(ctx: IExecuteFunctions, channel: ChannelName, credentials: IDataObject, request: ChannelRequest): Promise<void> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: '',
		body: request.body,
		json: true,
		timeout: 15_000,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let response: { statusCode: number; body: unknown };
	if (channel === 'telegram') {
		// The Bot API takes the token in the path: no generic authentication can put it there.
		options.url = `${String(credentials.baseUrl || 'https://api.telegram.org').replace(/\/+$/, '')}/bot${String(credentials.accessToken)}/${request.path}`;
		response = (await ctx.helpers.httpRequest(options)) as typeof response;
	} else {
		const base = channel === 'chatwoot' ? credentials.url : credentials.graphApiUrl;
		options.url = `${String(base).replace(/\/+$/, '')}${request.path}`;
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CHANNEL_CREDENTIALS[channel], options)) as typeof response;
	}
	if (response.statusCode >= 300) throw new ChannelRefusal(refusalText(response.statusCode, response.body));
}

/**
 * Delivers one turn's reply (and handoff) through the channel. A failure is thrown with the
 * service's answer, every credential value masked.
 */
export async function deliver(ctx: IExecuteFunctions, channel: ChannelName, turn: ChatTurn): Promise<Delivery> {
	const address = addressFor(turn, channel);
	const implementation = channelNamed(channel);
	const reply = turn.reply ?? { message: '' };
	const requests = implementation.send(reply, address, turn);
	// A message that comes while a person holds the conversation was handed over already.
	const held = isPlainObject(turn.router) && turn.router.outcome === 'held';
	const handOver = reply.handoff === true && !held;
	const handoffRequests = handOver ? implementation.handOver(turn, address) : [];
	const credentials = await ctx.getCredentials(CHANNEL_CREDENTIALS[channel]);
	const secrets = SECRET_FIELDS.map((field) => credentials[field]).filter((value): value is string => typeof value === 'string');
	let sent = 0;
	try {
		for (const request of [...requests, ...handoffRequests]) {
			if (!request.optional) await send(ctx, channel, credentials, request);
			else if (!(await send(ctx, channel, credentials, request).then(() => true, () => false))) continue;
			sent++;
		}
	} catch (error) {
		const reason = error instanceof ChannelRefusal ? `refused the reply: ${error.message}` : `could not be reached: ${(error as Error).message}`;
		const failure = new Error(maskSecrets(`${CHANNEL_LABELS[channel]} ${reason}`, secrets));
		throw Object.assign(failure, { sent });
	}
	return { channel, sent, ...(handoffRequests.length > 0 ? { handedOver: true } : {}) };
}

/**
 * What Chat Action Trigger does for a messaging channel (Chatwoot, WhatsApp, Telegram) that it
 * does not do for a widget: Meta's GET verification of the webhook, the channel's own signature
 * or secret, and a webhook body that holds several turns, a release, or nothing for the bot.
 * A channel reads no reply from the webhook's answer: it is acknowledged at once (the flow's
 * Chat Reply sends through the channel's API), and a redelivered message starts nothing.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { ChannelEvent } from '../shared/channels/types';
import { verifyChatwootSignature } from '../shared/channels/chatwoot';
import { verifyTelegramSecretToken } from '../shared/channels/telegram';
import { verifyWhatsAppChallenge, verifyWhatsAppSignature } from '../shared/channels/whatsapp';
import type { ChatTurn } from '../shared/contract';
import type { HeaderMap } from '../shared/http-headers';
import { senderOfRequest } from '../shared/sender';
import { admit, type RequestGuards } from './engine/guards';
import { RESEND_WINDOW_MS } from './engine/resend';

type Ctx = IWebhookFunctions;

/** The trigger's Verification values that belong to a channel. */
const CHANNEL_VERIFICATIONS = ['chatwoot', 'whatsapp', 'telegram'] as const;
export type ChannelVerification = (typeof CHANNEL_VERIFICATIONS)[number];

export function isChannelVerification(value: unknown): value is ChannelVerification {
	return CHANNEL_VERIFICATIONS.includes(value as ChannelVerification);
}

/** Meta's GET challenge, when the request is one: the challenge echoed as text, or refused. Undefined: not a challenge. */
export async function answerWhatsAppChallenge(ctx: Ctx): Promise<IWebhookResponseData | undefined> {
	const query = ctx.getQueryData() as Record<string, unknown>;
	if (query['hub.mode'] === undefined && query.hub === undefined) return undefined;
	const res = ctx.getResponseObject();
	if (ctx.getNodeParameter('authentication', 'none') !== 'whatsapp') {
		res.status(403).json({ error: { status: 403, message: 'Set Verification to "WhatsApp Signature" (with the WhatsApp credential) to answer Meta\'s webhook check' } });
		return { noWebhookResponse: true };
	}
	const credentials = await ctx.getCredentials('chatActionsWhatsAppApi');
	const checked = verifyWhatsAppChallenge(query, String(credentials.verifyToken ?? ''));
	if (checked.ok) res.status(200).setHeader('Content-Type', 'text/plain; charset=utf-8').send(checked.challenge);
	else res.status(checked.status).json({ error: { status: checked.status, message: checked.message } });
	return { noWebhookResponse: true };
}

/** A channel's own proof that it sent the request: Chatwoot's or Meta's signature, Telegram's secret token. */
export async function verifyChannel(ctx: Ctx, verification: ChannelVerification, headers: HeaderMap, raw: Buffer): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
	if (verification === 'chatwoot') {
		const credentials = await ctx.getCredentials('chatActionsChatwootApi');
		const secret = String(credentials.webhookSecret ?? '');
		if (!secret) return { ok: false, status: 403, message: "The Chatwoot credential has no Webhook Secret: copy the agent bot's secret (Chatwoot 4.13 or later)" };
		return verifyChatwootSignature(headers, raw, secret, Math.floor(Date.now() / 1000));
	}
	if (verification === 'whatsapp') {
		const credentials = await ctx.getCredentials('chatActionsWhatsAppApi');
		return verifyWhatsAppSignature(headers, raw, String(credentials.appSecret ?? ''));
	}
	const credentials = await ctx.getCredentials('chatActionsTelegramApi');
	const secret = String(credentials.secretToken ?? '');
	if (!secret) return { ok: false, status: 403, message: 'The Telegram credential has no Secret Token: set the secret_token the webhook was registered with' };
	return verifyTelegramSecretToken(headers, secret);
}

/**
 * The turns of a channel's webhook body, each stamped with its sender, minus redeliveries of a
 * message already taken and messages over the conversation's rate limit (dropped, and logged by
 * the caller: a channel retries a refusal, so it is not told). Only the conversation is limited:
 * every request comes from the service's own addresses. The channel vouches for its conversation
 * ids (it signs or holds a secret), so a conversation's sender is the conversation itself: a
 * release then reaches the same state as the messages before it. A visitor's messages that
 * arrive together ("where is my order?", "34567" in one WhatsApp delivery) are one turn: routed
 * as two, their answers would leave in the order of the router's outputs, not of the messages.
 */
export async function channelTurns(
	events: ChannelEvent[],
	scope: string,
	guards: RequestGuards,
	perConversation: number,
): Promise<{ turns: ChatTurn[]; limited: number }> {
	const turns: ChatTurn[] = [];
	let limited = 0;
	for (const event of events) {
		if (event.kind === 'ignore') continue;
		const turn = event.kind === 'release' ? { ...event.turn, event: 'release' as const } : event.turn;
		const messageId = typeof turn.metadata?.messageId === 'string' ? turn.metadata.messageId : undefined;
		if (messageId && (await isRedelivery(guards, scope, String(turn.conversationId), messageId))) continue;
		if (turn.event !== 'release' && !(await admit(guards, scope, { conversation: String(turn.conversationId) }, { perConversation, perAddress: 0 })).allowed) {
			limited++;
			continue;
		}
		turn.metadata = { ...turn.metadata, sender: senderOfRequest(`channel:${turn.conversationId}`, undefined, undefined) };
		const previous = turns.at(-1);
		if (previous && isMessage(previous) && isMessage(turn) && previous.conversationId === turn.conversationId) {
			turns[turns.length - 1] = { ...previous, message: `${previous.message}\n${turn.message}` };
		} else turns.push(turn);
	}
	return { turns, limited };
}

const isMessage = (turn: ChatTurn) => turn.event === 'message' && typeof turn.message === 'string';

/** The same message id again within the resend window: the channel redelivered it (no 200 in time, a retry). */
async function isRedelivery(guards: RequestGuards, scope: string, conversationId: string, messageId: string): Promise<boolean> {
	const token = `${Date.now()}:${Math.random()}`;
	const first = await guards.recall(`${scope}:${conversationId}`, `channel-message:${messageId}`, token, RESEND_WINDOW_MS).catch(() => token);
	return first !== token;
}

/** Nothing for the bot (a status, an agent's message) or only redeliveries: a 200 the channel accepts, no execution. */
export function acknowledge(ctx: Ctx): IWebhookResponseData {
	ctx.getResponseObject().status(200).json({});
	return { noWebhookResponse: true };
}

/**
 * A channel turn's execution, answered at once (200 {}) whatever Respond says. Answered here:
 * n8n answers "onReceived" with the webhook description's responseData, which this trigger does
 * not set, so n8n's default, the text "firstEntryJson", would be the body.
 */
export function channelExecution(ctx: Ctx, items: IDataObject[]): IWebhookResponseData {
	return { ...acknowledge(ctx), workflowData: [items.map((json) => ({ json }))] };
}

/**
 * WhatsApp Cloud API (Meta's Graph API). Incoming: the `messages` webhook, verified by the GET
 * challenge (hub.*) and the X-Hub-Signature-256 HMAC of the raw body with the app secret
 * (developers.facebook.com/docs/graph-api/webhooks/getting-started). Outgoing: POST
 * /{phone-number-id}/messages with Meta's limits (documentation/business-messaging/whatsapp/
 * messages/*, and the OpenAPI spec in github.com/facebook/openapi): text body ≤ 4096, reply
 * buttons ≤ 3 (id ≤ 256, title ≤ 20, unique), list ≤ 10 rows (button ≤ 20, row id ≤ 200,
 * title ≤ 24, description ≤ 72), interactive body ≤ 1024, cta_url label ≤ 20.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { type ChatReply, type ChatTurn, isPlainObject } from '../contract';
import { BadChatRequest } from '../dialects/read';
import { type HeaderMap, headerValue } from '../http-headers';
import { sameSecret } from '../signing';
import type { Channel, ChannelAddress, ChannelEvent, ChannelRequest } from './types';

type Body = Record<string, unknown>;
type Result = { ok: true } | { ok: false; status: 401; message: string };

const WHATSAPP_LIMITS = {
	text: 4096, interactiveBody: 1024, replyButtons: 3, buttonId: 256, buttonTitle: 20,
	listRows: 10, listButton: 20, rowId: 200, rowTitle: 24, rowDescription: 72, ctaLabel: 20,
} as const;
/** The button that opens a list (required, ≤ 20): a sign rather than a word, which would need a language. */
export const LIST_BUTTON_LABEL = '☰';
const MAX_TEXT = 10_000;
/** A clicked id read back: Meta's reply ids are ≤ 256, a template button's payload longer. */
const MAX_ID = 1000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

function queryValue(query: Record<string, unknown>, name: string): unknown {
	const nested = isPlainObject(query.hub) ? query.hub[name] : undefined;
	return query[`hub.${name}`] ?? nested;
}

/** Meta's GET verification of a webhook: answer `hub.challenge` as text/plain when the token is ours. */
export function verifyWhatsAppChallenge(
	query: Record<string, unknown>,
	verifyToken: string,
): { ok: true; challenge: string } | { ok: false; status: 400 | 403; message: string } {
	const [mode, token, challenge] = ['mode', 'verify_token', 'challenge'].map((name) => queryValue(query, name));
	if (typeof mode !== 'string' || typeof token !== 'string' || typeof challenge !== 'string') {
		return { ok: false, status: 400, message: 'Not a webhook verification: hub.mode, hub.verify_token and hub.challenge are each needed once' };
	}
	if (mode !== 'subscribe') return { ok: false, status: 400, message: `hub.mode must be "subscribe" (got "${mode.slice(0, 40)}")` };
	if (!/^[\w.-]{1,256}$/.test(challenge)) return { ok: false, status: 400, message: 'hub.challenge must be 1 to 256 letters or digits' };
	if (!verifyToken) return { ok: false, status: 403, message: 'The credential has no Verify Token: set the one typed in Meta\'s webhook settings' };
	if (!sameSecret(token, verifyToken)) return { ok: false, status: 403, message: 'hub.verify_token is not the credential\'s Verify Token' };
	return { ok: true, challenge };
}

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`. */
export function verifyWhatsAppSignature(headers: HeaderMap, rawBody: Buffer, appSecret: string): Result {
	const received = headerValue(headers, 'x-hub-signature-256');
	if (!received) return { ok: false, status: 401, message: 'The X-Hub-Signature-256 header is missing: only Meta\'s signed webhook deliveries are accepted' };
	const match = /^sha256=([0-9a-f]{64})$/i.exec(received.trim());
	if (!match) return { ok: false, status: 401, message: 'X-Hub-Signature-256 must be "sha256=" and 64 hex digits' };
	if (!appSecret) return { ok: false, status: 401, message: 'The credential has no App Secret to check X-Hub-Signature-256 with' };
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	if (!timingSafeEqual(expected, Buffer.from(match[1], 'hex'))) {
		return { ok: false, status: 401, message: 'X-Hub-Signature-256 does not match the body: wrong App Secret, or the body was changed' };
	}
	return { ok: true };
}

/**
 * A visitor's key is their business-scoped user id (BSUID, `user_id`) when Meta sends one and
 * their number (`wa_id`) otherwise: a visitor who adopts a username keeps the BSUID, while their
 * number may stop being sent. Hashed, so the number never becomes an id or a state key.
 */
export function whatsappVisitorId(phoneNumberId: string, visitorKey: string): string {
	return sha256(`${phoneNumberId}:${visitorKey}`).toString('hex').slice(0, 24);
}

function str(value: unknown, max = 512): string | undefined {
	return typeof value === 'string' && value !== '' && value.length <= max ? value : undefined;
}

function list(value: unknown, field: string): unknown[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new BadChatRequest(400, `"${field}" must be a list`);
	return value;
}

/** What the visitor sent: text, a clicked reply / list row / template quick reply, or a caption. */
function contentOf(message: Body): { event: 'message' | 'button'; message: string; actionId: string | null } | string {
	const type = str(message.type, 64) ?? 'unknown';
	const part = isPlainObject(message[type]) ? message[type] : {};
	if (type === 'text') return { event: 'message', message: typeof part.body === 'string' ? part.body : '', actionId: null };
	if (type === 'interactive') {
		const kind = str(part.type, 64) ?? '';
		const reply = isPlainObject(part[kind]) ? part[kind] : {};
		const id = str(reply.id, MAX_ID);
		if ((kind === 'button_reply' || kind === 'list_reply') && id) return { event: 'button', message: str(reply.title, MAX_TEXT) ?? id, actionId: id };
		return `interactive ${kind || 'reply'}`;
	}
	if (type === 'button') {
		const payload = str(part.payload, MAX_ID);
		if (payload) return { event: 'button', message: str(part.text, MAX_TEXT) ?? payload, actionId: payload };
		return { event: 'message', message: typeof part.text === 'string' ? part.text : '', actionId: null };
	}
	if (['image', 'video', 'document'].includes(type) && typeof part.caption === 'string') return { event: 'message', message: part.caption, actionId: null };
	return type;
}

function readMessage(message: Body, value: Body, businessAccountId: string | undefined): ChannelEvent {
	const metadata = isPlainObject(value.metadata) ? value.metadata : {};
	const phoneNumberId = str(metadata.phone_number_id, 64);
	const waId = str(message.from, 64);
	const userId = str(message.from_user_id, 200);
	const sender = list(value.contacts, 'contacts').find(
		(contact) => isPlainObject(contact) && ((waId && contact.wa_id === waId) || (userId && contact.user_id === userId)),
	) as Body | undefined;
	const contactWaId = waId ?? str(sender?.wa_id, 64);
	const contactUserId = userId ?? str(sender?.user_id, 200);
	const key = contactUserId ?? contactWaId;
	if (!phoneNumberId || !key || !str(message.id)) return { kind: 'ignore', reason: 'A WhatsApp message without its business number, sender or id' };
	// A reply to the sender alone would leave the group; groups are not a chat with the bot.
	if (message.group_id !== undefined) return { kind: 'ignore', reason: 'A message in a WhatsApp group' };
	const content = contentOf(message);
	if (typeof content === 'string') return { kind: 'ignore', reason: `A WhatsApp ${content} message: only text, buttons, list replies and captions are read` };
	if (content.message.trim() === '') return { kind: 'ignore', reason: 'An empty WhatsApp message' };
	if (content.message.length > MAX_TEXT) return { kind: 'ignore', reason: `A WhatsApp message longer than ${MAX_TEXT} characters` };
	const profile = isPlainObject(sender?.profile) ? sender.profile : {};
	const hash = whatsappVisitorId(phoneNumberId, key);
	const context = isPlainObject(message.context) ? str(message.context.id) : undefined;
	const channel: ChannelAddress = { channel: 'whatsapp', phoneNumberId, ...(contactUserId ? { userId: contactUserId } : {}) };
	const contact = {
		...(str(profile.name, 256) ? { name: profile.name } : {}),
		...(str(profile.username, 256) ? { username: profile.username } : {}),
		...(contactWaId ? { wa_id: contactWaId } : {}),
		...(contactUserId ? { user_id: contactUserId } : {}),
	};
	const turn: ChatTurn = {
		...content,
		conversationId: `whatsapp:${hash}`,
		chatbotId: phoneNumberId,
		visitor: { id: hash, name: str(profile.name, 256) ?? null, email: null, phone: contactWaId ? `+${contactWaId}` : null },
		contact,
		user: {},
		organization: {},
		metadata: {
			channel,
			messageId: String(message.id),
			type: str(message.type, 64),
			...(str(message.timestamp, 32) ? { timestamp: message.timestamp } : {}),
			...(context ? { replyTo: context } : {}),
			...(businessAccountId ? { businessAccountId } : {}),
		},
	};
	return { kind: 'turn', turn };
}

/** One change's `value` (what n8n's WhatsApp Trigger outputs, with `field` beside it). */
function readChange(field: unknown, value: unknown, businessAccountId: string | undefined): ChannelEvent[] {
	if (field !== 'messages') return [{ kind: 'ignore', reason: `WhatsApp "${String(field).slice(0, 60)}" updates are not chat messages` }];
	if (!isPlainObject(value)) throw new BadChatRequest(400, 'A WhatsApp change needs its "value" object');
	const statuses = list(value.statuses, 'statuses').map((status): ChannelEvent => ({
		kind: 'ignore',
		reason: `WhatsApp delivery status (${isPlainObject(status) ? String(status.status).slice(0, 40) : 'unknown'})`,
	}));
	const messages = list(value.messages, 'messages').map((message) =>
		isPlainObject(message) ? readMessage(message, value, businessAccountId) : ({ kind: 'ignore', reason: 'A WhatsApp message that is not an object' } as const),
	);
	return [...messages, ...statuses];
}

export function isN8nWhatsAppTriggerItem(json: Body): boolean {
	return json.messaging_product === 'whatsapp' && typeof json.field === 'string' && !('object' in json);
}

/** An item of n8n's WhatsApp Trigger: one change's `value` with its `field` (WhatsAppTrigger.node.ts). */
export function readN8nWhatsAppTriggerItem(json: Body): ChannelEvent[] {
	const events = readChange(json.field, json, undefined);
	return events.length > 0 ? events : [{ kind: 'ignore', reason: 'No message in this WhatsApp update' }];
}

function read(body: Body): ChannelEvent[] {
	if (isN8nWhatsAppTriggerItem(body)) return readN8nWhatsAppTriggerItem(body);
	if (body.object !== 'whatsapp_business_account') throw new BadChatRequest(400, '"object" must be "whatsapp_business_account"');
	const events = list(body.entry, 'entry').flatMap((entry) => {
		if (!isPlainObject(entry)) throw new BadChatRequest(400, 'Each "entry" must be an object');
		return list(entry.changes, 'entry.changes').flatMap((change) => {
			if (!isPlainObject(change)) throw new BadChatRequest(400, 'Each "changes" item must be an object');
			return readChange(change.field, change.value, str(entry.id, 64));
		});
	});
	return events.length > 0 ? events : [{ kind: 'ignore', reason: 'No message in this WhatsApp webhook' }];
}

/** Cuts text at most `max` UTF-16 units long, never inside a character, ending with "…" if cut. */
export function shorten(text: string, max: number): string {
	const clean = text.trim().replace(/\s+/g, ' ');
	if (clean.length <= max) return clean;
	let kept = '';
	for (const char of clean) {
		if (kept.length + char.length > max - 1) break;
		kept += char;
	}
	const space = kept.lastIndexOf(' ');
	return `${(space > max / 2 ? kept.slice(0, space) : kept).trimEnd()}…`;
}

const BREAKS = [/\n\s*\n/g, /\n/g, /[.!?。！？]\s+/g, /\s+/g];

/**
 * Where to cut `text` so that its head (or, `fromEnd`, its tail) is at most `max` long: after a
 * paragraph, line, sentence or word break, the longest such piece of the first kind that keeps at
 * least half of `max`; inside a word only when there is no break at all.
 */
function cutAt(text: string, max: number, fromEnd: boolean): number {
	for (const [rank, pattern] of BREAKS.entries()) {
		let best: { cut: number; size: number } | undefined;
		for (const match of text.matchAll(pattern)) {
			const cut = match.index + match[0].length;
			const head = text.slice(0, cut).trimEnd().length;
			const size = fromEnd ? text.length - cut : head;
			if (head === 0 || size > max || size === 0) continue;
			if (!best || size > best.size) best = { cut, size };
		}
		if (best && (best.size >= max / 2 || rank === BREAKS.length - 1)) return best.cut;
	}
	let cut = fromEnd ? text.length - max : max;
	if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut += fromEnd ? 1 : -1;
	return cut;
}

/** Text in pieces of at most `max`, cut between paragraphs, lines, sentences or words where possible. */
export function splitText(text: string, max: number = WHATSAPP_LIMITS.text): string[] {
	const pieces: string[] = [];
	let rest = text.trim();
	while (rest.length > max) {
		const cut = cutAt(rest, max, false);
		pieces.push(rest.slice(0, cut).trimEnd());
		rest = rest.slice(cut).trimStart();
	}
	return rest ? [...pieces, rest] : pieces;
}

/** The text before an interactive message's body, and that body (≤ 1024, the text's end). */
function splitBody(text: string): [string, string] {
	if (text.length <= WHATSAPP_LIMITS.interactiveBody) return ['', text];
	const cut = cutAt(text, WHATSAPP_LIMITS.interactiveBody, true);
	return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
}

/** Where a reply goes: `to` the visitor's number (Meta recommends a "+" and country code), else the BSUID. */
function recipientOf(address: ChannelAddress, turn: ChatTurn): Body {
	const phone = typeof turn.visitor?.phone === 'string' ? turn.visitor.phone.replace(/[\s()-]/g, '') : '';
	if (/^\+?\d{6,15}$/.test(phone)) return { to: `+${phone.replace(/^\+/, '')}` };
	if (typeof address.userId === 'string' && /^[A-Z]{2}\.[\w.]{1,140}$/.test(address.userId)) return { recipient: address.userId };
	throw new Error('WhatsApp needs the visitor\'s number (visitor.phone) or business-scoped user id (metadata.channel.userId) to reply');
}

interface Choice { id: string; label: string }

/** Ids WhatsApp takes back unchanged: unique, within its limit, without spaces around them. */
const idsFit = (choices: Choice[], max: number) =>
	new Set(choices.map((choice) => choice.id)).size === choices.length && choices.every(({ id }) => id.length <= max && id === id.trim());
function isWebUrl(url: string): boolean {
	if (!/^https?:\/\/\S+$/i.test(url)) return false;
	try {
		return Boolean(new URL(url).hostname);
	} catch {
		return false;
	}
}

function send(reply: ChatReply, address: ChannelAddress, turn: ChatTurn): ChannelRequest[] {
	const phoneNumberId = String(address.phoneNumberId ?? '');
	if (!/^\d{1,32}$/.test(phoneNumberId)) throw new Error('The WhatsApp address has no business phone number id (metadata.channel.phoneNumberId)');
	const choices: Choice[] = [];
	const links: Array<{ label: string; url: string }> = [];
	for (const button of reply.buttons ?? []) {
		const label = (button.label ?? '').trim();
		if (button.url) {
			if (isWebUrl(button.url)) links.push({ label, url: button.url });
		} else {
			const id = button.actionId || label;
			if (id) choices.push({ id, label: label || id });
		}
	}
	for (const link of reply.links ?? []) if (isWebUrl(link.url)) links.push({ label: (link.label ?? '').trim(), url: link.url });
	const message = (reply.message ?? '').trim();
	if (!message && choices.length === 0 && links.length === 0) return [];

	const base = { messaging_product: 'whatsapp', recipient_type: 'individual', ...recipientOf(address, turn) };
	const request = (body: Body): ChannelRequest => ({ method: 'POST', path: `/${phoneNumberId}/messages`, body: { ...base, ...body } });
	const texts = (text: string) =>
		splitText(text).map((body) => request({ type: 'text', text: { preview_url: /https?:\/\//i.test(body), body } }));
	const interactive = (text: string, fallback: string, content: Body) => {
		const [before, body] = splitBody(text || fallback);
		return [...texts(before), request({ type: 'interactive', interactive: { ...content, body: { text: body } } })];
	};
	const linkLines = links.map(({ label, url }) => (label && label !== url ? `${label}: ${url}` : url)).join('\n');
	const join = (...parts: string[]) => parts.filter(Boolean).join('\n\n');
	const labels = choices.map((choice) => choice.label).join(' · ');

	const titles = choices.map((choice) => shorten(choice.label, WHATSAPP_LIMITS.buttonTitle));
	if (choices.length > 0 && choices.length <= WHATSAPP_LIMITS.replyButtons && new Set(titles).size === titles.length && idsFit(choices, WHATSAPP_LIMITS.buttonId)) {
		const buttons = choices.map((choice, index) => ({ type: 'reply', reply: { id: choice.id, title: titles[index] } }));
		return interactive(join(message, linkLines), labels, { type: 'button', action: { buttons } });
	}
	if (choices.length > 0 && choices.length <= WHATSAPP_LIMITS.listRows && idsFit(choices, WHATSAPP_LIMITS.rowId)) {
		const rows = choices.map((choice) => {
			const title = shorten(choice.label, WHATSAPP_LIMITS.rowTitle);
			return { id: choice.id, title, ...(title !== choice.label ? { description: shorten(choice.label, WHATSAPP_LIMITS.rowDescription) } : {}) };
		});
		const action = { button: LIST_BUTTON_LABEL, sections: [{ rows }] };
		return interactive(join(message, linkLines), labels, { type: 'list', action });
	}
	if (choices.length > 0) {
		// More than a list holds, or ids WhatsApp would refuse or return changed: the router reads a visitor's "2" as the second.
		return texts(join(message, choices.map((choice, index) => `${index + 1}. ${choice.label}`).join('\n'), linkLines));
	}
	if (links.length === 1) {
		const [{ label, url }] = links;
		const parameters = { display_text: shorten(label || new URL(url).hostname, WHATSAPP_LIMITS.ctaLabel), url };
		return interactive(message, label || url, { type: 'cta_url', action: { name: 'cta_url', parameters } });
	}
	return texts(join(message, linkLines));
}

export const whatsapp: Channel = {
	name: 'whatsapp',
	detect: (body) => body.object === 'whatsapp_business_account' && Array.isArray(body.entry),
	read,
	send,
	// WhatsApp has no help desk of its own: a person takes over in whatever tool the flow hands to.
	handOver: () => [],
};

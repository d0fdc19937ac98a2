/**
 * Chatwoot as a channel, through an agent bot: Chatwoot posts the inbox's events to the bot's
 * webhook (app/listeners/agent_bot_listener.rb: message_created, message_updated,
 * conversation_resolved, conversation_opened, webwidget_triggered; the body is the message's
 * or the conversation's `webhook_data` with `event` added), and the bot answers through the
 * account API with its access token (`api_access_token` header).
 * Since Chatwoot 4.13 (#13892) agent-bot webhooks are signed like account webhooks (4.11.2,
 * #13573): `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * and `X-Chatwoot-Timestamp` (Unix seconds), see lib/webhooks/trigger.rb.
 */
import { type ChatReply, type ChatTurn, isPlainObject, type ReplyButton, type ReplyLink } from '../contract';
// From read.ts, not the folder's index: the index imports the channels, and this file would then load half-made.
import { BadChatRequest } from '../dialects/read';
import { type HeaderMap, headerValue } from '../http-headers';
import { signatureMatches } from '../signing';
import type { Channel, ChannelAddress, ChannelEvent, ChannelRequest } from './types';

type Body = Record<string, unknown>;

const MAX_TEXT = 10_000;
const MAX_NAME = 1000;
/** How far a signed request's timestamp may be from now; Chatwoot's PR #13573 advises about 5 minutes. */
const CHATWOOT_SIGNATURE_WINDOW_SECONDS = 300;

/** The bodies of the chat turn's own dialects use these event names; a Chatwoot body never does. */
const NATIVE_EVENTS = new Set(['message', 'button', 'lead_captured']);
const CHATWOOT_EVENT_NAME = /^[a-z]+(?:_[a-z]+)+$/;

function fail(message: string): never {
	throw new BadChatRequest(400, message);
}

function text(value: unknown, field: string, max = MAX_TEXT): string | null {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') fail(`"${field}" must be text`);
	if (value.length > max) fail(`"${field}" is longer than ${max} characters`);
	return value;
}

/** A Chatwoot record id: a whole number, as a number or as digits. */
function idOf(value: unknown, field: string): string {
	const digits = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
	if (typeof digits !== 'string' || !/^\d{1,18}$/.test(digits)) fail(`"${field}" must be a Chatwoot id (a whole number)`);
	return digits;
}

const optionalId = (value: unknown, field: string): string | null => (value === undefined || value === null ? null : idOf(value, field));

function objectAt(value: unknown, field: string, required: boolean): Body {
	if (isPlainObject(value)) return value;
	if (value === undefined || value === null) return required ? fail(`"${field}" is required: a Chatwoot ${field} object`) : {};
	return fail(`"${field}" must be an object`);
}

/** The contact as templates read it: its own fields and its scalar custom attributes, bounded. */
function contactOf(sender: Body, field: string): Record<string, unknown> {
	const contact: Record<string, unknown> = {
		id: optionalId(sender.id, `${field}.id`),
		name: text(sender.name, `${field}.name`, MAX_NAME),
		email: text(sender.email, `${field}.email`, MAX_NAME),
		phone_number: text(sender.phone_number, `${field}.phone_number`, MAX_NAME),
		identifier: text(sender.identifier, `${field}.identifier`, MAX_NAME),
	};
	if (isPlainObject(sender.custom_attributes)) {
		const scalars = Object.entries(sender.custom_attributes)
			.filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) && String(value).length <= MAX_NAME)
			.slice(0, 50);
		contact.custom_attributes = Object.fromEntries(scalars);
	}
	return contact;
}

/** Where the turn came from, and the conversation's labels (comma-joined: label names cannot hold a comma). */
function addressOf(accountId: string, conversationId: string, inboxId: string | null, labels: unknown): ChannelAddress {
	const address: ChannelAddress = { channel: 'chatwoot', accountId: Number(accountId), conversationId: Number(conversationId), inboxId: inboxId === null ? null : Number(inboxId) };
	if (Array.isArray(labels)) address.labels = labels.filter((label): label is string => typeof label === 'string' && label.length <= 255).join(',');
	return address;
}

/** The turn for one conversation of the body; `conversation` is Chatwoot's conversation `webhook_data`. */
function turnFor(body: Body, conversation: Body, idField: string, sender: Body, senderField: string): ChatTurn {
	// Newer Chatwoot adds `account` to conversation events; in older ones only their last message holds its id.
	const lastMessage: Body = Array.isArray(conversation.messages) && isPlainObject(conversation.messages[0]) ? conversation.messages[0] : {};
	const accountId = idOf(objectAt(body.account, 'account', false).id ?? lastMessage.account_id, 'account.id');
	// Chatwoot's `id` in a conversation's webhook_data is its display id, the one the API paths take.
	const conversationId = idOf(conversation.display_id ?? conversation.id, idField);
	const inboxId = optionalId(objectAt(body.inbox, 'inbox', false).id ?? conversation.inbox_id, 'inbox.id');
	const address = addressOf(accountId, conversationId, inboxId, conversation.labels);
	const contact = contactOf(sender, senderField);
	const visitor = { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone_number } as ChatTurn['visitor'];
	// A conversation a person holds is `open`; the bot's are `pending`.
	const metadata = { channel: address, ...(conversation.status === 'open' ? { personHolds: true } : {}) };
	return { conversationId: `chatwoot:${accountId}:${conversationId}`, chatbotId: inboxId, actionId: null, visitor, contact, metadata };
}

/** The contact of a conversation: `meta.sender` in its webhook_data. */
function conversationContact(conversation: Body, field: string): Body {
	const prefix = field === '' ? '' : `${field}.`;
	return objectAt(objectAt(conversation.meta, `${prefix}meta`, false).sender, `${prefix}meta.sender`, false);
}

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'];

function messageTypeOf(value: unknown): string {
	if (typeof value === 'number' && MESSAGE_TYPES[value]) return MESSAGE_TYPES[value];
	if (typeof value === 'string' && MESSAGE_TYPES.includes(value)) return value;
	return fail('"message_type" must be incoming, outgoing, activity or template');
}

function readMessageCreated(body: Body): ChannelEvent {
	const messageType = messageTypeOf(body.message_type);
	if (body.private === true) return { kind: 'ignore', reason: 'a private note' };
	if (messageType !== 'incoming') return { kind: 'ignore', reason: `${messageType} message: an agent's, the bot's own or Chatwoot's, not the contact's` };
	const messageId = idOf(body.id, 'id');
	const conversation = objectAt(body.conversation, 'conversation', true);
	const content = text(body.content, 'content');
	if (content === null || content.trim() === '') return { kind: 'ignore', reason: 'an incoming message without text (attachments only)' };
	const sender = isPlainObject(body.sender) ? body.sender : conversationContact(conversation, 'conversation');
	const turn = turnFor(body, conversation, 'conversation.id', sender, 'sender');
	return { kind: 'turn', turn: { ...turn, event: 'message', message: content, metadata: { ...turn.metadata, messageId } } };
}

/**
 * An option picked from the bot's `input_select` message: the web widget (and an API inbox's
 * client) saves it on that message as `content_attributes.submitted_values` ([{title, value}]),
 * and Chatwoot sends the message again as `message_updated`. Other inboxes (WhatsApp, Telegram,
 * Facebook) deliver a pick as an ordinary incoming message instead, read above.
 */
function readMessageUpdated(body: Body): ChannelEvent {
	const attributes = objectAt(body.content_attributes, 'content_attributes', false);
	if (body.private === true || body.content_type !== 'input_select' || attributes.submitted_values === undefined) {
		return { kind: 'ignore', reason: 'a message was updated (no option was picked)' };
	}
	const picked = Array.isArray(attributes.submitted_values) ? attributes.submitted_values[0] : undefined;
	if (!isPlainObject(picked)) fail('"content_attributes.submitted_values" must be a list of {title, value}');
	const value = text(picked.value, 'content_attributes.submitted_values[0].value', MAX_NAME);
	if (value === null) fail('"content_attributes.submitted_values[0].value" is required: the picked option\'s value');
	const title = text(picked.title, 'content_attributes.submitted_values[0].title', MAX_NAME);
	const conversation = objectAt(body.conversation, 'conversation', true);
	const turn = turnFor(body, conversation, 'conversation.id', conversationContact(conversation, 'conversation'), 'conversation.meta.sender');
	const messageId = idOf(body.id, 'id');
	return { kind: 'turn', turn: { ...turn, event: 'button', actionId: value, message: title ?? value, metadata: { ...turn.metadata, messageId } } };
}

/** The help desk gave the conversation back: resolved, or pending (a bot's) again. */
function readStatus(body: Body, event: string): ChannelEvent {
	const status = text(body.status, 'status', 40);
	if (event !== 'conversation_resolved' && status !== 'resolved' && status !== 'pending') {
		return { kind: 'ignore', reason: `the conversation is ${status ?? 'changed'}, not given back to the bot` };
	}
	const turn = turnFor(body, body, 'id', conversationContact(body, ''), 'meta.sender');
	return { kind: 'release', turn: { ...turn, message: null, metadata: { ...turn.metadata, status: status ?? 'resolved' } } };
}

function readEvent(body: Body): ChannelEvent {
	const event = body.event;
	if (typeof event !== 'string' || event.length > 100) fail('"event" must be a Chatwoot event name');
	switch (event) {
		case 'message_created':
			return readMessageCreated(body);
		case 'message_updated':
			return readMessageUpdated(body);
		case 'conversation_resolved':
		case 'conversation_status_changed':
			return readStatus(body, event);
		case 'conversation_opened':
			return { kind: 'ignore', reason: 'the conversation was opened: a person holds it' };
		default:
			return { kind: 'ignore', reason: `the Chatwoot event ${event} is not for the bot` };
	}
}

// --- Sending -------------------------------------------------------------------------------

function conversationPath(address: ChannelAddress): string {
	const account = String(address.accountId ?? '');
	const conversation = String(address.conversationId ?? '');
	if (address.channel !== 'chatwoot' || !/^\d{1,18}$/.test(account) || !/^\d{1,18}$/.test(conversation)) {
		throw new Error('The turn has no Chatwoot address: metadata.channel needs numeric accountId and conversationId');
	}
	return `/api/v1/accounts/${account}/conversations/${conversation}`;
}

const LINK_SCHEMES = /^(?:https?:\/\/|mailto:|tel:)/i;

/**
 * A Markdown link: Chatwoot renders a message's Markdown per channel (Messages::
 * MarkdownRendererService: a link in the web widget and Telegram, "label (url)" or the address
 * on WhatsApp, Instagram and SMS). The label's brackets and the address's spaces and
 * parentheses are escaped so neither can end the link early.
 */
function markdownLink(link: ReplyLink): string {
	const label = String(link.label).replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ').trim();
	if (!LINK_SCHEMES.test(String(link.url))) return label;
	const url = String(link.url).replace(/[\s()<>]/g, (character) => ({ '(': '%28', ')': '%29' })[character] ?? encodeURIComponent(character));
	return `[${label || url}](${url})`;
}

interface SelectItem {
	title: string;
	value: string;
}

/** Buttons as input_select items (ContentAttributeValidator allows only title and value), link buttons as links. */
function splitButtons(buttons: ReplyButton[]): { items: SelectItem[]; links: ReplyLink[] } {
	const items: SelectItem[] = [];
	const links: ReplyLink[] = [];
	for (const button of buttons) {
		if (button.url) links.push({ label: button.label, url: button.url });
		else items.push({ title: String(button.label), value: String(button.actionId ?? button.label) });
	}
	return { items, links };
}

function send(reply: ChatReply, address: ChannelAddress): ChannelRequest[] {
	const path = `${conversationPath(address)}/messages`;
	const { items, links } = splitButtons(reply.buttons ?? []);
	const lines = [reply.message?.trim() ?? '', ...[...links, ...(reply.links ?? [])].map(markdownLink)].filter((line) => line !== '');
	const content = lines.join('\n');
	if (content === '' && items.length === 0) return [];
	const body: Record<string, unknown> = { content, message_type: 'outgoing' };
	if (items.length > 0) Object.assign(body, { content_type: 'input_select', content_attributes: { items } });
	return [{ method: 'POST', path, body }];
}

// --- Handing over --------------------------------------------------------------------------

/**
 * One line of the note, safe to render: Chatwoot shows notes as Markdown and turns
 * "(mention://user/<id>/…)" in a private note into a notification, so a visitor's words are
 * kept on one line, Markdown is escaped and a mention is broken.
 */
function noteText(value: unknown, max = 1000): string {
	const raw = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
	const flat = raw.replace(/\s+/g, ' ').trim();
	const short = flat.length > max ? `${flat.slice(0, max)}…` : flat;
	return short.replace(/[\\`*_[\]<>#|~()]/g, '\\$&').replace(/mention:\/\//gi, 'mention: //');
}

function noteTime(at: unknown): string {
	return typeof at === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(at) ? `${at.slice(0, 10)} ${at.slice(11, 16)} UTC ` : '';
}

/** Who said what (the visitor is a "contact" in Chatwoot), and why the bot handed over (the router's reason). */
const SPEAKERS: Record<string, string> = { visitor: 'Contact', router: 'Bot', reply: 'Bot' };
const WHY: Record<string, string> = { asked_for_person: 'the contact asked for a person', escalated: "the contact's answers kept being refused" };

/** The private note an agent reads: why, the thread and the actions taken, one plain line each. */
export function handOverNote(turn: ChatTurn): string {
	const record = isPlainObject(turn.conversation) ? turn.conversation : { thread: [], actionsTaken: [] };
	const thread = Array.isArray(record.thread) ? record.thread : [];
	const actions = Array.isArray(record.actionsTaken) ? record.actionsTaken : [];
	const failed = isPlainObject(turn.error) && isPlainObject(turn.action) ? `the action ${noteText(turn.action.name, 200)} failed` : undefined;
	const why = failed ?? (isPlainObject(turn.router) ? WHY[String(turn.router.reason)] : undefined);
	const lines = [why ? `Handed over by the bot: ${why}.` : 'Handed over by the bot.'];
	if (thread.length > 0) {
		lines.push('', 'Conversation:');
		for (const entry of thread) lines.push(`- ${noteTime(entry.at)}${SPEAKERS[entry.from] ?? 'Bot'}: ${noteText(entry.text)}`);
	}
	if (actions.length > 0) {
		lines.push('', 'Actions taken:');
		for (const action of actions) {
			const fields = Object.entries(isPlainObject(action.fields) ? action.fields : {})
				.filter(([, value]) => value !== null && value !== undefined && value !== '')
				.map(([name, value]) => `${noteText(name, 100)}: ${noteText(value, 300)}`);
			lines.push(`- ${noteTime(action.at)}${noteText(action.name, 200)}${fields.length > 0 ? ` (${fields.join('; ')})` : ''}`);
		}
	}
	const tags = (turn.reply?.tags ?? []).filter((tag): tag is string => typeof tag === 'string');
	if (tags.length > 0) lines.push('', `Tags: ${tags.map((tag) => noteText(tag, 100)).join(', ')}`);
	return lines.join('\n');
}

/**
 * A tag as a Chatwoot label: lower case, letters, digits, "_" and "-", starting with a letter
 * or digit, two characters at least (app/models/label.rb, lib/regex_helper.rb); other
 * characters become "-". Undefined when nothing usable is left.
 */
export function chatwootLabel(tag: string): string | undefined {
	const label = tag.toLowerCase().trim().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^[_-]+/, '').replace(/-+$/, '').slice(0, 255);
	return /^[\p{L}\p{N}][\p{L}\p{N}_-]+$/u.test(label) ? label : undefined;
}

/**
 * The conversation's labels with the reply's tags added. Chatwoot's labels endpoint replaces
 * the whole list (Labelable#update_labels), so the labels the webhook showed are sent again.
 */
function labelsWithTags(address: ChannelAddress, tags: string[]): string[] | undefined {
	const existing = typeof address.labels === 'string' && address.labels !== '' ? address.labels.split(',') : [];
	const added = tags.map(chatwootLabel).filter((label): label is string => label !== undefined && !existing.includes(label));
	return added.length > 0 ? [...new Set([...existing, ...added])] : undefined;
}

/**
 * The note, then status open (for a bot's token on a pending conversation Chatwoot runs its bot
 * handoff: auto-assignment), then labels last and optional: bots may set labels only since
 * Chatwoot's PR #14655 (June 2026); older versions refuse a bot's token there, after the handoff is done.
 */
function handOver(turn: ChatTurn, address: ChannelAddress): ChannelRequest[] {
	const path = conversationPath(address);
	const requests: ChannelRequest[] = [
		{ method: 'POST', path: `${path}/messages`, body: { content: handOverNote(turn), message_type: 'outgoing', private: true } },
		{ method: 'POST', path: `${path}/toggle_status`, body: { status: 'open' } },
	];
	const labels = labelsWithTags(address, (turn.reply?.tags ?? []).filter((tag): tag is string => typeof tag === 'string'));
	if (labels) requests.push({ method: 'POST', path: `${path}/labels`, body: { labels }, optional: true });
	return requests;
}

// --- Detection and signatures --------------------------------------------------------------

function detect(body: Body): boolean {
	const event = body.event;
	if (typeof event !== 'string' || NATIVE_EVENTS.has(event) || !CHATWOOT_EVENT_NAME.test(event)) return false;
	if (isPlainObject(body.conversation) && 'message_type' in body) return true;
	return isPlainObject(body.account) || (isPlainObject(body.meta) && 'inbox_id' in body);
}

export type ChatwootSignatureResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * Checks a signed Chatwoot webhook (agent bot since 4.13, account webhook since 4.11.2): the
 * signature over "<X-Chatwoot-Timestamp>.<raw body>" with the bot's or webhook's secret,
 * compared in constant time, and a timestamp within CHATWOOT_SIGNATURE_WINDOW_SECONDS.
 */
export function verifyChatwootSignature(headers: HeaderMap, rawBody: Buffer, secret: string, nowSeconds: number): ChatwootSignatureResult {
	const signature = headerValue(headers, 'x-chatwoot-signature');
	const timestamp = headerValue(headers, 'x-chatwoot-timestamp');
	if (!signature || !timestamp) {
		return { ok: false, status: 401, message: 'The request is not signed: Chatwoot 4.13 or later sends X-Chatwoot-Signature and X-Chatwoot-Timestamp' };
	}
	if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, message: 'X-Chatwoot-Timestamp must be Unix seconds' };
	if (Math.abs(nowSeconds - Number(timestamp)) > CHATWOOT_SIGNATURE_WINDOW_SECONDS) {
		return { ok: false, status: 401, message: `The request is outside the ${CHATWOOT_SIGNATURE_WINDOW_SECONDS}-second signature window` };
	}
	if (!signatureMatches(secret, timestamp, rawBody, signature)) {
		return { ok: false, status: 403, message: 'The X-Chatwoot-Signature does not match the body: check the bot\'s webhook secret' };
	}
	return { ok: true };
}

export const chatwoot: Channel = {
	name: 'chatwoot',
	detect,
	read: (body) => [readEvent(body)],
	send: (reply, address) => send(reply, address),
	handOver,
};

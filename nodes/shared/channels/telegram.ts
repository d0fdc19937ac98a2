/**
 * Telegram through the Bot API. An update (what Telegram posts to a webhook, and the item n8n's
 * Telegram Trigger outputs unchanged) becomes a turn: a message's text or caption, or a button
 * press (a callback query). A reply becomes `sendMessage` requests in plain text (no parse
 * mode, so a `*` or `<` in a visitor's or an API's words is shown as typed), with an inline
 * keyboard: answer buttons send their id back as callback data, link buttons open their URL.
 * The reply to a press first answers its callback query (the button stops spinning) and takes
 * a keyboard of answer buttons away (an old Yes cannot be pressed twice).
 * Request paths are Bot API method names; the adapter puts `/bot<token>/` in front.
 */
import { type ChatReply, type ChatTurn, isPlainObject, type ReplyButton } from '../contract';
import { BadChatRequest } from '../dialects/read';
import { type HeaderMap, headerValue } from '../http-headers';
import { sameSecret } from '../signing';
import type { Channel, ChannelAddress, ChannelEvent, ChannelRequest } from './types';

/** The fields an Update carries one of (Bot API 10.0, tdlib/telegram-bot-api Client.cpp). */
const TELEGRAM_UPDATE_KINDS = [
	'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection', 'business_message',
	'edited_business_message', 'deleted_business_messages', 'message_reaction', 'message_reaction_count', 'inline_query',
	'chosen_inline_result', 'callback_query', 'shipping_query', 'pre_checkout_query', 'purchased_paid_media', 'poll',
	'poll_answer', 'my_chat_member', 'chat_member', 'chat_join_request', 'chat_boost', 'removed_chat_boost',
	'managed_bot', 'guest_message',
] as const;

/** The header Telegram sends with every update when the webhook was set with a `secret_token`. */
export const TELEGRAM_SECRET_TOKEN_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** sendMessage's limit, in characters (Unicode code points) after entity parsing. */
const MAX_MESSAGE_CHARACTERS = 4096;

/** InlineKeyboardButton.callback_data: 1-64 bytes (UTF-8). */
const MAX_CALLBACK_DATA_BYTES = 64;

/**
 * n8n's Telegram Trigger hands callback data starting with this to n8n's own approval
 * buttons (send and wait) instead of the workflow; an id starting with it is sent by position.
 */
const N8N_APPROVAL_PREFIX = 'nhitl1|';

/** Answer buttons whose labels all fit half a phone's width are laid out two to a row. */
const SHORT_LABEL_CHARACTERS = 16;

/** Telegram sends at most 4096 characters of text (1024 of a caption); more is not Telegram's. */
const MAX_TEXT = 10_000;

type Body = Record<string, unknown>;

function objectAt(value: unknown, field: string): Body {
	if (!isPlainObject(value)) throw new BadChatRequest(400, `"${field}" must be an object`);
	return value;
}

function integerAt(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new BadChatRequest(400, `"${field}" must be an integer`);
	return value;
}

function textAt(value: unknown, field: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') throw new BadChatRequest(400, `"${field}" must be a string`);
	if (value.length > MAX_TEXT) throw new BadChatRequest(400, `"${field}" is longer than ${MAX_TEXT} characters`);
	return value;
}

const ignore = (reason: string): ChannelEvent[] => [{ kind: 'ignore', reason }];

/** The sender (a Telegram User) as the turn's visitor and contact; a user has no email or phone here. */
function senderOf(from: Body, field: string): Pick<ChatTurn, 'visitor' | 'contact'> {
	const id = integerAt(from.id, `${field}.id`);
	const firstName = textAt(from.first_name, `${field}.first_name`);
	const lastName = textAt(from.last_name, `${field}.last_name`);
	const username = textAt(from.username, `${field}.username`);
	const languageCode = textAt(from.language_code, `${field}.language_code`);
	const name = [firstName, lastName].filter(Boolean).join(' ');
	return {
		visitor: { id: String(id), name: name || null, email: null, phone: null },
		contact: { id, first_name: firstName, last_name: lastName, username, language_code: languageCode },
	};
}

/**
 * The language of the visitor's Telegram app (`from.language_code`), a hint only: the app's
 * language is often English for a visitor who writes in another.
 */
function languageOf(from: Body): { language?: string } {
	const code = from.language_code;
	return typeof code === 'string' && /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(code) ? { language: code } : {};
}

/** Where a reply goes: the chat, and the forum topic when the message was in one. */
function addressOf(message: Body, field: string, extra: Record<string, string | number> = {}): ChannelAddress {
	const chat = objectAt(message.chat, `${field}.chat`);
	const chatId = integerAt(chat.id, `${field}.chat.id`);
	const address: ChannelAddress = { channel: 'telegram', chatId, ...extra };
	if (message.is_topic_message === true && typeof message.message_thread_id === 'number') address.messageThreadId = message.message_thread_id;
	return address;
}

function messageEvent(message: Body): ChannelEvent[] {
	const address = addressOf(message, 'message');
	const messageId = integerAt(message.message_id, 'message.message_id');
	if (!isPlainObject(message.from)) return ignore('A message with no sender (a post on behalf of a chat)');
	if (message.from.is_bot === true) return ignore('A message from a bot');
	const text = textAt(message.text, 'message.text') ?? textAt(message.caption, 'message.caption');
	if (!text || text.trim() === '') return ignore('A message without text (a sticker, a photo without a caption, a service message)');
	const sentAt = typeof message.date === 'number' && message.date > 0 ? { timestamp: new Date(message.date * 1000).toISOString() } : {};
	return [
		{
			kind: 'turn',
			turn: {
				event: 'message',
				conversationId: `telegram:${address.chatId}`,
				chatbotId: null,
				message: text,
				actionId: null,
				...senderOf(message.from, 'message.from'),
				metadata: { channel: address, messageId: `${address.chatId}:${messageId}`, ...sentAt, ...languageOf(message.from) },
			},
		},
	];
}

/** The text of the button that carries `data` in a message's inline keyboard, when the message still has it. */
function buttonTextFor(message: Body, data: string): string | undefined {
	const markup = isPlainObject(message.reply_markup) ? message.reply_markup : {};
	const rows = Array.isArray(markup.inline_keyboard) ? markup.inline_keyboard : [];
	for (const row of rows) {
		for (const button of Array.isArray(row) ? row : []) {
			if (isPlainObject(button) && button.callback_data === data && typeof button.text === 'string') return button.text;
		}
	}
	return undefined;
}

/**
 * Whether the pressed message's keyboard holds answer buttons only (no link, no other kind of
 * button): such a keyboard has done its job once a button is pressed, and the reply removes it.
 */
function answersOnly(message: Body): boolean {
	const markup = isPlainObject(message.reply_markup) ? message.reply_markup : {};
	const rows = Array.isArray(markup.inline_keyboard) ? markup.inline_keyboard : [];
	const buttons = rows.flatMap((row) => (Array.isArray(row) ? row : [null]));
	return buttons.length > 0 && buttons.every((button) => isPlainObject(button) && typeof button.callback_data === 'string' && Object.keys(button).every((key) => key === 'text' || key === 'callback_data'));
}

/** Callback data `#2`: the second answer button of its keyboard, sent by position because its id did not fit. */
const POSITION_DATA = /^#([1-9]\d{0,2})$/;

function callbackEvent(query: Body): ChannelEvent[] {
	const callbackQueryId = textAt(query.id, 'callback_query.id');
	if (!callbackQueryId) throw new BadChatRequest(400, '"callback_query.id" is required');
	const from = objectAt(query.from, 'callback_query.from');
	if (!isPlainObject(query.message)) return ignore('A button under an inline-mode message: there is no chat to answer in');
	const data = textAt(query.data, 'callback_query.data');
	if (!data) return ignore('A button without callback data (a game)');
	if (data.startsWith(N8N_APPROVAL_PREFIX)) return ignore("A button of n8n's own approval messages (send and wait)");
	const message = query.message;
	const keyboardMessageId = integerAt(message.message_id, 'callback_query.message.message_id');
	// A message Telegram still has (an inaccessible one has date 0) with answer buttons only: the reply takes the keyboard away.
	const spent: Record<string, number> = message.date !== 0 && answersOnly(message) ? { keyboardMessageId } : {};
	const address = addressOf(message, 'callback_query.message', { callbackQueryId, ...spent });
	const position = POSITION_DATA.exec(data)?.[1];
	// The visitor's choice by number, as a text chat answers a numbered list: the router reads "2" as the second button it offered.
	const choice = position
		? { event: 'message' as const, message: position, actionId: null }
		: { event: 'button' as const, message: buttonTextFor(message, data) ?? data, actionId: data };
	return [
		{
			kind: 'turn',
			turn: {
				...choice,
				conversationId: `telegram:${address.chatId}`,
				chatbotId: null,
				...senderOf(from, 'callback_query.from'),
				// One id per button of one keyboard: a double tap is one choice, the other button of the same keyboard another.
				metadata: { channel: address, messageId: `${address.chatId}:${keyboardMessageId}:${data}`, ...languageOf(from) },
			},
		},
	];
}

function read(body: Body): ChannelEvent[] {
	integerAt(body.update_id, 'update_id');
	if (body.message !== undefined) return messageEvent(objectAt(body.message, 'message'));
	if (body.callback_query !== undefined) return callbackEvent(objectAt(body.callback_query, 'callback_query'));
	if (body.edited_message !== undefined) return ignore('An edited message: the bot answered it when it was sent');
	if (body.channel_post !== undefined || body.edited_channel_post !== undefined) return ignore('A channel post: a channel has no visitor to answer');
	const kind = TELEGRAM_UPDATE_KINDS.find((name) => body[name] !== undefined);
	return ignore(kind ? `A ${kind} update: neither a visitor's message nor a button` : 'An update of a kind this package does not know');
}

function detect(body: Body): boolean {
	return typeof body.update_id === 'number' && TELEGRAM_UPDATE_KINDS.some((kind) => body[kind] !== undefined);
}

// ---- sending ------------------------------------------------------------------------------

export type InlineKeyboardButton = { text: string; callback_data: string } | { text: string; url: string };

/** Telegram opens http(s) and tg:// links from a button; it refuses the whole message for any other. */
function opensInTelegram(url: string): boolean {
	try {
		return ['http:', 'https:', 'tg:'].includes(new URL(url).protocol);
	} catch {
		return false;
	}
}

/**
 * What a button sends back: its id (an answer button's `actionId`, a quick reply's label) when
 * Telegram can carry it, else its 1-based position among the answer buttons (`#2`), which
 * `read` turns into the message "2".
 */
export function callbackDataFor(button: ReplyButton, position: number): string {
	const id = button.actionId ?? button.label;
	const fits = id !== '' && Buffer.byteLength(id, 'utf8') <= MAX_CALLBACK_DATA_BYTES;
	return fits && !id.startsWith('#') && !id.startsWith(N8N_APPROVAL_PREFIX) ? id : `#${position}`;
}

/**
 * A reply's buttons as an inline keyboard: answer buttons first (two to a row when every label
 * is short, as Yes | No reads on a phone; else one to a row, where long labels are not cut),
 * then one row per link. Links Telegram cannot open from a button become lines of text.
 */
function inlineKeyboard(reply: ChatReply): { rows: InlineKeyboardButton[][]; textLinks: string[] } {
	const answers = (reply.buttons ?? [])
		.filter((button) => !button.url)
		.map((button, index) => ({ text: String(button.label ?? '').trim() || button.actionId || String(index + 1), callback_data: callbackDataFor(button, index + 1) }));
	const links = [
		...(reply.buttons ?? []).filter((button) => button.url).map((button) => ({ label: button.label, url: button.url! })),
		...(reply.links ?? []),
	];
	const short = answers.every((button) => [...button.text].length <= SHORT_LABEL_CHARACTERS);
	const rows: InlineKeyboardButton[][] = [];
	for (let index = 0; index < answers.length; index += short ? 2 : 1) rows.push(answers.slice(index, index + (short ? 2 : 1)));
	const textLinks: string[] = [];
	for (const link of links) {
		const text = String(link.label ?? '').trim() || link.url;
		if (opensInTelegram(link.url)) rows.push([{ text, url: link.url }]);
		else textLinks.push(text === link.url ? link.url : `${text}: ${link.url}`);
	}
	return { rows, textLinks };
}

/**
 * Text cut into messages of at most `max` characters (code points, as Telegram counts), at a
 * paragraph, line or word break in the second half of each piece when there is one. Telegram
 * trims each message's surrounding white space, so the pieces are trimmed here.
 */
export function splitMessageText(text: string, max = MAX_MESSAGE_CHARACTERS): string[] {
	const characters = Array.from(text.trim());
	const pieces: string[] = [];
	let start = 0;
	while (characters.length - start > max) {
		const window = characters.slice(start, start + max).join('');
		const breakAt = ['\n\n', '\n', ' '].map((separator) => window.lastIndexOf(separator)).find((at) => at >= window.length / 2);
		const piece = breakAt === undefined ? window : window.slice(0, breakAt);
		pieces.push(piece.trim());
		start += Array.from(piece).length;
		while (start < characters.length && /\s/.test(characters[start])) start++;
	}
	pieces.push(characters.slice(start).join('').trim());
	return pieces.filter((piece) => piece !== '');
}

function send(reply: ChatReply, address: ChannelAddress, _turn: ChatTurn): ChannelRequest[] {
	const chatId = address.chatId;
	if (address.channel !== 'telegram' || (typeof chatId !== 'number' && typeof chatId !== 'string') || chatId === '') {
		throw new Error('The reply has no Telegram chat to go to (metadata.channel.chatId)');
	}
	const requests: ChannelRequest[] = [];
	// The pressed button shows a progress bar until its callback query is answered.
	if (typeof address.callbackQueryId === 'string' && address.callbackQueryId !== '') {
		requests.push({ method: 'POST', path: 'answerCallbackQuery', body: { callback_query_id: address.callbackQueryId }, optional: true });
	}
	// The answered keyboard goes (editMessageReplyMarkup without a markup), so an old Yes cannot be pressed again.
	if (typeof address.keyboardMessageId === 'number') {
		requests.push({ method: 'POST', path: 'editMessageReplyMarkup', body: { chat_id: chatId, message_id: address.keyboardMessageId }, optional: true });
	}
	const { rows, textLinks } = inlineKeyboard(reply);
	const written = [reply.message ?? '', ...textLinks].filter((part) => part.trim() !== '').join('\n\n');
	// Telegram sends no message without text: a reply of buttons alone names them.
	const text = written || rows.flat().map((button) => button.text).join('\n');
	const pieces = splitMessageText(text);
	const topic = typeof address.messageThreadId === 'number' ? { message_thread_id: address.messageThreadId } : {};
	pieces.forEach((piece, index) => {
		const keyboard = index === pieces.length - 1 && rows.length > 0 ? { reply_markup: { inline_keyboard: rows } } : {};
		requests.push({ method: 'POST', path: 'sendMessage', body: { chat_id: chatId, text: piece, ...topic, ...keyboard } });
	});
	return requests;
}

export const telegram: Channel = {
	name: 'telegram',
	detect,
	read,
	send,
	// Telegram has no help desk of its own: a handoff is the reply's words and the flow's own steps.
	handOver: () => [],
};

// ---- the webhook's secret -----------------------------------------------------------------

/**
 * Checks the secret Telegram sends with each update (the webhook's `secret_token`), in constant
 * time. Call it only when a secret is set: an empty one matches nothing.
 */
export function verifyTelegramSecretToken(headers: HeaderMap, secret: string): { ok: true } | { ok: false; status: 401 | 403; message: string } {
	const given = headerValue(headers, TELEGRAM_SECRET_TOKEN_HEADER);
	if (!given) return { ok: false, status: 401, message: `Missing the ${TELEGRAM_SECRET_TOKEN_HEADER} header` };
	return secret !== '' && sameSecret(given, secret) ? { ok: true } : { ok: false, status: 403, message: `The ${TELEGRAM_SECRET_TOKEN_HEADER} header is not valid` };
}

/**
 * A local Telegram Bot API on loopback, for flows whose Telegram credential's Base URL points
 * here: `POST /bot<token>/<method>` with a JSON (or form) body, answered `{ok, result}` as
 * Telegram does. It keeps the webhook n8n's Telegram Trigger registers (setWebhook, with its
 * secret token and the kinds of update it allows) so a test can deliver updates to it the way
 * Telegram would (a user's text, a press on an inline keyboard's button; only the kinds the
 * webhook allows; the same update again when redelivered), records every call, and checks
 * sendMessage as Telegram does: text length, inline keyboards' buttons, callback data, link
 * addresses, with Telegram's own error descriptions (tdlib/telegram-bot-api's Client.cpp and
 * live answers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
	token: string;
	method: string;
	body: Record<string, unknown>;
	/** Telegram's answer: `ok`, and the description of a refusal. */
	ok: boolean;
	description?: string;
}

export interface SentMessage {
	chat_id: string;
	text: string;
	[field: string]: unknown;
}

export interface TelegramChat {
	id: number;
	firstName: string;
}

/** A Message as the Bot API returns one (the fields these tests read). */
export interface TelegramMessage {
	message_id: number;
	from?: Record<string, unknown>;
	chat: { id: number; type: string; [field: string]: unknown };
	date: number;
	text?: string;
	edit_date?: number;
	reply_markup?: { inline_keyboard: Array<Array<Record<string, unknown>>> };
}

class BadRequest extends Error {}

/** What Telegram delivers when `allowed_updates` is empty: every kind but chat_member, message_reaction and message_reaction_count (Bot API, getUpdates). */
const DEFAULT_ALLOWED_UPDATES = [
	'message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection', 'business_message',
	'edited_business_message', 'deleted_business_messages', 'inline_query', 'chosen_inline_result', 'callback_query',
	'shipping_query', 'pre_checkout_query', 'purchased_paid_media', 'poll', 'poll_answer', 'my_chat_member',
	'chat_join_request', 'chat_boost', 'removed_chat_boost',
];

/** `allowed_updates` as sent: a JSON array, or its JSON text in a form body; undefined keeps the previous setting, as Telegram does. */
function allowedUpdatesOf(value: unknown): string[] | undefined {
	let list = value;
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list);
		} catch {
			return undefined;
		}
	}
	return Array.isArray(list) ? list.map(String) : undefined;
}

/** setWebhook's refusal of a secret token: 1-256 characters of A-Z, a-z, 0-9, _ and - (an empty one sets none). */
function setWebhookError(body: Record<string, unknown>): string | undefined {
	const secret = body.secret_token;
	if (secret === undefined || secret === '') return undefined;
	return typeof secret === 'string' && /^[A-Za-z0-9_-]{1,256}$/.test(secret) ? undefined : 'Bad Request: secret token contains unallowed characters';
}

const BOT = { id: 42, is_bot: true, first_name: 'Test bot', username: 'test_bot' };

/** The first of Telegram's refusals that a sendMessage body earns, or undefined when Telegram sends it. */
function sendMessageError(body: Record<string, unknown>): string | undefined {
	if (body.chat_id === undefined || body.chat_id === '') return 'Bad Request: chat_id is empty';
	const text = typeof body.text === 'string' ? body.text : '';
	if (text === '') return 'Bad Request: message text is empty';
	if (text.trim() === '') return 'Bad Request: text must be non-empty';
	// TDLib counts characters (code points) after trimming.
	if (Array.from(text.trim()).length > 4096) return 'Bad Request: message is too long';
	if (body.parse_mode !== undefined && !['html', 'markdown', 'markdownv2', ''].includes(String(body.parse_mode).toLowerCase())) return 'Bad Request: unsupported parse_mode';
	return body.reply_markup === undefined ? undefined : inlineKeyboardError(body.reply_markup);
}

function inlineKeyboardError(value: unknown): string | undefined {
	let markup = value;
	if (typeof markup === 'string') {
		try {
			markup = JSON.parse(markup);
		} catch {
			return "Bad Request: can't parse reply keyboard markup JSON object";
		}
	}
	if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) return 'Bad Request: object expected as reply markup';
	const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
	if (rows === undefined) return undefined;
	if (!Array.isArray(rows)) return 'Bad Request: field "inline_keyboard" must be of type Array';
	for (const row of rows) {
		if (!Array.isArray(row)) return 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays';
		for (const button of row as unknown[]) {
			const error = buttonError(button);
			if (error) return error;
		}
	}
	return undefined;
}

function buttonError(value: unknown): string | undefined {
	const prefix = "Bad Request: can't parse inline keyboard button: ";
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${prefix}InlineKeyboardButton must be an Object`;
	const button = value as Record<string, unknown>;
	if (typeof button.text !== 'string') return `${prefix}Can't find field "text"`;
	if (typeof button.url === 'string' && button.url !== '') {
		let protocol: string;
		try {
			protocol = new URL(button.url).protocol;
		} catch {
			return `Bad Request: inline keyboard button URL '${button.url}' is invalid: Wrong HTTP URL`;
		}
		return ['http:', 'https:', 'tg:'].includes(protocol) ? undefined : `Bad Request: inline keyboard button URL '${button.url}' is invalid: Unsupported URL protocol`;
	}
	if (typeof button.callback_data !== 'string' || button.callback_data === '') return `${prefix}Text buttons are unallowed in the inline keyboard`;
	if (Buffer.byteLength(button.callback_data, 'utf8') > 64) return 'Bad Request: BUTTON_DATA_INVALID';
	return undefined;
}

export class TelegramServer {
	readonly calls: TelegramCall[] = [];
	/** The messages the bot sent, as Telegram keeps them (with their inline keyboards). */
	readonly messages: TelegramMessage[] = [];
	/** The callback queries delivered, by id, and whether the bot answered each. */
	readonly callbackQueries = new Map<string, { answered: boolean }>();
	/**
	 * The webhook the trigger registered: its URL, the secret Telegram sends back with each
	 * update, and the kinds of update it asked for (`allowed_updates`; empty: Telegram's default).
	 */
	webhook: { url: string; secret: string; allowedUpdates: string[] } | undefined;
	/** The last update delivered, for a redelivery. */
	private lastUpdate: Record<string, unknown> | undefined;
	private server?: Server;
	private updateId = 1000;
	private messageId = 1;
	private callbackQueryId = 4_382_000_000_000_000n;

	constructor(readonly token: string) {}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	/** The bodies of the messages Telegram accepted (refused sendMessage calls are in `calls`). */
	get sent(): SentMessage[] {
		return this.calls.filter((call) => call.method === 'sendMessage' && call.ok).map((call) => call.body as SentMessage);
	}

	/** The calls Telegram refused, with its descriptions. */
	get refused(): TelegramCall[] {
		return this.calls.filter((call) => !call.ok);
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
		return this;
	}

	async close(): Promise<void> {
		if (this.server) await new Promise((done) => this.server!.close(done));
	}

	/** Delivers a text message from a user to the registered webhook, as Telegram does. */
	async deliverText(chat: TelegramChat, text: string): Promise<Response> {
		return await this.deliver({
			message: {
				message_id: ++this.messageId,
				from: this.userOf(chat),
				chat: { id: chat.id, first_name: chat.firstName, type: 'private' },
				date: Math.floor(Date.now() / 1000),
				text,
			},
		});
	}

	/**
	 * Delivers the user's press on a button of `message` (one the bot sent, from `messages`) whose
	 * callback data is `data`, as Telegram does: a callback_query with the message and its
	 * keyboard. A message the bot can no longer see is sent as `{message_id, chat, date: 0}`.
	 */
	async deliverCallback(chat: TelegramChat, data: string, message: TelegramMessage | Pick<TelegramMessage, 'message_id' | 'chat' | 'date'>): Promise<Response> {
		const id = String(++this.callbackQueryId);
		this.callbackQueries.set(id, { answered: false });
		return await this.deliver({
			callback_query: { id, from: this.userOf(chat), message, chat_instance: `-${chat.id}8807`, data },
		});
	}

	/** Presses the button labelled `text` on the last keyboard the bot sent to the chat. */
	async press(chat: TelegramChat, text: string): Promise<Response> {
		const message = [...this.messages].reverse().find((sent) => sent.chat.id === chat.id && sent.reply_markup);
		const button = message?.reply_markup?.inline_keyboard.flat().find((candidate) => candidate.text === text);
		if (!message || typeof button?.callback_data !== 'string') {
			throw new Error(`No button "${text}" on the last keyboard sent to chat ${chat.id}: ${JSON.stringify(message?.reply_markup ?? null)}`);
		}
		return await this.deliverCallback(chat, button.callback_data, message);
	}

	/** The messages the bot sent to one chat, in order, as Telegram keeps them. */
	messagesTo(chatId: number): TelegramMessage[] {
		return this.messages.filter((message) => message.chat.id === chatId);
	}

	/** Waits until the bot has sent `count` messages to the chat. */
	async waitForMessagesTo(chatId: number, count: number, timeoutMs = 20_000): Promise<TelegramMessage[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.messagesTo(chatId).length < count) {
			if (Date.now() > deadline) {
				throw new Error(`Telegram got ${this.messagesTo(chatId).length} of ${count} messages to chat ${chatId}: ${JSON.stringify(this.messagesTo(chatId))}; refused: ${JSON.stringify(this.refused)}`);
			}
			await new Promise((done) => setTimeout(done, 100));
		}
		return this.messagesTo(chatId);
	}

	/** Waits until the flow has sent `count` messages. */
	async waitForSent(count: number, timeoutMs = 20_000): Promise<SentMessage[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.sent.length < count) {
			if (Date.now() > deadline) {
				throw new Error(`Telegram got ${this.sent.length} of ${count} messages: ${JSON.stringify(this.sent)}; refused: ${JSON.stringify(this.refused)}`);
			}
			await new Promise((done) => setTimeout(done, 100));
		}
		return this.sent;
	}

	private userOf(chat: TelegramChat): Record<string, unknown> {
		return { id: chat.id, is_bot: false, first_name: chat.firstName, language_code: 'en' };
	}

	/**
	 * Delivers the last update again, as Telegram does when the webhook did not answer 2xx in
	 * time: the same update id, the same message.
	 */
	async redeliver(): Promise<Response> {
		if (!this.lastUpdate) throw new Error('No update was delivered yet');
		return await this.post(this.lastUpdate);
	}

	private async deliver(update: Record<string, unknown>): Promise<Response> {
		if (!this.webhook) throw new Error('No webhook is registered: is the Telegram Trigger\'s workflow active?');
		const kind = Object.keys(update)[0];
		const allowed = this.webhook.allowedUpdates.length > 0 ? this.webhook.allowedUpdates : DEFAULT_ALLOWED_UPDATES;
		if (!allowed.includes(kind)) {
			throw new Error(`Telegram would not deliver a ${kind} update: the webhook was set with allowed_updates ${JSON.stringify(this.webhook.allowedUpdates)}`);
		}
		this.lastUpdate = { update_id: ++this.updateId, ...update };
		return await this.post(this.lastUpdate);
	}

	private async post(update: Record<string, unknown>): Promise<Response> {
		return await fetch(this.webhook!.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(this.webhook!.secret ? { 'x-telegram-bot-api-secret-token': this.webhook!.secret } : {}) },
			body: JSON.stringify(update),
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
		const answer = (status: number, body: object) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (!match) return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
		const [, token, method] = match;
		if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
		let body: Record<string, unknown> = {};
		if (raw) {
			body = String(req.headers['content-type']).includes('json')
				? (JSON.parse(raw) as Record<string, unknown>)
				: Object.fromEntries(new URLSearchParams(raw));
		}
		const call: TelegramCall = { token, method, body, ok: true };
		this.calls.push(call);
		try {
			return answer(200, { ok: true, ...this.resultOf(method, body) });
		} catch (error) {
			if (!(error instanceof BadRequest)) throw error;
			Object.assign(call, { ok: false, description: error.message });
			return answer(400, { ok: false, error_code: 400, description: error.message });
		}
	}

	/** What Telegram answers a call with; a BadRequest for one it refuses. */
	private resultOf(method: string, body: Record<string, unknown>): { result: unknown; description?: string } {
		switch (method) {
			case 'getMe':
				return { result: BOT };
			case 'getWebhookInfo':
				return {
					result: {
						url: this.webhook?.url ?? '',
						has_custom_certificate: false,
						pending_update_count: 0,
						...(this.webhook?.allowedUpdates.length ? { allowed_updates: this.webhook.allowedUpdates } : {}),
					},
				};
			case 'setWebhook': {
				const error = setWebhookError(body);
				if (error) throw new BadRequest(error);
				// An empty url removes the webhook, as deleteWebhook does.
				if (!body.url) {
					this.webhook = undefined;
					return { result: true, description: 'Webhook was deleted' };
				}
				this.webhook = { url: String(body.url), secret: String(body.secret_token ?? ''), allowedUpdates: allowedUpdatesOf(body.allowed_updates) ?? this.webhook?.allowedUpdates ?? [] };
				return { result: true, description: 'Webhook was set' };
			}
			case 'deleteWebhook':
				this.webhook = undefined;
				return { result: true, description: 'Webhook was deleted' };
			case 'sendMessage': {
				const error = sendMessageError(body);
				if (error) throw new BadRequest(error);
				const markup = typeof body.reply_markup === 'string' ? (JSON.parse(body.reply_markup) as TelegramMessage['reply_markup']) : (body.reply_markup as TelegramMessage['reply_markup']);
				const message: TelegramMessage = {
					message_id: ++this.messageId,
					from: BOT,
					chat: { id: Number(body.chat_id), type: 'private' },
					date: Math.floor(Date.now() / 1000),
					text: String(body.text).trim(),
					...(markup?.inline_keyboard?.length ? { reply_markup: markup } : {}),
				};
				this.messages.push(message);
				return { result: message };
			}
			case 'editMessageReplyMarkup': {
				if (body.chat_id === undefined || body.chat_id === '') throw new BadRequest('Bad Request: chat_id is empty');
				const at = this.messages.findIndex((message) => String(message.chat.id) === String(body.chat_id) && message.message_id === Number(body.message_id));
				if (at < 0) throw new BadRequest('Bad Request: message to edit not found');
				const error = body.reply_markup === undefined ? undefined : inlineKeyboardError(body.reply_markup);
				if (error) throw new BadRequest(error);
				const markup = typeof body.reply_markup === 'string' ? (JSON.parse(body.reply_markup) as TelegramMessage['reply_markup']) : (body.reply_markup as TelegramMessage['reply_markup']);
				const { reply_markup: current, ...rest } = this.messages[at];
				const next = markup?.inline_keyboard?.length ? markup : undefined;
				if (JSON.stringify(next) === JSON.stringify(current)) {
					throw new BadRequest('Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
				}
				// A new object: what a test kept of the message before stays as it was.
				const edited: TelegramMessage = { ...rest, edit_date: Math.floor(Date.now() / 1000), ...(next ? { reply_markup: next } : {}) };
				this.messages[at] = edited;
				return { result: edited };
			}
			case 'answerCallbackQuery': {
				const query = this.callbackQueries.get(String(body.callback_query_id ?? ''));
				if (!query) throw new BadRequest('Bad Request: query is too old and response timeout expired or query ID is invalid');
				query.answered = true;
				return { result: true };
			}
			default:
				throw new BadRequest(`Bad Request: method ${method} is not served here`);
		}
	}
}

/**
 * A local Telegram Bot API on loopback, for flows whose Telegram credential's Base URL points
 * here: `POST /bot<token>/<method>` with a JSON (or form) body, answered `{ok, result}` as
 * Telegram does. It keeps the webhook n8n's Telegram Trigger registers (setWebhook, with its
 * secret token) so a test can deliver updates to it the way Telegram would, and records the
 * messages the flow sends (sendMessage).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
	token: string;
	method: string;
	body: Record<string, unknown>;
}

export interface SentMessage {
	chat_id: string;
	text: string;
	[field: string]: unknown;
}

export class TelegramServer {
	readonly calls: TelegramCall[] = [];
	/** The webhook the trigger registered: its URL and the secret Telegram sends back with each update. */
	webhook: { url: string; secret: string } | undefined;
	private server?: Server;
	private updateId = 1000;
	private messageId = 1;

	constructor(readonly token: string) {}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	get sent(): SentMessage[] {
		return this.calls.filter((call) => call.method === 'sendMessage').map((call) => call.body as SentMessage);
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
	async deliverText(chat: { id: number; firstName: string }, text: string): Promise<Response> {
		if (!this.webhook) throw new Error('No webhook is registered: is the Telegram Trigger\'s workflow active?');
		const update = {
			update_id: ++this.updateId,
			message: {
				message_id: ++this.messageId,
				from: { id: chat.id, is_bot: false, first_name: chat.firstName, language_code: 'en' },
				chat: { id: chat.id, first_name: chat.firstName, type: 'private' },
				date: Math.floor(Date.now() / 1000),
				text,
			},
		};
		return await fetch(this.webhook.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.webhook.secret },
			body: JSON.stringify(update),
		});
	}

	/** Waits until the flow has sent `count` messages. */
	async waitForSent(count: number, timeoutMs = 20_000): Promise<SentMessage[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.sent.length < count) {
			if (Date.now() > deadline) throw new Error(`Telegram got ${this.sent.length} of ${count} messages: ${JSON.stringify(this.sent)}`);
			await new Promise((done) => setTimeout(done, 100));
		}
		return this.sent;
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
		this.calls.push({ token, method, body });
		switch (method) {
			case 'getMe':
				return answer(200, { ok: true, result: { id: 42, is_bot: true, first_name: 'Test bot', username: 'test_bot' } });
			case 'getWebhookInfo':
				return answer(200, { ok: true, result: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 } });
			case 'setWebhook':
				this.webhook = { url: String(body.url), secret: String(body.secret_token ?? '') };
				return answer(200, { ok: true, result: true, description: 'Webhook was set' });
			case 'deleteWebhook':
				this.webhook = undefined;
				return answer(200, { ok: true, result: true, description: 'Webhook was deleted' });
			case 'sendMessage':
				return answer(200, {
					ok: true,
					result: { message_id: ++this.messageId, chat: { id: Number(body.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000), text: body.text },
				});
			default:
				return answer(400, { ok: false, error_code: 400, description: `Bad Request: method ${method} is not served here` });
		}
	}
}

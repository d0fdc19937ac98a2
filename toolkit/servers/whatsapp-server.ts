/**
 * A local WhatsApp Cloud API (Meta's Graph API) on loopback, for flows whose WhatsApp credential's
 * Graph API URL points here (`graphApiUrl`). It answers `POST /<version>/<phone-number-id>/messages`
 * as Meta does: a Bearer token check (OAuthException 190), the limits Meta enforces on text and
 * interactive messages (400, code 131009 "Parameter value is not valid" with its details), and
 * `{messaging_product, contacts, messages:[{id:'wamid…'}]}`; `GET /<version>/me` for the credential
 * test. It delivers webhooks as Meta does: the GET verification (hub.*), then `messages` changes
 * POSTed with X-Hub-Signature-256, the HMAC-SHA256 of the exact body with the app secret (non-ASCII
 * escaped as \uXXXX, as Meta signs them).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const GRAPH_VERSION = 'v26.0';

/** A sender: a phone number as WhatsApp writes it (digits, `wa_id`), a BSUID (`user_id`), or both. */
export type WhatsAppSender = string | { waId?: string; userId?: string };

export interface WhatsAppSent {
	phoneNumberId: string;
	body: Record<string, unknown>;
	/** The wamid the server answered with (a reply's `context.id` when the user answers it). */
	id: string;
}

interface Problem {
	code: 100 | 131009;
	details: string;
}

const graphError = (message: string, type: string, code: number, extra: Record<string, unknown> = {}) => ({
	error: { message, type, code, ...extra, fbtrace_id: randomBytes(9).toString('base64url') },
});

function length(value: unknown, field: string, min: number, max: number): Problem | undefined {
	if (typeof value !== 'string') return { code: 100, details: `The parameter ${field} is required.` };
	if (value.length < min || value.length > max) return { code: 131009, details: `${field} length invalid. Min length: ${min}, Max length: ${max}` };
	return undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Meta's checks on the message types a chat reply uses (text, reply buttons, list, cta_url). */
export function whatsappProblem(body: Record<string, unknown>): Problem | undefined {
	if (body.messaging_product !== 'whatsapp') return { code: 100, details: 'The parameter messaging_product is required.' };
	if (typeof body.to !== 'string' && typeof body.recipient !== 'string') return { code: 100, details: 'The parameter to is required.' };
	if (body.type === 'text') return length(isObject(body.text) ? body.text.body : undefined, "text['body']", 1, 4096);
	if (body.type !== 'interactive' || !isObject(body.interactive)) return { code: 131009, details: `Unsupported message type ${String(body.type)}` };
	const { interactive } = body;
	const action = isObject(interactive.action) ? interactive.action : {};
	const bodyText = length(isObject(interactive.body) ? interactive.body.text : undefined, 'Body text', 1, 1024);
	if (bodyText) return bodyText;
	if (interactive.type === 'button') {
		const buttons = Array.isArray(action.buttons) ? action.buttons : [];
		if (buttons.length < 1 || buttons.length > 3) return { code: 131009, details: 'Buttons count invalid. Min: 1, Max: 3' };
		const titles = new Set<unknown>();
		for (const button of buttons) {
			const reply = isObject(button) && isObject(button.reply) ? button.reply : {};
			const problem = length(reply.id, 'Button id', 1, 256) ?? length(reply.title, 'Button title', 1, 20);
			if (problem) return problem;
			if (reply.id !== String(reply.id).trim()) return { code: 131009, details: 'Button id cannot have leading or trailing spaces' };
			if (titles.has(reply.title)) return { code: 131009, details: 'Button title must be unique' };
			titles.add(reply.title);
		}
		return undefined;
	}
	if (interactive.type === 'list') {
		const sections = Array.isArray(action.sections) ? action.sections.filter(isObject) : [];
		const rows = sections.flatMap((section) => (Array.isArray(section.rows) ? section.rows : []));
		const problem = length(action.button, 'Button', 1, 20);
		if (problem) return problem;
		if (sections.length < 1 || sections.length > 10) return { code: 131009, details: 'Sections count invalid. Min: 1, Max: 10' };
		if (rows.length < 1 || rows.length > 10) return { code: 131009, details: 'Total row count exceeded. Max: 10' };
		for (const row of rows) {
			const fields = isObject(row) ? row : {};
			const rowProblem =
				length(fields.id, 'Row id', 1, 200) ??
				length(fields.title, 'Row title', 1, 24) ??
				(fields.description === undefined ? undefined : length(fields.description, 'Row description', 0, 72));
			if (rowProblem) return rowProblem;
		}
		return undefined;
	}
	if (interactive.type === 'cta_url') {
		const parameters = isObject(action.parameters) ? action.parameters : {};
		if (action.name !== 'cta_url') return { code: 100, details: "The parameter interactive['action']['name'] is required." };
		const problem = length(parameters.display_text, 'Display text', 1, 20);
		if (problem) return problem;
		if (typeof parameters.url !== 'string' || !/^https?:\/\//.test(parameters.url)) return { code: 131009, details: 'Invalid URL' };
		return undefined;
	}
	return { code: 131009, details: `Unsupported interactive type ${String(interactive.type)}` };
}

/** JSON as Meta sends it: non-ASCII characters escaped, with lowercase hex digits. */
const metaJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

export class WhatsAppServer {
	readonly sent: WhatsAppSent[] = [];
	/** Every request: method, path and whether its token was right (never the token itself). */
	readonly requests: Array<{ method: string; path: string; authorized: boolean }> = [];
	/** The callback URL that passed `verify`, where deliveries go. */
	webhookUrl: string | undefined;
	/** The last webhook body delivered, byte for byte. */
	lastDelivery: string | undefined;
	private server?: Server;
	private messageNumber = 0;

	constructor(
		readonly options: { accessToken: string; appSecret: string; phoneNumberId?: string; displayPhoneNumber?: string; businessAccountId?: string },
	) {}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	/** The credential's Graph API URL for this server. */
	get graphApiUrl(): string {
		return `${this.url}/${GRAPH_VERSION}`;
	}

	get phoneNumberId(): string {
		return this.options.phoneNumberId ?? '106540352242922';
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
		return this;
	}

	async close(): Promise<void> {
		if (this.server) await new Promise((done) => this.server!.close(done));
	}

	/** Meta's check of a callback URL: GET with hub.mode, hub.challenge and hub.verify_token. Remembers the URL when it answers the challenge. */
	async verify(url: string, verifyToken: string): Promise<{ ok: boolean; status: number; body: string }> {
		const challenge = String(1_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
		const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': challenge, 'hub.verify_token': verifyToken });
		const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${query}`);
		const body = await response.text();
		const ok = response.status === 200 && body === challenge;
		if (ok) this.webhookUrl = url;
		return { ok, status: response.status, body };
	}

	deliverText(from: WhatsAppSender, name: string, text: string): Promise<Response> {
		return this.deliverMessage(from, name, { type: 'text', text: { body: text } });
	}

	/** Several text messages in one webhook body, as Meta batches them (one change, its contacts and messages in order). */
	deliverTexts(messages: Array<{ from: WhatsAppSender; name: string; text: string }>): Promise<Response> {
		const contacts = new Map<string, Record<string, unknown>>();
		const entries = messages.map(({ from, name, text }) => {
			const { waId, userId } = this.sender(from);
			contacts.set(`${waId}:${userId}`, { profile: { name }, ...(waId ? { wa_id: waId } : {}), ...(userId ? { user_id: userId } : {}) });
			return this.message(waId, userId, { type: 'text', text: { body: text } });
		});
		return this.deliver({ contacts: [...contacts.values()], messages: entries });
	}

	/** A click on an interactive reply button. */
	deliverButtonReply(from: WhatsAppSender, name: string, reply: { id: string; title: string }, contextId?: string): Promise<Response> {
		return this.deliverMessage(from, name, { type: 'interactive', interactive: { type: 'button_reply', button_reply: reply } }, contextId);
	}

	/** A row chosen in an interactive list. */
	deliverListReply(from: WhatsAppSender, name: string, reply: { id: string; title: string; description?: string }, contextId?: string): Promise<Response> {
		return this.deliverMessage(from, name, { type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } }, contextId);
	}

	/** A status update on a message the business sent (sent, delivered, read, failed). */
	deliverStatus(recipient: WhatsAppSender, status: 'sent' | 'delivered' | 'read' | 'failed', messageId: string): Promise<Response> {
		const { waId, userId } = this.sender(recipient);
		return this.deliver({
			statuses: [
				{
					id: messageId,
					status,
					timestamp: this.timestamp(),
					...(waId ? { recipient_id: waId } : {}),
					...(userId ? { recipient_user_id: userId } : {}),
				},
			],
		});
	}

	/** Waits until the flow has sent `count` messages. */
	async waitForSent(count: number, timeoutMs = 20_000): Promise<WhatsAppSent[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.sent.length < count) {
			if (Date.now() > deadline) throw new Error(`WhatsApp got ${this.sent.length} of ${count} messages: ${JSON.stringify(this.sent)}`);
			await new Promise((done) => setTimeout(done, 100));
		}
		return this.sent;
	}

	/** The signature Meta would send for these bytes. */
	sign(raw: string | Buffer): string {
		return `sha256=${createHmac('sha256', this.options.appSecret).update(raw).digest('hex')}`;
	}

	private sender(from: WhatsAppSender): { waId?: string; userId?: string } {
		return typeof from === 'string' ? (/^\d+$/.test(from) ? { waId: from } : { userId: from }) : from;
	}

	private timestamp(): string {
		return String(Math.floor(Date.now() / 1000));
	}

	private message(waId: string | undefined, userId: string | undefined, content: Record<string, unknown>, contextId?: string): Record<string, unknown> {
		return {
			...(contextId ? { context: { from: this.options.displayPhoneNumber ?? '15550783881', id: contextId } } : {}),
			...(waId ? { from: waId } : {}),
			...(userId ? { from_user_id: userId } : {}),
			id: `wamid.${randomBytes(24).toString('base64url')}`,
			timestamp: this.timestamp(),
			...content,
		};
	}

	private deliverMessage(from: WhatsAppSender, name: string, content: Record<string, unknown>, contextId?: string): Promise<Response> {
		const { waId, userId } = this.sender(from);
		return this.deliver({
			contacts: [{ profile: { name }, ...(waId ? { wa_id: waId } : {}), ...(userId ? { user_id: userId } : {}) }],
			messages: [this.message(waId, userId, content, contextId)],
		});
	}

	/** The last body again with its signature, as Meta retries a delivery it got no 200 for in time. */
	redeliver(): Promise<Response> {
		if (!this.lastDelivery) throw new Error('Nothing was delivered yet');
		return this.post(this.lastDelivery, this.sign(this.lastDelivery));
	}

	/** POSTs bytes to the verified webhook with this signature header (none: no header), as a forger would. */
	async post(raw: string, signature: string | undefined): Promise<Response> {
		if (!this.webhookUrl) throw new Error('No webhook is verified: call verify(url, verifyToken) first, as Meta\'s webhook setup does');
		return await fetch(this.webhookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) },
			body: raw,
		});
	}

	/** A messages webhook body as Meta writes it, with this change value (messages, statuses…). */
	webhookBody(value: Record<string, unknown>): string {
		return metaJson({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: this.options.businessAccountId ?? '102290129340398',
					changes: [
						{
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: this.options.displayPhoneNumber ?? '15550783881', phone_number_id: this.phoneNumberId },
								...value,
							},
							field: 'messages',
						},
					],
				},
			],
		});
	}

	private async deliver(value: Record<string, unknown>): Promise<Response> {
		const raw = this.webhookBody(value);
		this.lastDelivery = raw;
		return await this.post(raw, this.sign(raw));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const path = new URL(req.url ?? '/', 'http://localhost').pathname;
		const answer = (status: number, body: object) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		const authorized = req.headers.authorization === `Bearer ${this.options.accessToken}`;
		this.requests.push({ method: req.method ?? '', path, authorized });
		const me = /^\/v\d+\.\d+\/me$/.exec(path);
		const messages = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(path);
		if (!(me && req.method === 'GET') && !(messages && req.method === 'POST')) {
			return answer(400, graphError('Unsupported request - method type or path is not served here', 'GraphMethodException', 100));
		}
		if (!authorized) return answer(401, graphError('Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190));
		if (me) return answer(200, { name: 'Chat Actions system user', id: '122100000000000001' });
		let body: unknown;
		try {
			body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		} catch {
			return answer(400, graphError('(#100) Invalid JSON in the request body', 'OAuthException', 100));
		}
		if (!isObject(body)) return answer(400, graphError('(#100) The request body must be a JSON object', 'OAuthException', 100));
		const problem = whatsappProblem(body);
		if (problem) {
			const title = problem.code === 100 ? 'Invalid parameter' : 'Parameter value is not valid';
			return answer(400, graphError(`(#${problem.code}) ${title}`, 'OAuthException', problem.code, { error_data: { messaging_product: 'whatsapp', details: problem.details } }));
		}
		const id = `wamid.${Buffer.from(`out-${++this.messageNumber}`).toString('base64url')}`;
		this.sent.push({ phoneNumberId: messages![1], body, id });
		const input = String(body.to ?? body.recipient);
		const contact = typeof body.to === 'string' ? { input, wa_id: input.replace(/\D/g, '') } : { input, user_id: input };
		return answer(200, { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id }] });
	}
}

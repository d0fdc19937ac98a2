/**
 * A local Chatwoot on loopback, for flows whose Chatwoot credential's URL points here. It answers
 * the account API an agent bot uses, as Chatwoot does: `api_access_token` checked first (401
 * {"error":"Invalid Access Token"}), bots kept to their endpoints (401 "Access to this endpoint is
 * not authorized for bots"), then POST …/conversations/:id/messages (notes with `private`, options
 * with `input_select`), …/toggle_status and …/labels (which replace the list), and GET
 * /api/v1/profile for the credential test. It records what the flow did per conversation and
 * delivers the bot's webhook events the way Chatwoot's AgentBotListener does: the message's or
 * the conversation's `webhook_data` with `event`, signed (X-Chatwoot-Signature over
 * "<timestamp>.<body>") when the bot has a secret, with an X-Chatwoot-Delivery id. As Chatwoot,
 * it also delivers what the bot itself did through the API (its messages and notes as
 * message_created, status open as conversation_opened) and an agent's messages, and reopens a
 * resolved conversation as pending when the contact writes again (Message#reopen_conversation
 * with an active bot).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChatwootStatus = 'open' | 'pending' | 'resolved' | 'snoozed';

export interface ChatwootContact {
	id: number;
	name: string;
	email?: string | null;
	phone_number?: string | null;
}

export interface ChatwootMessage {
	id: number;
	content: string | null;
	message_type: 'incoming' | 'outgoing' | 'activity' | 'template';
	content_type: string;
	content_attributes: Record<string, unknown>;
	private: boolean;
	created_at: number;
	sender: Record<string, unknown> | null;
}

export interface ChatwootConversation {
	id: number;
	status: ChatwootStatus;
	labels: string[];
	contact: ChatwootContact;
	messages: ChatwootMessage[];
}

export interface ChatwootCall {
	method: string;
	path: string;
	body: Record<string, unknown>;
}

/** One webhook delivery to the bot and how its receiver answered (0: not reached). */
export interface ChatwootDelivery {
	event: string;
	payload: Record<string, unknown>;
	status: number;
}

export interface ChatwootServerOptions {
	/** The agent bot's access token. */
	token: string;
	accountId?: number;
	inboxId?: number;
	/** The bot's webhook (outgoing_url) and its secret; without a secret, deliveries are unsigned as before Chatwoot 4.13. */
	webhook?: { url: string; secret?: string };
	/** Whether bots may set labels (Chatwoot's PR #14655); older Chatwoot refuses them. */
	botsMayLabel?: boolean;
	/** The account's labels: when set, other posted labels are dropped as Chatwoot's LabelConcern does. */
	accountLabels?: string[];
}

const ENUM = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

export class ChatwootServer {
	readonly calls: ChatwootCall[] = [];
	readonly conversations = new Map<number, ChatwootConversation>();
	readonly accountId: number;
	readonly inboxId: number;
	readonly deliveries: ChatwootDelivery[] = [];
	readonly bot = { id: 7, name: 'Chat Actions bot', type: 'agent_bot' };
	readonly agent = { id: 2, name: 'Sam Agent', type: 'user', email: 'sam@acme.example', availability_status: 'online', avatar_url: '' };
	private server?: Server;
	/** Deliveries Chatwoot makes by itself after an API call (its Sidekiq jobs), awaited by settled() and close(). */
	private readonly background = new Set<Promise<unknown>>();
	private nextId = { conversation: 100, message: 5000, contact: 40 };

	constructor(readonly options: ChatwootServerOptions) {
		this.accountId = options.accountId ?? 1;
		this.inboxId = options.inboxId ?? 3;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
		return this;
	}

	async close(): Promise<void> {
		await this.settled();
		if (this.server) await new Promise((done) => this.server!.close(done));
	}

	/** Resolves when the deliveries Chatwoot started by itself (echoes of the bot's own API calls) are answered. */
	async settled(): Promise<void> {
		while (this.background.size > 0) await Promise.allSettled([...this.background]);
	}

	/** A conversation with a contact; an inbox with an agent bot starts them `pending`. */
	addConversation(contact: Partial<ChatwootContact> = {}, status: ChatwootStatus = 'pending', labels: string[] = []): ChatwootConversation {
		const conversation: ChatwootConversation = {
			id: ++this.nextId.conversation,
			status,
			labels,
			contact: { id: ++this.nextId.contact, name: 'Jane Doe', email: 'jane@example.com', phone_number: null, ...contact },
			messages: [],
		};
		this.conversations.set(conversation.id, conversation);
		return conversation;
	}

	/** The bot's messages the contact sees (not private), sent through the API. */
	sent(conversationId: number): ChatwootMessage[] {
		return this.conversation(conversationId).messages.filter((m) => m.sender === this.bot && !m.private);
	}

	/** The bot's private notes. */
	notes(conversationId: number): ChatwootMessage[] {
		return this.conversation(conversationId).messages.filter((m) => m.sender === this.bot && m.private);
	}

	/**
	 * The contact writes `text`: message_created to the bot, as from the web widget. A resolved
	 * conversation is reopened first, as pending (the inbox has an active bot), a snoozed one as open.
	 */
	async deliverMessage(conversationId: number, text: string, sign?: { secret?: string | null; at?: number }): Promise<Response> {
		const conversation = this.conversation(conversationId);
		if (conversation.status === 'resolved') conversation.status = 'pending';
		if (conversation.status === 'snoozed') conversation.status = 'open';
		const message = this.addMessage(conversation, { content: text, message_type: 'incoming', sender: this.contactData(conversation.contact) });
		return await this.deliver(this.messageData(conversation, message, 'message_created'), sign);
	}

	/** An agent writes in the conversation (a reply, or a private note): message_created to the bot too. */
	async deliverAgentMessage(conversationId: number, text: string, options: { private?: boolean } = {}): Promise<Response> {
		const conversation = this.conversation(conversationId);
		const message = this.addMessage(conversation, { content: text, message_type: 'outgoing', private: options.private === true, sender: this.agent });
		return await this.deliver(this.messageData(conversation, message, 'message_created'));
	}

	/** The messages an agent wrote to the contact. */
	agentReplies(conversationId: number): ChatwootMessage[] {
		return this.conversation(conversationId).messages.filter((m) => m.sender === this.agent && !m.private);
	}

	/** The contact picks an option of the bot's last input_select message: message_updated with submitted_values. */
	async deliverSelection(conversationId: number, value: string): Promise<Response> {
		const conversation = this.conversation(conversationId);
		const message = [...conversation.messages].reverse().find((m) => m.content_type === 'input_select');
		if (!message) throw new Error(`Conversation ${conversationId} has no input_select message to pick from`);
		const items = (message.content_attributes.items ?? []) as Array<{ title: string; value: string }>;
		const item = items.find((option) => option.value === value);
		if (!item) throw new Error(`No option with the value ${value}: ${JSON.stringify(items)}`);
		message.content_attributes = { ...message.content_attributes, submitted_values: [item] };
		return await this.deliver(this.messageData(conversation, message, 'message_updated'));
	}

	/**
	 * An agent changes the status: agent bots get conversation_resolved and conversation_opened;
	 * a status back to pending (or snoozed) goes out as conversation_status_changed, as account
	 * webhooks send it.
	 */
	async setStatus(conversationId: number, status: ChatwootStatus): Promise<Response> {
		const conversation = this.conversation(conversationId);
		const previous = conversation.status;
		conversation.status = status;
		const event = status === 'resolved' ? 'conversation_resolved' : status === 'open' ? 'conversation_opened' : 'conversation_status_changed';
		const extra = event === 'conversation_status_changed' ? { changed_attributes: [{ status: { previous_value: previous, current_value: status } }] } : {};
		return await this.deliver({ ...this.conversationData(conversation), ...extra, event });
	}

	/** Waits until `check` holds, for what the flow does after answering the webhook. */
	async waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = check();
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`Chatwoot did not get ${what}: ${JSON.stringify(this.calls)}`);
			await new Promise((done) => setTimeout(done, 100));
		}
	}

	/**
	 * POSTs an event to the bot's webhook as Chatwoot's Webhooks::Trigger does. `sign` forges
	 * one: another secret (null: unsigned) or another time; unset, the bot's own secret, now.
	 */
	async deliver(payload: Record<string, unknown>, sign: { secret?: string | null; at?: number } = {}): Promise<Response> {
		const webhook = this.options.webhook;
		if (!webhook) throw new Error('The agent bot has no webhook URL');
		const body = JSON.stringify(payload);
		const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-chatwoot-delivery': randomUUID() };
		const secret = sign.secret === undefined ? webhook.secret : sign.secret;
		if (secret) {
			const timestamp = String(sign.at ?? Math.floor(Date.now() / 1000));
			headers['x-chatwoot-timestamp'] = timestamp;
			headers['x-chatwoot-signature'] = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
		}
		const delivery: ChatwootDelivery = { event: String(payload.event), payload, status: 0 };
		this.deliveries.push(delivery);
		const response = await fetch(webhook.url, { method: 'POST', headers, body });
		delivery.status = response.status;
		return response;
	}

	/** A delivery Chatwoot makes by itself after answering an API call; its receiver's answer is in `deliveries`. */
	private deliverLater(payload: Record<string, unknown>): void {
		if (!this.options.webhook) return;
		const pending = new Promise((done) => setImmediate(done))
			.then(async () => await (await this.deliver(payload)).arrayBuffer())
			.catch(() => undefined)
			.finally(() => this.background.delete(pending));
		this.background.add(pending);
	}

	private conversation(id: number): ChatwootConversation {
		const conversation = this.conversations.get(id);
		if (!conversation) throw new Error(`No conversation ${id}`);
		return conversation;
	}

	private addMessage(conversation: ChatwootConversation, fields: Partial<ChatwootMessage>): ChatwootMessage {
		const message: ChatwootMessage = {
			id: ++this.nextId.message,
			content: null,
			message_type: 'outgoing',
			content_type: 'text',
			content_attributes: {},
			private: false,
			created_at: Math.floor(Date.now() / 1000),
			sender: null,
			...fields,
		};
		conversation.messages.push(message);
		return message;
	}

	private contactData(contact: ChatwootContact): Record<string, unknown> {
		const account = { id: this.accountId, name: 'Acme' };
		return { account, additional_attributes: {}, avatar: '', custom_attributes: {}, email: null, identifier: null, phone_number: null, thumbnail: '', blocked: false, ...contact };
	}

	/** Conversation#webhook_data (Conversations::EventDataPresenter): `id` is the display id. */
	private conversationData(conversation: ChatwootConversation): Record<string, unknown> {
		const now = Math.floor(Date.now() / 1000);
		const last = conversation.messages.filter((m) => m.message_type !== 'activity' && !m.private).at(-1);
		return {
			additional_attributes: {},
			can_reply: true,
			channel: 'Channel::WebWidget',
			contact_inbox: { source_id: randomUUID(), inbox_id: this.inboxId },
			id: conversation.id,
			inbox_id: this.inboxId,
			messages: last ? [{ ...last, message_type: ENUM[last.message_type], account_id: this.accountId, conversation_id: conversation.id }] : [],
			labels: conversation.labels,
			meta: { sender: { ...this.contactData(conversation.contact), type: 'contact' }, assignee: null, team: null, hmac_verified: false },
			status: conversation.status,
			custom_attributes: {},
			snoozed_until: null,
			unread_count: 0,
			priority: null,
			agent_last_seen_at: 0,
			contact_last_seen_at: 0,
			timestamp: now,
			created_at: now,
			account: { id: this.accountId, name: 'Acme' },
		};
	}

	/** Message#webhook_data with the event. */
	private messageData(conversation: ChatwootConversation, message: ChatwootMessage, event: string): Record<string, unknown> {
		return {
			account: { id: this.accountId, name: 'Acme' },
			additional_attributes: {},
			content_attributes: message.content_attributes,
			content_type: message.content_type,
			content: message.content,
			conversation: this.conversationData(conversation),
			created_at: new Date(message.created_at * 1000).toISOString(),
			id: message.id,
			inbox: { id: this.inboxId, name: 'Website' },
			message_type: message.message_type,
			private: message.private,
			sender: message.sender,
			source_id: null,
			event,
		};
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const answer = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
			res.end(JSON.stringify(body));
		};
		const path = new URL(req.url ?? '/', 'http://localhost').pathname;
		const token = req.headers.api_access_token;
		if (!token) return answer(401, { errors: ['You need to sign in or sign up before continuing.'] });
		if (token !== this.options.token) return answer(401, { error: 'Invalid Access Token' });
		let body: Record<string, unknown> = {};
		try {
			if (chunks.length > 0) body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
		} catch {
			return answer(400, { status: 400, error: 'Bad Request' });
		}
		this.calls.push({ method: req.method ?? 'GET', path, body });
		const match = /^\/api\/v1\/accounts\/(\d+)\/conversations\/(\d+)\/(messages|toggle_status|labels)$/.exec(path);
		const forBots = match && req.method === 'POST' && (match[3] !== 'labels' || this.options.botsMayLabel !== false);
		if (!forBots) return answer(401, { error: 'Access to this endpoint is not authorized for bots' });
		const [, account, conversationId, action] = match;
		const conversation = this.conversations.get(Number(conversationId));
		if (Number(account) !== this.accountId || !conversation) return answer(404, { error: 'Resource could not be found' });
		if (action === 'toggle_status') return this.toggleStatus(conversation, body, answer);
		if (action === 'labels') {
			const posted = Array.isArray(body.labels) ? body.labels.map(String) : [];
			const allowed = this.options.accountLabels;
			conversation.labels = allowed ? posted.filter((label) => allowed.includes(label)) : posted;
			return answer(200, { payload: conversation.labels });
		}
		return this.createMessage(conversation, body, answer);
	}

	private toggleStatus(conversation: ChatwootConversation, body: Record<string, unknown>, answer: (status: number, body: unknown) => void): void {
		const status = body.status as ChatwootStatus;
		if (!['open', 'pending', 'resolved', 'snoozed'].includes(status)) return answer(422, { error: `'${String(status)}' is not a valid status` });
		const changed = conversation.status !== status;
		conversation.status = status;
		answer(200, { meta: {}, payload: { success: true, conversation_id: conversation.id, current_status: status, snoozed_until: null } });
		// Conversation#notify_status_change: agent bots hear of open and resolved.
		if (changed && (status === 'open' || status === 'resolved')) {
			this.deliverLater({ ...this.conversationData(conversation), event: status === 'open' ? 'conversation_opened' : 'conversation_resolved' });
		}
	}

	/** Messages::MessageBuilder, with ContentAttributeValidator's check of input_select items. */
	private createMessage(conversation: ChatwootConversation, body: Record<string, unknown>, answer: (status: number, body: unknown) => void): void {
		const contentType = typeof body.content_type === 'string' ? body.content_type : 'text';
		const attributes = (typeof body.content_attributes === 'object' && body.content_attributes !== null ? body.content_attributes : {}) as Record<string, unknown>;
		if (contentType === 'input_select') {
			const items = attributes.items;
			const valid = Array.isArray(items) && items.length > 0 && items.every((item) => typeof item === 'object' && item !== null && Object.keys(item).every((key) => key === 'title' || key === 'value'));
			if (!valid) return answer(422, { message: 'Content attributes items contain invalid keys', attributes: ['content_attributes'] });
		}
		const messageType = body.message_type === 'incoming' ? 'incoming' : 'outgoing';
		const message = this.addMessage(conversation, {
			content: typeof body.content === 'string' ? body.content : null,
			message_type: messageType,
			content_type: contentType,
			content_attributes: attributes,
			private: body.private === true || body.private === 'true',
			sender: this.bot,
		});
		answer(200, {
			id: message.id,
			content: message.content,
			inbox_id: this.inboxId,
			echo_id: null,
			conversation_id: conversation.id,
			message_type: ENUM[message.message_type],
			content_type: message.content_type,
			content_attributes: message.content_attributes,
			created_at: message.created_at,
			private: message.private,
			source_id: null,
			sender: { ...this.bot, avatar_url: '' },
		});
		// Message#dispatch_create_events: the bot's own message reaches its webhook too.
		this.deliverLater(this.messageData(conversation, message, 'message_created'));
	}
}

/**
 * Telegram, through a local Telegram Bot API (toolkit/servers/telegram-server.ts) that both
 * Telegram credentials' Base URL point at:
 * - the example flow (examples/ways-in/telegram.json): n8n's Telegram Trigger (messages and
 *   button presses) → Action Router (reads Telegram's updates itself) → HTTP Action → Chat Reply
 *   *Send Through: Telegram*; Hand Over opens a ticket, With a Person adds to it, a Webhook
 *   releases. Activation registers the trigger's webhook there (setWebhook with its secret token
 *   and allowed_updates), updates are delivered as Telegram delivers them (only the kinds the
 *   webhook asked for), and the replies arrive as answerCallbackQuery and sendMessage calls;
 * - Chat Action Trigger's own Telegram dialect (Payload Format: Telegram Update, Verification:
 *   Telegram Secret Token) on a second bot, its webhook set by hand as a user would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstance } from '../../../toolkit/n8n/n8n-instance';
import { type TelegramChat, type TelegramMessage, TelegramServer } from '../../../toolkit/servers/telegram-server';
import { EXAMPLES } from '../example-flows';
import type { ChannelSuite, ExampleWorkflow } from './suite';

type FlowNode = ExampleWorkflow['nodes'][number] & { id: string; position: number[]; typeVersion: number; credentials?: object };

const flow = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'telegram.json'), 'utf8')) as ExampleWorkflow & { nodes: FlowNode[] };
const nodeOfType = (type: string) => flow.nodes.find((node) => node.type === type)!;
const nodeNamed = (name: string) => flow.nodes.find((node) => node.name === name)!;
const WEBHOOK = `${nodeOfType('n8n-nodes-base.telegramTrigger').webhookId!}/webhook`;
const RELEASE_WEBHOOK = String(nodeOfType('n8n-nodes-base.webhook').parameters!.path);

/** The second bot: its updates go to Chat Action Trigger, which checks this secret itself. */
const DIRECT_PATH = 'telegram-direct';
const DIRECT_SECRET = 'direct-bot_webhook-secret-2f9c';
const DIRECT_CREDENTIAL = { id: 'telegramDirectCred', name: 'Telegram bot (Chat Action Trigger)' };

/**
 * Chat Action Trigger (Telegram Update, Telegram Secret Token) → the example's Action Router
 * without Hand Over → the example's HTTP Actions → one Chat Reply sending through Telegram.
 */
function directFlow(): object {
	const telegramCredential = { chatActionsTelegramApi: DIRECT_CREDENTIAL };
	const router = nodeNamed('Action Router');
	const reply = { ...nodeNamed('Send Result'), id: 'c0a8e6f1-3b7d-4e2a-9f51-8d4c2b7a6e03', name: 'Send Reply', credentials: telegramCredential };
	return {
		id: 'telegramDirect',
		name: "Telegram straight to Chat Action Trigger (the e2e test's own)",
		nodes: [
			{
				id: '6f2b9d47-1c3e-4a58-b0d6-7e9a4c1f2b85',
				name: 'Chat Action Trigger',
				type: 'n8n-nodes-chat-actions.chatActionTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: '9e4c1a7b-2d5f-4b83-a6e0-3f8b7c2d1e94',
				parameters: { path: DIRECT_PATH, authentication: 'telegram', dialect: 'telegram', options: {} },
				credentials: telegramCredential,
			},
			{ ...router, parameters: { ...router.parameters, options: {} } },
			nodeNamed('Get Order'),
			nodeNamed('Reset API Key'),
			reply,
		],
		connections: {
			'Chat Action Trigger': { main: [[{ node: 'Action Router', type: 'main', index: 0 }]] },
			// order_status, reset_api_key, Ask, No Match
			'Action Router': { main: [[{ node: 'Get Order', type: 'main', index: 0 }], [{ node: 'Reset API Key', type: 'main', index: 0 }], [{ node: 'Send Reply', type: 'main', index: 0 }], [{ node: 'Send Reply', type: 'main', index: 0 }]] },
			'Get Order': { main: [[{ node: 'Send Reply', type: 'main', index: 0 }], [{ node: 'Send Reply', type: 'main', index: 0 }]] },
			'Reset API Key': { main: [[{ node: 'Send Reply', type: 'main', index: 0 }], [{ node: 'Send Reply', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: true,
	};
}

let telegram: TelegramServer;
let direct: TelegramServer;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((done) => setTimeout(done, 100));
	}
}

/** The executions of a workflow once every one of them has finished (n8n saves them after the webhook's 200). */
async function settled(n8n: N8nInstance, workflowId: string) {
	const started = (await n8n.executions()).filter((execution) => execution.workflowId === workflowId).length;
	return await n8n.waitForExecutions(started, { workflowId });
}

export const telegramSuite: ChannelSuite = {
	name: 'Telegram',
	async setUp() {
		[telegram, direct] = await Promise.all([new TelegramServer('123456:test-bot-token').start(), new TelegramServer('654321:direct-bot-token').start()]);
		const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'credentials.json'), 'utf8')) as Array<{ id: string; type: string; data: object }>;
		const pointed = (type: string, server: TelegramServer) => {
			const credential = credentials.find((candidate) => candidate.type === type)!;
			return { ...credential, data: { ...credential.data, accessToken: server.token, baseUrl: server.url } };
		};
		// The second bot's: one credential for Chat Action Trigger's secret and Chat Reply's sending.
		const directCredential = pointed('chatActionsTelegramApi', direct);
		return {
			workflows: [{ ...flow, active: true }, directFlow()],
			credentials: [
				pointed('telegramApi', telegram),
				pointed('chatActionsTelegramApi', telegram),
				{ ...directCredential, ...DIRECT_CREDENTIAL, data: { ...directCredential.data, secretToken: DIRECT_SECRET } },
			],
			readyWebhooks: [
				{ path: WEBHOOK, method: 'POST' },
				{ path: RELEASE_WEBHOOK, method: 'POST' },
				{ path: DIRECT_PATH, method: 'POST' },
			],
		};
	},
	async tearDown() {
		await Promise.all([telegram?.close(), direct?.close()]);
	},
	tests(context) {
		/** What the user writes; resolves with the bot's answer (the chat's next message). */
		const say = async (chat: TelegramChat, text: string, bot = telegram): Promise<TelegramMessage> => {
			const before = bot.messagesTo(chat.id).length;
			expect((await bot.deliverText(chat, text)).status).toBe(200);
			return (await bot.waitForMessagesTo(chat.id, before + 1)).at(-1)!;
		};
		/** An update that the bot answers with a message; resolves with it and the Bot API calls made meanwhile. */
		const answered = async (chat: TelegramChat, deliver: () => Promise<Response>, bot = telegram) => {
			const [calls, before] = [bot.calls.length, bot.messagesTo(chat.id).length];
			expect((await deliver()).status).toBe(200);
			const answer = (await bot.waitForMessagesTo(chat.id, before + 1)).at(-1)!;
			return { answer, calls: bot.calls.slice(calls).map((call) => `${call.method} ${call.ok ? 'ok' : call.description}`) };
		};
		/** A press on the button labelled `label` of the last keyboard sent to the chat. */
		const press = async (chat: TelegramChat, label: string, bot = telegram) => await answered(chat, async () => await bot.press(chat, label), bot);
		const keyboardOf = (chat: TelegramChat, message: TelegramMessage, bot = telegram) => bot.messagesTo(chat.id).find((kept) => kept.message_id === message.message_id)!.reply_markup;
		const apiKeyResets = (email: string) => context().api.sideEffects.filter((effect) => effect.kind === 'api_key_reset' && effect.email === email);

		test('activation registers the webhook with its secret token, for messages and button presses', () => {
			const { n8n } = context();
			expect(telegram.webhook).toEqual({ url: n8n.webhookUrl(WEBHOOK), secret: expect.stringMatching(/^[A-Za-z0-9_-]{1,256}$/), allowedUpdates: ['message', 'callback_query'] });
		});

		test('an order looked up: an invalid number is told why, the answer has its tracking link as a URL button; two chats are two conversations', async () => {
			const { n8n, api } = context();
			const ada = { id: 777001, firstName: 'Ada' };
			const grace = { id: 777002, firstName: 'Grace' };
			const question = 'What is your order number? It has 5 digits.';
			const requestsBefore = api.requests.length;
			expect((await say(ada, 'where is my order?')).text).toBe(question);
			expect((await say(grace, 'has my order shipped?')).text).toBe(question);
			expect((await say(ada, '123')).text).toBe(`That doesn't look like an order number. ${question}`);
			const adas = await say(ada, '12345');
			const graces = await say(grace, '23456');
			expect([adas, graces].map((message) => [message.chat.id, message.text, message.reply_markup])).toEqual([
				[777001, 'Your order 12345 is shipped.', { inline_keyboard: [[{ text: 'Track it', url: 'https://shop.example.com/track/12345' }]] }],
				[777002, 'Your order 23456 is being packed.', { inline_keyboard: [[{ text: 'Track it', url: 'https://shop.example.com/track/23456' }]] }],
			]);
			expect(api.requests.slice(requestsBefore).map((request) => `${request.method} ${request.path}`)).toEqual(['GET /orders/12345', 'GET /orders/23456']);
			expect((await settled(n8n, flow.id)).filter((execution) => execution.status !== 'success')).toEqual([]);
		});

		test('an API key reset: an invalid email is told why, Yes pressed on the inline keyboard answers its callback query and resets once, a second tap changes nothing', async () => {
			const { n8n } = context();
			const lin = { id: 777003, firstName: 'Lin' };
			expect((await say(lin, 'I need to reset my API key')).text).toBe('What is the email address of your account?');
			expect((await say(lin, 'lin@example')).text).toBe('That does not look like an email address. Please send one like name@example.com. What is the email address of your account?');
			const confirmation = await say(lin, 'lin@example.com');
			expect([confirmation.text, confirmation.reply_markup]).toEqual([
				'Reset the API key of lin@example.com? The old key stops working within an hour.',
				{ inline_keyboard: [[{ text: 'Yes', callback_data: 'confirm:yes' }, { text: 'No', callback_data: 'confirm:no' }]] },
			]);

			const yes = await press(lin, 'Yes');
			// The spinner on the pressed button stops, the answered keyboard goes, then the result is sent.
			expect(yes.calls).toEqual(['answerCallbackQuery ok', 'editMessageReplyMarkup ok', 'sendMessage ok']);
			expect(keyboardOf(lin, confirmation)).toBeUndefined();
			expect(yes.answer.text).toBe('A new API key is on its way to lin@example.com.');
			expect(apiKeyResets('lin@example.com')).toHaveLength(1);

			// A second tap that reached Telegram before the keyboard went: answered, and the key is not reset again.
			const again = await answered(lin, async () => await telegram.deliverCallback(lin, 'confirm:yes', confirmation));
			expect(again.calls[0]).toBe('answerCallbackQuery ok');
			expect(again.answer.text).not.toMatch(/on its way/);
			expect(apiKeyResets('lin@example.com')).toHaveLength(1);
			expect([...telegram.callbackQueries.values()].every((query) => query.answered)).toBe(true);
			expect((await settled(n8n, flow.id)).filter((execution) => execution.status !== 'success')).toEqual([]);
		});

		test('a person asked for: a ticket; while the person holds it the messages reach the ticket and nothing is sent; released, the bot answers again', async () => {
			const { n8n, api } = context();
			const mo = { id: 777004, firstName: 'Mo' };
			const conversationId = 'telegram:777004';
			expect((await say(mo, 'where is my order?')).text).toBe('What is your order number? It has 5 digits.');
			const handedOver = await say(mo, 'Can I talk to a real person please?');
			const ticket = api.sideEffects.find((effect) => effect.kind === 'handoff' && effect.conversationId === conversationId);
			expect(ticket).toMatchObject({ reason: 'visitor_asked', actionsTaken: [] });
			expect((ticket!.thread as Array<{ from: string; text: string }>).map((entry) => [entry.from, entry.text])).toEqual(
				expect.arrayContaining([
					['visitor', 'where is my order?'],
					['visitor', 'Can I talk to a real person please?'],
				]),
			);
			expect(handedOver.text).toBe(`I've passed our conversation to a person on our team (ticket ${String(ticket!.ticket)}). They can see what we said so far and will answer here shortly.`);

			const [sentBefore, requestsBefore] = [telegram.messagesTo(mo.id).length, api.requests.length];
			const toTicket = () => api.sideEffects.filter((effect) => (effect.kind as string) === 'handoff_message' && effect.conversationId === conversationId);
			for (const [index, text] of ['hello? anyone there?', '12345'].entries()) {
				expect((await telegram.deliverText(mo, text)).status).toBe(200);
				await waitFor(() => toTicket().length > index, `"${text}" added to the ticket`);
			}
			expect(toTicket().map((effect) => [effect.ticket, effect.text])).toEqual([
				[ticket!.ticket, 'hello? anyone there?'],
				[ticket!.ticket, '12345'],
			]);
			// Every execution is over and none sent anything: the bot stayed silent, the order was not looked up.
			expect((await settled(n8n, flow.id)).filter((execution) => execution.status !== 'success')).toEqual([]);
			expect(telegram.messagesTo(mo.id)).toHaveLength(sentBefore);
			expect(api.requests.slice(requestsBefore).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /handoffs/messages', 'POST /handoffs/messages']);

			const release = async () => {
				const response = await fetch(n8n.webhookUrl(RELEASE_WEBHOOK), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId }) });
				expect(response.status).toBe(200);
				return (await response.json()) as unknown;
			};
			expect(await release()).toEqual({ conversationId, released: true });
			expect(await release()).toEqual({ conversationId, released: false });
			expect((await say(mo, 'where is my order?')).text).toBe('What is your order number? It has 5 digits.');
		});

		test('an update without the webhook secret is refused with 403 and starts nothing', async () => {
			const { n8n } = context();
			const before = (await settled(n8n, flow.id)).length;
			const forged = { update_id: 1, message: { message_id: 1, from: { id: 1, is_bot: false, first_name: 'Eve' }, chat: { id: 1, type: 'private' }, date: 0, text: 'where is my order?' } };
			for (const secret of [undefined, 'not-the-secret']) {
				const response = await fetch(n8n.webhookUrl(WEBHOOK), {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
					body: JSON.stringify(forged),
				});
				expect(response.status).toBe(403);
			}
			// A genuine update after them: its execution is the only one added.
			const zoe = { id: 777005, firstName: 'Zoë' };
			expect((await say(zoe, 'where is my order?')).text).toBe('What is your order number? It has 5 digits.');
			expect(await settled(n8n, flow.id)).toHaveLength(before + 1);
			expect(telegram.sent.filter((message) => String(message.chat_id) === '1')).toEqual([]);
		});

		test("Chat Action Trigger's Telegram dialect: the secret token checked, a press read back and answered, a redelivered update or a double tap starts nothing", async () => {
			const { n8n } = context();
			// The webhook set by hand, as the credential's Secret Token says.
			const set = await fetch(`${direct.url}/bot${direct.token}/setWebhook`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ url: n8n.webhookUrl(DIRECT_PATH), secret_token: DIRECT_SECRET, allowed_updates: ['message', 'callback_query'] }),
			});
			expect(await set.json()).toEqual({ ok: true, result: true, description: 'Webhook was set' });

			const kim = { id: 778001, firstName: 'Kim' };
			expect((await say(kim, 'reset my api key', direct)).text).toBe('What is the email address of your account?');
			const confirmation = await say(kim, 'kim@example.com', direct);
			expect(confirmation.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Yes', callback_data: 'confirm:yes' }, { text: 'No', callback_data: 'confirm:no' }]] });
			// Telegram sends the same update again when it got no 200 in time: the trigger takes it once.
			expect((await direct.redeliver()).status).toBe(200);
			const yes = await press(kim, 'Yes', direct);
			expect(yes.calls).toEqual(['answerCallbackQuery ok', 'editMessageReplyMarkup ok', 'sendMessage ok']);
			expect(yes.answer.text).toBe('A new API key is on its way to kim@example.com.');
			// A double tap on Yes (the same button of the same keyboard, sent before the keyboard went) is one choice.
			expect((await direct.deliverCallback(kim, 'confirm:yes', confirmation)).status).toBe(200);
			expect((await say(kim, 'where is my order?', direct)).text).toBe('What is your order number? It has 5 digits.');

			// Without the secret: 401; with another: 403.
			const update = JSON.stringify({ update_id: 9, message: { message_id: 9, from: { id: 1, is_bot: false, first_name: 'Eve' }, chat: { id: 1, type: 'private' }, date: 0, text: 'reset my api key' } });
			const post = async (headers: Record<string, string>) => (await fetch(n8n.webhookUrl(DIRECT_PATH), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: update })).status;
			expect(await post({})).toBe(401);
			expect(await post({ 'x-telegram-bot-api-secret-token': 'not-the-secret' })).toBe(403);
			expect((await say(kim, '12345', direct)).text).toBe('Your order 12345 is shipped.');

			// Five turns, five executions, five answers: the redelivery, the second tap and the refused updates started nothing.
			const executions = await settled(n8n, 'telegramDirect');
			expect(executions.map((execution) => execution.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
			expect(direct.messagesTo(kim.id)).toHaveLength(5);
			expect(apiKeyResets('kim@example.com')).toHaveLength(1);
			expect(direct.sent.filter((message) => String(message.chat_id) === '1')).toEqual([]);
		});
	},
};

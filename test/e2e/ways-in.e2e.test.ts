/**
 * The example flows of the ways in other than this package's own trigger (examples/ways-in/),
 * imported as they are into a real n8n, with the demo API (examples/demo-api.js):
 * - n8n's own Chat Trigger → Action Router → HTTP Action → Chat Reply, played as @n8n/chat
 *   posts to the trigger's chat webhook;
 * - Telegram Trigger → Action Router (Input: Define Below, expressions on Telegram's update) →
 *   HTTP Action → Chat Reply → Telegram's send message node. The Telegram credential's Base URL
 *   points at a local Telegram Bot API (toolkit/servers/telegram-server.ts): activation
 *   registers the webhook there (setWebhook with its secret token), the test delivers updates
 *   to that webhook as Telegram does, and the replies arrive there as sendMessage calls.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type DemoApi, startDemoApi } from '../../examples/demo-api';
import { EXAMPLES, exampleCredentials } from './example-flows';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { TelegramServer } from '../../toolkit/servers/telegram-server';

interface ExampleWorkflow {
	id: string;
	nodes: Array<{ name: string; type: string; webhookId?: string }>;
	[key: string]: unknown;
}

const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', file), 'utf8')) as ExampleWorkflow;
const chatFlow = read('n8n-chat-trigger.json');
const telegramFlow = read('telegram.json');
const webhookIdOf = (flow: ExampleWorkflow, type: string) => flow.nodes.find((node) => node.type === type)!.webhookId!;
const CHAT_WEBHOOK = `${webhookIdOf(chatFlow, '@n8n/n8n-nodes-langchain.chatTrigger')}/chat`;
const TELEGRAM_WEBHOOK = `${webhookIdOf(telegramFlow, 'n8n-nodes-base.telegramTrigger')}/webhook`;

let api: DemoApi;
let telegram: TelegramServer;
let n8n: N8nInstance;
let tarball: string | undefined;

beforeAll(async () => {
	api = await startDemoApi({ port: 0, log: false });
	telegram = await new TelegramServer('123456:test-bot-token').start();
	const [telegramCredential] = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'credentials.json'), 'utf8')) as Array<{ data: object }>;
	n8n = await startN8n({
		workflows: [chatFlow, telegramFlow].map((flow) => ({ ...flow, active: true })),
		credentials: [
			...exampleCredentials(api.url),
			{ ...telegramCredential, data: { ...telegramCredential.data, accessToken: telegram.token, baseUrl: telegram.url } },
		],
		packageTarball: (tarball = await packPackage()),
		readyWebhooks: [CHAT_WEBHOOK, TELEGRAM_WEBHOOK].map((path) => ({ path, method: 'POST' })),
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await telegram?.close();
	await api?.close();
	if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
});

test("n8n's Chat Trigger: an order looked up over two turns, the answer in Markdown with its link", async () => {
	const sessionId = `ways-in-${Date.now()}`;
	const say = async (chatInput: string) => {
		const response = await fetch(n8n.webhookUrl(CHAT_WEBHOOK), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { output: string }).output;
	};
	expect(await say('where is my order?')).toBe('What is your order number? It has 5 digits.');
	expect(await say('it is 12345')).toBe('Your order 12345 is shipped.\n\n[Track it](https://shop.example.com/track/12345)');
	expect(api.requests.filter((request) => request.path === '/orders/12345')).toHaveLength(1);
});

test('Telegram: activation registers the webhook with its secret; a chat is a conversation; replies are sent to it', async () => {
	expect(telegram.webhook?.url).toBe(n8n.webhookUrl(TELEGRAM_WEBHOOK));
	expect(telegram.webhook?.secret).not.toBe('');

	const ada = { id: 777001, firstName: 'Ada' };
	const grace = { id: 777002, firstName: 'Grace' };
	expect((await telegram.deliverText(ada, 'where is my order?')).status).toBe(200);
	await telegram.waitForSent(1);
	expect((await telegram.deliverText(grace, 'has my order shipped?')).status).toBe(200);
	await telegram.waitForSent(2);
	expect((await telegram.deliverText(ada, '12345')).status).toBe(200);
	const sent = await telegram.waitForSent(3);
	expect(sent.map((message) => [String(message.chat_id), message.text])).toEqual([
		['777001', 'What is your order number? It has 5 digits.'],
		['777002', 'What is your order number? It has 5 digits.'],
		['777001', 'Your order 12345 is shipped. Track it: https://shop.example.com/track/12345'],
	]);

	// An update without Telegram's secret is refused by the trigger and starts nothing.
	const forged = await fetch(n8n.webhookUrl(TELEGRAM_WEBHOOK), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ update_id: 1, message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 0, text: 'where is my order?' } }),
	});
	expect(forged.status).toBe(403);
	await new Promise((done) => setTimeout(done, 1000));
	expect(telegram.sent).toHaveLength(3);
});

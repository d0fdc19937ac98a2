/**
 * Telegram: n8n's Telegram Trigger → Action Router (Input: Define Below, expressions on
 * Telegram's update) → HTTP Action → Chat Reply → Telegram's send message node. The Telegram
 * credential's Base URL points at a local Telegram Bot API (toolkit/servers/telegram-server.ts):
 * activation registers the webhook there (setWebhook with its secret token), the test delivers
 * updates to that webhook as Telegram does, and the replies arrive there as sendMessage calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TelegramServer } from '../../../toolkit/servers/telegram-server';
import { EXAMPLES } from '../example-flows';
import type { ChannelSuite, ExampleWorkflow } from './suite';

const flow = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'telegram.json'), 'utf8')) as ExampleWorkflow;
const WEBHOOK = `${flow.nodes.find((node) => node.type === 'n8n-nodes-base.telegramTrigger')!.webhookId!}/webhook`;

let telegram: TelegramServer;

export const telegramSuite: ChannelSuite = {
	name: 'Telegram',
	async setUp() {
		telegram = await new TelegramServer('123456:test-bot-token').start();
		const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'credentials.json'), 'utf8')) as Array<{ type: string; data: object }>;
		const botCredential = credentials.find((credential) => credential.type === 'telegramApi')!;
		return {
			workflows: [{ ...flow, active: true }],
			credentials: [{ ...botCredential, data: { ...botCredential.data, accessToken: telegram.token, baseUrl: telegram.url } }],
			readyWebhooks: [{ path: WEBHOOK, method: 'POST' }],
		};
	},
	async tearDown() {
		await telegram?.close();
	},
	tests(context) {
		test('activation registers the webhook with its secret; a chat is a conversation; replies are sent to it', async () => {
			const { n8n } = context();
			expect(telegram.webhook?.url).toBe(n8n.webhookUrl(WEBHOOK));
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
			const forged = await fetch(n8n.webhookUrl(WEBHOOK), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ update_id: 1, message: { message_id: 1, chat: { id: 1, type: 'private' }, date: 0, text: 'where is my order?' } }),
			});
			expect(forged.status).toBe(403);
			await new Promise((done) => setTimeout(done, 1000));
			expect(telegram.sent).toHaveLength(3);
		});
	},
};

/**
 * The Action Router behind n8n's own Chat Trigger, in a real n8n: the trigger's hosted chat
 * page (and its POST webhook) → Action Router, reading the trigger's items as they are →
 * Chat Reply, whose `output` the trigger's last-node response sends back. Played over HTTP as
 * @n8n/chat posts, and in Chromium on n8n's own hosted chat page (its @n8n/chat files, which
 * the page loads from a CDN this machine cannot reach, are served from the npm package).
 */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import type { Browser } from 'playwright-core';

import { launchBrowser, screenshot } from '../browser/browser';
import { ensureN8nChatDist } from '../browser/n8n-chat';
import { ROUTER_ACTIONS } from '../support/router-actions';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, workflow } from '../../toolkit/n8n/workflows';

const WORKFLOW_ID = 'routerBehindN8nChat';
const CHAT_WEBHOOK_ID = '3c2e9a41-7d5b-4f60-8e1a-9b0c4d2f6a11';

function chatTriggerFlow() {
	return workflow(
		WORKFLOW_ID,
		'Action Router behind n8n Chat Trigger',
		[
			node(
				WORKFLOW_ID,
				'When chat message received',
				'@n8n/n8n-nodes-langchain.chatTrigger',
				{ public: true, mode: 'hostedChat', initialMessages: 'Hi! Ask me about an order or your subscription.', options: { responseMode: 'lastNode' } },
				{ typeVersion: 1.1, webhookId: CHAT_WEBHOOK_ID },
			),
			node(WORKFLOW_ID, 'Action Router', 'actionRouter', { actions: ROUTER_ACTIONS }),
			node(WORKFLOW_ID, 'Subscription Reply', 'chatReply', { message: '{{fields.email}} is subscribed to the newsletter.', respond: false }),
			node(WORKFLOW_ID, 'Order Reply', 'chatReply', {
				message: 'Order {{fields.order_id}} is on its way.',
				buttons: { entries: [{ label: 'Track it', url: 'https://shop.example.com/track/{{fields.order_id}}' }] },
				respond: false,
			}),
			node(WORKFLOW_ID, 'Reply', 'chatReply', { respond: false }),
		],
		[
			['When chat message received', 'Action Router'],
			['Action Router', 'Subscription Reply', 0],
			['Action Router', 'Order Reply', 1],
			['Action Router', 'Reply', 2],
			['Action Router', 'Reply', 3],
		],
	);
}

/**
 * The Chat Trigger in embedded (webhook) mode, answering by Chat Reply itself: through response
 * nodes (`{output}`, as Respond to Webhook would) or streaming (Chat Trigger 1.2: one message of
 * newline-delimited JSON chunks).
 */
const EMBEDDED = { workflowId: 'routerBehindN8nChatEmbedded', webhookId: '3c2e9a41-7d5b-4f60-8e1a-9b0c4d2f6a12', responseMode: 'responseNode', typeVersion: 1.1 };
const STREAMING = { workflowId: 'routerBehindN8nChatStreaming', webhookId: '3c2e9a41-7d5b-4f60-8e1a-9b0c4d2f6a13', responseMode: 'streaming', typeVersion: 1.2 };
const EMBEDDED_WEBHOOK_ID = EMBEDDED.webhookId;
const STREAMING_WEBHOOK_ID = STREAMING.webhookId;

function webhookModeFlow({ workflowId, webhookId, responseMode, typeVersion }: typeof EMBEDDED) {
	return workflow(
		workflowId,
		`Action Router behind n8n Chat Trigger, ${responseMode}`,
		[
			node(workflowId, 'When chat message received', '@n8n/n8n-nodes-langchain.chatTrigger', { public: true, mode: 'webhook', options: { responseMode } }, {
				typeVersion,
				webhookId,
			}),
			node(workflowId, 'Action Router', 'actionRouter', { actions: ROUTER_ACTIONS }),
			node(workflowId, 'Order Reply', 'chatReply', { message: 'Order {{fields.order_id}} is on its way.' }),
			node(workflowId, 'Reply', 'chatReply', {}),
		],
		[
			['When chat message received', 'Action Router'],
			['Action Router', 'Reply', 0],
			['Action Router', 'Order Reply', 1],
			['Action Router', 'Reply', 2],
			['Action Router', 'Reply', 3],
		],
	);
}

let n8n: N8nInstance;
let browser: Browser | undefined;

beforeAll(async () => {
	n8n = await startN8n({
		workflows: [chatTriggerFlow(), webhookModeFlow(EMBEDDED), webhookModeFlow(STREAMING)],
		packageTarball: await packPackage(),
		readyWebhooks: [
			{ path: `${CHAT_WEBHOOK_ID}/chat`, method: 'POST' },
			{ path: `${EMBEDDED_WEBHOOK_ID}/chat`, method: 'POST' },
			{ path: `${STREAMING_WEBHOOK_ID}/chat`, method: 'POST' },
		],
	});
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
});

const chatUrl = (webhookId = CHAT_WEBHOOK_ID) => n8n.webhookUrl(`${webhookId}/chat`);

async function send(sessionId: string, chatInput: string, webhookId = CHAT_WEBHOOK_ID): Promise<string> {
	const response = await fetch(chatUrl(webhookId), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { output: string }).output;
}

test('a multi-turn action through the Chat Trigger webhook: asked, refused, answered, with the link as Markdown', async () => {
	const session = `n8n-chat-${Date.now()}`;
	expect(await send(session, 'where is my order?')).toBe('What is your order number?');
	expect(await send(session, 'it is 123456')).toBe('That is not in the expected format. What is your order number?');
	expect(await send(session, '12345')).toBe('Order 12345 is on its way.\n\n[Track it](https://shop.example.com/track/12345)');
	// Another session is another conversation.
	expect(await send(`${session}-b`, '12345')).not.toContain('on its way');
});

test('in embedded mode with response nodes, Chat Reply answers the widget itself', async () => {
	const session = `n8n-chat-embedded-${Date.now()}`;
	expect(await send(session, 'where is my order?', EMBEDDED_WEBHOOK_ID)).toBe('What is your order number?');
	expect(await send(session, 'sure, 12345', EMBEDDED_WEBHOOK_ID)).toBe('Order 12345 is on its way.');
});

test('streaming, as @n8n/chat asks for it: the reply arrives as begin, item, end chunks of Chat Reply', async () => {
	const session = `n8n-chat-streaming-${Date.now()}`;
	const stream = async (chatInput: string) => {
		const response = await fetch(chatUrl(STREAMING_WEBHOOK_ID), {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'text/plain' },
			body: JSON.stringify({ action: 'sendMessage', sessionId: session, chatInput }),
		});
		expect(response.status).toBe(200);
		const chunks = (await response.text())
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as { type: string; content?: string; metadata: { nodeName: string } });
		return chunks;
	};
	const asked = await stream('where is my order?');
	expect(asked.map((chunk) => [chunk.type, chunk.metadata.nodeName, chunk.content])).toEqual([
		['begin', 'Reply', undefined],
		['item', 'Reply', 'What is your order number?'],
		['end', 'Reply', undefined],
	]);
	const answered = await stream('12345');
	expect(answered.filter((chunk) => chunk.type === 'item').map((chunk) => chunk.content)).toEqual(['Order 12345 is on its way.']);
});

test("n8n's hosted chat page in Chromium completes an action over several turns", async () => {
	const dist = ensureN8nChatDist();
	browser = await launchBrowser();
	const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
	await page.route('https://cdn.jsdelivr.net/**', async (route) => {
		const path = new URL(route.request().url()).pathname;
		const file = path.match(/\/@n8n\/chat(?:@[^/]+)?\/dist\/(.+)$/)?.[1];
		if (!file) return route.fulfill({ status: 200, contentType: 'text/css', body: '' }); // normalize.css
		const type = extname(file) === '.css' ? 'text/css' : 'text/javascript';
		return route.fulfill({ status: 200, contentType: type, body: readFileSync(join(dist, file)) });
	});
	await page.goto(chatUrl());
	const input = page.locator('textarea');
	await input.waitFor({ timeout: 30_000 });
	const botMessages = page.locator('.chat-message-from-bot');
	const say = async (text: string, expected: string) => {
		const before = await botMessages.count();
		await input.fill(text);
		await input.press('Enter');
		const deadline = Date.now() + 30_000;
		while ((await botMessages.count()) <= before || !((await botMessages.last().textContent()) ?? '').includes(expected)) {
			if (Date.now() > deadline) throw new Error(`The chat page never showed "${expected}"; last: "${await botMessages.last().textContent()}"`);
			await page.waitForTimeout(200);
		}
	};
	await say('I never get your emails, check my subscription', 'Which email address should I check?');
	await say('ada at example', 'does not look like an email address');
	await say('ada@example.com', 'ada@example.com is subscribed to the newsletter.');
	await screenshot(page, 'n8n-chat-trigger-hosted');
	const executions = await n8n.waitForExecutions(3, { workflowId: WORKFLOW_ID, timeoutMs: 30_000 });
	expect(executions.length).toBeGreaterThanOrEqual(3);
});

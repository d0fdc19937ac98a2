// Example, not yet part of `npm test` (the name does not match any jest testMatch): n8n's chat
// widget (@n8n/chat) in headless Chromium, talking to a stub webhook on another localhost port.
// To wire it to the real chat trigger, replace the stub's URL with the trigger's webhook URL;
// the stub shows what the trigger must answer. Run it alone with:
//
//   npx jest --config '{"testMatch":["<rootDir>/test/browser/*.example.ts"],"testEnvironment":"node","transform":{"^.+\\.ts$":["ts-jest",{"tsconfig":"tsconfig.json"}]}}'
//
// What the widget sends (all POST, Content-Type: application/json, to webhookUrl as is):
//   on mount (loadPreviousSession: true, the default):
//     {"action":"loadPreviousSession","sessionId":"<uuid>"[,"metadata":{...}]}
//     answer {"data":[]}, or LangChain-serialised messages: {"data":[{"id":["...","HumanMessage"],
//     "kwargs":{"content":"..."}}, ...]} (an id containing "HumanMessage" is the visitor's).
//     If this request FAILS (network error, CORS refused) the input box never appears.
//   on send: {"action":"sendMessage","sessionId":"<uuid>","chatInput":"<text>"[,"metadata":{...}]}
//     the bubble shows json.output ?? json.text ?? json.message (rendered as Markdown).
// Cross-origin, each request is preceded by an OPTIONS preflight (content-type is JSON).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { serveChatPage, type ChatPage, type CreateChatOptions } from './n8n-chat';

// Selectors of @n8n/chat 1.37 (fullscreen mode; in 'window' mode click '.chat-window-toggle' first).
const INPUT = 'textarea[data-test-id="chat-input"]';
const SEND = '.chat-input-send-button'; // or press Enter in the textarea
const BOT_MESSAGE = '.chat-message.chat-message-from-bot';
const USER_MESSAGE = '.chat-message.chat-message-from-user';

interface Received {
	method: string;
	headers: IncomingHttpHeaders;
	body: Record<string, unknown>;
}

/** Stands in for the chat trigger's webhook: CORS, history and a reply. */
async function startStubWebhook(): Promise<{ url: string; received: Received[]; server: Server }> {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
		req.on('end', () => {
			const cors = {
				'access-control-allow-origin': req.headers.origin ?? '*',
				'access-control-allow-methods': 'POST, OPTIONS',
				'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
			};
			if (req.method === 'OPTIONS') {
				res.writeHead(204, cors).end();
				return;
			}
			const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
			received.push({ method: req.method ?? '', headers: req.headers, body });
			const reply = body.action === 'loadPreviousSession' ? { data: [] } : { output: `pong: ${String(body.chatInput)}` };
			res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(reply));
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/webhook/stub-id/chat`, received, server };
}

async function sendAndWaitForReply(page: Page, text: string, expectedReply: string): Promise<void> {
	await page.locator(INPUT).fill(text);
	await page.locator(SEND).click();
	await page.locator(BOT_MESSAGE, { hasText: expectedReply }).waitFor({ timeout: 15_000 });
}

describe('@n8n/chat widget against a stub webhook', () => {
	let browser: Browser;
	let stub: Awaited<ReturnType<typeof startStubWebhook>>;
	const pages: ChatPage[] = [];

	beforeAll(async () => {
		browser = await launchBrowser();
		stub = await startStubWebhook();
	}, 120_000); // the first run may install Chromium and fetch @n8n/chat

	afterAll(async () => {
		await browser?.close();
		await Promise.all(pages.map((p) => p.close()));
		await new Promise((done) => stub?.server.close(done));
	});

	async function openChat(options: Omit<CreateChatOptions, 'webhookUrl'>): Promise<Page> {
		const chatPage = await serveChatPage({ webhookUrl: stub.url, mode: 'fullscreen', initialMessages: [], ...options });
		pages.push(chatPage);
		const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
		await page.goto(chatPage.url);
		await page.locator(INPUT).waitFor(); // appears once loadPreviousSession has answered
		return page;
	}

	it('sends the visitor message and shows the reply', async () => {
		stub.received.length = 0;
		const page = await openChat({});
		await sendAndWaitForReply(page, 'hello', 'pong: hello');

		expect(await page.locator(USER_MESSAGE).allTextContents()).toEqual(['hello\n']);
		expect((await page.locator(BOT_MESSAGE).last().textContent())?.trim()).toBe('pong: hello');
		await screenshot(page, 'n8n-chat-widget-example');

		const [load, send] = stub.received;
		expect(load.body).toEqual({ action: 'loadPreviousSession', sessionId: expect.any(String) });
		expect(send.body).toEqual({ action: 'sendMessage', sessionId: load.body.sessionId, chatInput: 'hello' });
		expect(send.headers['content-type']).toBe('application/json');
		await page.close();
	}, 60_000);

	it('uses custom keys, metadata and headers when configured', async () => {
		stub.received.length = 0;
		const page = await openChat({
			chatInputKey: 'chatInput', // keep 'chatInput': the stub replies with body.chatInput
			chatSessionKey: 'conversationId',
			metadata: { userId: 'u-1' },
			webhookConfig: { headers: { 'X-Widget': 'example' } },
			loadPreviousSession: false, // no request on mount
		});
		await sendAndWaitForReply(page, 'hi again', 'pong: hi again');

		expect(stub.received).toHaveLength(1);
		const [send] = stub.received;
		expect(send.body).toEqual({
			action: 'sendMessage',
			conversationId: expect.any(String),
			chatInput: 'hi again',
			metadata: { userId: 'u-1' },
		});
		expect(send.headers['x-widget']).toBe('example');
		await page.close();
	}, 60_000);
});

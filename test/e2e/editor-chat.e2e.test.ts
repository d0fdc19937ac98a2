/**
 * Chatting with a flow in n8n's editor for many turns, on a real n8n with its editor UI in
 * Chromium, signed in as the owner.
 *
 * n8n's editor gives its chat panel ("Open chat") only to its own Chat Trigger and Manual Chat
 * Trigger (the editor lists the two node types); each message there is a manual execution
 * started from that trigger with the message as its output, so no webhook is waited for and
 * every message is answered. Chat Action Trigger has only a test webhook in the editor, and n8n
 * removes a test webhook after the one request that starts an execution. So the flow gets
 * n8n's Chat Trigger beside Chat Action Trigger, both into the same Action Router: the router
 * reads the Chat Trigger's items as they are and keeps the conversation (the chat's session)
 * across the manual executions, and Chat Reply gives the `output` the editor's chat shows.
 *
 * The picture (test-output/screenshots/editor-chat.png; docs/images/editor-chat.png is a copy)
 * is the support example in the editor after a key reset: the email asked for, a wrong one
 * refused, the reset confirmed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { type DemoApi, startDemoApi } from '../../examples/demo-api';
import { launchBrowser, screenshot } from '../browser/browser';
import { EXAMPLES, exampleCredentials } from './example-flows';
import { type ExecutionRecord, type N8nInstance, nodeOutput, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';

// Not a secret: the owner of a throwaway n8n that lives for this suite only.
const OWNER = { email: 'owner@example.com', firstName: 'Flow', lastName: 'Owner', password: 'Editor-Chat-2026' };
const LINE = process.env.N8N_LINE === '1' ? 1 : 2;
const CHAT_TRIGGER = 'When chat message received';
const SUPPORT_ID = 'editorChatSupport';
const ORDERS_ID = 'exampleN8nChatTrigger';
const TURN_TIMEOUT_MS = 30_000;
/** The picture's window, and how far the chat panel is dragged taller and wider in it. */
const PICTURE = { width: 1500, height: 1400, chatTaller: 430, chatWider: 160, zoomIn: 300 };

interface Workflow {
	id: string;
	active?: boolean;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
}

const readExample = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow;

/**
 * The support example as an owner extends it to chat in the editor: n8n's Chat Trigger, added
 * from the node panel as it comes (the line's newest version, no parameter changed), into the
 * same Action Router as Chat Action Trigger.
 */
function supportWithChatTrigger(): Workflow {
	const support = readExample('support.json');
	return {
		...support,
		id: SUPPORT_ID,
		active: false,
		nodes: [
			...support.nodes,
			{
				name: CHAT_TRIGGER,
				type: '@n8n/n8n-nodes-langchain.chatTrigger',
				typeVersion: LINE === 2 ? 1.5 : 1.4,
				parameters: { options: {} },
				webhookId: '5b0e7a52-3c1d-4f0e-9a7b-2d6c8e1f4a90',
				id: '0f6f3c1e-8e8a-4a55-9d55-3a1f1c2b7d10',
				position: [0, -200],
			},
		],
		connections: { ...support.connections, [CHAT_TRIGGER]: { main: [[{ node: 'Action Router', type: 'main', index: 0 }]] } },
	};
}

let api: DemoApi;
let n8n: N8nInstance;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	let tarball: string;
	[api, tarball, browser] = await Promise.all([startDemoApi({ port: 0, log: false }), packPackage(), launchBrowser()]);
	// Imported inactive, as an owner has a flow while building it: only the editor runs it.
	n8n = await startN8n({
		workflows: [supportWithChatTrigger(), { ...readExample('ways-in/n8n-chat-trigger.json'), active: false }],
		credentials: exampleCredentials(api.url),
		packageTarball: tarball,
		ui: true,
		readyWebhooks: false,
	});
	context = await browser.newContext({ baseURL: n8n.baseUrl, viewport: { width: PICTURE.width, height: PICTURE.height } });
	// Setting up the owner also signs this browser context in.
	const setup = await context.request.post('/rest/owner/setup', { data: OWNER });
	if (!setup.ok()) throw new Error(`Owner setup failed: ${setup.status()} ${await setup.text()}`);
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
	await api?.close();
});

async function openWorkflow(id: string): Promise<Page> {
	const page = await context.newPage();
	await page.goto(`/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	return page;
}

/** The editor's chat of the open workflow, opened with its "Open chat" button. */
async function openEditorChat(page: Page) {
	const chat = page.locator('[data-test-id="canvas-chat"]');
	const input = chat.locator('textarea');
	if (!(await input.isVisible())) await page.locator('[data-test-id="workflow-chat-button"]').click();
	await input.waitFor({ timeout: 30_000 });
	// n8n shows a typing bubble as a bot message until the answer comes.
	const botMessages = chat.locator('.chat-message-from-bot:not(.chat-message-typing)');
	/** Sends one message and waits for the chat's next answer, which must contain `expected`. */
	const say = async (text: string, expected: string) => {
		const before = await botMessages.count();
		await input.fill(text);
		await input.press('Enter');
		const deadline = Date.now() + TURN_TIMEOUT_MS;
		while ((await botMessages.count()) <= before) {
			if (Date.now() > deadline) throw new Error(`The editor's chat gave no answer to "${text}" in ${TURN_TIMEOUT_MS / 1000} s`);
			await page.waitForTimeout(200);
		}
		const answer = ((await botMessages.nth(before).textContent()) ?? '').trim();
		expect(answer).toContain(expected);
		return answer;
	};
	return { say, botMessages };
}

/** What the Action Router sent out in an execution, whichever output it took. */
function routerItems(execution: ExecutionRecord): Array<Record<string, unknown>> {
	const outputs = execution.data?.resultData.runData['Action Router']?.[0]?.data?.main ?? [];
	return outputs.flatMap((items) => items ?? []).map((item) => item.json);
}

/** The manual executions of one workflow, oldest first, once `count` have finished. */
async function manualExecutions(workflowId: string, count: number) {
	const executions = await n8n.waitForExecutions(count, { workflowId, timeoutMs: 30_000 });
	return executions.filter((execution) => execution.mode === 'manual');
}

test("the editor's chat through n8n's Chat Trigger beside Chat Action Trigger: a key reset asked, refused, confirmed and done over four turns", async () => {
	const page = await openWorkflow(SUPPORT_ID);
	const { say } = await openEditorChat(page);

	await say('I need a new API key', 'What is the email address of your account?');
	await say('ada at example', 'That does not look like an email address.');
	await say('ada@example.com', 'Reset the API key of ada@example.com?');
	const done = await say('yes', 'A new API key is on its way to ada@example.com.');

	// Four manual executions of one conversation: the router kept its state between them.
	expect(api.sideEffects.filter((effect) => effect.kind === 'api_key_reset')).toEqual([{ kind: 'api_key_reset', email: 'ada@example.com' }]);
	const executions = await manualExecutions(SUPPORT_ID, 4);
	expect(executions).toHaveLength(4);
	const conversations = new Set(executions.flatMap((execution) => routerItems(execution).map((item) => item.conversationId)));
	expect(conversations.size).toBe(1);
	// What the editor's chat shows is the last node's `output`, which Chat Reply sets.
	const last = executions[executions.length - 1];
	expect(last.data?.resultData.lastNodeExecuted).toBe('Reply With Result');
	expect(nodeOutput(last, 'Reply With Result')?.[0]?.output).toBe(done);

	await photograph(page, 'editor-chat');
	await page.close();
}, 180_000);

test("the example flow behind n8n's Chat Trigger (examples/ways-in/n8n-chat-trigger.json) chats in the editor as imported: asked, refused, answered; a new session is a new conversation", async () => {
	const page = await openWorkflow(ORDERS_ID);
	const { say, botMessages } = await openEditorChat(page);

	await say('where is my order?', 'What is your order number? It has 5 digits.');
	await say('it is 123456', "That doesn't look like an order number.");
	const answer = await say('12345', 'Your order 12345 is shipped.');
	expect(answer).toContain('Track it');
	expect(await manualExecutions(ORDERS_ID, 3)).toHaveLength(3);

	// The chat's new-session button starts another conversation: nothing is pending in it.
	await page.locator('[data-test-id="refresh-session-button"]').click();
	await page.waitForTimeout(500);
	expect(await botMessages.count()).toBe(0);
	expect(await say('12345', 'What would you like me to do with that?')).not.toContain('shipped');
	await page.close();
}, 180_000);

test("Chat Action Trigger's test URL answers one message per Execute workflow: the next gets n8n's \"not registered\"", async () => {
	const page = await openWorkflow(SUPPORT_ID);
	const testUrl = `${n8n.baseUrl}/webhook-test/support`;
	const post = (message: string) =>
		fetch(testUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ event: 'message', conversationId: 'editor-test-url', message }),
		});

	await page.locator('[data-test-id="canvas-node"]', { hasText: 'Chat Action Trigger' }).hover();
	await page.locator('[data-test-id="execute-workflow-button-Chat Action Trigger"]').click();
	// The test chat page (a GET that starts no execution) shows when the test webhook is listening.
	const deadline = Date.now() + 30_000;
	while ((await fetch(testUrl)).status !== 200) {
		if (Date.now() > deadline) throw new Error('The test webhook never started listening');
		await page.waitForTimeout(250);
	}

	const first = await post('I need a new API key');
	expect(first.status).toBe(200);
	expect(((await first.json()) as { message: string }).message).toBe('What is the email address of your account?');

	const second = await post('ada@example.com');
	expect(second.status).toBe(404);
	const refusal = (await second.json()) as { message: string; hint: string };
	expect(refusal.message).toBe('The requested webhook "support" is not registered.');
	expect(refusal.hint).toContain('In test mode, the webhook only works for one call after you click this button');
	await page.close();
}, 120_000);

/**
 * The editor with its chat panel made taller (dragging its top edge) and the flow zoomed to fit
 * above it: the whole conversation and the two triggers in one picture.
 */
async function photograph(page: Page, name: string): Promise<void> {
	const drag = async (from: { x: number; y: number }, by: { x: number; y: number }) => {
		await page.mouse.move(from.x, from.y);
		await page.mouse.down();
		await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 10 });
		await page.mouse.up();
	};
	const panel = await page.locator('[data-test-id="logs-panel"]').boundingBox();
	if (panel) await drag({ x: panel.x + panel.width / 2, y: panel.y + 1 }, { x: 0, y: -PICTURE.chatTaller });
	const chat = await page.locator('[data-test-id="canvas-chat"]').boundingBox();
	if (chat) await drag({ x: chat.x + chat.width - 1, y: chat.y + chat.height / 2 }, { x: PICTURE.chatWider, y: 0 });
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await page.waitForTimeout(1000); // the fit is animated
	// Closer on the two triggers (the fit also takes in the release branch and its note below).
	const triggers = await page.locator('[data-test-id="canvas-trigger-node"]').first().boundingBox();
	if (triggers) {
		await page.mouse.move(triggers.x, triggers.y);
		await page.keyboard.down('Control');
		await page.mouse.wheel(0, -PICTURE.zoomIn);
		await page.keyboard.up('Control');
	}
	// A notification may close itself between listing and clicking: a close that finds nothing is fine.
	for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click({ timeout: 2_000 }).catch(() => undefined);
	await page.mouse.move(PICTURE.width - 200, 200); // off the nodes: a hovered trigger shows its own button
	await page.waitForTimeout(2000); // the minimap shown while zooming fades out
	await screenshot(page, name);
}

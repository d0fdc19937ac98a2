/**
 * The trigger in a real browser (Debian's Chromium, driven by playwright-core): the test chat
 * page served by the trigger, and n8n's own chat widget (@n8n/chat, served from another
 * origin, so CORS is exercised) talking to the trigger. Screenshots go to
 * test-output/screenshots/.
 */
import type { Browser } from 'playwright-core';

import { launchBrowser, screenshot } from '../browser/browser';
import { serveChatPage, type ChatPage } from '../browser/n8n-chat';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

const WORKFLOWS = [
	workflow('browserPlayground', 'Browser: test page', [
		triggerNode('browserPlayground', { path: 'browser-chat', options: { playground: true, playgroundTitle: 'Acme support (test)' } }),
		node('browserPlayground', 'Chat Reply', 'chatReply', {
			message: 'You said: {{user_message}}',
			buttons: {
				entries: [
					{ label: 'Track order', url: 'https://shop.example.com/track?q={{user_message}}' },
					{ label: 'Talk to a person', actionId: 'handoff' },
					{ label: 'Weekly digest' },
				],
			},
			respond: false,
		}),
	], [['Chat Action Trigger', 'Chat Reply']]),
	workflow('browserWidget', 'Browser: @n8n/chat', [
		triggerNode('browserWidget', { path: 'widget-chat', responseMode: 'responseNode' }),
		node('browserWidget', 'Chat Reply', 'chatReply', { message: 'Hello from n8n-nodes-chat-actions. You said: {{user_message}}' }),
	], [['Chat Action Trigger', 'Chat Reply']]),
];

let n8n: N8nInstance;
let browser: Browser;
let widgetPage: ChatPage | undefined;

beforeAll(async () => {
	[n8n, browser] = await Promise.all([
		packPackage().then((tarball) =>
			startN8n({
				workflows: WORKFLOWS,
				packageTarball: tarball,
				readyWebhooks: ['browser-chat', 'widget-chat'].map((path) => ({ path, method: 'POST' })),
			}),
		),
		launchBrowser(),
	]);
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await widgetPage?.close();
	await n8n?.dispose();
});

test('the test chat page sends a message, shows the reply and its buttons, and keeps the conversation across reloads', async () => {
	const page = await browser.newPage();
	await page.goto(n8n.webhookUrl('browser-chat'));
	await page.getByText('TEST PAGE').waitFor();
	const conversation = await page.locator('#conversation').textContent();
	expect(conversation).toMatch(/^conv_/);

	await page.fill('#input', 'where is order 42?');
	await page.click('#send');
	const reply = page.locator('.msg.bot').filter({ hasText: 'You said: where is order 42?' });
	await reply.waitFor({ timeout: 15_000 });
	expect(await reply.locator('a', { hasText: 'Track order' }).getAttribute('href')).toBe(
		'https://shop.example.com/track?q=where%20is%20order%2042%3F',
	);
	await screenshot(page, 'playground');

	// A click on an action button is sent as a button event with its action id.
	await reply.locator('button', { hasText: 'Talk to a person' }).click();
	await page.locator('.msg.bot').filter({ hasText: 'You said: Talk to a person' }).waitFor({ timeout: 15_000 });
	// A button with neither action id nor URL is a quick reply: its label is sent as the message.
	await reply.locator('button', { hasText: 'Weekly digest' }).click();
	await page.locator('.msg.bot').filter({ hasText: 'You said: Weekly digest' }).waitFor({ timeout: 15_000 });

	await page.reload();
	expect(await page.locator('#conversation').textContent()).toBe(conversation);
	await page.close();

	const executions = await n8n.waitForExecutions(3, { workflowId: 'browserPlayground' });
	const turns = executions.map((execution) => JSON.stringify(execution));
	expect(turns.some((turn) => turn.includes('"event":"button"') && turn.includes('"actionId":"handoff"'))).toBe(true);
}, 60_000);

test("n8n's own chat widget (@n8n/chat, from another origin) talks to the trigger and shows the reply", async () => {
	widgetPage = await serveChatPage({ webhookUrl: n8n.webhookUrl('widget-chat'), mode: 'fullscreen', initialMessages: [] });
	const page = await browser.newPage();
	await page.goto(widgetPage.url);
	const input = page.locator('textarea[data-test-id="chat-input"]');
	await input.waitFor({ timeout: 20_000 });
	await input.fill('hello from the widget');
	await input.press('Enter');
	const reply = page
		.locator('.chat-message.chat-message-from-bot')
		.filter({ hasText: 'Hello from n8n-nodes-chat-actions. You said: hello from the widget' });
	await reply.waitFor({ timeout: 20_000 });
	await screenshot(page, 'n8n-chat-widget');
	await page.close();
}, 60_000);

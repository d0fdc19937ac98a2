/**
 * The flow owner's views in a real n8n and Chromium: the test page's Why panel and the Review
 * and Insight pages, served by the trigger behind Basic Auth (the browser's login prompt, given
 * here as the context's credentials). A No Match the router kept is shown, assigned on the
 * Review page, adopted by the router's next execution, and the next visitor's same request is
 * routed. Pictures: test-output/screenshots/test-page-why.png and review-page.png
 * (docs/images/ holds copies).
 */
import { readFile } from 'node:fs/promises';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { launchBrowser, screenshot } from '../browser/browser';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

const USER = 'owner';
const PASSWORD = 'owner-pages-e2e-password'; // test value, not a secret
const CREDENTIAL = { id: 'ownerPagesBasic1', name: 'Owner pages' };
const PATH = 'owner-chat';
const WF = 'ownerPages';

const ACTIONS = {
	action: [
		{ name: 'reset_api_key', label: 'Reset API key', description: 'Create a new API key for the account and revoke the old one' },
		{ name: 'cancel_subscription', label: 'Cancel subscription', description: 'Cancel the paid plan at the end of the billing period' },
		{
			name: 'order_status',
			label: 'Order status',
			description: 'Tell the visitor where their parcel is and when it arrives',
			fields: { field: [{ name: 'order_id', question: 'What is your order number?', type: 'regex', pattern: '\\d{5}', required: true }] },
		},
	],
};

const WORKFLOWS = [
	workflow(WF, 'Acme support', [
		triggerNode(
			WF,
			{
				path: PATH,
				authentication: 'basic',
				responseMode: 'responseNode',
				options: { playground: true, playgroundTitle: 'Acme support (test)', showWhy: true, ownerPages: true },
			},
			{ credentials: { chatActionsBasicApi: CREDENTIAL } },
		),
		node(WF, 'Action Router', 'actionRouter', { actions: ACTIONS, options: { reviewList: true, insight: true } }),
		node(WF, 'Action Reply', 'chatReply', { message: 'On it: {{action.name}}.' }),
		node(WF, 'Reply', 'chatReply', {}),
	], [
		['Chat Action Trigger', 'Action Router'],
		['Action Router', 'Action Reply', 0],
		['Action Router', 'Action Reply', 1],
		['Action Router', 'Action Reply', 2],
		['Action Router', 'Reply', 3],
		['Action Router', 'Reply', 4],
	]),
];

/** A message none of the three descriptions covers: the router answers No Match and keeps it for review. */
const UNKNOWN = 'my integration keeps getting 401 since this morning';
const OTHER = 'can I get an invoice for last month';
const MARKUP = '<img src=x onerror=alert(1)>';

let n8n: N8nInstance;
let browser: Browser;
let owner: BrowserContext;
const authorization = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

// The pages are the trigger's own code, the same on both lines; what differs on n8n 1.x (custom
// data, the execution an assignment starts) is tested there by router.e2e and ways-in.e2e.
const describeOn2 = process.env.N8N_LINE === '1' ? describe.skip : describe;

describeOn2("the owner's views", () => {
beforeAll(async () => {
	[n8n, browser] = await Promise.all([
		packPackage().then((tarball) =>
			startN8n({
				workflows: WORKFLOWS,
				credentials: [{ ...CREDENTIAL, type: 'chatActionsBasicApi', data: { user: USER, password: PASSWORD } }],
				packageTarball: tarball,
				readyWebhooks: [{ path: PATH, method: 'POST' }],
			}),
		),
		launchBrowser(),
	]);
	owner = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD }, viewport: { width: 900, height: 1100 }, acceptDownloads: true });
}, 600_000);

afterAll(async () => {
	await owner?.close();
	await browser?.close();
	await n8n?.dispose();
});

/** A visitor's turn, as a widget behind the same Basic Auth posts it. */
async function visitorSays(message: string, conversationId: string): Promise<{ message: string }> {
	const response = await fetch(n8n.webhookUrl(PATH), {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: authorization },
		body: JSON.stringify({ conversationId, message }),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as { message: string };
}

/** Fails the test on any policy violation the page reports (its strict CSP must hold everything it does). */
function watchPolicy(page: Page): string[] {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	page.on('dialog', (dialog) => {
		violations.push(`dialog: ${dialog.message()}`);
		void dialog.dismiss();
	});
	return violations;
}

test('the pages ask for the password before they load, and an owner request without it is refused', async () => {
	for (const query of ['', '?page=review', '?page=insight']) {
		const page = await fetch(n8n.webhookUrl(PATH) + query);
		expect(page.status).toBe(401);
		expect(page.headers.get('www-authenticate')).toBe('Basic realm="chat"');
	}
	const list = await fetch(n8n.webhookUrl(PATH), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ owner: { op: 'list' } }) });
	expect(list.status).toBe(401);
});

test('the test page shows, per reply, why the router decided: its step and ranking against the threshold', async () => {
	const page = await owner.newPage();
	const violations = watchPolicy(page);
	await page.goto(n8n.webhookUrl(PATH));
	await page.getByText('TEST PAGE').waitFor();
	await page.check('#why-toggle');
	await page.fill('#input', 'reset my api key');
	await page.click('#send');
	const panel = page.locator('.why').last();
	await panel.waitFor({ state: 'visible', timeout: 20_000 });
	await expect(panel.locator('.why-step').textContent()).resolves.toMatch(/^Step: /);
	const rows = panel.locator('.why-row');
	expect(await rows.count()).toBeGreaterThan(0);
	await expect(rows.first().locator('.why-action').textContent()).resolves.toBe('reset_api_key');
	expect(await panel.locator('.why-threshold').count()).toBe(await rows.count());
	await page.locator('.msg.bot').filter({ hasText: 'On it: reset_api_key.' }).waitFor();

	// A field asked, then a value refused: the panel says which and why.
	await page.fill('#input', 'where is my parcel?');
	await page.click('#send');
	await page.locator('.msg.bot').filter({ hasText: 'What is your order number?' }).waitFor({ timeout: 20_000 });
	await page.fill('#input', 'it is 12');
	await page.click('#send');
	await expect(page.locator('.why').nth(2).locator('.why-refused').textContent()).resolves.toMatch(/^Refused: order_id: ./);
	await expect(page.locator('.why').nth(2).locator('.why-fields').textContent()).resolves.toContain('order_id refused');
	await screenshot(page, 'test-page-why');

	// Off again: the panels hide and the next turn does not ask for why.
	await page.uncheck('#why-toggle');
	expect(await panel.isVisible()).toBe(false);
	expect(violations).toEqual([]);
	await page.close();
}, 90_000);

test('a No Match is kept, shown on the Review page, assigned there, and the next visitor is routed', async () => {
	expect((await visitorSays(UNKNOWN, 'conv-owner-1')).message).not.toContain('On it');
	await visitorSays(OTHER, 'conv-owner-2');
	const page = await owner.newPage();
	const violations = watchPolicy(page);
	await page.goto(`${n8n.webhookUrl(PATH)}?page=review`);
	const card = page.locator('article.item').filter({ hasText: UNKNOWN });
	await card.waitFor({ timeout: 15_000 });
	await expect(card.locator('.reason').textContent()).resolves.toBe('No Match: no action scored above the threshold');
	await expect(card.locator('.ranking').textContent()).resolves.toMatch(/^Router's top 3: /);
	await card.locator('select').selectOption('reset_api_key');
	await card.locator('button', { hasText: 'Assign' }).click();
	// The router checks the assignment in the execution the trigger starts; the page asks again until it has.
	await card.locator('.badge', { hasText: 'learned' }).waitFor({ timeout: 30_000 });
	await expect(card.locator('.note').textContent()).resolves.toBe('Learned: an example of Reset API key (reset_api_key).');
	await expect(page.locator('#status').textContent()).resolves.toBe('Checked: the router has answered every assignment.');
	await page.setViewportSize({ width: 900, height: 520 });
	await screenshot(page, 'review-page');

	const download = page.waitForEvent('download');
	await card.locator('button', { hasText: 'Save as story' }).click();
	const story = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as { stories: Array<{ turns: Array<{ say: string; expect: string }> }> };
	expect(story.stories[0].turns.at(-1)).toEqual({ say: UNKNOWN, expect: 'route reset_api_key' });
	expect(violations).toEqual([]);
	await page.close();

	expect((await visitorSays(UNKNOWN, 'conv-owner-3')).message).toBe('On it: reset_api_key.');
}, 120_000);

test("a message's markup is shown as text on the Review page", async () => {
	await visitorSays(MARKUP, 'conv-owner-4');
	const page = await owner.newPage();
	const violations = watchPolicy(page);
	await page.goto(`${n8n.webhookUrl(PATH)}?page=review`);
	const message = page.locator('article.item .message').filter({ hasText: MARKUP });
	await message.waitFor({ timeout: 15_000 });
	await expect(message.textContent()).resolves.toBe(MARKUP);
	expect(await page.locator('#items img').count()).toBe(0);
	expect(violations).toEqual([]);
	await page.close();
}, 60_000);

test('the Insight page shows the counts of the chosen days in its frame', async () => {
	const page = await owner.newPage();
	const violations = watchPolicy(page);
	await page.goto(`${n8n.webhookUrl(PATH)}?page=insight`);
	const frame = page.frameLocator('#insight');
	await frame.getByText('INSIGHT').waitFor({ timeout: 15_000 });
	await frame.getByText('What became of each action').waitFor();
	await page.selectOption('#days', '7');
	await frame.getByText('The last 7 days').waitFor({ timeout: 15_000 });
	await screenshot(page, 'insight-frame');
	expect(violations).toEqual([]);
	await page.close();
}, 60_000);
});

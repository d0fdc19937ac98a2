/**
 * The lead-capture example (examples/lead-capture.json) in a real browser: its test chat page
 * (GET on /webhook/lead-capture, served by the trigger) in headless Chromium, against the demo
 * API, completing an affiliate sign-up by typing the answers. The screenshot goes to
 * test-output/screenshots/lead-capture.png (docs/images/lead-capture.png is a copy of it).
 */
import type { Browser, Page } from 'playwright-core';

import type { DemoApi } from '../../examples/demo-api';
import { exampleWorkflow, type ExamplesRun, startExamples } from './example-flows';
import { launchBrowser, screenshot } from '../browser/browser';
import type { N8nInstance } from '../../toolkit/n8n/n8n-instance';

let run: ExamplesRun | undefined;
let api: DemoApi;
let n8n: N8nInstance;
let browser: Browser;

beforeAll(async () => {
	[run, browser] = await Promise.all([
		startExamples([exampleWorkflow('lead-capture.json')], [{ path: 'lead-capture', method: 'POST' }]),
		launchBrowser(),
	]);
	({ api, n8n } = run);
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await run?.stop();
});

/** Types an answer and waits for the bot's reply that contains `expected`. */
async function answer(page: Page, text: string, expected: string): Promise<void> {
	const before = await page.locator('.msg.bot:not(.pending)').count();
	await page.fill('#input', text);
	await page.click('#send');
	const reply = page.locator('.msg.bot:not(.pending)').nth(before);
	await reply.waitFor({ timeout: 15_000 });
	expect(await reply.textContent()).toContain(expected);
}

test('the lead-capture test chat page completes an affiliate sign-up typed in Chromium', async () => {
	const page = await browser.newPage({ viewport: { width: 720, height: 900 } });
	await page.goto(n8n.webhookUrl('lead-capture'));
	await page.getByText('Affiliate program (demo)').first().waitFor();

	await answer(page, 'Hi, how do I become a partner?', "What's your name?");
	await answer(page, 'Ada Lovelace', 'Which email address should we use?');
	await answer(page, 'ada@example', 'That does not look like an email address.');
	await answer(page, 'Ada@Example.com', 'How many followers or monthly visitors do you have?');
	await answer(page, 'about 5k followers', 'Which niche are you in?');
	await answer(page, 'fitness', "Thanks Ada Lovelace! You're a great fit: a partner manager will contact you today.");
	expect(await page.locator('.msg.bot.handoff').count()).toBe(1);

	await screenshot(page, 'lead-capture');
	await page.close();

	const leads = api.requests.filter((r) => r.method === 'POST' && r.path === '/leads');
	expect(leads).toHaveLength(1);
	expect(leads[0].body).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', audience: 5000, niche: 'fitness' });
}, 90_000);

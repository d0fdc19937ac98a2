// Headless Chromium for browser tests: Debian's /usr/bin/chromium (installed on demand by
// scripts/ensure-chromium.mjs) driven by playwright-core. `npx playwright install` cannot
// download a browser on our machines, so never rely on Playwright's own browser builds.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

import { ensureTool } from '../../toolkit/n8n/repo';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'screenshots');

// Without the background-networking flags Chromium keeps dialling Google's hosts, which
// this machine's closed network refuses. Playwright already adds --headless (headless: true)
// and --no-sandbox (chromiumSandbox defaults to false); they are listed to be explicit.
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

let executablePath: string | undefined;

/** Path of the Chromium binary; installs Debian's package first if it is missing (root only). */
export function chromiumExecutable(): string {
	if (!executablePath) {
		executablePath = ensureTool<{ path: string }>('ensure-chromium.mjs').path;
	}
	return executablePath;
}

/**
 * Starts headless Chromium. `chromium.launch` gives every run a fresh, empty profile: Playwright
 * creates a temporary --user-data-dir itself and deletes it on `browser.close()` (passing
 * --user-data-dir in args is refused by Playwright; use launchPersistentContext for that).
 * Always `await browser.close()` (e.g. in afterAll).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
	return await chromium.launch({
		executablePath: chromiumExecutable(),
		headless: true,
		timeout: 30_000,
		...options,
		args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
	});
}

/** Saves a full-page PNG as <repo>/test-output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
	await page.screenshot({ path: file, fullPage: true });
	return file;
}

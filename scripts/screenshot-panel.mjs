#!/usr/bin/env node
// Pictures of the Action Router's panel in n8n's editor, from a real n8n in a real browser:
//   docs/images/editor-router-panel.png   the support example's router, its first action open
//                                          (name, label, description, examples, how it starts…)
//   docs/images/editor-router-field.png   that action's Email field: name, type, question,
//                                          required, then only what every type has
//
//  1. The real-n8n toolkit (toolkit/n8n/n8n-instance.ts) starts the pinned n8n 2.x WITH its
//     editor UI and this package installed from `npm pack` (run `npm run build` first, or set
//     CHAT_ACTIONS_TARBALL to a packed tarball), with examples/support.json imported.
//  2. The owner account is created through n8n's REST API, which also logs the browser in.
//  3. Debian's Chromium (test/browser/browser.ts, playwright-core) opens the flow, double-clicks
//     the Action Router, checks that the panel's Docs link has no #anchor (n8n appends its
//     ?utm_… query to it) and photographs the parameters panel.
//
//   node scripts/screenshot-panel.mjs
//
// The harness is TypeScript, compiled on require as in scripts/screenshot-flows.mjs.
/* global document */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(REPO, 'examples');
const OUT_DIR = join(REPO, 'docs', 'images');
const EXAMPLE = 'support.json';
const ROUTER = 'Action Router';
const require = createRequire(import.meta.url);

// Not a secret: a throwaway owner of a throwaway n8n that lives for this script only.
const OWNER = { email: 'docs@example.com', firstName: 'Docs', lastName: 'Screenshots', password: 'Screenshots-2026' };
/** Tall enough for the first action's whole block; twice the pixels, so that the text stays sharp. */
const VIEWPORT = { width: 1500, height: 2000 };

function registerTypeScript() {
	const ts = require('typescript');
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
		});
		module._compile(outputText, filename);
	};
}

/** Pixels kept around what is photographed. */
const MARGIN = 16;

/** The parameters panel from its tabs down to the end of the first action's block. */
async function firstActionBounds(page) {
	const box = await page.evaluate(() => {
		const parameters = document.querySelector('[data-test-id="node-parameters"]').getBoundingClientRect();
		const tabs = [...document.querySelectorAll('*')].find((element) => element.children.length === 0 && element.textContent.trim() === 'Parameters');
		// The first block of the Actions collection; the blocks inside it (its fields) come after it in document order.
		const action = document.querySelector('[data-test-id="fixed-collection-actions"] [data-draggable]').getBoundingClientRect();
		return { left: parameters.left, right: parameters.right, top: tabs ? tabs.getBoundingClientRect().top : parameters.top, bottom: action.bottom };
	});
	return clipAround(page, box);
}

async function boundsOf(locator) {
	const rect = await locator.boundingBox();
	return clipAround(locator.page(), { left: rect.x, top: rect.y, right: rect.x + rect.width, bottom: rect.y + rect.height });
}

function clipAround(page, box) {
	const viewport = page.viewportSize();
	const x = Math.max(0, Math.floor(box.left - MARGIN));
	const y = Math.max(0, Math.floor(box.top - MARGIN));
	return { x, y, width: Math.min(viewport.width, Math.ceil(box.right + MARGIN)) - x, height: Math.min(viewport.height, Math.ceil(box.bottom + MARGIN)) - y };
}

async function main() {
	registerTypeScript();
	const { packPackage, startN8n } = require('../toolkit/n8n/n8n-instance.ts');
	const { launchBrowser } = require('../test/browser/browser.ts');

	const workflow = JSON.parse(readFileSync(join(EXAMPLES, EXAMPLE), 'utf8'));
	const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'credentials.json'), 'utf8'));
	const tarball = await packPackage();
	let n8n;
	let browser;
	try {
		[n8n, browser] = await Promise.all([
			startN8n({ workflows: [{ ...workflow, active: false }], credentials, packageTarball: tarball, ui: true, readyWebhooks: false }),
			launchBrowser(),
		]);
		console.log(`n8n ${n8n.version} with its editor at ${n8n.baseUrl}`);
		const context = await browser.newContext({ baseURL: n8n.baseUrl, viewport: VIEWPORT, deviceScaleFactor: 2 });
		const setup = await context.request.post('/rest/owner/setup', { data: OWNER });
		if (!setup.ok()) throw new Error(`Owner setup failed: ${setup.status()} ${await setup.text()}`);
		mkdirSync(OUT_DIR, { recursive: true });

		const page = await context.newPage();
		await page.goto(`/workflow/${n8n.workflowIds[0]}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		await page.locator('[data-test-id="canvas-node"]', { hasText: ROUTER }).first().dblclick();
		await page.locator('[data-test-id="fixed-collection-fields"]').first().waitFor({ timeout: 30_000 });
		await page.mouse.move(0, 0); // no hover highlight in the pictures
		await page.waitForTimeout(1000); // the panel fades in

		// The panel's Docs link, as the editor builds it (it appends its own tracking query).
		const docs = await page.locator('a', { hasText: /^\s*Docs\s*$/ }).first().getAttribute('href');
		console.log(`Docs link: ${docs}`);
		if (new URL(docs).hash) throw new Error(`The Docs link has an anchor, which the tracking query breaks: ${docs}`);

		const panel = join(OUT_DIR, 'editor-router-panel.png');
		await page.screenshot({ path: panel, clip: await firstActionBounds(page) });
		console.log(panel);
		const field = join(OUT_DIR, 'editor-router-field.png');
		// The Fields parameter with its label: its collection's parent.
		await page.screenshot({ path: field, clip: await boundsOf(page.locator('[data-test-id="fixed-collection-fields"]').first().locator('..')) });
		console.log(field);
	} finally {
		await browser?.close();
		await n8n?.dispose();
		rmSync(dirname(tarball), { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exitCode = 1;
});

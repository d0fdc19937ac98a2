#!/usr/bin/env node
// Pictures of every example flow in n8n's editor, from a real n8n in a real browser:
// docs/images/flow-<example>.png for each examples/<example>.json, and
// docs/images/flow-ways-in-<example>.png for each examples/ways-in/<example>.json (the flows
// behind other triggers, with their credentials in examples/ways-in/credentials.json).
//
//  1. The real-n8n toolkit (toolkit/n8n/n8n-instance.ts) starts the pinned n8n 2.x WITH its
//     editor UI, this package installed from `npm pack` (run `npm run build` first), and
//     examples/credentials.json and every examples/*.json imported with n8n's CLI.
//  2. The owner account is created through n8n's REST API (POST /rest/owner/setup), which
//     also logs the browser context in.
//  3. Debian's Chromium (test/browser/browser.ts, playwright-core) opens each flow at
//     /workflow/<id>, in a window sized to the flow so that "zoom to fit" keeps the node
//     names legible, and screenshots the part of the page the flow covers.
//
//   node scripts/screenshot-flows.mjs [example ...]   (default: every examples/*.json)
//
// The harness is TypeScript: its modules are compiled on require with the project's own
// TypeScript compiler (transpile only, as ts-node does), so this needs no build step of its
// own and the harness finds the repository from its own path as under Jest.
/* global document */
import { readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(REPO, 'examples');
const OUT_DIR = join(REPO, 'docs', 'images');
const WAYS_IN = 'ways-in';
const require = createRequire(import.meta.url);

// Not a secret: a throwaway owner of a throwaway n8n that lives for this script only.
const OWNER = { email: 'docs@example.com', firstName: 'Docs', lastName: 'Screenshots', password: 'Screenshots-2026' };
/** Canvas units around the flow's nodes (node boxes, labels, the floating add-node buttons). */
const MARGIN = { x: 300, y: 240 };
/** Pixels kept around the flow in the picture. */
const CLIP_MARGIN = 40;
/** The editor's chrome outside the canvas: left sidebar, header. */
const CHROME = { x: 80, y: 140 };
const MIN_SIZE = { width: 1100, height: 560 };
const MAX_SIZE = { width: 2400, height: 1500 };

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

/** Example names: `support` for examples/support.json, `ways-in/telegram` for examples/ways-in/telegram.json. */
function readExamples(only) {
	const flowsIn = (folder) =>
		readdirSync(join(EXAMPLES, folder))
			.filter((file) => file.endsWith('.json') && file !== 'credentials.json')
			.map((file) => (folder ? `${folder}/` : '') + basename(file, '.json'));
	const names = [...flowsIn(''), ...flowsIn(WAYS_IN)];
	const unknown = only.filter((name) => !names.includes(name));
	if (unknown.length) throw new Error(`No such example: ${unknown.join(', ')} (there are: ${names.join(', ')})`);
	return names
		.filter((name) => !only.length || only.includes(name))
		.sort()
		.map((name) => ({ name, workflow: JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) }));
}

/** A window in which the whole flow fits at about 100 % zoom. */
function viewportFor(workflow) {
	const xs = workflow.nodes.map((node) => node.position[0]);
	const ys = workflow.nodes.map((node) => node.position[1]);
	const width = Math.max(...xs) - Math.min(...xs) + 2 * MARGIN.x + CHROME.x;
	const height = Math.max(...ys) - Math.min(...ys) + 2 * MARGIN.y + CHROME.y;
	const clamp = (value, min, max) => Math.round(Math.min(max, Math.max(min, value)));
	return { width: clamp(width, MIN_SIZE.width, MAX_SIZE.width), height: clamp(height, MIN_SIZE.height, MAX_SIZE.height) };
}

/** The page area the flow covers: every node with its label and handles, plus a margin. */
async function flowBounds(page) {
	const box = await page.evaluate(() => {
		const rects = [...document.querySelectorAll('.vue-flow__node, .vue-flow__node *, .vue-flow__edge-label')]
			.map((element) => element.getBoundingClientRect())
			.filter((rect) => rect.width > 0 && rect.height > 0);
		return {
			left: Math.min(...rects.map((rect) => rect.left)),
			top: Math.min(...rects.map((rect) => rect.top)),
			right: Math.max(...rects.map((rect) => rect.right)),
			bottom: Math.max(...rects.map((rect) => rect.bottom)),
		};
	});
	const viewport = page.viewportSize();
	const x = Math.max(0, Math.floor(box.left - CLIP_MARGIN));
	const y = Math.max(0, Math.floor(box.top - CLIP_MARGIN));
	return {
		x,
		y,
		width: Math.min(viewport.width, Math.ceil(box.right + CLIP_MARGIN)) - x,
		height: Math.min(viewport.height, Math.ceil(box.bottom + CLIP_MARGIN)) - y,
	};
}

async function main() {
	registerTypeScript();
	const { packPackage, startN8n } = require('../toolkit/n8n/n8n-instance.ts');
	const { launchBrowser } = require('../test/browser/browser.ts');

	const examples = readExamples(process.argv.slice(2));
	if (!examples.length) throw new Error('No example flows to photograph');
	const credentials = ['credentials.json', join(WAYS_IN, 'credentials.json')].flatMap((file) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')));
	const t0 = Date.now();
	const tarball = await packPackage();
	let n8n;
	let browser;
	try {
		[n8n, browser] = await Promise.all([
			// Imported inactive (as exported): nothing needs to run, only to be drawn.
			startN8n({ workflows: examples.map((example) => ({ ...example.workflow, active: false })), credentials, packageTarball: tarball, ui: true, readyWebhooks: false }),
			launchBrowser(),
		]);
		console.log(`n8n ${n8n.version} with its editor at ${n8n.baseUrl} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
		const context = await browser.newContext({ baseURL: n8n.baseUrl, viewport: MIN_SIZE });
		const setup = await context.request.post('/rest/owner/setup', { data: OWNER });
		if (!setup.ok()) throw new Error(`Owner setup failed: ${setup.status()} ${await setup.text()}`);
		mkdirSync(OUT_DIR, { recursive: true });
		for (const [index, example] of examples.entries()) {
			const page = await context.newPage();
			await page.setViewportSize(viewportFor(example.workflow));
			await page.goto(`/workflow/${n8n.workflowIds[index]}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await page.waitForTimeout(1000); // the fit is animated
			const file = join(OUT_DIR, `flow-${example.name.replace('/', '-')}.png`);
			await page.screenshot({ path: file, clip: await flowBounds(page) });
			console.log(`${file} (${example.workflow.nodes.length} nodes)`);
			await page.close();
		}
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

/**
 * n8n's chat widget, @n8n/chat, at full strength on Chat Action Trigger, in a real n8n:
 * streaming (the trigger's Streaming mode; also the chunk form from a trigger that does not
 * stream), the same streaming trigger answering clients that did not ask for a stream, file
 * uploads (multipart/form-data, stored as n8n binary data, refused past the limits), and in
 * Chromium the widget with streaming on and off: a link, numbered buttons answered by number,
 * a handoff, a reload that shows the earlier messages, a file upload. Screenshots go to
 * test-output/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';

import { launchBrowser, screenshot } from '../browser/browser';
import { type ChatPage, type CreateChatOptions, serveChatPage } from '../browser/n8n-chat';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

const WIDGET_ACTIONS = {
	action: [
		{
			name: 'order_status',
			description: 'Tell the visitor where their order is',
			examples: 'where is my order\nhas my order shipped\ntrack my package\nwhen will my order arrive\norder status please',
			fields: { field: [{ name: 'order_id', question: 'What is your order number?', type: 'regex', pattern: '\\d{5}', required: true }] },
		},
		{
			name: 'choose_plan',
			description: 'Help the visitor choose a subscription plan',
			examples: 'which plan should I choose\nI want to pick a plan\nshow me your plans\nupgrade my plan\nwhat plans do you have',
			fields: { field: [{ name: 'plan', question: 'Which plan would you like?', type: 'enum', options: 'Starter, Pro, Enterprise', required: true }] },
		},
		{
			name: 'talk_to_person',
			description: 'The visitor wants a human',
			examples: 'talk to a person\nI want a human\nconnect me to an agent\ncan I speak to someone\nreal person please',
		},
	],
};

/** Chat Action Trigger → Action Router → a Chat Reply per action, Ask and No Match. */
function widgetFlow(id: string, path: string, responseMode: string) {
	return workflow(
		id,
		`@n8n/chat on Chat Action Trigger (${responseMode})`,
		[
			triggerNode(id, { path, responseMode, options: { loadPreviousSession: true } }),
			node(id, 'Action Router', 'actionRouter', { actions: WIDGET_ACTIONS }),
			node(id, 'Order Reply', 'chatReply', {
				message: 'Order {{fields.order_id}} is on its way.',
				buttons: { entries: [{ label: 'Track it', url: 'https://shop.example.com/track/{{fields.order_id}}' }] },
			}),
			node(id, 'Plan Reply', 'chatReply', { message: 'You chose the {{fields.plan}} plan.' }),
			node(id, 'Handoff Reply', 'chatReply', { message: 'Let me find someone for you.', handoff: true }),
			node(id, 'Reply', 'chatReply', {}),
		],
		[
			['Chat Action Trigger', 'Action Router'],
			['Action Router', 'Order Reply', 0],
			['Action Router', 'Plan Reply', 1],
			['Action Router', 'Handoff Reply', 2],
			['Action Router', 'Reply', 3],
			['Action Router', 'Reply', 4],
		],
	);
}

const FILES_LIMITS = { acceptFiles: true, maxFiles: 2, maxFileSize: 64, allowedFileTypes: 'image/*, text/plain' };

/** Uploads: the reply lists what arrived, read from the turn's `files`. */
function filesFlow(id: string, path: string, options: Record<string, unknown>) {
	return workflow(
		id,
		`@n8n/chat uploads (${path})`,
		[
			triggerNode(id, { path, responseMode: 'streaming', options }),
			node(id, 'Chat Reply', 'chatReply', {
				message: 'Got "{{user_message}}" with {{#each files}}{{fileName}} ({{mimeType}}, {{binaryKey}}) {{/each}}',
			}),
		],
		[['Chat Action Trigger', 'Chat Reply']],
	);
}

/** Two replies with a pause between them: a streamed answer shows the first before the flow ends. */
function twoRepliesFlow(id: string, path: string) {
	return workflow(
		id,
		'@n8n/chat: two streamed replies',
		[
			triggerNode(id, { path, responseMode: 'streaming' }),
			node(id, 'First Reply', 'chatReply', { message: 'Looking that up…' }),
			node(id, 'Wait', 'n8n-nodes-base.wait', { resume: 'timeInterval', amount: PAUSE_SECONDS, unit: 'seconds' }, { typeVersion: 1.1, webhookId: '7d0e5a52-31c4-4b8e-9f1a-2c6b8d4e0a71' }),
			node(id, 'Second Reply', 'chatReply', { message: 'Found it.' }),
		],
		[
			['Chat Action Trigger', 'First Reply'],
			['First Reply', 'Wait'],
			['Wait', 'Second Reply'],
		],
	);
}
const PAUSE_SECONDS = 2;

/** A flow that fails before any reply: n8n streams an error chunk with the node's error. */
function failingFlow(id: string, path: string) {
	return workflow(
		id,
		'@n8n/chat: a flow that fails',
		[triggerNode(id, { path, responseMode: 'streaming' }), node(id, 'Stop and Error', 'n8n-nodes-base.stopAndError', { errorMessage: 'internal detail 7f3a' })],
		[['Chat Action Trigger', 'Stop and Error']],
	);
}

const WORKFLOWS = [
	failingFlow('widgetFails', 'widget-fails'),
	twoRepliesFlow('widgetTwoReplies', 'widget-two-replies'),
	widgetFlow('widgetStreaming', 'widget-streaming', 'streaming'),
	widgetFlow('widgetReplyNode', 'widget-reply-node', 'responseNode'),
	filesFlow('widgetFiles', 'widget-files', FILES_LIMITS),
	filesFlow('widgetNoFiles', 'widget-no-files', {}),
];

let n8n: N8nInstance;
let browser: Browser | undefined;
const pages: ChatPage[] = [];

beforeAll(async () => {
	n8n = await startN8n({
		workflows: WORKFLOWS,
		packageTarball: await packPackage(),
		readyWebhooks: ['widget-fails', 'widget-two-replies', 'widget-streaming', 'widget-reply-node', 'widget-files', 'widget-no-files'].map((path) => ({ path, method: 'POST' })),
	});
	console.log(`@n8n/chat widget e2e: n8n ${n8n.version}`);
}, 600_000);

afterAll(async () => {
	await browser?.close();
	for (const page of pages) await page.close();
	await n8n?.dispose();
});

interface Chunk {
	type: string;
	content?: string;
	metadata?: { nodeName?: string };
}

async function post(path: string, body: unknown, accept?: string) {
	const response = await fetch(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
		body: JSON.stringify(body),
	});
	return response;
}

/** The chunks of a streamed answer, keepalives left out. */
async function readChunks(response: Response): Promise<Chunk[]> {
	const text = await response.text();
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as Chunk)
		.filter((chunk) => chunk.type !== 'keepalive');
}

const widgetTurn = (sessionId: string, chatInput: string) => ({ action: 'sendMessage', sessionId, chatInput });

describe('streaming', () => {
	test('@n8n/chat asking for a stream (Accept: text/plain) gets Chat Reply\'s begin, item, end chunks, the link as Markdown', async () => {
		const session = `stream-${Date.now()}`;
		const asked = await post('widget-streaming', widgetTurn(session, 'where is my order?'), 'text/plain');
		expect(asked.status).toBe(200);
		expect(asked.headers.get('cache-control')).toBe('no-cache, no-transform');
		expect((await readChunks(asked)).map((chunk) => [chunk.type, chunk.metadata?.nodeName, chunk.content])).toEqual([
			['begin', 'Reply', undefined],
			['item', 'Reply', 'What is your order number?'],
			['end', 'Reply', undefined],
		]);
		const answered = await readChunks(await post('widget-streaming', widgetTurn(session, '12345'), 'text/plain'));
		expect(answered.filter((chunk) => chunk.type === 'item').map((chunk) => chunk.content)).toEqual([
			'Order 12345 is on its way.\n\n[Track it](https://shop.example.com/track/12345)',
		]);
	});

	test('chunks arrive as the flow makes them: the first reply before the flow has finished', async () => {
		const started = Date.now();
		const response = await post('widget-two-replies', widgetTurn(`two-${Date.now()}`, 'where is it?'), 'text/plain');
		const reader = response.body!.getReader();
		const arrivals: Array<{ at: number; text: string }> = [];
		for (let read = await reader.read(); !read.done; read = await reader.read()) {
			arrivals.push({ at: Date.now() - started, text: Buffer.from(read.value).toString('utf8') });
		}
		const firstSeen = arrivals.find((arrival) => arrival.text.includes('Looking that up'))!.at;
		const secondSeen = arrivals.find((arrival) => arrival.text.includes('Found it.'))!.at;
		expect(secondSeen - firstSeen).toBeGreaterThanOrEqual(PAUSE_SECONDS * 1000 - 200);
		const items = arrivals.map((arrival) => arrival.text).join('').split('\n').filter((line) => line.includes('"item"'));
		expect(items.map((line) => (JSON.parse(line) as Chunk).content)).toEqual(['Looking that up…', 'Found it.']);
	});

	test('a flow that fails: a client reading one reply gets a 500 that keeps the error to n8n', async () => {
		const response = await post('widget-fails', widgetTurn(`fails-${Date.now()}`, 'hello'));
		expect(response.status).toBe(500);
		expect(await response.json()).toEqual({ error: { status: 500, message: 'The flow failed before it answered' } });
		const streamed = await readChunks(await post('widget-fails', widgetTurn(`fails-${Date.now()}`, 'hello'), 'text/plain'));
		expect(streamed.map((chunk) => chunk.type)).toEqual(['error']);
	});

	test('the same streaming trigger answers @n8n/chat without streaming as one {output}', async () => {
		const response = await post('widget-streaming', widgetTurn(`plain-${Date.now()}`, 'which plan should I choose?'));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await response.json()).toEqual({ output: 'Which plan would you like?\n\n1. Starter\n2. Pro\n3. Enterprise' });
	});

	test('and a native widget gets its whole reply, buttons included, read back from the stream', async () => {
		const response = await post('widget-streaming', { conversationId: `native-${Date.now()}`, message: 'which plan should I choose?' });
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			message: 'Which plan would you like?',
			buttons: [{ label: 'Starter' }, { label: 'Pro' }, { label: 'Enterprise' }],
			handoff: false,
		});
	});

	test('a trigger answering by Chat Reply node (not streaming) still answers a stream reader in chunks', async () => {
		const session = `reply-node-${Date.now()}`;
		const response = await post('widget-reply-node', widgetTurn(session, 'I want a human'), 'text/plain');
		expect(response.status).toBe(200);
		const chunks = await readChunks(response);
		expect(chunks.map((chunk) => chunk.type)).toEqual(['begin', 'item', 'end']);
		expect(chunks[1].content).toBe('Let me find someone for you.\n\n_A person from our team will take over this conversation._');
	});
});

describe('file uploads', () => {
	function form(files: Array<{ name: string; type: string; bytes: number }>, chatInput = 'see attached') {
		const body = new FormData();
		body.append('action', 'sendMessage');
		body.append('sessionId', `files-${Date.now()}`);
		body.append('chatInput', chatInput);
		body.append('metadata', JSON.stringify({ visitor: { email: 'ada@example.com' } }));
		for (const file of files) body.append('files', new Blob([Buffer.alloc(file.bytes, 7)], { type: file.type }), file.name);
		return body;
	}
	const upload = async (path: string, body: FormData) => {
		const response = await fetch(n8n.webhookUrl(path), { method: 'POST', body });
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};

	test('files arrive as binary data0, data1… listed in the turn\'s files, with the form\'s fields and metadata', async () => {
		const before = (await n8n.executions()).filter((execution) => execution.workflowId === 'widgetFiles').length;
		const { status, body } = await upload('widget-files', form([
			{ name: 'receipt.png', type: 'image/png', bytes: 2048 },
			{ name: 'notes.txt', type: 'text/plain', bytes: 10 },
		]));
		expect(status).toBe(200);
		const [execution] = (await n8n.waitForExecutions(before + 1, { workflowId: 'widgetFiles' })).slice(-1);
		const item = execution.data!.resultData.runData['Chat Action Trigger'][0].data!.main![0]![0] as {
			json: { files: Array<{ fileName: string; mimeType: string; binaryKey: string }>; visitor: unknown };
			binary: Record<string, { fileName: string; mimeType: string; fileSize: string }>;
		};
		expect(item.json.visitor).toMatchObject({ email: 'ada@example.com' });
		// n8n's parser (formidable) lists a file when it has finished writing it, so a small file
		// sent second can come first: the keys follow that order, and each key names its own file.
		expect(item.json.files.map((file) => file.binaryKey)).toEqual(['data0', 'data1']);
		expect([...item.json.files].sort((a, b) => a.fileName.localeCompare(b.fileName))).toEqual([
			expect.objectContaining({ fileName: 'notes.txt', mimeType: 'text/plain' }),
			expect.objectContaining({ fileName: 'receipt.png', mimeType: 'image/png' }),
		]);
		expect(Object.keys(item.binary)).toEqual(['data0', 'data1']);
		for (const file of item.json.files) expect(item.binary[file.binaryKey]).toMatchObject({ fileName: file.fileName, mimeType: file.mimeType });
		const receipt = item.json.files.find((file) => file.fileName === 'receipt.png')!;
		expect(item.binary[receipt.binaryKey].fileSize).toBe('2.05 kB');
		const listed = item.json.files.map((file) => `${file.fileName} (${file.mimeType}, ${file.binaryKey}) `).join('');
		expect(body).toEqual({ output: `Got "see attached" with ${listed}` });
	});

	test('past the limits: a type not allowed is 415, too large or too many is 413, and no execution starts', async () => {
		const before = (await n8n.executions()).length;
		expect(await upload('widget-files', form([{ name: 'page.html', type: 'text/html', bytes: 10 }]))).toEqual({
			status: 415,
			body: { error: { status: 415, message: 'page.html is text/html; this chat accepts image/*, text/plain' } },
		});
		expect(await upload('widget-files', form([{ name: 'big.png', type: 'image/png', bytes: 65 * 1024 }]))).toEqual({
			status: 413,
			body: { error: { status: 413, message: 'big.png is 65 KB; this chat accepts files of at most 64 KB' } },
		});
		expect((await upload('widget-files', form([1, 2, 3].map((n) => ({ name: `${n}.png`, type: 'image/png', bytes: 1 }))))).status).toBe(413);
		const off = await upload('widget-no-files', form([{ name: 'a.png', type: 'image/png', bytes: 1 }]));
		expect(off.status).toBe(415);
		expect(JSON.stringify(off.body)).toContain('Accept Files');
		await new Promise((done) => setTimeout(done, 1000));
		expect((await n8n.executions()).length).toBe(before);
	});

	test('a multipart message without files is a plain message, even where uploads are off', async () => {
		const { status, body } = await upload('widget-no-files', form([], 'just text'));
		expect(status).toBe(200);
		expect(body).toEqual({ output: 'Got "just text" with ' });
	});
});

describe('@n8n/chat in Chromium', () => {
	async function openWidget(path: string, options: Partial<CreateChatOptions>): Promise<Page> {
		const chatPage = await serveChatPage({ webhookUrl: n8n.webhookUrl(path), mode: 'fullscreen', initialMessages: [], ...options });
		pages.push(chatPage);
		browser ??= await launchBrowser();
		const page = await browser.newPage({ viewport: { width: 900, height: 1250 } });
		await page.goto(chatPage.url);
		await page.locator('textarea[data-test-id="chat-input"]').waitFor({ timeout: 30_000 });
		return page;
	}

	async function say(page: Page, text: string, expected: string) {
		const bot = page.locator('.chat-message.chat-message-from-bot');
		const before = await bot.count();
		const input = page.locator('textarea[data-test-id="chat-input"]');
		await input.fill(text);
		await input.press('Enter');
		const deadline = Date.now() + 30_000;
		while ((await bot.count()) <= before || !((await bot.last().textContent()) ?? '').includes(expected)) {
			if (Date.now() > deadline) throw new Error(`The widget never showed "${expected}"; last: "${await bot.last().textContent()}"`);
			await page.waitForTimeout(200);
		}
		return bot.last();
	}

	for (const enableStreaming of [true, false]) {
		test(`streaming ${enableStreaming ? 'on' : 'off'}: an order with its link, a plan picked by number, a handoff`, async () => {
			const page = await openWidget('widget-streaming', { enableStreaming });
			const requests: string[] = [];
			page.on('request', (request) => {
				if (request.method() === 'POST') requests.push(request.headers().accept ?? '');
			});
			await say(page, 'where is my order?', 'What is your order number?');
			const order = await say(page, '12345', 'Order 12345 is on its way.');
			expect(await order.locator('a', { hasText: 'Track it' }).getAttribute('href')).toBe('https://shop.example.com/track/12345');
			const plans = await say(page, 'which plan should I choose?', 'Which plan would you like?');
			expect(await plans.locator('li').allTextContents()).toEqual(['Starter', 'Pro', 'Enterprise']);
			await say(page, '2', 'You chose the Pro plan.');
			await say(page, 'I want to talk to a person', 'A person from our team will take over this conversation.');
			expect(requests.every((accept) => (accept === 'text/plain') === enableStreaming)).toBe(true);
			await screenshot(page, `n8n-chat-widget-streaming-${enableStreaming ? 'on' : 'off'}`);
			await page.close();
		});
	}

	test('a reload shows the earlier messages (loadPreviousSession, from the router\'s thread)', async () => {
		const page = await openWidget('widget-streaming', { enableStreaming: true, loadPreviousSession: true });
		await say(page, 'where is my order?', 'What is your order number?');
		await say(page, '12345', 'Order 12345 is on its way.');
		await page.reload();
		await page.locator('textarea[data-test-id="chat-input"]').waitFor({ timeout: 30_000 });
		const shown = page.locator('.chat-message');
		await shown.nth(3).waitFor({ timeout: 20_000 });
		const texts = (await shown.allTextContents()).map((text) => text.trim());
		expect(texts).toEqual(expect.arrayContaining(['where is my order?', 'What is your order number?', '12345', 'Order 12345 is on its way.']));
		const fromVisitor = (await page.locator('.chat-message-from-user').allTextContents()).map((text) => text.trim());
		expect(fromVisitor).toEqual(expect.arrayContaining(['where is my order?', '12345']));
		expect(fromVisitor).not.toContain('What is your order number?');
		await screenshot(page, 'n8n-chat-widget-reload');
		await page.close();
	});

	test('a file upload reaches the flow and the reply names it', async () => {
		const page = await openWidget('widget-files', { enableStreaming: true, allowFileUploads: true, allowedFilesMimeTypes: 'image/*,text/plain' });
		const chooser = page.waitForEvent('filechooser');
		await page.locator('[data-test-id="chat-attach-file-button"]').click();
		await (await chooser).setFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 12345, paid.') });
		await page.locator('[data-test-id="chat-file"]').first().waitFor();
		await say(page, 'my receipt', 'Got "my receipt" with receipt.txt (text/plain, data0)');
		await screenshot(page, 'n8n-chat-widget-upload');
		await page.close();
	});
});

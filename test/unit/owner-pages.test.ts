/**
 * The trigger's owner views as pages: the test page's Why panel, the Review page and the Insight
 * frame. Each page's own script runs here on a small stand-in for the browser's DOM that records
 * what it builds (and refuses innerHTML), against a stand-in for the trigger's answers; the
 * Chromium end-to-end test (test/e2e/owner-pages.e2e.test.ts) runs them for real.
 */
import { createHash, webcrypto } from 'node:crypto';

import { insightFrameHeaders, insightFramePage } from '../../nodes/ChatActionTrigger/engine/owner-pages';
import { isOwnerBody, ownerAccessProblem, readOwnerRequest } from '../../nodes/ChatActionTrigger/engine/owner-access';
import type { PageAccess } from '../../nodes/ChatActionTrigger/engine/page-kit';
import { playgroundHeaders, playgroundPage } from '../../nodes/ChatActionTrigger/engine/playground';
import { reviewPage, reviewPageHeaders } from '../../nodes/ChatActionTrigger/engine/review-page';
import { insightPageHeaders } from '../../nodes/shared/insight-page';

const XSS = '<img src=x onerror=alert(1)>';

class FakeText {
	constructor(public textContent: string) {}
}

class FakeElement {
	children: Array<FakeElement | FakeText> = [];
	parent?: FakeElement;
	className = '';
	dataset: Record<string, string> = {};
	style: Record<string, string> = {};
	attributes: Record<string, string> = {};
	listeners: Record<string, Array<(event: unknown) => unknown>> = {};
	value = '';
	checked = false;
	type = '';
	href = '';
	download = '';
	srcdoc = '';
	scrollTop = 0;
	scrollHeight = 0;

	constructor(readonly tagName: string) {}

	get textContent(): string {
		return this.children.map((child) => child.textContent).join('');
	}

	set textContent(text: string) {
		this.children = [new FakeText(text)];
	}

	set innerHTML(_html: string) {
		throw new Error('the page set innerHTML');
	}

	readonly classList = {
		add: (name: string) => (this.className = [...new Set([...this.className.split(' ').filter(Boolean), name])].join(' ')),
		remove: (name: string) => (this.className = this.className.split(' ').filter((c) => c && c !== name).join(' ')),
		toggle: (name: string, on: boolean) => (on ? this.classList.add(name) : this.classList.remove(name)),
		contains: (name: string) => this.className.split(' ').includes(name),
	};

	append(...nodes: Array<FakeElement | FakeText | string>): void {
		for (const node of nodes) {
			const child = typeof node === 'string' ? new FakeText(node) : node;
			if (child instanceof FakeElement) child.parent = this;
			this.children.push(child);
		}
	}

	appendChild(node: FakeElement): FakeElement {
		this.append(node);
		return node;
	}

	replaceChildren(...nodes: FakeElement[]): void {
		this.children = [];
		this.append(...nodes);
	}

	remove(): void {
		if (this.parent) this.parent.children = this.parent.children.filter((child) => child !== this);
	}

	setAttribute(name: string, value: string): void {
		this.attributes[name] = value;
	}

	addEventListener(type: string, listener: (event: unknown) => unknown): void {
		(this.listeners[type] ??= []).push(listener);
	}

	async fire(type: string): Promise<void> {
		for (const listener of this.listeners[type] ?? []) await listener({ preventDefault() {} });
	}

	click(): Promise<void> {
		return this.fire('click');
	}

	/** Every element under this one (itself included) that matches. */
	all(match: (element: FakeElement) => boolean): FakeElement[] {
		const found = match(this) ? [this as FakeElement] : [];
		for (const child of this.children) if (child instanceof FakeElement) found.push(...child.all(match));
		return found;
	}
}

interface Posted {
	headers: Record<string, string>;
	body: Record<string, unknown>;
}

/** A page's script run on the fake DOM, its POSTs answered by `answer`. */
function openPage(html: string, answer: (body: Record<string, unknown>) => { status?: number; json: unknown }) {
	const body = new FakeElement('BODY');
	for (const [, name, value] of /<body([^>]*)>/.exec(html)![1].matchAll(/data-([\w-]+)="([^"]*)"/g)) {
		body.dataset[name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())] = value;
	}
	const byId = new Map<string, FakeElement>();
	for (const [, tag, id, rest] of html.matchAll(/<(\w+)[^>]*\sid="([\w-]+)"[^>]*>(<option value="([^"]*)")?/g)) {
		const element = new FakeElement(tag.toUpperCase());
		// A select's value is its first option's until one is chosen.
		if (rest) element.value = /value="([^"]*)"/.exec(rest)![1];
		body.append(element);
		byId.set(id, element);
	}
	const posted: Posted[] = [];
	const timers: Array<() => unknown> = [];
	const session = new Map<string, string>();
	const storage = { getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => void session.set(k, v), removeItem: (k: string) => void session.delete(k) };
	const document = { body, getElementById: (id: string) => byId.get(id) ?? null, createElement: (tag: string) => new FakeElement(tag.toUpperCase()) };
	const fetch = async (_url: string, init: { headers: Record<string, string>; body: string }) => {
		const request = JSON.parse(init.body) as Record<string, unknown>;
		posted.push({ headers: init.headers, body: request });
		const { status = 200, json } = answer(request);
		return { ok: status < 400, status, json: async () => json };
	};
	const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
	const run = new Function('document', 'location', 'sessionStorage', 'localStorage', 'fetch', 'setTimeout', 'clearTimeout', 'crypto', 'Blob', 'URL', script);
	const blobs: string[] = [];
	run(
		document,
		{ pathname: '/webhook/support', reload() {} },
		storage,
		storage,
		fetch,
		(callback: () => unknown) => timers.push(callback),
		() => undefined,
		webcrypto,
		class {
			constructor(parts: string[]) {
				blobs.push(parts.join(''));
			}
		},
		{ createObjectURL: () => 'blob:story', revokeObjectURL() {} },
	);
	return { body, byId: (id: string) => byId.get(id)!, posted, timers, session, blobs };
}

const settle = async () => {
	for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

const scriptOf = (html: string) => /<script>([\s\S]*)<\/script>/.exec(html)![1];
const styleOf = (html: string) => /<style>([\s\S]*)<\/style>/.exec(html)![1];
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const WHY = {
	step: 'intent',
	model: 'embedded_model',
	ranking: [
		{ action: 'reset_api_key', score: 0.81 },
		{ action: 'cancel_subscription', score: 0.12 },
	],
	threshold: 0.5,
	tieMargin: 0.1,
	words: [{ word: 'key', action: 'reset_api_key', weight: 0.4 }],
	examples: [{ action: 'reset_api_key', text: XSS, similarity: 0.9 }],
	fields: { email: { status: 'invalid', reason: 'That does not look like an email address' } },
	refused: { field: 'email', reason: 'That does not look like an email address' },
};

describe('the test page with Show Why on', () => {
	const bearer: PageAccess = { auth: 'bearer' };

	test('is off until the owner turns the Why toggle on; then each turn asks for why and the reply shows its panel', async () => {
		const page = openPage(playgroundPage({ title: 'Support', access: bearer, why: 'on' }), () => ({ json: { message: 'I can reset it.', why: WHY } }));
		page.byId('key').value = 'owner-token';
		page.byId('input').value = 'reset my api key';
		await page.byId('form').fire('submit');
		await settle();
		expect(page.posted[0].body).not.toHaveProperty('showWhy');
		expect(page.body.classList.contains('why-on')).toBe(false);

		page.byId('why-toggle').checked = true;
		await page.byId('why-toggle').fire('change');
		page.byId('input').value = 'reset my api key';
		await page.byId('form').fire('submit');
		await settle();
		expect(page.posted[1]).toMatchObject({ headers: { Authorization: 'Bearer owner-token' }, body: { message: 'reset my api key', showWhy: true } });
		expect(page.body.classList.contains('why-on')).toBe(true);
		const panel = page.body.all((element) => element.className === 'why').at(-1)!;
		expect(panel.textContent).toContain('Step: a new request: the model ranked the actions (embedded model)');
		expect(panel.textContent).toContain('Ranking (line: threshold 0.50, tie margin 0.10)');
		const fills = panel.all((element) => element.className.startsWith('why-fill'));
		expect(fills.map((fill) => [fill.style.width, fill.className])).toEqual([['81%', 'why-fill above'], ['12%', 'why-fill']]);
		expect(panel.all((element) => element.className === 'why-threshold')[0].style.left).toBe('50%');
		expect(panel.textContent).toContain('key → reset_api_key 0.40');
		expect(panel.textContent).toContain(`"${XSS}" (reset_api_key, 0.90)`);
		expect(panel.all((element) => element.className === 'why-fields')[0].textContent).toBe('Fields: email refused');
		expect(panel.textContent).toContain('Refused: email: That does not look like an email address');
		expect(panel.all((element) => element.tagName === 'IMG')).toEqual([]);
	});

	test('behind Header Auth sends the key in the credential\'s header, and keeps it in the tab only', async () => {
		const page = openPage(playgroundPage({ title: 'Support', access: { auth: 'header', keyHeader: 'X-Owner-Key' }, why: 'on' }), () => ({ json: { message: 'ok' } }));
		page.byId('key').value = 'k-1';
		await page.byId('key').fire('input');
		page.byId('input').value = 'hello';
		await page.byId('form').fire('submit');
		await settle();
		expect(page.posted[0].headers).toMatchObject({ 'X-Owner-Key': 'k-1' });
		expect(page.session.get('chat-actions-key:/webhook/support')).toBe('k-1');
	});

	test('says what to set instead of a toggle when the trigger has no authentication the page can use', () => {
		const note = ownerAccessProblem('Show Why on Test Page', 'none')!;
		const html = playgroundPage({ title: 'Support', why: 'needs-auth', whyNote: note });
		expect(html).not.toContain('id="why-toggle"');
		expect(html).toContain("set its Verification to Basic Auth, Bearer Token or API Key in a Header (it is None)");
	});

	test('keeps its strict policy: the hashes are those of the page\'s one script and style', () => {
		const html = playgroundPage({ title: 'Support', access: bearer, why: 'on', ownerPages: true });
		const policy = playgroundHeaders([])['Content-Security-Policy'];
		expect(policy).toContain(`script-src ${hash(scriptOf(html))};`);
		expect(policy).toContain(`style-src ${hash(styleOf(html))};`);
		expect(html).toContain('<a href="?page=review">Review</a>');
	});
});

const ITEMS = [
	{ id: 'item-old', at: Date.UTC(2026, 4, 1), message: 'hello there', reason: 'clarify', ranking: [], status: 'dismissed' },
	{
		id: 'item-new',
		at: Date.UTC(2026, 4, 3),
		message: XSS,
		reason: 'no_match',
		ranking: [
			{ action: 'reset_api_key', score: 0.31 },
			{ action: 'order_status', score: 0.2 },
			{ action: 'check_subscription', score: 0.1 },
			{ action: 'cancel', score: 0.05 },
		],
		status: 'open',
	},
	{
		id: 'item-clash',
		at: Date.UTC(2026, 4, 2),
		message: 'stop the emails',
		reason: 'switch',
		ranking: [],
		status: 'clash',
		assigned: 'reset_api_key',
		changes: [{ message: 'stop sending me mail', source: 'decision', before: 'check_subscription', after: 'reset_api_key' }],
	},
];
const ACTIONS = [{ name: 'reset_api_key', label: 'Reset API key' }, { name: 'order_status' }, { name: 'check_subscription' }];

function openReview(items: unknown[] = ITEMS) {
	return openPage(reviewPage({ title: 'Support', access: { auth: 'basic' }, testPage: true }), (body) => {
		const owner = body.owner as Record<string, unknown>;
		if (owner.op === 'list') return { json: { router: 'Action Router', actions: ACTIONS, notAnAction: '(not an action)', items } };
		if (owner.op === 'story') return { json: { story: { stories: [{ name: 'reviewed', turns: [{ say: 'stop the emails', expect: 'route reset_api_key' }] }] } } };
		return { json: { item: {} } };
	});
}

describe('the Review page', () => {
	test("shows a message's markup as text, with why it is there and the router's top 3", async () => {
		const page = openReview();
		await settle();
		const cards = page.byId('items').all((element) => element.tagName === 'ARTICLE');
		const card = cards.find((element) => element.dataset.id === 'item-new')!;
		expect(card.all((element) => element.className === 'message')[0].textContent).toBe(XSS);
		expect(page.body.all((element) => element.tagName === 'IMG')).toEqual([]);
		expect(card.textContent).toContain('No Match: no action scored above the threshold');
		expect(card.textContent).toContain("Router's top 3: Reset API key (reset_api_key) 0.31 · order_status 0.20 · check_subscription 0.10");
		expect(card.textContent).not.toContain('cancel 0.05');
		const select = card.all((element) => element.tagName === 'SELECT')[0];
		expect(select.all((element) => element.tagName === 'OPTION').map((option) => [option.value, option.textContent])).toEqual([
			['reset_api_key', 'Reset API key (reset_api_key)'],
			['order_status', 'order_status'],
			['check_subscription', 'check_subscription'],
			['(not an action)', 'Not an action'],
		]);
	});

	test('assigns, dismisses and adopts anyway with the owner requests the trigger answers', async () => {
		const page = openReview();
		await settle();
		const card = (id: string) => page.byId('items').all((element) => element.dataset.id === id)[0];
		const button = (id: string, text: string) => card(id).all((element) => element.tagName === 'BUTTON' && element.textContent === text)[0];
		card('item-new').all((element) => element.tagName === 'SELECT')[0].value = '(not an action)';
		await button('item-new', 'Assign').click();
		expect(page.posted.at(-2)!.body).toEqual({ owner: { op: 'assign', id: 'item-new', action: '(not an action)' } });
		expect(page.posted.at(-1)!.body).toEqual({ owner: { op: 'list' } });

		expect(card('item-clash').textContent).toContain("Would change: 'stop sending me mail' from check_subscription to Reset API key (reset_api_key)");
		await button('item-clash', 'Adopt anyway').click();
		expect(page.posted.at(-2)!.body).toEqual({ owner: { op: 'assign', id: 'item-clash', action: 'reset_api_key', force: true } });
		await button('item-clash', 'Undo').click();
		expect(page.posted.at(-2)!.body).toEqual({ owner: { op: 'undo', id: 'item-clash' } });
		await button('item-new', 'Dismiss').click();
		expect(page.posted.at(-2)!.body).toEqual({ owner: { op: 'dismiss', id: 'item-new' } });
	});

	test('saves a reviewed conversation as a story file', async () => {
		const page = openReview();
		await settle();
		const card = page.byId('items').all((element) => element.dataset.id === 'item-clash')[0];
		await card.all((element) => element.textContent === 'Save as story')[0].click();
		await settle();
		expect(page.posted.at(-1)!.body).toEqual({ owner: { op: 'story', id: 'item-clash' } });
		expect(JSON.parse(page.blobs[0])).toEqual({ stories: [{ name: 'reviewed', turns: [{ say: 'stop the emails', expect: 'route reset_api_key' }] }] });
	});

	test('asks again every few seconds while an assignment is being checked, and not otherwise', async () => {
		const checking = openReview([{ ...ITEMS[1], status: 'assigned', assigned: 'reset_api_key' }]);
		await settle();
		expect(checking.timers).toHaveLength(1);
		const settled = openReview();
		await settle();
		expect(settled.timers).toHaveLength(0);
	});

	test('says when the list is empty and where it comes from', async () => {
		const page = openReview([]);
		await settle();
		expect(page.byId('items').textContent).toContain('"Keep a Review List" option is on');
	});

	test('escapes the title and runs under its own policy only, never framed', () => {
		const html = reviewPage({ title: '</title><script>alert(1)</script>', access: { auth: 'basic' }, testPage: false });
		expect(html).toContain('<title>Review · &#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>');
		expect(html).not.toContain('href="?">Test page');
		const headers = reviewPageHeaders();
		expect(headers['Content-Security-Policy']).toContain(`script-src ${hash(scriptOf(html))};`);
		expect(headers['Content-Security-Policy']).toContain(`style-src ${hash(styleOf(html))};`);
		expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
		expect(headers).toMatchObject({ 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' });
	});
});

describe('the Insight page', () => {
	test('asks for the chosen days and shows the answer in a frame that runs no script', async () => {
		const page = openPage(insightFramePage({ title: 'Support', access: { auth: 'bearer' }, testPage: true }), (body) => ({
			json: { html: `<p>${JSON.stringify(body)}</p>` },
		}));
		await settle();
		expect(page.posted[0].body).toEqual({ owner: { op: 'insight', days: 14 } });
		page.byId('days').value = '30';
		await page.byId('days').fire('change');
		await settle();
		expect(page.posted[1].body).toEqual({ owner: { op: 'insight', days: 30 } });
		expect(page.byId('insight').srcdoc).toContain('"days":30');
		expect(insightFramePage({ title: 'S', access: { auth: 'basic' }, testPage: false })).toContain('<iframe id="insight" title="Insight" sandbox="allow-same-origin">');
	});

	test("its policy allows its own script and style and the insight page's style, nothing else", () => {
		const html = insightFramePage({ title: 'Support', access: { auth: 'basic' }, testPage: false });
		const policy = insightFrameHeaders()['Content-Security-Policy'];
		const insightStyle = /style-src ([^;]+)/.exec(insightPageHeaders()['Content-Security-Policy'])![1];
		expect(policy).toContain(`script-src ${hash(scriptOf(html))};`);
		expect(policy).toContain(`style-src ${hash(styleOf(html))} ${insightStyle};`);
		expect(policy).not.toContain('unsafe');
	});
});

describe('owner requests', () => {
	test('open only behind Basic Auth, a Bearer token or a key in a header', () => {
		expect(['basic', 'bearer', 'header'].map((verification) => ownerAccessProblem('The Review page', verification))).toEqual([undefined, undefined, undefined]);
		expect(ownerAccessProblem('The Review page', 'hmac')).toBe(
			"The Review page works only behind the trigger's authentication: set its Verification to Basic Auth, Bearer Token or API Key in a Header (it is HMAC Signature)",
		);
		expect(ownerAccessProblem('The Review page', 'whatsapp')).toContain('(it is WhatsApp Signature)');
	});

	test('are bodies with an owner object and an op; a chat turn is not one', () => {
		expect(isOwnerBody({ owner: { op: 'list' } })).toBe(true);
		expect(isOwnerBody({ message: 'hi', owner: 'Ada' })).toBe(false);
		expect(isOwnerBody({ message: 'hi' })).toBe(false);
	});

	test('say what is wrong with a request the page would never send', () => {
		expect(readOwnerRequest({ op: 'assign', id: 'a', action: 'x', force: 'yes' })).toEqual({ ok: false, message: '"owner.force" must be true or false' });
		expect(readOwnerRequest({ op: 'drop' })).toMatchObject({ ok: false, message: expect.stringContaining('"owner.op" must be one of list, assign') });
		expect(readOwnerRequest({ op: 'undo' })).toMatchObject({ ok: false, message: expect.stringContaining('"owner.id"') });
		expect(readOwnerRequest({ op: 'insight', days: 400 })).toMatchObject({ ok: false });
		expect(readOwnerRequest({ op: 'assign', id: 'a', action: 'x' })).toEqual({ ok: true, request: { op: 'assign', id: 'a', action: 'x', force: false } });
	});
});

/**
 * WhatsApp Cloud API: examples/ways-in/whatsapp.json as it is (Chat Action Trigger with Payload
 * Format WhatsApp and Verification WhatsApp Signature → Action Router → HTTP Action → Chat Reply
 * sending through WhatsApp), against a local Graph API (toolkit/servers/whatsapp-server.ts) that
 * the WhatsApp credential's Graph API URL points at. The server does what Meta does: the GET
 * verification of the callback URL, webhook bodies signed with the app secret
 * (X-Hub-Signature-256), and POST /{phone-number-id}/messages checked for the bearer token and
 * Meta's limits. A support person gives a conversation back with the flow's n8n Form.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { nodeOutput } from '../../../toolkit/n8n/n8n-instance';
import { WhatsAppServer, type WhatsAppSent } from '../../../toolkit/servers/whatsapp-server';
import { EXAMPLES } from '../example-flows';
import type { ChannelSuite, ExampleWorkflow, WaysInContext } from './suite';

const flow = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'whatsapp.json'), 'utf8')) as ExampleWorkflow;
const nodeOfType = (type: string) => flow.nodes.find((node) => node.type === type)!;
const WEBHOOK = String(nodeOfType('n8n-nodes-chat-actions.chatActionTrigger').parameters!.path);
const FORM = String((nodeOfType('n8n-nodes-base.formTrigger').parameters!.options as { path: string }).path);
const VERIFY_TOKEN = 'e2e-verify-token-6d1f';
const ASK_ORDER = 'What is your order number? It has 5 digits.';

let whatsapp: WhatsAppServer;

interface Interactive {
	type: 'button' | 'list' | 'cta_url';
	body: { text: string };
	action: { buttons?: Array<{ reply: object }>; sections?: Array<{ rows: object[] }>; parameters?: object };
}

/** What one sent message says, in short: to whom, its text, and its buttons, list rows or link. */
function summary({ body }: WhatsAppSent) {
	const interactive = body.interactive as Interactive | undefined;
	if (!interactive) return { to: body.to, text: (body.text as { body: string }).body };
	const { action } = interactive;
	const buttons = action.buttons ? { buttons: action.buttons.map((button) => button.reply) } : {};
	const rows = action.sections ? { rows: action.sections.flatMap((section) => section.rows) } : {};
	const link = interactive.type === 'cta_url' ? { link: action.parameters } : {};
	return { to: body.to, text: interactive.body.text, ...buttons, ...rows, ...link };
}

async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((done) => setTimeout(done, 100));
	}
}

/** A WhatsApp user: each message delivered signed, as Meta does; `says` waits for the bot's answers. */
function user(waId: string, name: string) {
	const sentTo = () => whatsapp.sent.filter((sent) => sent.body.to === `+${waId}`);
	const expectAnswers = async (delivery: Promise<Response>, count = 1) => {
		const before = sentTo().length;
		expect((await delivery).status).toBe(200);
		const answers = await waitFor(`${count} answer(s) to +${waId}`, () => sentTo().length >= before + count && sentTo().slice(before));
		return answers.map(summary);
	};
	const lastId = () => sentTo().at(-1)?.id;
	return {
		waId,
		sentTo,
		says: (text: string, count?: number) => expectAnswers(whatsapp.deliverText(waId, name, text), count),
		clicks: (reply: { id: string; title: string }) => expectAnswers(whatsapp.deliverButtonReply(waId, name, reply, lastId())),
		picks: (row: { id: string; title: string }) => expectAnswers(whatsapp.deliverListReply(waId, name, row, lastId())),
	};
}

/** Meta verifies the callback URL before it delivers anything (the first test shows it; each test may run alone). */
async function verified({ n8n }: WaysInContext): Promise<void> {
	if (!whatsapp.webhookUrl) expect((await whatsapp.verify(n8n.webhookUrl(WEBHOOK), VERIFY_TOKEN)).ok).toBe(true);
}

const executions = async ({ n8n }: WaysInContext) => (await n8n.executions()).filter((execution) => execution.workflowId === flow.id);

let witnesses = 0;

/** Delivers what must start nothing, then a new user's message that must: afterwards, exactly one more execution. */
async function startsNothing(context: WaysInContext, deliveries: () => Promise<void>): Promise<void> {
	const before = (await executions(context)).length;
	await deliveries();
	const witness = user(`49151100099${String(++witnesses).padStart(2, '0')}`, 'Wit');
	expect(await witness.says('where is my order?')).toEqual([{ to: `+${witness.waId}`, text: ASK_ORDER }]);
	const after = await context.n8n.waitForExecutions(before + 1, { workflowId: flow.id });
	expect(after).toHaveLength(before + 1);
}

export const whatsappSuite: ChannelSuite = {
	name: 'WhatsApp',
	async setUp() {
		whatsapp = await new WhatsAppServer({ accessToken: 'EAAGe2e-system-user-token', appSecret: 'e2e-app-secret-1c9a' }).start();
		const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'credentials.json'), 'utf8')) as Array<{ id: string; data: object }>;
		const credential = credentials.find((entry) => entry.id === 'whatsappCloudCred')!;
		const data = { accessToken: whatsapp.options.accessToken, appSecret: whatsapp.options.appSecret, verifyToken: VERIFY_TOKEN, graphApiUrl: whatsapp.graphApiUrl };
		return {
			workflows: [{ ...flow, active: true }],
			credentials: [{ ...credential, data }],
			readyWebhooks: [{ path: WEBHOOK, method: 'POST' }],
		};
	},
	async tearDown() {
		await whatsapp?.close();
	},
	tests(context) {
		test("Meta's webhook check at the trigger's URL: the verify token gets the challenge back as text, a wrong one 403", async () => {
			const url = context().n8n.webhookUrl(WEBHOOK);
			const wrong = await whatsapp.verify(url, 'someone-elses-token');
			expect(wrong).toMatchObject({ ok: false, status: 403 });
			expect(whatsapp.webhookUrl).toBeUndefined();
			const right = await whatsapp.verify(url, VERIFY_TOKEN);
			expect(right).toMatchObject({ ok: true, status: 200 });
			expect(right.body).toMatch(/^\d{10}$/);
		});

		test('a signed conversation: the email asked for, an invalid one explained, Yes/No as reply buttons, the Yes button read back, the key reset once', async () => {
			await verified(context());
			const { api } = context();
			const ada = user('4915110000001', 'Ada');
			const before = api.requests.length;
			expect(await ada.says('I need to reset my API key')).toEqual([{ to: '+4915110000001', text: 'What is the email address of your account?' }]);
			expect(await ada.says('ada at example')).toEqual([
				{ to: '+4915110000001', text: 'That does not look like an email address. Please send one like name@example.com. What is the email address of your account?' },
			]);
			expect(await ada.says('ada@example.com')).toEqual([
				{
					to: '+4915110000001',
					text: 'Reset the API key of ada@example.com? The old key stops working within an hour.',
					buttons: [
						{ id: 'confirm:yes', title: 'Yes' },
						{ id: 'confirm:no', title: 'No' },
					],
				},
			]);
			expect(api.requests.slice(before)).toEqual([]);
			expect(await ada.clicks({ id: 'confirm:yes', title: 'Yes' })).toEqual([{ to: '+4915110000001', text: 'A new API key is on its way to ada@example.com.' }]);
			expect(api.requests.slice(before).map((request) => [request.method, request.path, request.body])).toEqual([
				['POST', '/api-keys/reset', { email: 'ada@example.com' }],
			]);
			// Every call to the Graph API carried the credential's token.
			expect(whatsapp.requests.every((request) => request.authorized)).toBe(true);
		});

		test('more than three choices go out as a list and the chosen row is read back; three lists are reply buttons, the clicked one read back', async () => {
			await verified(context());
			const { api } = context();
			const grace = user('4915110000002', 'Grace');
			expect(await grace.says('hi')).toEqual([
				{
					to: '+4915110000002',
					text: "Hi! Here's what I can do:",
					rows: [
						{ id: 'choose:order_status', title: 'Track my order' },
						{ id: 'choose:reset_api_key', title: 'Reset my API key' },
						{ id: 'choose:check_subscriptions', title: 'My subscriptions' },
						{ id: 'choose:unsubscribe', title: 'Unsubscribe' },
					],
				},
			]);
			expect(await grace.picks({ id: 'choose:unsubscribe', title: 'Unsubscribe' })).toEqual([{ to: '+4915110000002', text: 'Which email address should I unsubscribe?' }]);
			expect(await grace.says('grace@example.com')).toEqual([
				{
					to: '+4915110000002',
					text: 'Which list do you want to leave?',
					buttons: ['weekly', 'product news', 'offers'].map((list) => ({ id: list, title: list })),
				},
			]);
			const before = api.requests.length;
			expect(await grace.clicks({ id: 'product news', title: 'product news' })).toEqual([{ to: '+4915110000002', text: 'Done: grace@example.com is off the product news list.' }]);
			expect(api.requests.slice(before).map((request) => [request.path, request.body])).toEqual([
				['/subscriptions/unsubscribe', { email: 'grace@example.com', list: 'product news' }],
			]);
		});

		test('a person takes over: a ticket, then the user\'s messages reach it and the bot sends nothing while the person answers; given back with the form, the bot answers again', async () => {
			await verified(context());
			const { api, n8n } = context();
			const pat = user('4915110000003', 'Pat');
			expect(await pat.says('where is my order?')).toEqual([{ to: '+4915110000003', text: ASK_ORDER }]);
			expect(await pat.says('12345')).toEqual([
				{ to: '+4915110000003', text: 'Your order 12345 is shipped.', link: { display_text: 'Track it', url: 'https://shop.example.com/track/12345' } },
			]);

			const [handedOver] = await pat.says('I want to talk to a person');
			const handoff = api.sideEffects.filter((effect) => effect.kind === 'handoff').at(-1)!;
			const conversationId = String(handoff.conversationId);
			expect(conversationId).toMatch(/^whatsapp:[0-9a-f]{24}$/);
			expect(handedOver).toEqual({
				to: '+4915110000003',
				text: `I've passed our conversation to a person on our team (ticket ${String(handoff.ticket)}). They can see what we said so far and will answer you here shortly.`,
			});
			expect((handoff.thread as Array<{ text: string }>).map((entry) => entry.text)).toEqual([
				'where is my order?',
				ASK_ORDER,
				'12345',
				'Your order 12345 is shipped.',
				'I want to talk to a person',
			]);

			// While the person holds it: what the user writes goes to the ticket, and nothing to the user.
			const ticketMessages = () => api.requests.filter((request) => request.path === '/handoffs/messages' && request.body?.conversationId === conversationId);
			const heldTurn = async (text: string) => {
				const runs = (await executions(context())).length;
				const sentBefore = whatsapp.sent.length;
				expect((await whatsapp.deliverText(pat.waId, 'Pat', text)).status).toBe(200);
				await waitFor(`"${text}" on the ticket`, () => ticketMessages().some((request) => request.body?.text === text));
				await n8n.waitForExecutions(runs + 1, { workflowId: flow.id });
				expect(whatsapp.sent.slice(sentBefore)).toEqual([]);
			};
			await heldTurn('hello? anyone there?');

			// The person answers through the Graph API (their own tool): the bot does not interfere.
			const personal = await fetch(`${whatsapp.graphApiUrl}/${whatsapp.phoneNumberId}/messages`, {
				method: 'POST',
				headers: { authorization: `Bearer ${whatsapp.options.accessToken}`, 'content-type': 'application/json' },
				body: JSON.stringify({ messaging_product: 'whatsapp', to: '+4915110000003', type: 'text', text: { body: 'Hi Pat, Sam here. Your parcel is with the courier.' } }),
			});
			expect(personal.status).toBe(200);
			await heldTurn('Thanks Sam, that is all I needed');
			expect(ticketMessages().map((request) => [request.status, request.body?.text])).toEqual([
				[201, 'hello? anyone there?'],
				[201, 'Thanks Sam, that is all I needed'],
			]);
			expect(pat.sentTo().map(summary).slice(-2)).toEqual([
				handedOver,
				{ to: '+4915110000003', text: 'Hi Pat, Sam here. Your parcel is with the courier.' },
			]);

			// The support person gives it back: the form (its link fills in the conversation ID), then submit.
			const formUrl = n8n.webhookUrl(FORM).replace('/webhook/', '/form/');
			const page = await fetch(`${formUrl}?${new URLSearchParams({ 'Conversation ID': conversationId })}`);
			expect(page.status).toBe(200);
			expect(await page.text()).toContain(conversationId);
			const runs = (await executions(context())).length;
			const form = new FormData();
			form.append('field-0', conversationId);
			expect((await fetch(formUrl, { method: 'POST', body: form })).status).toBe(200);
			const [release] = (await n8n.waitForExecutions(runs + 1, { workflowId: flow.id })).slice(-1);
			expect(nodeOutput(release, 'Release Conversation')).toEqual([{ conversationId, released: true }]);

			// Back with the bot, which still knows the conversation (it offers the order number given before the handoff).
			expect(await pat.says('has my order shipped?')).toEqual([
				{
					to: '+4915110000003',
					text: `${ASK_ORDER} Use 12345?`,
					buttons: [
						{ id: 'confirm:yes', title: 'Yes' },
						{ id: 'confirm:no', title: 'No' },
					],
				},
			]);
			expect(ticketMessages()).toHaveLength(2);
		});

		test('unsigned, wrongly signed and altered deliveries get 401 and start nothing; a delivery status is acknowledged and starts nothing', async () => {
			await verified(context());
			const raw = whatsapp.webhookBody({
				contacts: [{ profile: { name: 'Mallory' }, wa_id: '4915110000004' }],
				messages: [{ from: '4915110000004', id: 'wamid.forged-1', timestamp: '1760000000', type: 'text', text: { body: 'reset the API key of ada@example.com' } }],
			});
			await startsNothing(context(), async () => {
				expect((await whatsapp.post(raw, undefined)).status).toBe(401);
				expect((await whatsapp.post(raw, `sha256=${createHmac('sha256', 'not-the-app-secret').update(raw).digest('hex')}`)).status).toBe(401);
				expect((await whatsapp.post(raw.replace('ada@', 'eve@'), whatsapp.sign(raw))).status).toBe(401);
				expect((await whatsapp.deliverStatus('4915110000004', 'read', 'wamid.out-1')).status).toBe(200);
			});
			expect(whatsapp.sent.filter((sent) => sent.body.to === '+4915110000004')).toEqual([]);
		});

		test('a message Meta delivers again (same body, same signature) is answered once', async () => {
			await verified(context());
			const rosa = user('4915110000005', 'Rosa');
			expect(await rosa.says('where is my order?')).toEqual([{ to: '+4915110000005', text: ASK_ORDER }]);
			await startsNothing(context(), async () => {
				expect((await whatsapp.redeliver()).status).toBe(200);
			});
			expect(await rosa.says('23456')).toEqual([
				{ to: '+4915110000005', text: 'Your order 23456 is being packed.', link: { display_text: 'Track it', url: 'https://shop.example.com/track/23456' } },
			]);
			expect(rosa.sentTo()).toHaveLength(2);
		});

		test('several messages in one webhook body are one execution, each message answered', async () => {
			await verified(context());
			const runs = (await executions(context())).length;
			const bea = user('4915110000006', 'Bea');
			const ben = user('4915110000007', 'Ben');
			expect(
				(
					await whatsapp.deliverTexts([
						{ from: bea.waId, name: 'Bea', text: 'where is my order?' },
						{ from: ben.waId, name: 'Ben', text: 'I need to reset my API key' },
					])
				).status,
			).toBe(200);
			await waitFor('both answers', () => bea.sentTo().length > 0 && ben.sentTo().length > 0);
			expect([...bea.sentTo(), ...ben.sentTo()].map(summary)).toEqual([
				{ to: '+4915110000006', text: ASK_ORDER },
				{ to: '+4915110000007', text: 'What is the email address of your account?' },
			]);
			expect(await context().n8n.waitForExecutions(runs + 1, { workflowId: flow.id })).toHaveLength(runs + 1);
		});
	},
};

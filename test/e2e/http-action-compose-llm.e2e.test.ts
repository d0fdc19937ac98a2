/**
 * HTTP Action's *Compose Reply With Model* in a real n8n: Webhook → HTTP Action (bearer
 * credential, a local orders API) with n8n's OpenAI Chat Model on the local model server
 * connected to its Model input → Respond to Webhook. The model phrases the API's `data`; the
 * Reply Template's text stands when the model fails or states a value the data does not hold,
 * and no credential secret reaches the model or the reply.
 */
import { ApiServer } from '../../toolkit/servers/api-server';
import { OpenAiServer } from '../../toolkit/servers/openai-server';
import { connectAi, openAiChatModel, openAiCredential } from './ai-workflows';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, workflow } from '../../toolkit/n8n/workflows';

const WORKFLOW_ID = 'httpComposeLlm01';
const ORDERS_TOKEN = 'orders-bearer-token-e2e-7d41'; // a test value, not a real secret
const ORDERS_CREDENTIAL = { id: 'ordersBearerCred1', name: 'Orders API' };

const model = new OpenAiServer();
const api = new ApiServer();
let n8n: N8nInstance;

function composeWorkflow() {
	const respond = (name: string) => node(WORKFLOW_ID, name, 'n8n-nodes-base.respondToWebhook', { respondWith: 'firstIncomingItem', options: {} }, { typeVersion: 1.1 });
	const flow = workflow(
		WORKFLOW_ID,
		'HTTP Action with a composed reply',
		[
			node(WORKFLOW_ID, 'Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path: 'compose', responseMode: 'responseNode', options: {} }, {
				typeVersion: 2,
				webhookId: 'c0a7e3f1-5b2d-4e8a-9f61-3d2c1b0a9e01',
			}),
			node(
				WORKFLOW_ID,
				'HTTP Action',
				'httpAction',
				{
					authentication: 'bearer',
					method: 'GET',
					url: '/orders/{{body.orderId}}',
					replyTemplate: 'Order {{data.order}} is {{data.status}}.',
					options: { composeReply: true, composeTone: 'warm and short', maxRetries: 0 },
				},
				{ credentials: { chatActionsBearerApi: ORDERS_CREDENTIAL } },
			),
			respond('Reply'),
			respond('Reply on failure'),
			openAiChatModel(WORKFLOW_ID, 'OpenAI Chat Model', { model: 'gpt-4o-mini', timeoutMs: 3000 }),
		],
		[
			['Webhook', 'HTTP Action'],
			['HTTP Action', 'Reply', 0],
			['HTTP Action', 'Reply on failure', 1],
		],
	);
	return connectAi(flow, 'OpenAI Chat Model', 'HTTP Action', 'ai_languageModel');
}

beforeAll(async () => {
	await Promise.all([model.start(), api.start()]);
	api.respond((request) => ({
		status: 200,
		body: {
			data: {
				order: request.url.split('/').pop(),
				status: 'out for delivery',
				eta: '2026-12-03',
				contact: 'help@shop.example',
				// An API that echoes the caller's token: it must reach neither the model nor the reply.
				debugAuth: request.headers.authorization,
			},
		},
	}));
	n8n = await startN8n({
		workflows: [composeWorkflow()],
		credentials: [
			openAiCredential(model.url),
			{ ...ORDERS_CREDENTIAL, type: 'chatActionsBearerApi', data: { token: ORDERS_TOKEN, baseUrl: api.url } },
		],
		packageTarball: await packPackage(),
		readyWebhooks: [{ path: 'compose', method: 'POST' }],
	});
	console.log(`HTTP Action composed reply: n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await Promise.all([model.stop(), api.stop()]);
});

beforeEach(() => {
	model.reset();
	api.received.length = 0;
});

async function ask(orderId: string) {
	const response = await fetch(n8n.webhookUrl('compose'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ orderId }),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as { reply: { message: string }; composedReply?: { used: boolean; reason?: string } };
}

test('the model phrases the data: its text is the reply; it saw the data masked, the tone, and no secret', async () => {
	const composed = 'Good news! Order 48213 is out for delivery and should arrive on 2026-12-03. Questions? Write to help@shop.example.';
	model.respond({ text: composed });
	const item = await ask('48213');
	expect(item.reply.message).toBe(composed);
	expect(item.composedReply).toEqual({ used: true });

	expect(api.received[0].headers.authorization).toBe(`Bearer ${ORDERS_TOKEN}`);
	expect(model.calls).toHaveLength(1);
	const [call] = model.calls;
	expect(call.raw).not.toContain(ORDERS_TOKEN);
	expect(call.messages[0].role).toBe('system');
	expect(call.messages[0].content).toContain('Tone: warm and short.');
	expect(call.messages[0].content).toContain('Use only facts stated in the data.');
	expect(call.messages[1].content).toContain('"order":"48213"');
	expect(call.messages[1].content).toContain('"debugAuth":"Bearer **hidden**"');
	expect(JSON.stringify(item)).not.toContain(ORDERS_TOKEN);
}, 90_000);

test.each([
	['invents an order number', 'Order 48213 is out for delivery; your replacement order 99120 ships tomorrow.', /values the data does not hold: 99120/],
	['invents a price', 'Order 48213 is out for delivery. You paid 59.90 for it.', /values the data does not hold: 59.90/],
	['invents a link', 'Order 48213 is out for delivery, track it at https://tracking.example.net/48213', /values the data does not hold: https:\/\/tracking\.example\.net/],
	['invents an email address', 'Order 48213 is out for delivery. Write to refunds@shop.example.', /values the data does not hold: refunds@shop\.example/],
])('a model that %s is caught: the template\'s reply stands, with the reason', async (_name, text, reason) => {
	model.respond({ text });
	const item = await ask('48213');
	expect(item.reply.message).toBe('Order 48213 is out for delivery.');
	expect(item.composedReply?.used).toBe(false);
	expect(item.composedReply?.reason).toMatch(reason);
}, 90_000);

test('a model that repeats the secret is refused', async () => {
	model.respond({ text: `Order 48213 is out for delivery. Your key is ${ORDERS_TOKEN}.` });
	const item = await ask('48213');
	expect(item.reply.message).toBe('Order 48213 is out for delivery.');
	expect(item.composedReply).toEqual({ used: false, reason: 'the composed reply holds a credential secret' });
	expect(JSON.stringify(item)).not.toContain(ORDERS_TOKEN);
}, 90_000);

test.each([
	['an HTTP 500', { status: 500 }],
	['a timeout', { hang: true as const }],
])('the model failing with %s leaves the template\'s reply', async (_name, answer) => {
	model.respond(answer);
	const item = await ask('48213');
	expect(item.reply.message).toBe('Order 48213 is out for delivery.');
	expect(item.composedReply?.used).toBe(false);
	expect(item.composedReply?.reason).toMatch(/^the chat model failed: /);
}, 90_000);

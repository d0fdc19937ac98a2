/**
 * HTTP Action in a real n8n, installed the way users install community packages:
 * n8n Webhook → HTTP Action (bearer credential) → Respond to Webhook, against a local CRM.
 */
import { readFile } from 'node:fs/promises';

import { ApiServer } from '../../toolkit/servers/api-server';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, workflow } from '../../toolkit/n8n/workflows';

// Test values, not real secrets.
const CRM_TOKEN = 'crm-bearer-token-e2e-0001';
const CREDENTIAL_ID = 'crmBearerCred001';

const crm = new ApiServer();
let n8n: N8nInstance;

const WORKFLOW_ID = 'httpActionE2e01';

function crmWorkflow() {
	const respond = (name: string) => node(WORKFLOW_ID, name, 'n8n-nodes-base.respondToWebhook', { respondWith: 'firstIncomingItem', options: {} }, { typeVersion: 1.1 });
	return workflow(
		WORKFLOW_ID,
		'HTTP Action e2e',
		[
			node(
				WORKFLOW_ID,
				'Webhook',
				'n8n-nodes-base.webhook',
				{ httpMethod: 'POST', path: 'crm-lead', responseMode: 'responseNode', options: {} },
				{ typeVersion: 2, webhookId: 'b0f6d7c1-0000-4000-8000-0000000000aa' },
			),
			node(
				WORKFLOW_ID,
				'HTTP Action',
				'httpAction',
				{
					authentication: 'bearer',
					method: 'POST',
					url: '/leads',
					bodyType: 'json',
					jsonBody: '{"email": "{{body.email}}", "note": "{{body.message}}", "conversation": "{{body.conversationId}}"}',
					replyTemplate: 'Thanks! You are lead {{data.id}}.',
					options: { maxRetries: 1, maxRetryTime: 5 },
				},
				{ credentials: { chatActionsBearerApi: { id: CREDENTIAL_ID, name: 'CRM' } } },
			),
			respond('Reply'),
			respond('Reply on failure'),
		],
		[
			['Webhook', 'HTTP Action'],
			['HTTP Action', 'Reply', 0],
			['HTTP Action', 'Reply on failure', 1],
		],
	);
}

async function post(body: object) {
	const response = await fetch(n8n.webhookUrl('crm-lead'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
	await crm.start();
	n8n = await startN8n({
		workflows: [crmWorkflow()],
		credentials: [{ id: CREDENTIAL_ID, name: 'CRM', type: 'chatActionsBearerApi', data: { token: CRM_TOKEN, baseUrl: crm.url } }],
		packageTarball: await packPackage(),
	});
	console.log(`HTTP Action e2e: n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await crm.stop();
});

beforeEach(() => crm.reset());

test('a chat-like request reaches the CRM once, with the bearer token, and the reply comes back', async () => {
	crm.respond({ status: 201, body: { data: { id: 'lead_42' } } });
	const message = 'Hi "team", sign me up {{user_email}}';
	const { status, body } = await post({ conversationId: 'conv_e2e_1', email: 'ada@example.com', message });

	expect(status).toBe(200);
	expect(body.reply).toEqual({ message: 'Thanks! You are lead lead_42.', tags: [] });
	expect(crm.received).toHaveLength(1);
	const [request] = crm.received;
	expect(request.method).toBe('POST');
	expect(request.url).toBe('/leads');
	expect(request.headers.authorization).toBe(`Bearer ${CRM_TOKEN}`);
	expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f]{64}$/);
	expect(JSON.parse(request.body)).toEqual({ email: 'ada@example.com', note: message, conversation: 'conv_e2e_1' });
});

test('a failing CRM gives the visitor a reply through the Error output, and the token is in no execution and no log line', async () => {
	crm.respond({ status: 503, body: { error: `unavailable for ${CRM_TOKEN}` } });
	const { status, body } = await post({ conversationId: 'conv_e2e_2', email: 'bob@example.com', message: 'hello' });

	expect(status).toBe(200);
	expect(crm.received).toHaveLength(2); // the first attempt and one retry
	expect(body.reply).toMatchObject({ handoff: true, tags: ['action_failed'] });
	expect(body.error).toMatchObject({
		kind: 'http',
		status: 503,
		retryable: true,
		attempts: 2,
		request: { method: 'POST', url: `${crm.url}/leads`, headers: { Authorization: '**hidden**' } },
		responseBody: { error: 'unavailable for **hidden**' },
	});

	const executions = await n8n.waitForExecutions(2);
	expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
	expect(JSON.stringify(executions)).not.toContain(CRM_TOKEN);
	expect(await readFile(n8n.logFile, 'utf8')).not.toContain(CRM_TOKEN);
});

test('an answer over Max Response Size (1024 KB by default) gets the visitor a failure reply, and none of it is saved', async () => {
	const before = (await n8n.executions()).length;
	const padding = 'p'.repeat(3 * 1024 * 1024);
	crm.respond({ status: 201, headers: { 'transfer-encoding': 'chunked' }, body: { data: { id: 'lead_big', padding } } });
	const { status, body } = await post({ conversationId: 'conv_e2e_3', email: 'cy@example.com', message: 'hello' });

	expect(status).toBe(200);
	expect(crm.received).toHaveLength(1); // not retried: a second answer would be as large
	expect(body.reply).toMatchObject({ handoff: true, tags: ['action_failed'] });
	expect(body.error).toMatchObject({
		kind: 'invalid_response',
		status: 201,
		retryable: false,
		message: 'The API answered with more than 1024 KB (option Max Response Size)',
	});
	const executions = (await n8n.waitForExecutions(before + 1)).slice(before);
	expect(executions.map((execution) => execution.status)).toEqual(['success']);
	expect(JSON.stringify(executions)).not.toContain('pppppppp');
});

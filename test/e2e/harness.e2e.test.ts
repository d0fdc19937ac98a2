// Smoke test of the end-to-end harness, with n8n's built-in nodes only:
//  - Webhook (POST /webhook/harness-smoke) -> Set { output: "pong: " + body.chatInput };
//  - a Webhook guarded by an imported Header Auth credential (checks credential import).
import { isGroupAlive } from '../../toolkit/n8n/process';
import { type N8nInstance, nodeOutput, startN8n } from '../../toolkit/n8n/n8n-instance';

const WORKFLOW_ID = 'harnessSmoke0001';

const smokeWorkflow = {
	id: WORKFLOW_ID,
	name: 'Harness smoke',
	nodes: [
		{
			id: '5f1c9a52-0b64-4c1f-9d0e-1a0000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5f1c9a52-0b64-4c1f-9d0e-1a00000000aa',
			parameters: { httpMethod: 'POST', path: 'harness-smoke', responseMode: 'lastNode', options: {} },
		},
		{
			id: '5f1c9a52-0b64-4c1f-9d0e-1a0000000002',
			name: 'Reply',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'manual',
				includeOtherFields: false,
				assignments: {
					assignments: [
						{
							id: '5f1c9a52-0b64-4c1f-9d0e-1a0000000003',
							name: 'output',
							type: 'string',
							value: '={{ "pong: " + $json.body.chatInput }}',
						},
					],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

// Test-only value, not a secret.
const SMOKE_KEY = 'smoke-key-not-a-secret';
const CREDENTIAL_ID = 'harnessSmokeCred';

const credentials = [
	{ id: CREDENTIAL_ID, name: 'Smoke header auth', type: 'httpHeaderAuth', data: { name: 'X-Smoke-Key', value: SMOKE_KEY } },
];

const guardedWorkflow = {
	id: 'harnessSmoke0002',
	name: 'Harness smoke (header auth)',
	nodes: [
		{
			id: '5f1c9a52-0b64-4c1f-9d0e-1a0000000011',
			name: 'Guarded webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5f1c9a52-0b64-4c1f-9d0e-1a00000000bb',
			parameters: { httpMethod: 'POST', path: 'harness-smoke-guarded', authentication: 'headerAuth', options: {} },
			credentials: { httpHeaderAuth: { id: CREDENTIAL_ID, name: 'Smoke header auth' } },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};

describe('e2e harness (real n8n, built-in nodes only)', () => {
	let n8n: N8nInstance | undefined;

	afterAll(async () => {
		await n8n?.dispose();
	}, 60_000);

	it('starts n8n with an imported, published workflow and answers its webhook', async () => {
		const started = Date.now();
		n8n = await startN8n({ line: 2, workflows: [smokeWorkflow, guardedWorkflow], credentials });
		console.log(
			`n8n ${n8n.version} ready at ${n8n.baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s ${JSON.stringify(n8n.timings)}`,
		);

		const response = await fetch(n8n.webhookUrl('harness-smoke'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ chatInput: 'hello' }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ output: 'pong: hello' });

		const executions = await n8n.waitForExecutions(1, { workflowId: WORKFLOW_ID });
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ workflowId: WORKFLOW_ID, status: 'success', finished: true, mode: 'webhook' });
		expect(nodeOutput(executions[0], 'Reply')).toEqual([{ output: 'pong: hello' }]);
	}, 300_000);

	it('imports credentials (a Header Auth webhook accepts the imported key only)', async () => {
		const post = (headers: Record<string, string>) =>
			fetch(n8n!.webhookUrl('harness-smoke-guarded'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
		expect((await post({})).status).toBe(403);
		expect((await post({ 'X-Smoke-Key': 'wrong' })).status).toBe(403);
		expect((await post({ 'X-Smoke-Key': SMOKE_KEY })).status).toBe(200);
		const executions = await n8n!.waitForExecutions(1, { workflowId: 'harnessSmoke0002' });
		expect(executions.map((e) => e.status)).toEqual(['success']);
	}, 60_000);

	it('stops n8n without leaving processes behind', async () => {
		expect(n8n?.running).toBe(true);
		const pgid = n8n!.pid!;
		await n8n!.stop();
		expect(n8n!.running).toBe(false);
		expect(isGroupAlive(pgid)).toBe(false);
		// Executions stay readable while n8n is stopped.
		expect(await n8n!.executions()).toHaveLength(2);
	}, 60_000);
});

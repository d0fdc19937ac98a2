/**
 * What README's "Under load" promises, checked on a real n8n 2.41.1 with the setting it advises
 * (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true): a chat turn through Chat Action Trigger → Action
 * Router → HTTP Action → Chat Reply never starts one of n8n's expression isolates (n8n 2.x
 * creates a V8 isolate per execution phase, most of a turn's CPU otherwise). Counted with
 * n8n's own Prometheus counter of isolates handed out (`/metrics`, N8N_METRICS=true); a flow
 * with an n8n expression shows the counter counting. n8n 1.x has no isolates: 2.x only.
 */
import { ApiServer } from '../../toolkit/servers/api-server';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { routerFlow } from './router-flow';
import { node, workflow } from '../../toolkit/n8n/workflows';

const describeOn2 = process.env.N8N_LINE === '1' ? describe.skip : describe;

/** n8n's Webhook → Respond to Webhook, whose answer is an n8n expression. */
function expressionFlow() {
	const id = 'isolatesControl';
	return workflow(id, 'Isolates: an n8n expression', [
		{ ...node(id, 'Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path: 'isolates-expression', responseMode: 'responseNode', options: {} }, { webhookId: 'c4e5f6a7-0000-4000-8000-0000000000aa' }), typeVersion: 2 },
		{ ...node(id, 'Respond', 'n8n-nodes-base.respondToWebhook', { respondWith: 'json', responseBody: '={{ JSON.stringify({ message: "You said: " + $json.body.message }) }}', options: {} }), typeVersion: 1.1 },
	], [['Webhook', 'Respond']]);
}

describeOn2('n8n expression isolates with lazy acquisition (n8n 2.x)', () => {
	const api = new ApiServer();
	let n8n: N8nInstance;

	beforeAll(async () => {
		await api.start();
		api.respond(() => ({ status: 200, body: { data: { lists: 'weekly, offers' } } }));
		n8n = await startN8n({
			workflows: [
				routerFlow({ id: 'isolatesPackage', name: 'Isolates: chat actions', path: 'isolates-package', apiUrl: api.url, routerOptions: { threshold: 0.25 } }),
				expressionFlow(),
			],
			packageTarball: await packPackage(),
			env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true', N8N_METRICS: 'true' },
			readyWebhooks: ['isolates-package', 'isolates-expression'].map((path) => ({ path, method: 'POST' })),
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
		await api.stop();
	});

	/** n8n's count of expression isolates handed out so far (`expression.pool.acquired`). */
	async function isolatesAcquired(): Promise<number> {
		const metrics = await (await fetch(`${n8n.baseUrl}/metrics`)).text();
		const line = /^n8n_expression_pool_acquired(?:_total)? (\d+)/m.exec(metrics);
		if (!line) throw new Error(`n8n's /metrics has no expression pool counter:\n${metrics.slice(0, 2000)}`);
		return Number(line[1]);
	}

	async function say(path: string, conversationId: string, message: string): Promise<string> {
		const response = await fetch(n8n.webhookUrl(path), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ conversationId, message }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { message: string }).message;
	}

	test('a three-turn conversation with an API call starts no isolate', async () => {
		const before = await isolatesAcquired();
		const executions = (await n8n.executions()).length;

		expect(await say('isolates-package', 'iso-1', 'can you check my newsletter subscription?')).toBe('Which email address should I check?');
		expect(await say('isolates-package', 'iso-1', 'not-an-email')).toMatch(/email/i);
		expect(await say('isolates-package', 'iso-1', 'ada@example.com')).toBe('ada@example.com is subscribed to: weekly, offers.');
		await n8n.waitForExecutions(executions + 3);

		expect(api.received).toHaveLength(1);
		expect(await isolatesAcquired()).toBe(before);
	});

	test('a flow with an n8n expression starts one per execution (the counter counts)', async () => {
		const before = await isolatesAcquired();
		const executions = (await n8n.executions()).length;

		expect(await say('isolates-expression', 'iso-2', 'hello')).toBe('You said: hello');
		expect(await say('isolates-expression', 'iso-2', 'again')).toBe('You said: again');
		await n8n.waitForExecutions(executions + 2);

		expect(await isolatesAcquired()).toBe(before + 2);
	});
});

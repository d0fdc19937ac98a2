/**
 * Fuzz, bounded: malformed and random bodies and headers sent to the trigger's production
 * webhooks in a real n8n. No answer may be a 5xx, n8n must stay healthy, and only the
 * requests that were answered as accepted may have started an execution.
 *
 * The requests come from test/support/fuzz-requests.ts (shared with the larger, extended
 * run in test/reliability/). FUZZ_COUNT (default 1200) and FUZZ_SEED (default 20261122)
 * make a run reproducible.
 */
import { fuzzRequests, runFuzz } from '../support/fuzz-requests';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { HMAC_SECRET, SHOP, TRIGGER_CREDENTIALS, TRIGGER_WORKFLOWS } from './trigger-workflows';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

const COUNT = Number(process.env.FUZZ_COUNT ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const CONCURRENCY = 8;

// An open flow whose reply tolerates every valid event, so an accepted request always
// gets a 200 and a rejected one never reaches it.
const FUZZ_WORKFLOW = workflow('fuzzOpen', 'Fuzz: open', [
	triggerNode('fuzzOpen', { path: 'fuzz-open', responseMode: 'responseNode', options: { addressRateLimit: 0 } }),
	node('fuzzOpen', 'Chat Reply', 'chatReply', { message: 'Got: {{default user_message "(no text)"}}' }),
], [['Chat Action Trigger', 'Chat Reply']]);

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await startN8n({
		workflows: [...TRIGGER_WORKFLOWS, FUZZ_WORKFLOW],
		credentials: TRIGGER_CREDENTIALS,
		packageTarball: await packPackage(),
		readyWebhooks: ['fuzz-open', 'chat-signed', 'chat-cors'].map((path) => ({ path, method: 'POST' })),
	});
}, 600_000);

afterAll(async () => await n8n?.dispose());

test(`${COUNT} malformed and random requests: no 5xx, n8n healthy, executions only for accepted requests`, async () => {
	const next = fuzzRequests(SEED, { open: 'fuzz-open', signed: 'chat-signed', cors: 'chat-cors', hmacSecret: HMAC_SECRET, allowedOrigin: SHOP });
	const result = await runFuzz({ count: COUNT, concurrency: CONCURRENCY, timeoutMs: 20_000, url: (path) => n8n.webhookUrl(path), next });

	console.log(`fuzz seed ${SEED}: ${COUNT} requests, statuses ${JSON.stringify(result.statuses)}, accepted ${result.accepted}`);
	expect(result.unanswered).toEqual([]);
	expect(result.serverErrors).toEqual([]);
	expect(result.unexpected).toEqual([]);
	expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);

	await n8n.waitForExecutions(result.accepted, { timeoutMs: 120_000 });
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const executions = await n8n.executions();
	expect(executions).toHaveLength(result.accepted);
	expect(executions.every((execution) => execution.status === 'success')).toBe(true);
}, 900_000);

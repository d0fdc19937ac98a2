/**
 * n8n's queue mode: EXECUTIONS_MODE=queue, one main process that takes
 * the webhooks and two `n8n worker` processes that run them, on one real Redis (n8n's job
 * queue and the router's state store) and PostgreSQL (the harness's queueMode option).
 * Multi-turn conversations through Chat Action Trigger → Action Router (Redis) → HTTP Action
 * → Chat Reply pass there, and the workers' own logs show consecutive turns of one
 * conversation run by different workers.
 */
import { RedisStateStore } from '../../nodes/shared/state';
import { ApiServer } from '../../toolkit/servers/api-server';
import { RedisServer } from '../../toolkit/servers/redis-server';
import { type ExecutionRecord, type N8nInstance, nodeOutput, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { routerFlow } from '../e2e/router-flow';

const WORKFLOW_ID = 'queueModeRouter';
const PATH = 'queue-router';
const REDIS_CREDENTIAL = { id: 'queueRedisCred001', name: 'State Redis' };
const REDIS_PASSWORD = 'queue-redis-password-reliability'; // test value, not a real secret
const CONVERSATIONS = 4;
const PARALLEL = 30;

function routerWorkflow(apiUrl: string) {
	return routerFlow({
		id: WORKFLOW_ID,
		name: 'Router in queue mode',
		path: PATH,
		apiUrl,
		redisCredential: REDIS_CREDENTIAL,
		triggerOptions: { rateLimit: 0, addressRateLimit: 0 },
		routerOptions: { maxReasks: 1000 },
	});
}

const api = new ApiServer();
let redis: RedisServer;
let n8n: N8nInstance;

beforeAll(async () => {
	await api.start();
	api.respond(() => ({ status: 200, body: { data: { lists: 'weekly, offers' } } }));
	redis = await RedisServer.start({ password: REDIS_PASSWORD });
	n8n = await startN8n({
		workflows: [routerWorkflow(api.url)],
		credentials: [{ ...REDIS_CREDENTIAL, type: 'chatActionsRedisApi', data: { host: redis.host, port: redis.port, password: REDIS_PASSWORD, database: 0 } }],
		packageTarball: await packPackage(),
		readyWebhooks: [{ path: PATH, method: 'POST' }],
		queueMode: { redis: { host: redis.host, port: redis.port, password: REDIS_PASSWORD }, workers: 2 },
		startupTimeoutMs: 300_000,
	});
	console.log(`Queue mode: n8n ${n8n.version} on Node ${n8n.nodeVersion}, main + ${n8n.workerLogFiles.length} workers`);
}, 900_000);

afterAll(async () => {
	await n8n?.dispose();
	await redis?.dispose();
	await api.stop();
});

async function send(conversationId: string, message: string): Promise<{ status: number; message?: string }> {
	const response = await fetch(n8n.webhookUrl(PATH), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ conversationId, message }),
		signal: AbortSignal.timeout(60_000),
	});
	const body = (await response.json().catch(() => ({}))) as { message?: string };
	return { status: response.status, message: body.message };
}

/** The conversation and message an execution's trigger received. */
function turnOf(execution: ExecutionRecord): { conversationId: string; message: string } {
	const [item] = nodeOutput(execution, 'Chat Action Trigger') ?? [];
	return { conversationId: String(item?.conversationId ?? ''), message: String(item?.message ?? '') };
}

test(`${CONVERSATIONS} multi-turn conversations pass, and consecutive turns of one conversation run on different workers`, async () => {
	const script: Array<[string, string]> = [
		['I never get your emails, can you check my subscription?', 'Which email address should I check?'],
		['ada at example', 'That does not look like an email address. Please send one like name@example.com. Which email address should I check?'],
		['sure: ADA@example.com', 'ada@example.com is subscribed to: weekly, offers.'],
		['where is my order?', 'What is your order number?'],
		['it is 12345', 'Order 12345 is on its way.'],
	];
	const conversations = Array.from({ length: CONVERSATIONS }, (_, index) => `queue-${Date.now()}-${index}`);
	// One turn after another, as a visitor types: each waits for the previous reply.
	for (const conversation of conversations) {
		for (const [message, reply] of script) expect(await send(conversation, message)).toEqual({ status: 200, message: reply });
	}

	const executions = await n8n.waitForExecutions(CONVERSATIONS * script.length, { workflowId: WORKFLOW_ID, timeoutMs: 120_000 });
	expect(executions.map((execution) => execution.status)).toEqual(Array(executions.length).fill('success'));
	// Every execution ran on a worker (none in the main process), as its "Worker started execution <id>" line says.
	const workers = await n8n.executionWorkers();
	const workerOf = (execution: ExecutionRecord) => workers.get(execution.id);
	expect(executions.filter((execution) => workerOf(execution) === undefined).map((execution) => execution.id)).toEqual([]);

	let consecutive = 0;
	let switched = 0;
	const lines: string[] = [];
	for (const conversation of conversations) {
		const turns = executions.filter((execution) => turnOf(execution).conversationId === conversation);
		expect(turns.map((execution) => turnOf(execution).message)).toEqual(script.map(([message]) => message));
		const ran = turns.map((execution) => workerOf(execution)! + 1);
		lines.push(`${conversation}: workers ${ran.join(' → ')} (executions ${turns.map((execution) => execution.id).join(', ')})`);
		for (let index = 1; index < ran.length; index++) {
			consecutive++;
			if (ran[index] !== ran[index - 1]) switched++;
		}
	}
	console.log(`Queue mode, which worker ran each turn:\n${lines.join('\n')}\n${switched} of ${consecutive} consecutive turns changed worker`);
	expect(new Set(executions.map(workerOf)).size).toBe(2);
	expect(switched).toBeGreaterThan(0);
}, 600_000);

test(`${PARALLEL} messages of one conversation at once across both workers: each is answered and none is lost`, async () => {
	const conversation = `queue-parallel-${Date.now()}`;
	expect((await send(conversation, 'check my subscription please')).message).toBe('Which email address should I check?');
	const before = (await n8n.executions()).length;
	const turns = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => send(conversation, `ada at example ${index}`)));
	expect(turns.map((turn) => turn.status)).toEqual(Array(PARALLEL).fill(200));
	for (const turn of turns) expect(turn.message).toContain('Which email address should I check?');

	// Both workers updated the one conversation (compare-and-set in Redis between processes),
	// and the stored state counts every re-ask.
	const executions = (await n8n.waitForExecutions(before + PARALLEL, { workflowId: WORKFLOW_ID, timeoutMs: 120_000 })).slice(before);
	expect(executions.map((execution) => execution.status)).toEqual(Array(PARALLEL).fill('success'));
	const workers = await n8n.executionWorkers();
	expect(new Set(executions.map((execution) => workers.get(execution.id))).size).toBe(2);
	const reader = new RedisStateStore({ host: redis.host, port: redis.port, password: REDIS_PASSWORD, encryptionSecret: REDIS_PASSWORD });
	try {
		expect(await reader.get(`${WORKFLOW_ID}:${conversation}`)).toMatchObject({ pendingAction: 'check_subscription', askedField: 'email', attempts: { email: PARALLEL } });
	} finally {
		await reader.close();
	}

	expect((await send(conversation, 'ada@example.com')).message).toBe('ada@example.com is subscribed to: weekly, offers.');
}, 600_000);

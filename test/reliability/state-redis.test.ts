/**
 * Conversation state on a real Redis, in a real n8n: Chat Action Trigger →
 * Action Router (Redis store) → Chat Reply.
 *  - Redis stopped during a conversation: the visitor's turn is answered quickly (no hang),
 *    n8n stays up, and once Redis is back the conversation works again.
 *  - Redis frozen (SIGSTOP) in the middle of a collection: the turn fails fast, and after it
 *    resumes the collection goes on where it was (its state was never lost).
 *  - While Redis is unreachable the visitor gets the router's "try again" reply (No Match,
 *    reason state_unavailable), not n8n's 500 "Error in workflow".
 *  - 50 messages of one conversation at once: each gets its reply and the stored state counts
 *    every one of them (no lost update).
 *  - A trigger that keeps its limits and replay guard in Redis, while Redis is down: a signed
 *    request is refused with 503 and Retry-After (a replay cannot be ruled out), an unsigned
 *    one goes through (a limit that cannot be counted does not lock visitors out); both are
 *    accepted again once Redis is back.
 * (A collection across an n8n restart is test/e2e/router.e2e.test.ts.)
 */

import { signPayload } from '../../nodes/shared/signing';
import { RedisStateStore } from '../../nodes/shared/state';
import { RedisServer } from '../../toolkit/servers/redis-server';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';
import { ROUTER_ACTIONS } from '../support/router-actions';

const WORKFLOW_ID = 'stateRedisRouter';
const PATH = 'state-redis';
const REDIS_CREDENTIAL = { id: 'stateRedisCred001', name: 'State Redis' };
const REDIS_PASSWORD = 'state-redis-password-reliability'; // test value, not a real secret
const EMAIL_QUESTION = 'Which email address should I check?';
const GUARDED_ID = 'stateRedisGuards';
const SIGNED_PATH = 'state-redis-signed';
const UNSIGNED_PATH = 'state-redis-limits';
const HMAC_CREDENTIAL = { id: 'stateRedisHmac001', name: 'State Redis signing' };
const HMAC_SECRET = 'state-redis-hmac-secret-reliability'; // test value, not a real secret
const PARALLEL = 50;

function stateWorkflow() {
	return workflow(WORKFLOW_ID, 'State on Redis', [
		// 50 messages in a second from one visitor would meet the trigger's rate limit: off here.
		triggerNode(WORKFLOW_ID, { path: PATH, responseMode: 'responseNode', options: { rateLimit: 0, addressRateLimit: 0 } }),
		node(WORKFLOW_ID, 'Action Router', 'actionRouter', {
			actions: ROUTER_ACTIONS,
			stateStore: 'redis',
			// Re-asks are what the parallel test counts: no cap within its 50 turns.
			options: { maxReasks: 1000 },
		}, { credentials: { chatActionsRedisApi: REDIS_CREDENTIAL } }),
		// The answers go into the thread in Redis too: while Redis is down they still reach the visitor.
		node(WORKFLOW_ID, 'Subscription Reply', 'chatReply', { message: 'Checking {{fields.email}}.', stateStore: 'redis' }, { credentials: { chatActionsRedisApi: REDIS_CREDENTIAL } }),
		node(WORKFLOW_ID, 'Order Reply', 'chatReply', { message: 'Order {{fields.order_id}} is on its way.', stateStore: 'redis' }, { credentials: { chatActionsRedisApi: REDIS_CREDENTIAL } }),
		node(WORKFLOW_ID, 'Reply', 'chatReply', { stateStore: 'redis' }, { credentials: { chatActionsRedisApi: REDIS_CREDENTIAL } }),
	], [
		['Chat Action Trigger', 'Action Router'],
		['Action Router', 'Subscription Reply', 0],
		['Action Router', 'Order Reply', 1],
		['Action Router', 'Reply', 2],
		['Action Router', 'Reply', 3],
	]);
}

/** Two triggers whose limits and replay guard live in Redis: one signed, one not. */
function guardedWorkflows() {
	const redisState = { stateStore: 'redis', options: { rateLimit: 5 } };
	const credentials = { chatActionsRedisApi: REDIS_CREDENTIAL };
	return [
		workflow(GUARDED_ID, 'Signed, limits in Redis', [
			triggerNode(GUARDED_ID, { path: SIGNED_PATH, authentication: 'hmac', ...redisState }, { credentials: { ...credentials, chatActionsHmacApi: HMAC_CREDENTIAL } }),
			node(GUARDED_ID, 'Chat Reply', 'chatReply', { message: 'Verified: {{user_message}}', respond: false }),
		], [['Chat Action Trigger', 'Chat Reply']]),
		workflow(`${GUARDED_ID}2`, 'Unsigned, limits in Redis', [
			triggerNode(`${GUARDED_ID}2`, { path: UNSIGNED_PATH, ...redisState }, { credentials }),
			node(`${GUARDED_ID}2`, 'Chat Reply', 'chatReply', { message: 'Received: {{user_message}}', respond: false }),
		], [['Chat Action Trigger', 'Chat Reply']]),
	];
}

let redis: RedisServer;
let n8n: N8nInstance;

beforeAll(async () => {
	redis = await RedisServer.start({ password: REDIS_PASSWORD });
	n8n = await startN8n({
		workflows: [stateWorkflow(), ...guardedWorkflows()],
		credentials: [
			{ ...REDIS_CREDENTIAL, type: 'chatActionsRedisApi', data: { host: redis.host, port: redis.port, password: REDIS_PASSWORD, database: 0 } },
			{ ...HMAC_CREDENTIAL, type: 'chatActionsHmacApi', data: { secret: HMAC_SECRET } },
		],
		packageTarball: await packPackage(),
		readyWebhooks: [PATH, SIGNED_PATH, UNSIGNED_PATH].map((path) => ({ path, method: 'POST' })),
	});
	// The test's own view of the store: the router's key is <prefix><workflow id>:<conversation id>.
	console.log(`State on Redis: n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await redis?.dispose();
});

interface Turn {
	status: number;
	ms: number;
	message?: string;
	text: string;
	retryAfter: string | null;
}

/** One message to a flow's webhook (the router flow's unless `path` says otherwise), signed with the test secret when asked. */
async function send(conversationId: string, message: string, { path = PATH, signed = false } = {}): Promise<Turn> {
	const body = JSON.stringify({ conversationId, message });
	const timestamp = String(Math.floor(Date.now() / 1000));
	const started = Date.now();
	const response = await fetch(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(signed ? { 'x-timestamp': timestamp, 'x-signature': signPayload(HMAC_SECRET, timestamp, body) } : {}) },
		body,
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	let parsed: { message?: string } = {};
	try {
		parsed = JSON.parse(text) as { message?: string };
	} catch {
		// not JSON: kept as text for the assertion messages
	}
	return { status: response.status, ms: Date.now() - started, message: parsed.message, text, retryAfter: response.headers.get('retry-after') };
}

/** The conversation's state as the router stores it (a hashed key, a value sealed with the password). */
async function storedState(conversationId: string): Promise<Record<string, unknown> | undefined> {
	const store = new RedisStateStore({ host: redis.host, port: redis.port, password: REDIS_PASSWORD, encryptionSecret: REDIS_PASSWORD, reconnect: false });
	try {
		return (await store.get(`${WORKFLOW_ID}:${conversationId}`)) as Record<string, unknown> | undefined;
	} finally {
		await store.close();
	}
}

async function healthy(): Promise<boolean> {
	const response = await fetch(`${n8n.baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
	return response.ok;
}

test('Redis stopped during a conversation: turns are answered at once, n8n stays up, and the conversation works again once Redis is back', async () => {
	const conversation = `state-stop-${Date.now()}`;
	expect((await send(conversation, 'where is my order?')).message).toBe('What is your order number?');

	await redis.stop();
	const whileDown = [];
	for (const message of ['it is 12345', 'where is my order?']) whileDown.push(await send(conversation, message));
	await redis.restart(); // an empty Redis: nothing is persisted by this test server

	for (const turn of whileDown) {
		// The store gives up within its 5 s limit: an answer, not a hang; no secret in it.
		expect(turn.ms).toBeLessThan(15_000);
		expect(turn.text).not.toContain(REDIS_PASSWORD);
	}
	console.log(`While Redis was stopped: ${whileDown.map((turn) => `${turn.status} in ${turn.ms} ms ${turn.text}`).join('; ')}`);
	expect(await healthy()).toBe(true);

	// The reconnecting client finds Redis again: the visitor starts over (its state was in
	// the stopped, non-persistent Redis) and the collection completes.
	expect((await send(conversation, 'where is my order?')).message).toBe('What is your order number?');
	expect((await send(conversation, 'it is 12345')).message).toBe('Order 12345 is on its way.');
}, 180_000);

test('Redis frozen in the middle of a collection: the turn fails fast, and after it resumes the collection goes on where it was', async () => {
	const conversation = `state-pause-${Date.now()}`;
	expect((await send(conversation, 'where is my order?')).message).toBe('What is your order number?');

	redis.pause();
	let frozen: Turn;
	try {
		frozen = await send(conversation, 'it is 12345');
	} finally {
		redis.resume();
	}
	expect(frozen.ms).toBeLessThan(15_000);
	console.log(`While Redis was frozen: ${frozen.status} in ${frozen.ms} ms ${frozen.text}`);

	// Nothing was lost: the order number is still what the router waits for.
	expect(await storedState(conversation)).toMatchObject({ pendingAction: 'order_status', askedField: 'order_id' });
	expect((await send(conversation, 'it is 12345')).message).toBe('Order 12345 is on its way.');
	expect(await healthy()).toBe(true);
}, 180_000);

test('while Redis is down the visitor gets a clear "try again" reply, not a server error', async () => {
	const conversation = `state-reply-${Date.now()}`;
	await redis.stop();
	let turn: Turn;
	try {
		turn = await send(conversation, 'where is my order?');
	} finally {
		await redis.restart();
	}
	expect(turn.status).toBeLessThan(500);
	expect(turn.message).toMatch(/try again/i);
}, 120_000);

const signedTurn = (message: string) => send(`guards-${Date.now()}`, message, { path: SIGNED_PATH, signed: true });
const unsignedTurn = (message: string) => send(`guards-${Date.now()}`, message, { path: UNSIGNED_PATH });

test('a trigger keeping its guards in Redis, while Redis is down: a signed request gets 503 with Retry-After, an unsigned one goes through; both are accepted once Redis is back', async () => {
	// Before: both accepted, so the triggers' Redis connections exist when Redis goes away.
	expect(await signedTurn('hello signed')).toMatchObject({ status: 200, message: 'Verified: hello signed' });
	expect(await unsignedTurn('hello')).toMatchObject({ status: 200, message: 'Received: hello' });

	await redis.stop();
	let signed: Turn;
	let unsigned: Turn;
	try {
		signed = await signedTurn('while down');
		unsigned = await unsignedTurn('while down');
	} finally {
		await redis.restart();
	}
	console.log(`Trigger guards while Redis was down: signed ${signed.status} in ${signed.ms} ms ${signed.text}; unsigned ${unsigned.status} in ${unsigned.ms} ms`);
	expect(signed.status).toBe(503);
	expect(signed.retryAfter).toBe('5');
	expect(signed.text).toMatch(/try again shortly/);
	expect(signed.ms).toBeLessThan(15_000);
	expect(unsigned).toMatchObject({ status: 200, message: 'Received: while down' });

	// Back: the reconnecting clients find Redis again.
	const deadline = Date.now() + 30_000;
	let after = await signedTurn('back again');
	while (after.status !== 200 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		after = await signedTurn('back again');
	}
	expect(after).toMatchObject({ status: 200, message: 'Verified: back again' });
	expect(await unsignedTurn('back')).toMatchObject({ status: 200, message: 'Received: back' });
}, 180_000);

test(`${PARALLEL} messages of one conversation at once: each is answered and the state counts every one`, async () => {
	const conversation = `state-parallel-${Date.now()}`;
	expect((await send(conversation, 'check my subscription please')).message).toBe(EMAIL_QUESTION);

	// Each is an invalid email address: a re-ask, and one more attempt in the stored state.
	const turns = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => send(conversation, `ada at example ${index}`)));
	expect(turns.map((turn) => turn.status)).toEqual(Array(PARALLEL).fill(200));
	for (const turn of turns) expect(turn.message).toContain(EMAIL_QUESTION);
	expect(await storedState(conversation)).toMatchObject({
		pendingAction: 'check_subscription',
		askedField: 'email',
		attempts: { email: PARALLEL },
	});

	// And the collection goes on with every earlier change in place.
	expect((await send(conversation, 'ada@example.com')).message).toBe('Checking ada@example.com.');
	// Done: nothing pending any more, whatever else the router keeps (transcript, actions taken).
	const done = await storedState(conversation);
	expect(done?.pendingAction).toBeUndefined();
	expect(done?.attempts ?? {}).toEqual({});
	await n8n.waitForExecutions(PARALLEL + 2, { workflowId: WORKFLOW_ID, timeoutMs: 120_000 });
}, 300_000);

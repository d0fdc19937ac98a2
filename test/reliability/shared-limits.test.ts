/**
 * Limits that hold across n8n processes: two n8n instances serve the same chat flow (as two
 * webhook processes behind a load balancer do), their Chat Action Triggers on one real Redis
 * (Conversation State: Redis). A client that sends 500 messages, each with a new visitor and
 * conversation id, half to each process, gets the address limit once, not once per process; a
 * signed request accepted by one process is a replay at the other; a resend to the other
 * process reaches the API once.
 */
import { signPayload } from '../../nodes/shared/signing';
import { ApiServer } from '../../toolkit/servers/api-server';
import { RedisServer } from '../../toolkit/servers/redis-server';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';

const REDIS_CREDENTIAL = { id: 'sharedLimitsRedis1', name: 'Limits Redis' };
const HMAC_CREDENTIAL = { id: 'sharedLimitsHmac01', name: 'Widget signing' };
const REDIS_PASSWORD = 'shared-limits-password-reliability'; // test value, not a real secret
const HMAC_SECRET = 'shared-limits-hmac-reliability'; // test value, not a real secret
// Low enough that the 500 requests (refusals answer at once) fit in the limit's one-minute window.
const ADDRESS_LIMIT = 25;
const REQUESTS = 500;

const redisState = { stateStore: 'redis' };
const onRedis = { chatActionsRedisApi: REDIS_CREDENTIAL };

function flows(apiUrl: string) {
	return [
		workflow('sharedLimitsOpen', 'Limits shared through Redis', [
			triggerNode('sharedLimitsOpen', { path: 'shared-open', ...redisState, options: { addressRateLimit: ADDRESS_LIMIT } }, { credentials: onRedis }),
			node('sharedLimitsOpen', 'Chat Reply', 'chatReply', { message: 'Got it', respond: false }),
		], [['Chat Action Trigger', 'Chat Reply']]),
		// The same flow with the trigger's limits in each process: the contrast.
		workflow('sharedLimitsPerProcess', 'Limits per process', [
			triggerNode('sharedLimitsPerProcess', { path: 'per-process-open', stateStore: 'memory', options: { addressRateLimit: ADDRESS_LIMIT } }),
			node('sharedLimitsPerProcess', 'Chat Reply', 'chatReply', { message: 'Got it', respond: false }),
		], [['Chat Action Trigger', 'Chat Reply']]),
		workflow('sharedLimitsSigned', 'Signed, replays shared through Redis', [
			triggerNode('sharedLimitsSigned', { path: 'shared-signed', authentication: 'hmac', ...redisState, options: { addressRateLimit: 0 } }, {
				credentials: { ...onRedis, chatActionsHmacApi: HMAC_CREDENTIAL },
			}),
			node('sharedLimitsSigned', 'Chat Reply', 'chatReply', { message: 'Signed and received', respond: false }),
		], [['Chat Action Trigger', 'Chat Reply']]),
		workflow('sharedLimitsResend', 'Resends recognised through Redis', [
			triggerNode('sharedLimitsResend', { path: 'shared-resend', ...redisState, options: { addressRateLimit: 0 } }, { credentials: onRedis }),
			node('sharedLimitsResend', 'Cancel Order', 'httpAction', {
				authentication: 'none',
				method: 'POST',
				url: `${apiUrl}/orders/cancel`,
				bodyType: 'json',
				jsonBody: '{"conversation": "{{conversation_id}}"}',
				replyTemplate: 'Cancelled.',
			}),
		], [['Chat Action Trigger', 'Cancel Order']]),
	];
}

const api = new ApiServer();
let redis: RedisServer;
let first: N8nInstance;
let second: N8nInstance;

beforeAll(async () => {
	await api.start();
	api.respond(() => ({ status: 200, body: { ok: true } }));
	redis = await RedisServer.start({ password: REDIS_PASSWORD });
	const options = {
		workflows: flows(api.url),
		credentials: [
			{ ...REDIS_CREDENTIAL, type: 'chatActionsRedisApi', data: { host: redis.host, port: redis.port, password: REDIS_PASSWORD, database: 0 } },
			{ ...HMAC_CREDENTIAL, type: 'chatActionsHmacApi', data: { secret: HMAC_SECRET } },
		],
		packageTarball: await packPackage(),
		readyWebhooks: ['shared-open', 'per-process-open', 'shared-signed', 'shared-resend'].map((path) => ({ path, method: 'POST' })),
	};
	// One after the other: two first starts at once on two cores only slow each other down.
	first = await startN8n(options);
	second = await startN8n(options);
	console.log(`Shared limits: two n8n ${first.version} processes on Node ${first.nodeVersion}, one Redis`);
}, 900_000);

afterAll(async () => {
	await Promise.all([first?.dispose(), second?.dispose()]);
	await redis?.dispose();
	await api.stop();
});

async function post(n8n: N8nInstance, path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
	const response = await fetch(n8n.webhookUrl(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	if (response.status >= 500) console.log(`${path}: ${response.status} ${text}`);
	return response.status;
}

/** 500 messages, ten at a time, alternating processes, each with a new visitor and conversation id, as a script sends them. */
async function rotatingFlood(path: string): Promise<{ acceptedAt: number[]; refused: number; other: number[]; seconds: number }> {
	const started = Date.now();
	const acceptedAt: number[] = [];
	const other: number[] = [];
	let refused = 0;
	for (let start = 0; start < REQUESTS; start += 10) {
		await Promise.all(
			Array.from({ length: 10 }, async (_, offset) => {
				const i = start + offset;
				const body = JSON.stringify({ conversationId: `${path}-conv-${i}`, message: 'hello', visitor: { id: `${path}-visitor-${i}` } });
				const status = await post(i % 2 === 0 ? first : second, path, body);
				if (status === 200) acceptedAt.push(Date.now());
				else if (status === 429) refused++;
				else other.push(status);
			}),
		);
	}
	const seconds = (Date.now() - started) / 1000;
	acceptedAt.sort((a, b) => a - b);
	console.log(
		`Shared limits, ${path}: ${acceptedAt.length} of ${REQUESTS} accepted (at most ${mostInOneMinute(acceptedAt)} in one minute), ${refused} refused with 429, in ${seconds.toFixed(1)} s`,
	);
	return { acceptedAt, refused, other, seconds };
}

/**
 * The most messages accepted within any one minute. Measured at the client, when each answer
 * arrived: a little after the limiter counted it, so a window of 58 s stays inside the limiter's.
 */
function mostInOneMinute(acceptedAt: number[]): number {
	let most = 0;
	for (let i = 0, j = 0; i < acceptedAt.length; i++) {
		while (acceptedAt[i] - acceptedAt[j] > 58_000) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

test(`${REQUESTS} messages from one address with a new visitor and conversation id each, spread over two processes: the address limit holds once`, async () => {
	const shared = await rotatingFlood('shared-open');
	expect(shared.other).toEqual([]);
	expect(mostInOneMinute(shared.acceptedAt)).toBe(ADDRESS_LIMIT);
	// A slow run sees the window slide: at most one limit's worth per started minute.
	expect(shared.acceptedAt.length).toBeLessThanOrEqual(ADDRESS_LIMIT * Math.ceil(shared.seconds / 60));
	const [a, b] = await Promise.all([first.waitForExecutions(1, { workflowId: 'sharedLimitsOpen' }), second.waitForExecutions(1, { workflowId: 'sharedLimitsOpen' })]);
	// Both processes took part, and together they ran exactly what was accepted.
	expect(a.length + b.length).toBe(shared.acceptedAt.length);

	// Counted per process, the same client gets the limit from each: more within one minute.
	const perProcess = await rotatingFlood('per-process-open');
	expect(mostInOneMinute(perProcess.acceptedAt)).toBeGreaterThan(ADDRESS_LIMIT);
}, 900_000);

test('a signed request accepted by one process is refused as a replay by the other', async () => {
	const body = JSON.stringify({ conversationId: 'signed-conv', message: 'please cancel my order' });
	const timestamp = String(Math.floor(Date.now() / 1000));
	const headers = { 'X-Signature': signPayload(HMAC_SECRET, timestamp, body), 'X-Timestamp': timestamp };
	expect(await post(first, 'shared-signed', body, headers)).toBe(200);
	expect(await post(second, 'shared-signed', body, headers)).toBe(403);
	expect(await post(first, 'shared-signed', body, headers)).toBe(403);
}, 120_000);

test('a message resent to the other process after a timeout carries the same Idempotency-Key, so the API acts once', async () => {
	api.received.length = 0;
	const body = JSON.stringify({ conversationId: 'resend-conv', message: 'cancel order 12345' });
	expect(await post(first, 'shared-resend', body)).toBe(200);
	expect(await post(second, 'shared-resend', body)).toBe(200);
	const keys = api.received.map((request) => request.headers['idempotency-key']);
	expect(keys).toHaveLength(2);
	expect(keys[0]).toBeTruthy();
	expect(keys[1]).toBe(keys[0]);
}, 120_000);

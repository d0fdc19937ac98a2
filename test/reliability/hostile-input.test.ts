/**
 * Four hostile conditions, in one real n8n (2.41.1), loopback only:
 *  1. bad input: thousands of seeded malformed, hostile, signed, replayed requests;
 *  2. injection: hostile values through trigger → Action Router → HTTP Action;
 *  3. API faults from a fault-injecting server that honours Idempotency-Key;
 *  4. secrets: none of the credentials' secrets in any saved execution or log.
 *
 * Sizes: RELIABILITY_FUZZ_COUNT requests for 1 (default 2,000; 10,000 with
 * RELIABILITY_FULL=1, as `npm run test:reliability:full` runs it); RELIABILITY_SEED.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type ExecutionRecord, type N8nInstance, nodeOutput, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { resolveN8n } from '../../toolkit/n8n/install';
import { querySqlite } from '../../toolkit/n8n/sqlite';
import { ApiServer, type ReceivedRequest } from '../../toolkit/servers/api-server';
import { type Fault, FaultServer } from '../../toolkit/servers/fault-server';
import { fuzzRequests, type FuzzRunResult, runFuzz } from '../support/fuzz-requests';
import { INJECTION_CORPUS, type InjectionEntry, injectionVerdict, NON_LATIN1_HEADER_CORPUS } from '../support/injection-corpus';
import {
	BEARER_TOKEN,
	credentials,
	FAULT_RETRY,
	FUZZ_WORKFLOW_IDS,
	HEADER_API_KEY,
	HMAC_SECRET,
	PATHS,
	READY_WEBHOOKS,
	SECRETS,
	SHOP,
	WORKFLOWS,
} from './hostile-workflows';

const FULL = process.env.RELIABILITY_FULL === '1';
const FUZZ_COUNT = Number(process.env.RELIABILITY_FUZZ_COUNT ?? (FULL ? 10_000 : 2000));
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261122);
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 20_000;
const RUN = Date.now().toString(36); // keeps conversation ids unique across runs of one n8n

const records = new ApiServer();
const orders = new FaultServer();
let n8n: N8nInstance;
/** A turn whose message the secret search must find (so that search can fail). */
const CANARY = `visitor-canary-${RUN}-7c1e`;
/** A webhook path n8n logs as unknown: the log search must find it. */
const LOG_CANARY = `log-canary-${RUN}`;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
	await records.start();
	await orders.start();
	n8n = await startN8n({
		workflows: WORKFLOWS,
		credentials: credentials({ records: records.url, orders: orders.url }),
		packageTarball: await packPackage(),
		readyWebhooks: READY_WEBHOOKS,
	});
	console.log(`reliability: n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => {
	if (Object.keys(figures).length) console.log(`reliability figures: ${JSON.stringify(figures)}`);
	await n8n?.dispose();
	await orders.stop();
	await records.stop();
});

async function post(path: string, body: unknown, timeoutMs = 60_000) {
	const response = await fetch(n8n.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	return { status: response.status, text, json: (() => { try { return JSON.parse(text) as Record<string, unknown>; } catch { return undefined; } })() };
}

/** The saved execution whose trigger produced this conversation id. */
function executionOf(executions: ExecutionRecord[], conversationId: string): ExecutionRecord | undefined {
	return executions.find((execution) => nodeOutput(execution, 'Chat Action Trigger')?.[0]?.conversationId === conversationId);
}

/** n8n saves an execution after answering: polls until each conversation's is saved and final. */
async function executionsOf(conversationIds: string[], timeoutMs = 120_000): Promise<ExecutionRecord[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = await n8n.executions();
		const found = conversationIds.map((id) => executionOf(all, id));
		if (found.every((execution) => execution && execution.status !== 'new' && execution.status !== 'running')) return found as ExecutionRecord[];
		if (Date.now() > deadline) throw new Error(`No finished execution for ${conversationIds.filter((_, i) => !found[i]).join(', ')}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

describe('1. bad input', () => {
	let result: FuzzRunResult;

	test(`${FUZZ_COUNT} generated requests (seed ${SEED}): no 5xx, none unanswered, signatures and replays refused`, async () => {
		const next = fuzzRequests(SEED, { open: PATHS.open, signed: PATHS.signed, cors: PATHS.cors, hmacSecret: HMAC_SECRET, allowedOrigin: SHOP }, { extended: true });
		result = await runFuzz({ count: FUZZ_COUNT, concurrency: CONCURRENCY, timeoutMs: REQUEST_TIMEOUT_MS, url: (path) => n8n.webhookUrl(path), next });
		figures.fuzz = { count: FUZZ_COUNT, seed: SEED, sent: result.sent, statuses: result.statuses, accepted: result.accepted, durationMs: result.durationMs, msPerKind: Object.fromEntries(Object.entries(result.byKind).map(([kind, { sent, ms }]) => [kind, `${sent} × ${Math.round(ms / sent)} ms`])) };
		console.log(`bad input: ${JSON.stringify(figures.fuzz)}`);

		expect(result.unanswered).toEqual([]);
		expect(result.serverErrors).toEqual([]);
		expect(result.unexpected).toEqual([]);
		// Each kind was exercised: accepted turns, refusals of every sort.
		expect(result.accepted).toBeGreaterThan(0);
		for (const status of ['400', '401', '403', '413', '415', '422']) expect(result.statuses[status] ?? 0).toBeGreaterThan(0);
	}, 3_600_000);

	test('n8n is healthy afterwards: /healthz, and a valid turn is still answered', async () => {
		expect((await fetch(`${n8n.baseUrl}/healthz`)).status).toBe(200);
		const { status, json } = await post(PATHS.open, { conversationId: `after-fuzz-${RUN}`, visitor: { id: `after-${RUN}` }, message: 'still there?' });
		expect(status).toBe(200);
		expect(json?.message).toBe('Got: still there?');
	}, 60_000);

	test('executions started == requests accepted (no execution for a refused request), all successful', async () => {
		expect(result).toBeDefined();
		const accepted = result.accepted + 1; // and the health check's turn
		await n8n.waitForExecutions(accepted, { timeoutMs: 300_000 });
		await new Promise((resolve) => setTimeout(resolve, 2000)); // a late execution would show up now
		const executions = (await n8n.executions()).filter((execution) => FUZZ_WORKFLOW_IDS.includes(execution.workflowId));
		expect(executions).toHaveLength(accepted);
		expect(executions.filter((execution) => execution.status !== 'success').map((execution) => `${execution.id}:${execution.status}`)).toEqual([]);
	}, 600_000);
});

describe('2. injection: trigger → Action Router → HTTP Action → the API receives exactly the intended structure', () => {
	/** The lead form fills the router's three text fields; the message rides along. */
	const turn = (entry: InjectionEntry, conversationId: string) => ({
		event: 'lead_captured',
		conversationId,
		visitor: { id: `visitor-${conversationId}` },
		message: entry.message,
		fields: { segment: entry.segment, note: entry.note, tag: entry.tag },
	});

	function checkStructure(entry: InjectionEntry, conversationId: string, request: ReceivedRequest) {
		const [segment, note, tag] = [entry.segment.trim(), entry.note.trim(), entry.tag.trim()];
		const url = new URL(request.url, 'http://records.invalid');
		expect(request.method).toBe('POST');
		// Path: the same segments, the value one segment, decoded back to what was typed.
		expect(url.pathname.split('/').map(decodeURIComponent)).toEqual(['', 'records', segment, 'items']);
		// Query: exactly these keys, once each, with the exact values.
		expect([...url.searchParams.keys()]).toEqual(['q', 'm', 'tag']);
		expect(url.searchParams.get('q')).toBe(note);
		expect(url.searchParams.get('m')).toBe(entry.message);
		expect(url.searchParams.get('tag')).toBe(tag);
		expect(url.hash).toBe('');
		// Header: intact, and no header the template did not write.
		const codes = (text: unknown) => [...String(text)].map((c) => c.codePointAt(0)!.toString(16));
		expect(codes(request.headers['x-note'])).toEqual(codes(note));
		expect(request.headers['x-injected']).toBeUndefined();
		expect(request.headers['set-cookie']).toBeUndefined();
		expect(request.headers['x-api-key']).toBe(HEADER_API_KEY);
		// Body: deep-equal, no extra keys, no own __proto__ / constructor keys, no pollution.
		const body = JSON.parse(request.body) as Record<string, unknown>;
		expect(body).toStrictEqual({ note, message: entry.message, tag, fields: { segment, note, tag }, nested: { segment, conversation: conversationId } });
		expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
	}

	async function sendEntry(entry: InjectionEntry, index: number) {
		records.reset();
		records.respond({ status: 201, body: { data: { id: `rec-${index}` } } });
		const conversationId = `inj-${RUN}-${index}`;
		const { status, json } = await post(PATHS.injection, turn(entry, conversationId));
		expect(status).toBe(200);
		expect(typeof json?.message).toBe('string');

		const verdict = injectionVerdict(entry);
		if (verdict.send) {
			expect(json?.message).toBe('Passed on.');
			expect(records.received).toHaveLength(1);
			checkStructure(entry, conversationId, records.received[0]);
		} else {
			// Refused cleanly: nothing sent, the visitor still answered, the flow told why.
			expect(records.received).toHaveLength(0);
			expect(json?.tags).toContain('action_failed');
			const [execution] = await executionsOf([conversationId]);
			const [failed] = nodeOutput(execution, 'Relay', { output: 1 }) ?? [];
			expect(failed?.error).toMatchObject({ kind: 'invalid_request', retryable: false, attempts: 0 });
		}
	}

	test.each(INJECTION_CORPUS.map((entry, index) => [entry.label, entry, index] as const))('%s', async (_label, entry, index) => await sendEntry(entry, index), 120_000);

	// n8n's HTTP client would delete such characters and send the rest: the node refuses them.
	test.each(NON_LATIN1_HEADER_CORPUS.map((entry, index) => [entry.label, entry, 100 + index] as const))(
		'%s in a header is refused before sending, not altered',
		async (_label, entry, index) => await sendEntry(entry, index),
		120_000,
	);

	test('__proto__ and constructor keys in the request, its fields and visitor pollute nothing downstream', async () => {
		records.reset();
		const conversationId = `proto-${RUN}`;
		// Written as raw JSON: an object literal's __proto__ would set a prototype, not a key.
		const request = (fields: string) => `{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "event": "lead_captured", "conversationId": "${conversationId}",
			"visitor": {"id": "v-${conversationId}", "__proto__": {"isAdmin": true}}, "message": "hi",
			"fields": {"segment": "s", "note": "n", "tag": "t", ${fields}}}`;
		// A field is one value: an object under __proto__ or constructor is refused, naming it, before anything runs.
		const refused = await post(PATHS.injection, request(`"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}`));
		expect(refused.status).toBe(400);
		expect(refused.json).toEqual({ error: { status: 400, message: '"fields.__proto__" must be text, a number or true/false, not an object' } });
		expect(records.received).toHaveLength(0);
		// The same keys with plain values, and objects under them elsewhere in the request, change nothing.
		const { status } = await post(PATHS.injection, request(`"__proto__": "x", "constructor": "y"`));
		expect(status).toBe(200);
		expect(records.received).toHaveLength(1);
		checkStructure({ label: 'proto', segment: 's', note: 'n', tag: 't', message: 'hi' }, conversationId, records.received[0]);

		// The next, ordinary turn sees no inherited "polluted" anywhere in what it sends.
		records.reset();
		const after = `after-proto-${RUN}`;
		await post(PATHS.injection, turn({ label: 'after', segment: 'a', note: 'b', tag: 'c', message: 'd' }, after));
		expect(records.received).toHaveLength(1);
		checkStructure({ label: 'after', segment: 'a', note: 'b', tag: 'c', message: 'd' }, after, records.received[0]);
		expect(records.received[0].body).not.toContain('polluted');
	}, 120_000);
});

describe('3. API faults: every turn answered, side effects at most once, the Error output enough to retry later', () => {
	const ok: Fault = { kind: 'ok' };
	/** method: POST (bearer, with Idempotency-Key) or GET (basic). `outcome`: which output the turn must take. */
	const SCENARIOS: Array<{ name: string; method: 'POST' | 'GET'; faults: Fault[]; outcome: 'success' | 'error' | 'either'; effects: 0 | 1 }> = [
		{ name: 'ok', method: 'POST', faults: [ok], outcome: 'success', effects: 1 },
		{ name: '500-then-ok', method: 'POST', faults: [{ kind: 'status', status: 500 }, ok], outcome: 'success', effects: 1 },
		{ name: '502-503-then-ok', method: 'POST', faults: [{ kind: 'status', status: 502 }, { kind: 'status', status: 503 }, ok], outcome: 'success', effects: 1 },
		{ name: 'always-503', method: 'POST', faults: [{ kind: 'status', status: 503 }], outcome: 'error', effects: 0 },
		{ name: '429-retry-after-1s', method: 'POST', faults: [{ kind: 'retry-after', seconds: 1 }, ok], outcome: 'success', effects: 1 },
		{ name: '429-retry-after-120s', method: 'POST', faults: [{ kind: 'retry-after', seconds: 120 }], outcome: 'error', effects: 0 },
		{ name: 'reset-then-ok', method: 'POST', faults: [{ kind: 'reset' }, ok], outcome: 'success', effects: 1 },
		{ name: 'commit-reset-then-retry', method: 'POST', faults: [{ kind: 'reset', commit: true }, ok], outcome: 'success', effects: 1 },
		{ name: 'hang-then-ok', method: 'POST', faults: [{ kind: 'hang' }, ok], outcome: 'success', effects: 1 },
		{ name: 'commit-hang-then-retry', method: 'POST', faults: [{ kind: 'hang', commit: true }, ok], outcome: 'success', effects: 1 },
		{ name: 'always-hang', method: 'POST', faults: [{ kind: 'hang' }], outcome: 'error', effects: 0 },
		{ name: 'always-reset', method: 'POST', faults: [{ kind: 'reset' }], outcome: 'error', effects: 0 },
		{ name: 'slow-body', method: 'POST', faults: [{ kind: 'slow-body', chunks: 12, chunkMs: 250 }, ok], outcome: 'either', effects: 1 },
		// Never idle for Timeout, but 25 s in all: see the known-gap test below.
		{ name: 'drip-body-25s', method: 'POST', faults: [{ kind: 'slow-body', chunks: 100, chunkMs: 250 }, ok], outcome: 'either', effects: 1 },
		{ name: 'stall-body', method: 'POST', faults: [{ kind: 'stall-body' }, ok], outcome: 'success', effects: 1 },
		{ name: 'oversize-body', method: 'POST', faults: [{ kind: 'oversize', bytes: 8_000_000 }], outcome: 'error', effects: 1 },
		{ name: 'html-body', method: 'POST', faults: [{ kind: 'not-json', contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }], outcome: 'error', effects: 1 },
		{ name: 'broken-json-body', method: 'POST', faults: [{ kind: 'not-json', contentType: 'application/json', body: '{"data": {"order": ' }], outcome: 'error', effects: 1 },
		{ name: 'get-503-then-ok', method: 'GET', faults: [{ kind: 'status', status: 503 }, ok], outcome: 'success', effects: 0 },
		{ name: 'get-always-reset', method: 'GET', faults: [{ kind: 'reset' }], outcome: 'error', effects: 0 },
	];
	const outcomes = new Map<string, { status: number; reply: Record<string, unknown> | undefined; ms: number; sentAt: number; answeredAt: number }>();
	const conversation = (name: string) => `fault-${RUN}-${name}`;
	let executions: ExecutionRecord[] = [];

	beforeAll(async () => {
		for (const scenario of SCENARIOS) orders.plan(scenario.name, scenario.faults);
		// All turns at once, as visitors would send them; each must be answered.
		await Promise.all(
			SCENARIOS.map(async (scenario) => {
				const started = Date.now();
				const { status, json } = await post(scenario.method === 'POST' ? PATHS.orders : PATHS.status, {
					conversationId: conversation(scenario.name),
					visitor: { id: `visitor-${scenario.name}` },
					message: `one ${scenario.name}`,
					metadata: { scenario: scenario.name },
				});
				outcomes.set(scenario.name, { status, reply: json, ms: Date.now() - started, sentAt: started, answeredAt: Date.now() });
			}),
		);
		executions = await executionsOf(SCENARIOS.map((scenario) => conversation(scenario.name)));
		const example = itemOf('always-503', 'Place Order').error[0];
		figures.errorOutputExample = example?.error;
		figures.faults = Object.fromEntries(SCENARIOS.map((s) => [s.name, { ms: outcomes.get(s.name)?.ms, attempts: orders.requestsOf(s.name).length, effects: orders.effectsByTurn.get(conversation(s.name)) ?? 0 }]));
	}, 300_000);

	function itemOf(name: string, nodeName: string) {
		const execution = executionOf(executions, conversation(name));
		if (!execution) throw new Error(`no execution for ${name}`);
		return { success: nodeOutput(execution, nodeName, { output: 0 }) ?? [], error: nodeOutput(execution, nodeName, { output: 1 }) ?? [], execution };
	}

	test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: the visitor gets a reply; effects as planned; the right output', (name, scenario) => {
		const outcome = outcomes.get(name)!;
		expect(outcome.status).toBe(200);
		expect(typeof outcome.reply?.message).toBe('string');
		expect(String(outcome.reply?.message)).not.toBe('');
		// At most once per turn and per key, however many attempts there were.
		expect(orders.effectsByTurn.get(conversation(name)) ?? 0).toBe(scenario.effects);
		for (const request of orders.requestsOf(name)) expect(orders.effectsByKey.get(request.idempotencyKey ?? '') ?? 0).toBeLessThanOrEqual(1);
		// POST retries carry one key; GET none.
		const keys = new Set(orders.requestsOf(name).map((request) => request.idempotencyKey));
		expect(keys.size).toBe(1);
		if (scenario.method === 'GET') expect([...keys]).toEqual([undefined]);
		else expect([...keys][0]).toMatch(/^[0-9a-f]{64}$/);

		const { success, error, execution } = itemOf(name, scenario.method === 'POST' ? 'Place Order' : 'Order Status');
		expect(execution.status).toBe('success');
		if (scenario.outcome === 'success') expect([success.length, error.length]).toEqual([1, 0]);
		if (scenario.outcome === 'error') expect([success.length, error.length]).toEqual([0, 1]);
		expect(success.length + error.length).toBe(1);
		if (error.length) {
			expect(outcome.reply).toMatchObject({ handoff: true, tags: expect.arrayContaining(['action_failed']) });
		}
	});

	test('retries honour Retry-After, and stop when it asks for more than Max Retry Delay', () => {
		const [first, second] = orders.requestsOf('429-retry-after-1s');
		expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1000);
		expect(orders.requestsOf('429-retry-after-120s')).toHaveLength(1);
		const [failed] = itemOf('429-retry-after-120s', 'Place Order').error;
		expect(failed.error).toMatchObject({ kind: 'http', status: 429, attempts: 1, retryable: true });
	});

	test('a failing API is retried within the bounds: 1 + Max Retries attempts at most, within Max Retry Time', () => {
		expect(orders.requestsOf('always-503')).toHaveLength(1 + FAULT_RETRY.maxRetries);
		for (const name of ['always-hang', 'always-reset', 'get-always-reset']) {
			const requests = orders.requestsOf(name);
			expect(requests.length).toBeGreaterThanOrEqual(2);
			expect(requests.length).toBeLessThanOrEqual(1 + FAULT_RETRY.maxRetries);
			expect(requests.at(-1)!.receivedAt - requests[0].receivedAt).toBeLessThan(FAULT_RETRY.maxRetryTime * 1000);
		}
		expect(itemOf('always-hang', 'Place Order').error[0].error).toMatchObject({ kind: 'timeout', retryable: true });
		expect(itemOf('always-reset', 'Place Order').error[0].error).toMatchObject({ kind: 'network', retryable: true });
		expect(itemOf('always-503', 'Place Order').error[0].error).toMatchObject({ kind: 'http', status: 503, retryable: true, attempts: 4, responseBody: { error: 'scripted 503' } });
		expect(itemOf('html-body', 'Place Order').error[0].error).toMatchObject({ kind: 'invalid_response', status: 200, retryable: false });
		// 8 MB against the default Max Response Size (1024 KB): not read, not retried, not saved.
		const oversize = itemOf('oversize-body', 'Place Order').error[0];
		expect(oversize.error).toMatchObject({ kind: 'invalid_response', status: 200, retryable: false, attempts: 1, message: expect.stringContaining('Max Response Size') });
		expect(JSON.stringify(oversize).length).toBeLessThan(10_000);
	});

	test('an effect applied before a reset or a hang is not applied again: the retry gets the stored answer', () => {
		for (const name of ['commit-reset-then-retry', 'commit-hang-then-retry']) {
			const requests = orders.requestsOf(name);
			expect(requests.length).toBe(2);
			expect(requests.map((request) => request.replayed)).toEqual([false, true]);
			expect(itemOf(name, 'Place Order').success[0].reply).toMatchObject({ message: `Order order-${name} is placed.` });
		}
	});

	test('Timeout bounds a whole attempt, so a body dripping for 25 s is cut off and the turn answers within Max Retry Time + Timeout', () => {
		// n8n's own timeout only fires on socket inactivity; the node's deadline covers the whole attempt.
		expect(outcomes.get('drip-body-25s')!.ms).toBeLessThan((FAULT_RETRY.maxRetryTime + 5) * 1000 + FAULT_RETRY.timeout);
	});

	test('the Error output keeps the Retry-After the API asked for, so a later retry knows when to run', () => {
		const [failed] = itemOf('429-retry-after-120s', 'Place Order').error;
		const error = failed.error as { retryAfterSeconds: number; retryAt: string };
		expect(error.retryAfterSeconds).toBe(120);
		// 120 s after the 429 arrived, which was between sending the turn and its answer.
		const { sentAt, answeredAt } = outcomes.get('429-retry-after-120s')!;
		expect(Date.parse(error.retryAt)).toBeGreaterThanOrEqual(sentAt + 120_000 - 1000);
		expect(Date.parse(error.retryAt)).toBeLessThanOrEqual(answeredAt + 120_000 + 1000);
	});

	test('the Error output holds what a later retry needs, and replaying it applies the effect once', async () => {
		const retryable = SCENARIOS.filter((s) => s.outcome === 'error' && s.method === 'POST').map((s) => ({ s, item: itemOf(s.name, 'Place Order').error[0] }));
		expect(retryable.length).toBeGreaterThan(0);
		for (const { s, item } of retryable) {
			const error = item.error as Record<string, unknown> & { request: { method: string; url: string; headers: Record<string, string>; body: string; idempotencyKey: string } };
			expect(error).toMatchObject({ kind: expect.any(String), message: expect.any(String), retryable: expect.any(Boolean), attempts: expect.any(Number) });
			expect(error.request).toMatchObject({ method: 'POST', url: `${orders.url}/orders`, headers: { Authorization: '**hidden**' }, body: expect.any(String), idempotencyKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
			expect(error.request.headers['Idempotency-Key']).toBe(error.request.idempotencyKey);
			expect(JSON.parse(error.request.body)).toEqual({ conversation: conversation(s.name), item: `one ${s.name}` });
			// The turn itself is still on the item, for a handover.
			expect(item).toMatchObject({ conversationId: conversation(s.name), message: `one ${s.name}` });
			if (!error.retryable) continue;

			// Later, with the API back: the stored request, the credential added back, twice.
			orders.plan(s.name, [ok]);
			for (let time = 0; time < 2; time++) {
				const response = await fetch(error.request.url, {
					method: error.request.method,
					headers: { ...error.request.headers, Authorization: `Bearer ${BEARER_TOKEN}` },
					body: error.request.body,
				});
				expect(response.status).toBe(201);
			}
			expect(orders.effectsByTurn.get(conversation(s.name))).toBe(1);
			expect(orders.effectsByKey.get(error.request.idempotencyKey)).toBe(1);
		}
	}, 60_000);
});

describe('4. secrets: none in any saved execution or log', () => {
	/** Every place a secret could end up, as text. */
	async function haystacks(): Promise<Record<string, string>> {
		const install = await resolveN8n(2);
		const dbPath = join(n8n.userFolder, '.n8n', 'database.sqlite');
		const raw = await querySqlite(install, dbPath, 'SELECT executionId, data, workflowData FROM execution_data');
		return {
			'executions (parsed)': JSON.stringify(await n8n.executions()),
			'executions (raw rows)': JSON.stringify(raw),
			'n8n log': await readFile(n8n.logFile, 'utf8'),
			'CLI log': await readFile(n8n.cliLogFile, 'utf8').catch(() => ''),
		};
	}
	let texts: Record<string, string>;

	beforeAll(async () => {
		const { status } = await post(PATHS.open, { conversationId: `canary-${RUN}`, visitor: { id: `canary-${RUN}` }, message: `remember ${CANARY}` });
		expect(status).toBe(200);
		// n8n logs a request to an unknown webhook with its path.
		expect((await fetch(n8n.webhookUrl(LOG_CANARY), { method: 'POST' })).status).toBe(404);
		await executionsOf([`canary-${RUN}`]);
		await new Promise((resolve) => setTimeout(resolve, 1000)); // the log is written asynchronously
		texts = await haystacks();
		figures.searched = Object.fromEntries(Object.entries(texts).map(([where, text]) => [where, `${Math.round(text.length / 1024)} KB`]));
	}, 300_000);

	const hits = (texts: Record<string, string>, needle: string) =>
		Object.entries(texts)
			.filter(([, text]) => text.includes(needle))
			.map(([where]) => where);

	test('the search finds a planted visitor string in the executions and a planted path in the log', () => {
		expect(hits(texts, CANARY)).toEqual(expect.arrayContaining(['executions (parsed)', 'executions (raw rows)']));
		expect(hits(texts, LOG_CANARY)).toContain('n8n log');
	});

	test.each(Object.entries(SECRETS))('%s: 0 hits in executions, n8n log and CLI log', (_what, secret) => {
		expect(hits(texts, secret)).toEqual([]);
	});
});

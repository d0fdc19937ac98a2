/**
 * The load scenario shared by benchmarks/load.bench.ts and test/reliability/load-smoke.test.ts:
 * scripted two-turn conversations, many at once (autocannon), through
 *  - `package`: Chat Action Trigger → Action Router (Redis state) → HTTP Action → Chat Reply;
 *  - `builtin`: n8n's own Webhook → Switch → HTTP Request → Respond to Webhook doing the same
 *    calls (it keeps no state: the Switch tells the two turns apart by the '@' in the answer),
 * against the demo API (examples/demo-api.js), which records every lead it creates and
 * honours Idempotency-Key. A conversation:
 *   1. "I'd like a price quote for your product"  → "Which email address should we use?"
 *   2. "sure, it's lead-<id>@example.com"           → POST /leads → "Thanks, we have your request (lead_NNNN)."
 * Checked: every answer is 2xx and the expected reply, and the demo API holds exactly one lead
 * per completed conversation (none twice; a lead without a completed conversation only for a
 * conversation whose second turn was still in flight when the run ended).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

import autocannon from 'autocannon';

import type { DemoApi } from '../examples/demo-api';
import { type N8nInstance, packPackage, startN8n } from '../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../toolkit/n8n/workflows';
import { RedisServer } from '../toolkit/servers/redis-server';

export type Flow = 'package' | 'builtin';
export const FLOWS: Flow[] = ['package', 'builtin'];
export const PATHS: Record<Flow, string> = { package: 'load-package', builtin: 'load-builtin' };

export const QUESTION = 'Which email address should we use?';
const FIRST_MESSAGE = "I'd like a price quote for your product";
const DONE = /^Thanks, we have your request \((lead_\d+)\)\.$/;
const DEMO_TOKEN = 'load-demo-token'; // test value, not a real secret
const REDIS_PASSWORD = 'load-redis-password'; // test value, not a real secret
const API_CREDENTIAL = { id: 'loadDemoApiCred01', name: 'Demo API' };
const REDIS_CREDENTIAL = { id: 'loadRedisCred0001', name: 'State Redis' };

const QUOTE_ACTION = {
	action: [
		{
			name: 'request_quote',
			description: 'Send the visitor a price quote; sales follows up by email',
			examples: "I'd like a price quote\nhow much does it cost\ncan I get a quote\nsend me your pricing\nwhat would it cost for my team",
			fields: { field: [{ name: 'email', question: QUESTION, type: 'email', required: true }] },
		},
	],
};

function packageWorkflow() {
	const id = 'loadPackageFlow01';
	return workflow(id, 'Load: chat actions', [
		// Defaults, apart from the path: each conversation sends two messages, far below the rate limit.
		triggerNode(id, { path: PATHS.package, responseMode: 'responseNode', options: { addressRateLimit: 0 } }),
		node(id, 'Action Router', 'actionRouter', { actions: QUOTE_ACTION, stateStore: 'redis' }, { credentials: { chatActionsRedisApi: REDIS_CREDENTIAL } }),
		node(id, 'Create Lead', 'httpAction', {
			authentication: 'bearer',
			method: 'POST',
			url: '/leads',
			bodyType: 'json',
			jsonBody: '{"email": "{{fields.email}}", "message": "quote", "conversationId": "{{conversation_id}}"}',
			replyTemplate: 'Thanks, we have your request ({{data.id}}).',
		}, { credentials: { chatActionsBearerApi: API_CREDENTIAL } }),
		node(id, 'Reply', 'chatReply', {}),
	], [
		['Chat Action Trigger', 'Action Router'],
		['Action Router', 'Create Lead', 0],
		['Action Router', 'Reply', 1],
		['Action Router', 'Reply', 2],
		['Create Lead', 'Reply', 0],
		['Create Lead', 'Reply', 1],
	]);
}

/** n8n's built-in nodes doing the same calls. */
function builtinWorkflow(demoUrl: string) {
	const id = 'loadBuiltinFlow01';
	const base = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		...node(id, name, type, parameters, extra),
		typeVersion,
	});
	const hasEmail = {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: [{ id: 'a3f2c1d4-0000-4000-8000-000000000001', leftValue: '={{ $json.body.message }}', rightValue: '@', operator: { type: 'string', operation: 'contains' } }],
		combinator: 'and',
	};
	return workflow(id, 'Load: n8n built-in', [
		base('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: PATHS.builtin, responseMode: 'responseNode', options: {} }, { webhookId: 'a3f2c1d4-0000-4000-8000-0000000000aa' }),
		base('Switch', 'n8n-nodes-base.switch', 3.2, { rules: { values: [{ conditions: hasEmail }] }, options: { fallbackOutput: 'extra' } }),
		base('HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${demoUrl}/leads`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: `Bearer ${DEMO_TOKEN}` },
					{ name: 'Idempotency-Key', value: '={{ $json.body.conversationId }}:lead' },
				],
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				"={{ JSON.stringify({ email: $json.body.message.match(/\\S+@\\S+/)[0].toLowerCase(), message: 'quote', conversationId: $json.body.conversationId }) }}",
			options: {},
		}),
		base('Respond Done', 'n8n-nodes-base.respondToWebhook', 1.1, {
			respondWith: 'json',
			responseBody: "={{ JSON.stringify({ message: 'Thanks, we have your request (' + $json.data.id + ').' }) }}",
			options: {},
		}),
		base('Respond Question', 'n8n-nodes-base.respondToWebhook', 1.1, {
			respondWith: 'json',
			responseBody: JSON.stringify({ message: QUESTION }),
			options: {},
		}),
	], [
		['Webhook', 'Switch'],
		['Switch', 'HTTP Request', 0],
		['Switch', 'Respond Question', 1],
		['HTTP Request', 'Respond Done'],
	]);
}

export interface LoadTarget {
	n8n: N8nInstance;
	demo: DemoApi;
	redis: RedisServer;
	mode: 'single' | 'queue';
	dispose(): Promise<void>;
}

/** Redis, the demo API and a real n8n with both flows; `queue`: main + `workers` workers on that Redis. */
export async function startLoadTarget(options: {
	mode: 'single' | 'queue';
	workers?: number;
	packageTarball?: string;
	/** Extra environment for n8n (and its workers). */
	env?: Record<string, string>;
}): Promise<LoadTarget> {
	// Loaded on use: a compiled copy of this file finds examples/ only once load.bench.ts has linked it.
	const { startDemoApi } = await import('../examples/demo-api');
	const demo = await startDemoApi({ port: 0, token: DEMO_TOKEN, log: false });
	const redis = await RedisServer.start({ password: REDIS_PASSWORD });
	try {
		const n8n = await startN8n({
			workflows: [packageWorkflow(), builtinWorkflow(demo.url)],
			credentials: [
				{ ...API_CREDENTIAL, type: 'chatActionsBearerApi', data: { token: DEMO_TOKEN, baseUrl: demo.url } },
				{ ...REDIS_CREDENTIAL, type: 'chatActionsRedisApi', data: { host: redis.host, port: redis.port, password: REDIS_PASSWORD, database: 0 } },
			],
			packageTarball: options.packageTarball ?? (await packPackage()),
			...(options.mode === 'queue' ? { queueMode: { redis: { host: redis.host, port: redis.port, password: REDIS_PASSWORD }, workers: options.workers ?? 2 } } : {}),
			startupTimeoutMs: 300_000,
			...(options.env && Object.keys(options.env).length > 0 ? { env: options.env } : {}),
		});
		return {
			n8n,
			demo,
			redis,
			mode: options.mode,
			async dispose() {
				await n8n.dispose();
				await redis.dispose();
				await demo.close();
			},
		};
	} catch (error) {
		await redis.dispose();
		await demo.close();
		throw error;
	}
}

export interface LoadResult {
	flow: Flow;
	mode: 'single' | 'queue';
	connections: number;
	durationS: number;
	turns: number;
	turnsPerS: number;
	conversationsCompleted: number;
	conversationsPerS: number;
	latencyMs: { p50: number; p99: number; mean: number; max: number };
	/**
	 * CPU ms n8n's processes used per execution during the run and until idle, in total and by
	 * kind (main, workers, task runners): the cost of a turn, whatever else kept the machine busy.
	 */
	n8nCpuMsPerExecution: Record<string, number>;
	errors: { transport: number; timeouts: number; non2xx: number; wrongReply: number };
	/**
	 * exactlyOnce: completed conversations with one lead, the one their reply named; missing /
	 * mismatched: completed without a lead / with another one; duplicated: conversations with
	 * more than one; inFlightAtEnd: a lead whose second turn was unanswered when the run ended;
	 * stray: a lead for a conversation that never sent its second turn.
	 */
	leads: { total: number; exactlyOnce: number; missing: number; mismatched: number; duplicated: number; inFlightAtEnd: number; stray: number };
	/** A few unexpected answers, for diagnosis. */
	samples: string[];
}

/** Total of all error kinds and exactly-once violations: 0 for a clean run. */
export function problems(result: LoadResult): number {
	const { transport, timeouts, non2xx, wrongReply } = result.errors;
	const { missing, mismatched, duplicated, stray } = result.leads;
	return transport + timeouts + non2xx + wrongReply + missing + mismatched + duplicated + stray;
}

let runCounter = 0;

/**
 * One conversation per flow before measuring: the first turn through the router builds its
 * intent model and opens the Redis connection (seconds), which a timed run should not count.
 */
export async function warmUp(target: LoadTarget, flows: Flow[] = FLOWS): Promise<void> {
	for (const flow of flows) {
		const conversation = `warm-up-${flow}-${Date.now().toString(36)}`;
		const say = async (message: string) => {
			const response = await fetch(`${target.n8n.webhookUrl(PATHS[flow])}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ conversationId: conversation, message }),
				signal: AbortSignal.timeout(120_000),
			});
			return `${response.status} ${await response.text()}`;
		};
		const first = await say(FIRST_MESSAGE);
		const second = await say(`sure, it's lead-${conversation}@example.com`);
		if (!first.includes(QUESTION) || !/Thanks, we have your request/.test(second)) {
			const failed = (await target.n8n.executions()).filter((execution) => execution.status !== 'success').at(-1);
			const error = failed?.data?.resultData.error;
			const why = error ? ` (execution ${failed!.id}: ${error.message ?? ''} ${error.description ?? ''})` : '';
			throw new Error(`Warm-up conversation on the ${flow} flow failed: ${first} / ${second}${why}`);
		}
	}
}

/** Runs `connections` conversations at a time for `durationS` seconds against one flow. */
export async function runConversations(
	target: LoadTarget,
	flow: Flow,
	options: { connections: number; durationS: number; timeoutS?: number },
): Promise<LoadResult> {
	const { demo, n8n } = target;
	demo.reset();
	const run = `${target.mode}-${flow}-${++runCounter}-${Date.now().toString(36)}`;
	let nextConversation = 0;
	const secondTurnSent = new Set<string>();
	const completed = new Map<string, string>(); // conversation → lead id in the reply
	let wrongReply = 0;
	const samples: string[] = [];
	// A non-2xx answer is counted by autocannon (non2xx); wrongReply counts 2xx answers that are not the expected reply.
	const wrong = (conversation: unknown, turn: number, status: number, body: string) => {
		if (status >= 200 && status < 300) wrongReply++;
		if (samples.length < 5) samples.push(`${String(conversation)} turn ${turn}: ${status} ${body.slice(0, 300)}`);
	};
	const headers = { 'content-type': 'application/json' };
	const path = `/webhook/${PATHS[flow]}`;

	const cpuBefore = n8nCpuMs(n8n);
	const executionsBefore = await executionTotal(n8n);
	const result = await autocannon({
		url: n8n.baseUrl,
		connections: options.connections,
		duration: options.durationS,
		// A turn waits behind the others on a 2-core machine: seconds are queueing, not n8n failing.
		timeout: options.timeoutS ?? 120,
		requests: [
			{
				method: 'POST',
				path,
				headers,
				setupRequest: (request, context) => {
					context.conversation = `${run}-${++nextConversation}`;
					return { ...request, body: JSON.stringify({ conversationId: context.conversation, message: FIRST_MESSAGE }) };
				},
				onResponse: (status, body, context) => {
					if (status !== 200 || replyOf(body) !== QUESTION) wrong(context.conversation, 1, status, body);
				},
			},
			{
				method: 'POST',
				path,
				headers,
				setupRequest: (request, context) => {
					const conversation = String(context.conversation);
					secondTurnSent.add(conversation);
					return { ...request, body: JSON.stringify({ conversationId: conversation, message: `sure, it's lead-${conversation}@example.com` }) };
				},
				onResponse: (status, body, context) => {
					const done = status === 200 ? DONE.exec(replyOf(body) ?? '') : null;
					if (done) completed.set(String(context.conversation), done[1]);
					else wrong(context.conversation, 2, status, body);
				},
			},
		],
	});

	// Turns still in flight when the run ended go on in n8n: count the leads once n8n is idle
	// (also so that the next run does not start on top of them).
	await untilIdle(n8n);
	const executions = (await executionTotal(n8n)) - executionsBefore;
	const n8nCpuMsPerExecution = cpuPerExecution(cpuBefore, n8nCpuMs(n8n), executions);
	const leadsByConversation = new Map<string, string[]>();
	for (const effect of demo.sideEffects) {
		if (effect.kind !== 'lead') continue;
		const conversation = String(effect.conversationId);
		leadsByConversation.set(conversation, [...(leadsByConversation.get(conversation) ?? []), String(effect.id)]);
	}
	let exactlyOnce = 0;
	let missing = 0;
	let mismatched = 0;
	for (const [conversation, leadId] of completed) {
		const leads = leadsByConversation.get(conversation) ?? [];
		if (leads.length === 1 && leads[0] === leadId) exactlyOnce++;
		else if (leads.length === 0) missing++;
		else if (leads.length === 1) mismatched++;
	}
	let duplicated = 0;
	let inFlightAtEnd = 0;
	let stray = 0;
	for (const [conversation, leads] of leadsByConversation) {
		if (leads.length > 1) duplicated++;
		if (!completed.has(conversation)) {
			if (secondTurnSent.has(conversation)) inFlightAtEnd++;
			else {
				stray++;
				if (samples.length < 10) samples.push(`${conversation}: lead ${leads.join(', ')} without a second turn`);
			}
		}
	}
	const durationS = result.duration;
	const leadCount = [...leadsByConversation.values()].reduce((sum, leads) => sum + leads.length, 0);
	return {
		flow,
		mode: target.mode,
		connections: options.connections,
		durationS,
		turns: result.requests.total,
		turnsPerS: round(result.requests.total / durationS),
		conversationsCompleted: completed.size,
		conversationsPerS: round(completed.size / durationS),
		latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: round(result.latency.mean), max: result.latency.max },
		n8nCpuMsPerExecution,
		errors: { transport: result.errors - result.timeouts, timeouts: result.timeouts, non2xx: result.non2xx, wrongReply },
		leads: { total: leadCount, exactlyOnce, missing, mismatched, duplicated, inFlightAtEnd, stray },
		samples,
	};
}

function replyOf(body: string): string | undefined {
	try {
		const parsed = JSON.parse(body) as { message?: unknown };
		return typeof parsed.message === 'string' ? parsed.message : undefined;
	} catch {
		return undefined;
	}
}

async function executionTotal(n8n: N8nInstance): Promise<number> {
	return Object.values(await n8n.executionCounts()).reduce((sum, count) => sum + (count ?? 0), 0);
}

/**
 * User + system CPU time (ms) of every process running in n8n's user folder, by kind: the
 * main process, queue-mode workers, task runners. Read from /proc: Linux only, empty elsewhere.
 */
function n8nCpuMs(n8n: N8nInstance): Record<string, number> {
	const ticksPerSecond = 100; // USER_HZ, 100 on Linux
	const byKind: Record<string, number> = {};
	let pids: string[];
	try {
		pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
	} catch {
		return byKind;
	}
	for (const pid of pids) {
		try {
			if (readlinkSync(`/proc/${pid}/cwd`) !== n8n.userFolder) continue;
			const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
			const kind = / worker\b/.test(commandLine) ? 'workers' : / start\b/.test(commandLine) ? 'main' : /runner/i.test(commandLine) ? 'task runners' : 'other';
			// Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			byKind[kind] = (byKind[kind] ?? 0) + ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
		} catch {
			// The process ended between listing and reading.
		}
	}
	return byKind;
}

/** CPU ms per execution, by process kind and in total, between two n8nCpuMs() readings. */
function cpuPerExecution(before: Record<string, number>, after: Record<string, number>, executions: number): Record<string, number> {
	if (executions === 0) return {};
	const perExecution: Record<string, number> = {};
	let total = 0;
	for (const [kind, ms] of Object.entries(after)) {
		const used = ms - (before[kind] ?? 0);
		perExecution[kind] = round(used / executions);
		total += used;
	}
	return { total: round(total / executions), ...perExecution };
}

/** Waits until n8n has no execution queued or running (at most 10 minutes). */
async function untilIdle(n8n: N8nInstance): Promise<void> {
	const deadline = Date.now() + 600_000;
	for (;;) {
		const counts = await n8n.executionCounts();
		const busy = (counts.new ?? 0) + (counts.running ?? 0);
		if (busy === 0) return;
		if (Date.now() > deadline) throw new Error(`n8n still has ${busy} execution(s) queued or running`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

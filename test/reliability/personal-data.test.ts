/**
 * Personal data out of reach, measured on a real n8n in queue mode (the trigger runs in the main
 * process, the rest of the flow in a worker: the sealing key must come from a credential).
 * A full conversation, Chat Action Trigger → Action Router (Redis state) → HTTP Action → Chat
 * Reply, is held twice: once with every node on "Personal Data: Sealed", once on "In Items".
 * Each carries its own planted email, phone number and sentence, so every place can be counted
 * per mode: the saved executions (read from n8n's database), n8n's logs (main and worker, at
 * debug level) and Redis (every key and value). The API call itself must get the real values,
 * and the visitor must read the right reply, in both modes.
 */
import { readFile } from 'node:fs/promises';

import { Redis } from 'ioredis';

import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, triggerNode, workflow } from '../../toolkit/n8n/workflows';
import { ApiServer } from '../../toolkit/servers/api-server';
import { RedisServer } from '../../toolkit/servers/redis-server';
import { ROUTER_ACTIONS } from '../support/router-actions';

const REDIS_PASSWORD = 'personal-data-redis-password-reliability'; // test value, not a real secret
const REDIS_CREDENTIAL = { id: 'personalRedisCred01', name: 'State Redis' };
const KEY_CREDENTIAL = { id: 'personalKeyCred0001', name: 'Personal Data Key' };
const KEY_SECRET = 'personal-data-reliability-key-not-a-secret-0123'; // test value, not a real secret
const STATE_SECRET = 'personal-data-reliability-state-key-not-a-secret'; // test value, not a real secret

type Mode = 'sealed' | 'plain';

interface Planted {
	email: string;
	phone: string;
	sentence: string;
	/** A word only the sentence has: counts a cut or partly quoted sentence too. */
	word: string;
}

const PLANTED: Record<Mode, Planted> = {
	sealed: {
		email: 'grace.sealedhopper@example.org',
		phone: '+44 7700 900111',
		sentence: 'Please check my newsletter subscription, my cousin Bartholomew says he never gets it',
		word: 'Bartholomew',
	},
	plain: {
		email: 'ada.plainlovelace@example.org',
		phone: '+44 7700 900222',
		sentence: 'Please check my newsletter subscription, my cousin Wilhelmina says she never gets it',
		word: 'Wilhelmina',
	},
};

const EMAIL_QUESTION = 'Which email address should I check?';

function flow(mode: Mode, apiUrl: string) {
	const id = `personalData${mode === 'sealed' ? 'Sealed' : 'Plain'}`;
	const personalData = { personalData: mode };
	const key: Record<string, { id: string; name: string }> = mode === 'sealed' ? { chatActionsPersonalDataApi: KEY_CREDENTIAL } : {};
	return workflow(id, `Personal data ${mode}`, [
		triggerNode(id, { path: `personal-${mode}`, responseMode: 'responseNode', ...personalData, options: { rateLimit: 0 } }, { credentials: key }),
		node(id, 'Action Router', 'actionRouter', { actions: ROUTER_ACTIONS, stateStore: 'redis', ...personalData }, {
			credentials: { chatActionsRedisApi: REDIS_CREDENTIAL, ...key },
		}),
		node(id, 'HTTP Action', 'httpAction', {
			authentication: 'none',
			method: 'POST',
			url: `${apiUrl}/subscriptions`,
			bodyType: 'json',
			jsonBody: '{"email": "{{fields.email}}", "phone": "{{user_phone}}", "name": "{{user_name}}", "note": "{{conversation.thread.0.text}}"}',
			...personalData,
		}, { credentials: key }),
		node(id, 'Reply', 'chatReply', { ...personalData }, { credentials: key }),
	], [
		['Chat Action Trigger', 'Action Router'],
		['Action Router', 'HTTP Action', 0],
		['Action Router', 'Reply', 1],
		['Action Router', 'Reply', 2],
		['Action Router', 'Reply', 3],
		['HTTP Action', 'Reply', 0],
		['HTTP Action', 'Reply', 1],
	]);
}

const api = new ApiServer();
let redis: RedisServer;
let n8n: N8nInstance;
let reader: Redis;

beforeAll(async () => {
	await api.start();
	// The API answers with what it was sent, as a CRM would: the reply repeats the address.
	api.respond((request) => {
		const { email } = JSON.parse(request.body) as { email: string };
		return { status: 200, body: { message: `You are subscribed as ${email}.` } };
	});
	redis = await RedisServer.start({ password: REDIS_PASSWORD });
	n8n = await startN8n({
		workflows: [flow('sealed', api.url), flow('plain', api.url)],
		credentials: [
			{
				...REDIS_CREDENTIAL,
				type: 'chatActionsRedisApi',
				data: { host: redis.host, port: redis.port, password: REDIS_PASSWORD, database: 0, encryptionSecret: STATE_SECRET },
			},
			{ ...KEY_CREDENTIAL, type: 'chatActionsPersonalDataApi', data: { secret: KEY_SECRET } },
		],
		packageTarball: await packPackage(),
		readyWebhooks: [
			{ path: 'personal-sealed', method: 'POST' },
			{ path: 'personal-plain', method: 'POST' },
		],
		// Debug level: whatever n8n or a node logs about a turn is in the logs counted.
		env: { N8N_LOG_LEVEL: 'debug' },
		queueMode: { redis: { host: redis.host, port: redis.port, password: REDIS_PASSWORD }, workers: 1 },
		startupTimeoutMs: 400_000,
	});
	reader = new Redis({ host: redis.host, port: redis.port, password: REDIS_PASSWORD, lazyConnect: true, maxRetriesPerRequest: 1 });
	console.log(`Personal data: n8n ${n8n.version} on Node ${n8n.nodeVersion}, queue mode (main + ${n8n.workerLogFiles.length} worker)`);
}, 900_000);

afterAll(async () => {
	reader?.disconnect();
	await n8n?.dispose();
	await redis?.dispose();
	await api.stop();
});

async function send(mode: Mode, body: object): Promise<string | undefined> {
	const response = await fetch(n8n.webhookUrl(`personal-${mode}`), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(90_000),
	});
	const text = await response.text();
	expect(response.status).toBe(200);
	return (JSON.parse(text) as { message?: string }).message;
}

/** Occurrences of `value` in `text`. */
function count(text: string, value: string): number {
	return text.split(value).length - 1;
}

/** Every key in Redis, with its value whatever its type, as one text; and how many keys there were. */
async function redisText(): Promise<{ text: string; keys: number }> {
	const parts: string[] = [];
	const keys = await reader.keys('*');
	for (const key of keys) {
		const type = await reader.type(key);
		let value: unknown;
		if (type === 'string') value = await reader.get(key);
		else if (type === 'hash') value = await reader.hgetall(key);
		else if (type === 'list') value = await reader.lrange(key, 0, -1);
		else if (type === 'set') value = await reader.smembers(key);
		else if (type === 'zset') value = await reader.zrange(key, '0', '-1');
		else if (type === 'stream') value = await reader.xrange(key, '-', '+');
		else value = `(${type})`;
		parts.push(key, JSON.stringify(value));
	}
	return { text: parts.join('\n'), keys: keys.length };
}

interface Counts {
	executions: number;
	logs: number;
	redis: number;
	api: number;
}

const measured: Partial<Record<Mode, Record<keyof Planted, Counts>>> = {};

async function converse(mode: Mode): Promise<void> {
	const planted = PLANTED[mode];
	const conversationId = `personal-${mode}-${Date.now()}`;
	const visitor = { id: `visitor-${mode}`, name: 'Grace Hopper', phone: planted.phone };
	const received = api.received.length;

	expect(await send(mode, { conversationId, message: planted.sentence, visitor })).toBe(EMAIL_QUESTION);
	// The visitor reads the reply with the real address, as the API wrote it.
	expect(await send(mode, { conversationId, message: `it is ${planted.email}`, visitor: { ...visitor, email: planted.email } })).toBe(
		`You are subscribed as ${planted.email}.`,
	);
	expect(api.received.length).toBe(received + 1);

	const workflowId = `personalData${mode === 'sealed' ? 'Sealed' : 'Plain'}`;
	const executions = (await n8n.waitForExecutions(2, { workflowId, timeoutMs: 120_000 })).filter((e) => e.workflowId === workflowId);
	expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
	const saved = JSON.stringify(executions);
	const logs = (await Promise.all([n8n.logFile, ...n8n.workerLogFiles].map((file) => readFile(file, 'utf8')))).join('\n');
	const { text: stored, keys } = await redisText();
	const sent = JSON.stringify(api.received.slice(received));

	const counts = Object.fromEntries(
		(['email', 'phone', 'sentence', 'word'] as const).map((what) => [
			what,
			{ executions: count(saved, planted[what]), logs: count(logs, planted[what]), redis: count(stored, planted[what]), api: count(sent, planted[what]) },
		]),
	) as Record<keyof Planted, Counts>;
	measured[mode] = counts;
	// What was searched, so a 0 is a 0 of something.
	console.log(
		`Personal data ${mode}: searched ${executions.length} saved executions (${saved.length} characters), n8n's logs (${logs.length} characters), Redis (${keys} keys); ${JSON.stringify(counts)}`,
	);
}

test('Sealed: no planted email, phone number or sentence in plain text in the saved executions or n8n\'s logs; the API gets them and the visitor reads the right reply', async () => {
	await converse('sealed');
	const counts = measured.sealed!;
	for (const what of ['email', 'phone', 'sentence', 'word'] as const) {
		// Redis: the conversation state is there, encrypted by the Redis store itself.
		expect({ what, executions: counts[what].executions, logs: counts[what].logs, redis: counts[what].redis }).toEqual({ what, executions: 0, logs: 0, redis: 0 });
	}
	// The API call itself is where the real values go.
	expect(counts.email.api).toBeGreaterThan(0);
	expect(counts.phone.api).toBeGreaterThan(0);
	expect(counts.sentence.api).toBeGreaterThan(0);
}, 300_000);

test('In Items: the same conversation leaves every planted value in the saved executions (what the count above would find)', async () => {
	await converse('plain');
	const counts = measured.plain!;
	for (const what of ['email', 'phone', 'sentence', 'word'] as const) expect(counts[what].executions).toBeGreaterThan(0);
	expect(counts.email.api).toBeGreaterThan(0);
}, 300_000);

afterAll(() => {
	const rows = (['sealed', 'plain'] as const).flatMap((mode) =>
		(['email', 'phone', 'sentence', 'word'] as const).map((what) => {
			const c = measured[mode]?.[what];
			return c ? `| ${mode} | ${what} | ${c.executions} | ${c.logs} | ${c.redis} | ${c.api} |` : `| ${mode} | ${what} | not measured | | | |`;
		}),
	);
	console.log(['| Personal Data | planted | saved executions | n8n logs | Redis | API requests |', '|---|---|---|---|---|---|', ...rows].join('\n'));
});

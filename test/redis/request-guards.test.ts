/**
 * The Chat Action Trigger's guards in Redis, against a real redis-server: two guards on two
 * connections stand for two n8n webhook processes; they must enforce one limit, refuse a
 * replay the other saw, and give a resend the other's message id.
 */
import { Redis } from 'ioredis';

import { admit } from '../../nodes/ChatActionTrigger/engine/guards';
import { messageIdFor } from '../../nodes/ChatActionTrigger/engine/resend';
import { RedisConnection, RedisRequestGuards } from '../../nodes/shared/state';
import { RedisServer } from '../../toolkit/servers/redis-server';

jest.setTimeout(60_000);

let redis: RedisServer;
const connections: RedisConnection[] = [];

beforeAll(async () => {
	redis = await RedisServer.start();
});

afterAll(async () => {
	await Promise.all(connections.map(async (connection) => await connection.close()));
	await redis?.dispose();
});

/** The guards of one "process": a connection of its own. */
function processGuards(keyPrefix: string, encryptionSecret = 'guards-secret'): RedisRequestGuards {
	const connection = new RedisConnection({ host: redis.host, port: redis.port });
	connections.push(connection);
	return new RedisRequestGuards(connection, { keyPrefix, encryptionSecret });
}

test('two processes share one limit per address, whatever ids the client sends', async () => {
	const [a, b] = [processGuards('limits:'), processGuards('limits:')];
	const limits = { perConversation: 30, perAddress: 20 };
	const results = await Promise.all(
		Array.from({ length: 60 }, async (_, i) => await admit(i % 2 ? a : b, 'wf:trigger', { address: '203.0.113.9', conversation: `rotating-${i}` }, limits)),
	);
	expect(results.filter((result) => result.allowed)).toHaveLength(20);
	const refused = results.find((result) => !result.allowed) as { retryAfterMs: number };
	expect(refused.retryAfterMs).toBeGreaterThan(50_000);
	expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
});

test('the window slides: a request is allowed again once the oldest leaves it', async () => {
	const guards = processGuards('sliding:');
	expect(await guards.take('k', 2, 300)).toEqual({ allowed: true });
	expect(await guards.take('k', 2, 300)).toEqual({ allowed: true });
	expect((await guards.take('k', 2, 300)).allowed).toBe(false);
	await new Promise((resolve) => setTimeout(resolve, 350));
	expect(await guards.take('k', 2, 300)).toEqual({ allowed: true });
});

test('a signature seen by one process is a replay at the other, until it expires', async () => {
	const [a, b] = [processGuards('replay:'), processGuards('replay:')];
	const now = Date.now();
	expect(await a.firstUse('sig-1', now + 400, now)).toBe(true);
	expect(await b.firstUse('sig-1', now + 400, now)).toBe(false);
	expect(await b.firstUse('sig-2', now + 400, now)).toBe(true);
	await new Promise((resolve) => setTimeout(resolve, 450));
	expect(await b.firstUse('sig-1', Date.now() + 400, Date.now())).toBe(true);
});

test('a resend to the other process gets the first arrival\'s message id', async () => {
	const [a, b] = [processGuards('resend:'), processGuards('resend:')];
	const turn = { event: 'message' as const, conversationId: 'conv-r', message: 'cancel order 12345' };
	const first = await messageIdFor('wf:trigger', turn, a);
	expect(await messageIdFor('wf:trigger', turn, b)).toBe(first);
	expect(await messageIdFor('wf:trigger', { ...turn, message: 'cancel order 12346' }, b)).not.toBe(first);
});

test('no address, conversation id or signature is in a key or a value', async () => {
	const guards = processGuards('private:');
	await admit(guards, 'wf:trigger', { address: '203.0.113.77', conversation: 'conv-secret-id' }, { perConversation: 5, perAddress: 5 });
	await guards.firstUse('signature-abcdef', Date.now() + 10_000, Date.now());
	await messageIdFor('wf:trigger', { event: 'message', conversationId: 'conv-secret-id', message: 'my email is ada@example.com' }, guards);
	const client = new Redis({ host: redis.host, port: redis.port });
	try {
		const keys = await client.keys('private:*');
		expect(keys.length).toBe(4);
		const everything = [...keys, ...(await Promise.all(keys.map(async (key) => JSON.stringify(await client.dump(key)))))].join('\n');
		for (const plain of ['203.0.113.77', 'conv-secret-id', 'signature-abcdef', 'ada@example.com']) expect(everything).not.toContain(plain);
	} finally {
		client.disconnect();
	}
});

test('Redis down: a clear "unavailable" error within the timeout (the trigger lets limits through and refuses signed requests)', async () => {
	const connection = new RedisConnection({ host: '127.0.0.1', port: 1, reconnect: false });
	connections.push(connection);
	const guards = new RedisRequestGuards(connection, { timeoutMs: 2000 });
	const started = Date.now();
	await expect(guards.take('k', 1, 1000)).rejects.toThrow(/^Redis is unavailable at 127\.0\.0\.1:1/);
	expect(Date.now() - started).toBeLessThan(2500);
	expect((await admit(guards, 'wf', { address: '203.0.113.1' }, { perConversation: 1, perAddress: 1 })).allowed).toBe(true);
});

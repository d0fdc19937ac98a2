/**
 * The Redis state store against real redis-servers (toolkit/servers/redis-server.ts): state
 * shared between clients (n8n workers, a restarted n8n), concurrency between clients,
 * Redis going down and coming back, passwords, the per-credential client cache and the
 * credential test. No mocks.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { inspect } from 'node:util';

import { Redis } from 'ioredis';
import type { ICredentialTestFunction, INodeCredentialTestResult } from 'n8n-workflow';

import { ChatActionsRedisApi } from '../../credentials/ChatActionsRedisApi.credentials';
import {
	DEFAULT_KEY_PREFIX,
	RedisStateStore,
	StateStoreConflictError,
	StateStoreError,
	StateStoreUnavailableError,
	closeSharedRedisConnections,
	getRedisStateStore,
	redisOptionsFromCredentials,
	testRedisConnection,
	type ConversationState,
	type RedisStateStoreOptions,
} from '../../nodes/shared/state';
import { sharedRedisConnectionCount } from '../../nodes/shared/state/redis';
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { route } from '../../nodes/ActionRouter/engine/router';
import { RedisServer } from '../../toolkit/servers/redis-server';

jest.setTimeout(60_000);

const PASSWORD = 'pw-Zq8#tL2v-never-shown';
let redis: RedisServer;
let secured: RedisServer;
const stores: RedisStateStore[] = [];
const rawClients: Redis[] = [];

beforeAll(async () => {
	[redis, secured] = await Promise.all([RedisServer.start(), RedisServer.start({ password: PASSWORD })]);
});

afterAll(async () => {
	await Promise.all(stores.map(async (store) => await store.close()));
	await closeSharedRedisConnections();
	rawClients.forEach((client) => client.disconnect());
	await Promise.all([redis?.dispose(), secured?.dispose()]);
});

function open(options: Partial<RedisStateStoreOptions> = {}, server = redis): RedisStateStore {
	const store = new RedisStateStore({ host: server.host, port: server.port, ...options });
	stores.push(store);
	return store;
}

function raw(server = redis): Redis {
	const client = new Redis({ host: server.host, port: server.port, password: server.password, lazyConnect: true });
	rawClients.push(client);
	return client;
}

function state(partial: Partial<ConversationState> = {}): ConversationState {
	return { fields: {}, attempts: {}, updatedAt: 0, ...partial };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result?: T; error?: unknown }> {
	const started = Date.now();
	try {
		const result = await work();
		return { ms: Date.now() - started, result };
	} catch (error) {
		return { ms: Date.now() - started, error };
	}
}

/** Retries until it works (a reconnecting client needs a moment after a restart), for at most 10 s. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await attempt();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}

describe('storage', () => {
	test('one value per conversation under the key prefix and a keyed hash of its id, with a TTL', async () => {
		const store = open();
		expect(store.keyPrefix).toBe('chat-actions:state:');
		await store.update('conv_key', () => state({ pendingAction: 'unsubscribe', fields: { list: 'weekly' } }), 120);
		const client = raw();
		const key = store.key('conv_key');
		expect(key).toMatch(/^chat-actions:state:[A-Za-z0-9_-]{43}$/);
		expect(await client.keys('*conv_key*')).toEqual([]);
		const ttl = await client.pttl(key);
		expect(ttl).toBeGreaterThan(110_000);
		expect(ttl).toBeLessThanOrEqual(120_000);
		expect(await store.get('conv_key')).toMatchObject({ pendingAction: 'unsubscribe', fields: { list: 'weekly' } });
	});

	test('the value is encrypted: none of the state can be read from Redis', async () => {
		const store = open({ keyPrefix: 'sealed:', encryptionSecret: 'sealed-secret' });
		await store.update('conv_sealed', () => state({ pendingAction: 'reset_key', fields: { email: 'ada@example.com' } }), 60);
		const value = (await raw().getBuffer(store.key('conv_sealed')))!;
		for (const plain of ['ada@example.com', 'reset_key', 'pendingAction', 'conv_sealed']) {
			expect(value.includes(Buffer.from(plain))).toBe(false);
		}
	});

	test('the same secret in another process reads it; the same id under another secret is another key', async () => {
		const writer = open({ keyPrefix: 'shared-secret:', encryptionSecret: 'one secret' });
		await writer.update('conv_same', () => state({ pendingAction: 'a' }), 60);
		expect((await open({ keyPrefix: 'shared-secret:', encryptionSecret: 'one secret' }).get('conv_same'))?.pendingAction).toBe('a');
		expect(open({ keyPrefix: 'x:', encryptionSecret: 'one secret' }).key('conv_same')).not.toBe(
			open({ keyPrefix: 'x:', encryptionSecret: 'another secret' }).key('conv_same'),
		);
	});

	test('another secret on state written with one is a clear error naming the key check, and no state is touched', async () => {
		const writer = open({ keyPrefix: 'rotated:', encryptionSecret: 'first secret' });
		await writer.update('conv_rotated', () => state({ pendingAction: 'a' }), 60);
		const reader = open({ keyPrefix: 'rotated:', encryptionSecret: 'second secret' });
		await expect(reader.get('conv_rotated')).rejects.toThrow(/encryption key is not the one .*"rotated:".*rotated:key-check/);
		await expect(reader.update('conv_rotated', () => state({ pendingAction: 'b' }), 60)).rejects.toMatchObject({ kind: 'invalid' });
		expect((await writer.get('conv_rotated'))?.pendingAction).toBe('a');
	});

	test('a value changed outside n8n, or moved to another conversation, is an "unreadable" state error, not a crash', async () => {
		const store = open({ keyPrefix: 'tampered:', encryptionSecret: 'tamper secret' });
		await store.update('conv_tampered', () => state({ pendingAction: 'a' }), 60);
		const client = raw();
		const sealed = (await client.getBuffer(store.key('conv_tampered')))!;
		const flipped = Buffer.from(sealed);
		flipped[flipped.length - 1] ^= 1;
		await client.set(store.key('conv_tampered'), flipped);
		await expect(store.get('conv_tampered')).rejects.toMatchObject({ kind: 'unreadable' });
		await expect(store.update('conv_tampered', () => state(), 60)).rejects.toThrow(/could not be decrypted/);
		await client.set(store.key('conv_other'), sealed);
		await expect(store.get('conv_other')).rejects.toMatchObject({ kind: 'unreadable' });
		await client.set(store.key('conv_junk'), 'not json {');
		await expect(store.get('conv_junk')).rejects.toBeInstanceOf(StateStoreError);
	});

	test('forget erases one conversation now and leaves the others', async () => {
		const store = open({ keyPrefix: 'forget:' });
		await store.update('conv_forget', () => state({ pendingAction: 'a' }), 60);
		await store.update('conv_keep', () => state({ pendingAction: 'b' }), 60);
		expect(await store.forget('conv_forget')).toBe(true);
		expect(await store.forget('conv_forget')).toBe(false);
		expect(await store.get('conv_forget')).toBeUndefined();
		expect((await store.get('conv_keep'))?.pendingAction).toBe('b');
		expect(await raw().exists(store.key('conv_forget'))).toBe(0);
	});

	test('another key prefix is another namespace', async () => {
		const a = open({ keyPrefix: 'tenant-a:' });
		const b = open({ keyPrefix: 'tenant-b:' });
		await a.update('conv_ns', () => state({ pendingAction: 'a' }), 60);
		expect(await b.get('conv_ns')).toBeUndefined();
		expect((await a.get('conv_ns'))?.pendingAction).toBe('a');
	});

	test('a key of another Redis type is a clear refusal, not "unavailable"', async () => {
		const store = open({ keyPrefix: 'typed:' });
		await raw().rpush(store.key('conv_list'), 'x');
		await expect(store.update('conv_list', () => state(), 60)).rejects.toThrow(/refused the command: WRONGTYPE/);
	});
});

describe('several n8n processes', () => {
	test('state survives a new store with a new client (a restarted n8n, another worker)', async () => {
		const first = open();
		await first.update('conv_survive', () => state({ pendingAction: 'reset_key', askedField: 'email', attempts: { email: 1 } }), 60);
		await first.close();
		const second = open();
		expect(await second.get('conv_survive')).toMatchObject({
			pendingAction: 'reset_key',
			askedField: 'email',
			attempts: { email: 1 },
		});
	});

	test('50 parallel updates split over two clients (two workers): all 50 fields', async () => {
		const workers = [open({ keyPrefix: 'two:' }), open({ keyPrefix: 'two:' })];
		expect(workers[0].connection).not.toBe(workers[1].connection);
		let changeRuns = 0;
		const { ms } = await timed(
			async () =>
				await Promise.all(
					Array.from({ length: 50 }, async (_, i) =>
						await workers[i % 2].update(
							'conv_two_workers',
							(current) => {
								changeRuns++;
								const base = current ?? state();
								return { ...base, fields: { ...base.fields, [`field_${i}`]: i } };
							},
							60,
						),
					),
				),
		);
		const final = await workers[0].get('conv_two_workers');
		expect(Object.keys(final!.fields)).toHaveLength(50);
		expect(Array.from({ length: 50 }, (_, i) => final!.fields[`field_${i}`])).toEqual(Array.from({ length: 50 }, (_, i) => i));
		// Conflicts between the two clients made some changes run again.
		expect(changeRuns).toBeGreaterThanOrEqual(50);
		process.stdout.write(`two clients: 50 updates in ${ms} ms, change ran ${changeRuns} times\n`);
	});

	test('router turns split over two clients (two workers) at once: the thread and the actions taken lose nothing', async () => {
		const workers = [open({ keyPrefix: 'router-two:' }), open({ keyPrefix: 'router-two:' })];
		const actions: RouterAction[] = [
			{
				name: 'order_status',
				description: 'Where an order is',
				examples: [],
				triggers: { intent: true, buttonIds: [], leadCaptured: false },
				fields: [{ name: 'order_id', question: 'Which order?', type: 'regex', pattern: '\\d{5}', required: true }],
			},
		];
		const messages = Array.from({ length: 20 }, (_, i) => `where is order ${20000 + i}`);
		let changeRuns = 0;
		await Promise.all(
			messages.map(async (message, i) =>
				await workers[i % 2].update(
					'conv_router_two',
					(current) => {
						changeRuns++;
						return route({
							turn: { event: 'message', conversationId: 'conv_router_two', message },
							state: current,
							actions,
							classifier: { rank: () => [{ action: 'order_status', score: 0.9 }] },
							settings: { threshold: 0.5, tieMargin: 0.05, maxReasks: 2 },
						}).state;
					},
					60,
				),
			),
		);
		const final = await workers[1].get('conv_router_two');
		expect(final!.thread!.map((entry) => entry.text).sort()).toEqual([...messages].sort());
		expect(final!.actionsTaken!.map((action) => action.fields.order_id).sort()).toEqual(messages.map((m) => m.slice(-5)).sort());
		expect(changeRuns).toBeGreaterThanOrEqual(20);
		process.stdout.write(`two clients: 20 router turns, change ran ${changeRuns} times\n`);
	});

	test('five clients, ten updates each, at once: all 50 fields', async () => {
		const workers = Array.from({ length: 5 }, () => open({ keyPrefix: 'five:' }));
		let changeRuns = 0;
		const { ms, error } = await timed(
			async () =>
				await Promise.all(
					Array.from({ length: 50 }, async (_, i) =>
						await workers[i % 5].update(
							'conv_five',
							(current) => {
								changeRuns++;
								const base = current ?? state();
								return { ...base, fields: { ...base.fields, [`f${i}`]: true } };
							},
							60,
						),
					),
				),
		);
		expect(error).toBeUndefined();
		expect(Object.keys((await workers[0].get('conv_five'))!.fields)).toHaveLength(50);
		process.stdout.write(`five clients: 50 updates in ${ms} ms, change ran ${changeRuns} times\n`);
	});

	test('an update that keeps losing gives up after maxAttempts with a clear error', async () => {
		const store = open({ keyPrefix: 'contended:', maxAttempts: 3 });
		const other = raw();
		await store.update('conv_contended', () => state({ fields: { n: 0 } }), 60);
		let runs = 0;
		const started = Date.now();
		// Between the store's read and its write, another process writes the conversation, every time.
		const conflict = await store
			.update(
				'conv_contended',
				async (current) => {
					runs++;
					const key = store.key('conv_contended');
					await other.set(key, store.cipher.seal(JSON.stringify({ ...current, fields: { n: runs }, updatedAt: runs }), key));
					return { ...current!, fields: { n: -1 } };
				},
				60,
			)
			.catch((error: unknown) => error);
		expect(conflict).toBeInstanceOf(StateStoreConflictError);
		expect((conflict as StateStoreConflictError).attempts).toBe(3);
		expect((conflict as Error).message).toBe(
			'Could not update the state of conversation "conv_contended": it changed concurrently 3 times in a row',
		);
		expect(runs).toBe(3);
		expect(Date.now() - started).toBeLessThan(500);
		// The other process's write stands.
		expect((await store.get('conv_contended'))?.fields).toEqual({ n: 3 });
	});
});

describe('Redis down and back', () => {
	let server: RedisServer;
	beforeAll(async () => {
		server = await RedisServer.start();
	});
	afterAll(async () => {
		await server?.dispose();
	});

	test('stopped: a clear error within ~3 s, no hang; restarted: the same store works again', async () => {
		const store = open({}, server);
		await store.update('conv_down', () => state({ pendingAction: 'x' }), 60);
		await server.stop();

		const get = await timed(async () => await store.get('conv_down'));
		expect(get.error).toBeInstanceOf(StateStoreUnavailableError);
		expect((get.error as Error).message).toMatch(
			new RegExp(`^Redis is unavailable at 127\\.0\\.0\\.1:${server.port}: .*(ECONNREFUSED|connection was (lost|closed))`),
		);
		expect(get.ms).toBeLessThan(3000);

		const update = await timed(async () => await store.update('conv_down', () => state(), 60));
		expect(update.error).toBeInstanceOf(StateStoreUnavailableError);
		// Which reason the client reports first depends on timing: refused, or lost.
		expect((update.error as Error).message).toMatch(/ECONNREFUSED|connection was (lost|closed)/);
		expect(update.ms).toBeLessThan(3000);

		// Many calls at once while down: all fail fast too.
		const many = await timed(
			async () => await Promise.allSettled(Array.from({ length: 20 }, async () => await store.update('conv_down', () => state(), 60))),
		);
		expect((many.result as PromiseSettledResult<unknown>[]).every((r) => r.status === 'rejected')).toBe(true);
		expect(many.ms).toBeLessThan(3000);
		process.stdout.write(`down: get failed in ${get.ms} ms, update in ${update.ms} ms, 20 updates in ${many.ms} ms\n`);

		await server.restart();
		const back = await timed(async () => await eventually(async () => await store.update('conv_down', () => state({ pendingAction: 'again' }), 60)));
		expect(back.error).toBeUndefined();
		expect((await store.get('conv_down'))?.pendingAction).toBe('again');
		process.stdout.write(`back: first update after the restart took ${back.ms} ms\n`);
	});

	test('killed (a crash) while connected: a clear error, then it recovers', async () => {
		const store = open({}, server);
		await store.update('conv_crash', () => state(), 60);
		await server.kill();
		const failed = await timed(async () => await store.get('conv_crash'));
		expect((failed.error as Error).message).toMatch(/^Redis is unavailable at 127\.0\.0\.1:\d+: /);
		expect(failed.ms).toBeLessThan(3000);
		await server.restart();
		// It recovers by itself: the client reconnects after a short backoff.
		expect(await eventually(async () => await store.get('conv_crash'))).toBeUndefined(); // nothing is persisted by the test server
		await store.update('conv_crash', () => state({ pendingAction: 'ok' }), 60);
		expect((await store.get('conv_crash'))?.pendingAction).toBe('ok');
	});

	test('a store that never connected, to a port where nothing listens: fails fast', async () => {
		const port = server.port;
		await server.stop();
		const store = open({}, server);
		const failed = await timed(async () => await store.get('conv_never'));
		expect((failed.error as Error).message).toMatch(new RegExp(`^Redis is unavailable at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
		expect(failed.ms).toBeLessThan(3000);
		await server.restart();
		expect(await eventually(async () => await store.get('conv_never'))).toBeUndefined();
	});

	test('a hung server (SIGSTOP): no answer within the command timeout, then it recovers', async () => {
		const store = open({}, server);
		await store.update('conv_hung', () => state(), 60);
		server.pause();
		try {
			const hung = await timed(async () => await store.get('conv_hung'));
			expect((hung.error as Error).message).toMatch(/^Redis is unavailable at 127\.0\.0\.1:\d+: no answer within 2000 ms$/);
			expect(hung.ms).toBeLessThan(3000);
			process.stdout.write(`hung: failed in ${hung.ms} ms\n`);
		} finally {
			server.resume();
		}
		expect(await store.get('conv_hung')).toBeDefined();
	});

	test('a server that accepts connections but never answers: fails after connectTimeoutMs', async () => {
		const sockets = new Set<Socket>();
		const silent = createServer((socket) => {
			sockets.add(socket);
			socket.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as AddressInfo).port;
		try {
			const store = open({ port, connectTimeoutMs: 1000 });
			const failed = await timed(async () => await store.get('conv_silent'));
			expect((failed.error as Error).message).toBe(`Redis is unavailable at 127.0.0.1:${port}: no connection within 1000 ms`);
			expect(failed.ms).toBeGreaterThanOrEqual(900);
			expect(failed.ms).toBeLessThan(2000);
			await store.close();
		} finally {
			sockets.forEach((socket) => socket.destroy());
			await new Promise((resolve) => silent.close(resolve));
		}
	});
});

describe('passwords', () => {
	test('the right password works', async () => {
		const store = open({ password: PASSWORD, keyPrefix: 'auth:' }, secured);
		await store.update('conv_auth', () => state({ pendingAction: 'a' }), 60);
		expect((await store.get('conv_auth'))?.pendingAction).toBe('a');
	});

	test('a wrong password: a clear error that never shows the password', async () => {
		const wrong = 'wrong-Pw-9f8e7d6c';
		const store = open({ password: wrong }, secured);
		const failed = await timed(async () => await store.get('conv_auth'));
		const error = failed.error as StateStoreUnavailableError;
		expect(error).toBeInstanceOf(StateStoreUnavailableError);
		expect(error.message).toMatch(/^Redis is unavailable at 127\.0\.0\.1:\d+: WRONGPASS/);
		expect(failed.ms).toBeLessThan(3000);
		for (const text of [error.message, error.stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(error)]) {
			expect(text).not.toContain(wrong);
			expect(text).not.toContain(PASSWORD);
		}
		const updateFailed = await timed(async () => await store.update('conv_auth', () => state(), 60));
		expect(inspect(updateFailed.error, { depth: 10 })).not.toContain(wrong);
	});

	test('no password where one is needed: NOAUTH', async () => {
		const store = open({}, secured);
		await expect(store.get('conv_auth')).rejects.toThrow(/^Redis is unavailable at 127\.0\.0\.1:\d+: NOAUTH/);
	});
});

describe('TLS', () => {
	let tlsServer: RedisServer;
	beforeAll(async () => {
		tlsServer = await RedisServer.start({ tls: true, password: PASSWORD });
	});
	afterAll(async () => {
		await tlsServer?.dispose();
	});
	const credentials = (extra: object) => ({ host: 'localhost', port: tlsServer.port, password: PASSWORD, ...extra });

	test('SSL with "Ignore SSL Issues" works against a self-signed certificate', async () => {
		const result = await testRedisConnection(credentials({ ssl: true, disableTlsVerification: true }));
		expect(result).toEqual({ status: 'OK', message: `Connected to Redis at localhost:${tlsServer.port}` });
		const store = new RedisStateStore(redisOptionsFromCredentials(credentials({ ssl: true, disableTlsVerification: true })));
		stores.push(store);
		await store.update('conv_tls', () => state({ pendingAction: 'tls' }), 60);
		expect((await store.get('conv_tls'))?.pendingAction).toBe('tls');
	});

	test('SSL with verification refuses the self-signed certificate, clearly and fast', async () => {
		const { result, ms } = await timed(async () => await testRedisConnection(credentials({ ssl: true })));
		expect(result?.status).toBe('Error');
		expect(result?.message).toMatch(new RegExp(`^Redis is unavailable at localhost:${tlsServer.port}: self[- ]signed certificate`));
		expect(ms).toBeLessThan(3000);
	});

	test('no SSL against a TLS-only server: an error within a few seconds, no hang', async () => {
		const store = new RedisStateStore(redisOptionsFromCredentials(credentials({ ssl: false })));
		stores.push(store);
		const failed = await timed(async () => await store.get('conv_plain'));
		expect((failed.error as Error).message).toMatch(
			new RegExp(`^Redis is unavailable at localhost:${tlsServer.port}: (.*ECONNRESET.*\\(does the server need SSL\\?\\)|no connection within)`),
		);
		expect(failed.ms).toBeLessThan(3000);
		expect(inspect(failed.error)).not.toContain(PASSWORD);
		process.stdout.write(`plain to TLS: ${(failed.error as Error).message} after ${failed.ms} ms\n`);
	});
});

describe('from the credential', () => {
	const credentials = () => ({
		host: secured.host,
		port: secured.port,
		user: '',
		password: PASSWORD,
		database: 2,
		ssl: false,
		keyPrefix: 'cred:',
	});

	test('the credential type is what the store reads', () => {
		const type = new ChatActionsRedisApi();
		expect(type.name).toBe('chatActionsRedisApi');
		expect(type.displayName).toBe('Chat Actions Redis');
		const defaults = Object.fromEntries(type.properties.map((p) => [p.name, p.default]));
		expect(defaults).toEqual({
			host: 'localhost',
			port: 6379,
			user: '',
			password: '',
			database: 0,
			ssl: false,
			disableTlsVerification: false,
			keyPrefix: DEFAULT_KEY_PREFIX,
			encryptionSecret: '',
		});
		expect(type.properties.find((p) => p.name === 'password')?.typeOptions?.password).toBe(true);
		expect(type.properties.find((p) => p.name === 'encryptionSecret')?.typeOptions?.password).toBe(true);
		expect(redisOptionsFromCredentials(defaults)).toMatchObject({
			host: 'localhost',
			port: 6379,
			db: 0,
			username: undefined,
			password: undefined,
			tls: false,
			keyPrefix: DEFAULT_KEY_PREFIX,
		});
	});

	test('state is sealed with the Encryption Key, else with the password', () => {
		expect(redisOptionsFromCredentials({ host: 'h', password: 'pw', encryptionSecret: 'key' }).encryptionSecret).toBe('key');
		expect(redisOptionsFromCredentials({ host: 'h', password: 'pw', encryptionSecret: '' }).encryptionSecret).toBe('pw');
		expect(redisOptionsFromCredentials({ host: 'h' }).encryptionSecret).toBe('');
	});

	test('wrong fields are clear errors', () => {
		expect(() => redisOptionsFromCredentials({ host: '' })).toThrow('The Redis credential has no host');
		expect(() => redisOptionsFromCredentials({ host: 'h', port: 70000 })).toThrow(/port must be a whole number/);
		expect(() => redisOptionsFromCredentials({ host: 'h', database: -1 })).toThrow(/database number/);
		expect(() => redisOptionsFromCredentials({ host: 'h', database: -1 })).toThrow(StateStoreError);
	});

	test('one client per server and login in this process; the database and prefix are used', async () => {
		await closeSharedRedisConnections();
		const a = getRedisStateStore(credentials());
		const b = getRedisStateStore(credentials());
		expect(a.connection).toBe(b.connection);
		expect(sharedRedisConnectionCount()).toBe(1);
		await a.update('conv_cred', () => state({ pendingAction: 'shared' }), 60);
		// close() on a shared store leaves the client open for the next execution.
		await a.close();
		expect((await b.get('conv_cred'))?.pendingAction).toBe('shared');

		const client = raw(secured);
		await client.select(2);
		expect(b.key('conv_cred')).toMatch(/^cred:/);
		expect(await client.exists(b.key('conv_cred'))).toBe(1);

		// Another database, or another password, is another client.
		const otherDb = getRedisStateStore({ ...credentials(), database: 3 });
		expect(otherDb.connection).not.toBe(a.connection);
		const wrongPassword = getRedisStateStore({ ...credentials(), password: 'another-password-1' });
		expect(wrongPassword.connection).not.toBe(a.connection);
		expect(sharedRedisConnectionCount()).toBe(3);
		await closeSharedRedisConnections();
		expect(sharedRedisConnectionCount()).toBe(0);
		await expect(b.get('conv_cred')).rejects.toThrow(/closed/);
	});

	test('testRedisConnection: OK, or an error without the password', async () => {
		// It is what the router node wires as methods.credentialTest.
		const asCredentialTest: ICredentialTestFunction = testRedisConnection;
		const call = async (data: object): Promise<INodeCredentialTestResult> =>
			await asCredentialTest.call({} as never, { id: '1', name: 'Redis', type: 'chatActionsRedisApi', data } as never);

		expect(await call(credentials())).toEqual({ status: 'OK', message: `Connected to Redis at 127.0.0.1:${secured.port}` });
		// The fields alone work too.
		expect((await testRedisConnection(credentials())).status).toBe('OK');

		const wrong = await call({ ...credentials(), password: 'wrong-Pw-1234567' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/^Redis is unavailable at 127\.0\.0\.1:\d+: WRONGPASS/);
		expect(wrong.message).not.toContain('wrong-Pw-1234567');

		// No password, on a server that needs none.
		expect((await call({ host: '127.0.0.1', port: redis.port, password: '' })).status).toBe('OK');

		const refused = await timed(async () => await call({ host: '127.0.0.1', port: 1 }));
		expect(refused.result).toEqual({ status: 'Error', message: 'Redis is unavailable at 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1' });
		expect(refused.ms).toBeLessThan(2000);

		expect(await call({ host: '' })).toEqual({ status: 'Error', message: 'The Redis credential has no host' });

		// An encryption key that does not open the state already under the prefix fails the test.
		const keyed = { host: '127.0.0.1', port: redis.port, keyPrefix: 'cred-test:', encryptionSecret: 'first-Key-8d7c6b5a' };
		expect((await call(keyed)).status).toBe('OK');
		const rotated = await call({ ...keyed, encryptionSecret: 'second-Key-1a2b3c4d' });
		expect(rotated.status).toBe('Error');
		expect(rotated.message).toMatch(/encryption key is not the one the conversation state under "cred-test:" was written with/);
		expect(rotated.message).not.toContain('second-Key-1a2b3c4d');
	});
});

/**
 * What every conversation state store must do, run against both: the memory store and the
 * Redis store on a real redis-server (toolkit/servers/redis-server.ts), no mocks.
 */
import {
	MemoryStateStore,
	RedisStateStore,
	StateStoreError,
	type ConversationState,
	type StateStore,
} from '../../nodes/shared/state';
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { route } from '../../nodes/ActionRouter/engine/router';
import { THREAD_LIMIT } from '../../nodes/shared/conversation-record';
import { RedisServer } from '../../toolkit/servers/redis-server';

jest.setTimeout(30_000);

let redis: RedisServer;
const opened: StateStore[] = [];

beforeAll(async () => {
	redis = await RedisServer.start();
});

afterAll(async () => {
	await Promise.all(opened.map(async (store) => await store.close()));
	await redis?.dispose();
});

let prefixCounter = 0;
const factories: Array<[string, () => StateStore]> = [
	['MemoryStateStore', () => new MemoryStateStore()],
	[
		'RedisStateStore',
		() => new RedisStateStore({ host: redis.host, port: redis.port, keyPrefix: `contract-${++prefixCounter}:` }),
	],
];

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function state(partial: Partial<ConversationState> = {}): ConversationState {
	return { fields: {}, attempts: {}, updatedAt: 0, ...partial };
}

describe.each(factories)('%s', (_name, makeStore) => {
	let store: StateStore;

	beforeEach(() => {
		store = makeStore();
		opened.push(store);
	});

	test('a conversation with no state has none', async () => {
		expect(await store.get('conv_unknown')).toBeUndefined();
	});

	test('forget erases a conversation at once; forgetting one that has no state says so', async () => {
		await store.update('conv_forgotten', () => state({ pendingAction: 'a', fields: { email: 'ada@example.com' } }), 60);
		expect(await store.forget('conv_forgotten')).toBe(true);
		expect(await store.get('conv_forgotten')).toBeUndefined();
		expect(await store.forget('conv_forgotten')).toBe(false);
	});

	test('update creates, get reads, a later update sees the earlier one', async () => {
		const before = Date.now();
		const created = await store.update(
			'conv_1',
			(current) => {
				expect(current).toBeUndefined();
				return state({ pendingAction: 'unsubscribe', fields: { email: 'ada@example.com' }, askedField: 'list' });
			},
			60,
		);
		expect(created).toMatchObject({ pendingAction: 'unsubscribe', fields: { email: 'ada@example.com' }, askedField: 'list' });
		expect(created!.updatedAt).toBeGreaterThanOrEqual(before);
		expect(await store.get('conv_1')).toEqual(created);

		const updated = await store.update(
			'conv_1',
			(current) => ({
				...current!,
				fields: { ...current!.fields, list: 'weekly' },
				attempts: { list: 1 },
				awaitingConfirmation: true,
			}),
			60,
		);
		expect(updated).toMatchObject({
			pendingAction: 'unsubscribe',
			fields: { email: 'ada@example.com', list: 'weekly' },
			attempts: { list: 1 },
			awaitingConfirmation: true,
		});
		expect(await store.get('conv_1')).toEqual(updated);
		// Other conversations are untouched.
		expect(await store.get('conv_2')).toBeUndefined();
	});

	test('a change returning undefined deletes the state; deleting nothing is fine', async () => {
		await store.update('conv_del', () => state({ pendingAction: 'order_status' }), 60);
		expect(await store.update('conv_del', () => undefined, 60)).toBeUndefined();
		expect(await store.get('conv_del')).toBeUndefined();
		expect(await store.update('conv_del', () => undefined, 60)).toBeUndefined();
		expect(await store.get('conv_del')).toBeUndefined();
	});

	test('what callers get are copies: mutating them changes nothing stored', async () => {
		const returned = await store.update('conv_copy', () => state({ fields: { a: 1 } }), 60);
		returned!.fields.a = 2;
		const read = await store.get('conv_copy');
		read!.fields.b = 3;
		expect((await store.get('conv_copy'))!.fields).toEqual({ a: 1 });
	});

	test('state expires ttlSeconds after its last update', async () => {
		await store.update('conv_ttl', () => state({ pendingAction: 'capture_lead' }), 0.3);
		expect(await store.get('conv_ttl')).toBeDefined();
		await sleep(450);
		expect(await store.get('conv_ttl')).toBeUndefined();
		// An update after expiry starts from nothing.
		await store.update(
			'conv_ttl',
			(current) => {
				expect(current).toBeUndefined();
				return state();
			},
			60,
		);
	});

	test('each update restarts the TTL', async () => {
		await store.update('conv_refresh', () => state({ fields: { n: 1 } }), 0.4);
		await sleep(250);
		await store.update('conv_refresh', (current) => ({ ...current!, fields: { n: 2 } }), 0.4);
		await sleep(250);
		expect((await store.get('conv_refresh'))?.fields).toEqual({ n: 2 });
		await sleep(300);
		expect(await store.get('conv_refresh')).toBeUndefined();
	});

	test('a change that throws leaves the state as it was', async () => {
		await store.update('conv_throw', () => state({ fields: { kept: true } }), 60);
		await expect(
			store.update(
				'conv_throw',
				() => {
					throw new Error('validation failed');
				},
				60,
			),
		).rejects.toThrow('validation failed');
		expect((await store.get('conv_throw'))?.fields).toEqual({ kept: true });
	});

	test('a bad TTL or conversation id is refused clearly', async () => {
		await expect(store.update('conv_bad', () => state(), 0)).rejects.toThrow(StateStoreError);
		await expect(store.update('conv_bad', () => state(), Number.NaN)).rejects.toThrow(/positive number of seconds/);
		await expect(store.update('', () => state(), 60)).rejects.toThrow(/conversation id/);
	});

	test('50 parallel updates of one conversation, each adding its own field: none is lost', async () => {
		const started = Date.now();
		await Promise.all(
			Array.from({ length: 50 }, async (_, i) =>
				await store.update(
					'conv_parallel',
					(current) => {
						const base = current ?? state({ pendingAction: 'capture_lead' });
						return {
							...base,
							fields: { ...base.fields, [`field_${i}`]: i },
							attempts: { total: (base.attempts.total ?? 0) + 1 },
						};
					},
					60,
				),
			),
		);
		const final = await store.get('conv_parallel');
		expect(Object.keys(final!.fields).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `field_${i}`).sort());
		expect(final!.attempts.total).toBe(50);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('parallel turns of one conversation through the router: every message reaches the thread, every action the record', async () => {
		const orders: RouterAction[] = [
			{
				name: 'order_status',
				description: 'Where an order is',
				examples: [],
				triggers: { intent: true, buttonIds: [], leadCaptured: false },
				fields: [{ name: 'order_id', question: 'Which order?', type: 'regex', pattern: '\\d{5}', required: true }],
			},
		];
		const classifier = { rank: () => [{ action: 'order_status', score: 0.9 }] };
		const messages = Array.from({ length: THREAD_LIMIT }, (_, i) => `where is order ${10000 + i}`);
		await Promise.all(
			messages.map(async (message) =>
				await store.update(
					'conv_router_parallel',
					(current) =>
						route({
							turn: { event: 'message', conversationId: 'conv_router_parallel', message },
							state: current,
							actions: orders,
							classifier,
							settings: { threshold: 0.5, tieMargin: 0.05, maxReasks: 2 },
						}).state,
					60,
				),
			),
		);
		const final = await store.get('conv_router_parallel');
		expect(final!.thread!.map((entry) => entry.text).sort()).toEqual([...messages].sort());
		expect(final!.actionsTaken!.map((action) => action.fields.order_id).sort()).toEqual(messages.map((m) => m.slice(-5)).sort());
	});

	test('the record outlives a finished action for the same TTL, then goes', async () => {
		await store.update('conv_record_ttl', () => state({ thread: [{ from: 'visitor', text: 'hi', at: '2026-11-22T10:00:00.000Z' }], actionsTaken: [] }), 0.3);
		expect((await store.get('conv_record_ttl'))?.thread).toEqual([{ from: 'visitor', text: 'hi', at: '2026-11-22T10:00:00.000Z' }]);
		await sleep(450);
		expect(await store.get('conv_record_ttl')).toBeUndefined();
	});
});

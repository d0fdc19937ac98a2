/** The memory store's own behaviour: size bound, sweeping, its timer, the shared instance. */
import {
	MemoryStateStore,
	StateStoreError,
	getSharedMemoryStateStore,
	type ConversationState,
} from '../../nodes/shared/state';

function state(partial: Partial<ConversationState> = {}): ConversationState {
	return { fields: {}, attempts: {}, updatedAt: 0, ...partial };
}

function clock(start = 1_000_000) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('expiry follows the clock, and updatedAt is stamped from it', async () => {
	const time = clock();
	const store = new MemoryStateStore({ now: time.now });
	const written = await store.update('c', () => state({ updatedAt: 5 }), 10);
	expect(written?.updatedAt).toBe(1_000_000);
	time.advance(9_999);
	expect(await store.get('c')).toBeDefined();
	time.advance(1);
	expect(await store.get('c')).toBeUndefined();
	expect(store.size).toBe(0); // dropped when read
	await store.close();
});

test('the sweep drops expired states nobody reads', async () => {
	const time = clock();
	const store = new MemoryStateStore({ now: time.now, sweepIntervalMs: 0 });
	await store.update('short', () => state(), 1);
	await store.update('long', () => state(), 100);
	time.advance(2_000);
	expect(store.size).toBe(2);
	expect(store.sweep()).toBe(1);
	expect(store.size).toBe(1);
	expect(await store.get('long')).toBeDefined();
	await store.close();
});

test('the sweep timer runs by itself and does not keep the process alive', async () => {
	const before = process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
	const store = new MemoryStateStore({ sweepIntervalMs: 50 });
	// unref'd: not among the resources keeping the event loop alive.
	expect(process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length).toBe(before);
	await store.update('c', () => state(), 0.05);
	await new Promise((resolve) => setTimeout(resolve, 200));
	expect(store.size).toBe(0);
	await store.close();
});

test('bounded: beyond maxEntries the least recently updated conversation goes first', async () => {
	const store = new MemoryStateStore({ maxEntries: 3 });
	for (const id of ['a', 'b', 'c']) await store.update(id, () => state(), 60);
	await store.update('a', (current) => ({ ...current!, fields: { touched: true } }), 60); // a is now the newest
	await store.update('d', () => state(), 60);
	expect(store.size).toBe(3);
	expect(await store.get('b')).toBeUndefined();
	expect(await store.get('a')).toBeDefined();
	expect(await store.get('c')).toBeDefined();
	expect(await store.get('d')).toBeDefined();
	await store.close();
});

test('expired states make room before live ones are evicted', async () => {
	const time = clock();
	const store = new MemoryStateStore({ maxEntries: 2, now: time.now, sweepIntervalMs: 0 });
	await store.update('live', () => state(), 100);
	await store.update('expiring', () => state(), 1);
	time.advance(1_500);
	await store.update('new', () => state(), 100);
	expect(await store.get('live')).toBeDefined();
	expect(await store.get('new')).toBeDefined();
	await store.close();
});

test('updates of one conversation run one at a time in call order, even when the change is async', async () => {
	const store = new MemoryStateStore();
	const order: number[] = [];
	let running = 0;
	let maxRunning = 0;
	await Promise.all(
		Array.from({ length: 20 }, async (_, i) =>
			await store.update(
				'serial',
				async (current) => {
					running++;
					maxRunning = Math.max(maxRunning, running);
					await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
					order.push(i);
					running--;
					const base = current ?? state();
					return { ...base, fields: { ...base.fields, [i]: true } };
				},
				60,
			),
		),
	);
	expect(maxRunning).toBe(1);
	expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
	expect(Object.keys((await store.get('serial'))!.fields)).toHaveLength(20);
	// Other conversations are not held up by a slow one.
	let release!: () => void;
	const slow = store.update('slow', async () => {
		await new Promise<void>((resolve) => (release = resolve));
		return state();
	}, 60);
	await store.update('fast', () => state(), 60);
	release();
	await slow;
	await store.close();
});

test('a closed store says so', async () => {
	const store = new MemoryStateStore();
	await store.close();
	await expect(store.get('c')).rejects.toThrow(StateStoreError);
	await expect(store.update('c', () => state(), 60)).rejects.toThrow('This conversation state store is closed');
});

test('the shared store is one per process and survives close()', async () => {
	const shared = getSharedMemoryStateStore();
	expect(getSharedMemoryStateStore()).toBe(shared);
	await shared.update('shared_conv', () => state({ pendingAction: 'x' }), 60);
	await shared.close();
	expect((await getSharedMemoryStateStore().get('shared_conv'))?.pendingAction).toBe('x');
});

// Chat Reply's answer in the conversation's thread, where the Action Router keeps it: what
// @n8n/chat's previous session shows and a handoff carries after an action has answered.
import { THREAD_LIMIT } from '../../nodes/shared/conversation-record';
import { processTurn } from '../../nodes/ActionRouter/engine/turn';
import { addReplyToThread } from '../../nodes/ChatReply/engine/thread';
import { conversationStateKey, MemoryStateStore } from '../../nodes/shared/state';
import { say, setup } from '../support/turn-setup';

const threadOf = async (store: MemoryStateStore) => (await store.get(conversationStateKey('wf1', 'c1')))?.thread?.map((entry) => [entry.from, entry.text]);

test("an action's answer follows the visitor's message and the router's question in the thread", async () => {
	const store = new MemoryStateStore({ sweepIntervalMs: 0 });
	const asked = await processTurn(say('where is my order?'), setup({ store }));
	// The router's question passed on by a Chat Reply is in the thread once, as the router's.
	expect(await addReplyToThread(store, 'wf1', 'c1', { text: String(asked.json.reply?.message) })).toBe(false);
	await processTurn(say('12345'), setup({ store }));
	expect(await addReplyToThread(store, 'wf1', 'c1', { text: 'Order 12345 is on its way.' })).toBe(true);
	expect(await threadOf(store)).toEqual([
		['visitor', 'where is my order?'],
		['router', 'What is the order number?'],
		['visitor', '12345'],
		['reply', 'Order 12345 is on its way.'],
	]);
	await store.close();
});

test('a conversation the router keeps no state for gets none from an answer', async () => {
	const store = new MemoryStateStore({ sweepIntervalMs: 0 });
	expect(await addReplyToThread(store, 'wf1', 'never-routed', { text: 'Hello!' })).toBe(false);
	expect(store.size).toBe(0);
	await store.close();
});

test("the state keeps the router's Forget After when an answer is added, and the thread its bound", async () => {
	let now = 1_000_000;
	const store = new MemoryStateStore({ sweepIntervalMs: 0, now: () => now });
	await processTurn(say('where is my order?'), setup({ store, ttlSeconds: 60 }));
	for (let i = 0; i < THREAD_LIMIT + 5; i++) await addReplyToThread(store, 'wf1', 'c1', { text: `answer ${i}` });
	const thread = await threadOf(store);
	expect(thread).toHaveLength(THREAD_LIMIT);
	expect(thread?.[THREAD_LIMIT - 1]).toEqual(['reply', `answer ${THREAD_LIMIT + 4}`]);
	now += 59_000;
	expect(await store.get(conversationStateKey('wf1', 'c1'))).toBeDefined();
	now += 1_000;
	expect(await store.get(conversationStateKey('wf1', 'c1'))).toBeUndefined();
	await store.close();
});

import { ProcessGuards } from '../../nodes/ChatActionTrigger/engine/guards';
import { messageIdFor, RESEND_WINDOW_MS } from '../../nodes/ChatActionTrigger/engine/resend';

const turn = (message: string, conversationId = 'c1') => ({ event: 'message' as const, conversationId, message });

/** Guards on a clock the test sets. */
function clocked(): { guards: ProcessGuards; at: (ms: number) => ProcessGuards } {
	let now = 0;
	const guards = new ProcessGuards(() => now);
	return {
		guards,
		at: (ms: number) => {
			now = ms;
			return guards;
		},
	};
}

describe('message ids for turns whose widget sends none', () => {
	test('the same message in the same conversation within the window is a resend: it gets the first id', async () => {
		const { at } = clocked();
		const first = await messageIdFor('wf', turn('where is order 12345?'), at(1_000), 1_000);
		expect(first).toMatch(/^derived:[0-9a-f]{32}$/);
		expect(await messageIdFor('wf', turn('where is order 12345?'), at(1_000 + RESEND_WINDOW_MS), 1_000 + RESEND_WINDOW_MS)).toBe(first);
	});

	test('after the window, in another conversation or flow, or with other words, it is a new message', async () => {
		const { at } = clocked();
		const first = await messageIdFor('wf', turn('yes'), at(0), 0);
		expect(await messageIdFor('wf', turn('yes'), at(RESEND_WINDOW_MS + 1), RESEND_WINDOW_MS + 1)).not.toBe(first);
		expect(await messageIdFor('wf', turn('yes', 'c2'), at(10), 10)).not.toBe(first);
		expect(await messageIdFor('other flow', turn('yes'), at(10), 10)).not.toBe(first);
		expect(await messageIdFor('wf', turn('yes please'), at(10), 10)).not.toBe(first);
	});

	test('the same words again after another message are a new request, not a resend: a new id', async () => {
		const { at } = clocked();
		const request = await messageIdFor('wf', turn('reset my api key'), at(0), 0);
		const yes = await messageIdFor('wf', turn('yes'), at(1_000), 1_000);
		expect(await messageIdFor('wf', turn('reset my api key'), at(2_000), 2_000)).not.toBe(request);
		expect(await messageIdFor('wf', turn('yes'), at(3_000), 3_000)).not.toBe(yes);
	});

	test('the same message from another sender in the same conversation is not a resend', async () => {
		const { at } = clocked();
		const first = await messageIdFor('wf', { ...turn('yes'), metadata: { sender: 'v:a' } }, at(0), 0);
		expect(await messageIdFor('wf', { ...turn('yes'), metadata: { sender: 'v:b' } }, at(10), 10)).not.toBe(first);
	});

	test("a widget's own message id is kept; a turn without a conversation gets none", async () => {
		const { guards } = clocked();
		expect(await messageIdFor('wf', { ...turn('hi'), metadata: { messageId: 'm-7' } }, guards)).toBe('m-7');
		expect(await messageIdFor('wf', { event: 'message', message: 'hi' }, guards)).toBeUndefined();
	});

	test('stays bounded in memory', async () => {
		const guards = new ProcessGuards(Date.now, 100);
		for (let i = 0; i < 1_000; i++) await messageIdFor('wf', turn('hello', `c${i}`), guards, i);
		expect(guards.recalledIds).toBe(100);
	});
});

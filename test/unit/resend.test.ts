import { RESEND_WINDOW_MS, ResendGuard } from '../../nodes/ChatActionTrigger/engine/resend';

const turn = (message: string, conversationId = 'c1') => ({ event: 'message' as const, conversationId, message });

describe('message ids for turns whose widget sends none', () => {
	test('the same message in the same conversation within the window is a resend: it gets the first id', () => {
		const guard = new ResendGuard();
		const first = guard.messageIdFor('wf', turn('where is order 12345?'), 1_000);
		expect(first).toMatch(/^derived:[0-9a-f]{32}$/);
		expect(guard.messageIdFor('wf', turn('where is order 12345?'), 1_000 + RESEND_WINDOW_MS)).toBe(first);
	});

	test('after the window, in another conversation or flow, or with other words, it is a new message', () => {
		const guard = new ResendGuard();
		const first = guard.messageIdFor('wf', turn('yes'), 0);
		expect(guard.messageIdFor('wf', turn('yes'), RESEND_WINDOW_MS + 1)).not.toBe(first);
		expect(guard.messageIdFor('wf', turn('yes', 'c2'), 10)).not.toBe(first);
		expect(guard.messageIdFor('other flow', turn('yes'), 10)).not.toBe(first);
		expect(guard.messageIdFor('wf', turn('yes please'), 10)).not.toBe(first);
	});

	test("a widget's own message id is kept; a turn without a conversation gets none", () => {
		const guard = new ResendGuard();
		expect(guard.messageIdFor('wf', { ...turn('hi'), metadata: { messageId: 'm-7' } })).toBe('m-7');
		expect(guard.messageIdFor('wf', { event: 'message', message: 'hi' })).toBeUndefined();
	});

	test('stays bounded in memory', () => {
		const guard = new ResendGuard(100);
		for (let i = 0; i < 1_000; i++) guard.messageIdFor('wf', turn(`message ${i}`), i);
		expect((guard as unknown as { seen: Map<string, unknown> }).seen.size).toBe(100);
	});
});

import { admit, ProcessGuards } from '../../nodes/ChatActionTrigger/engine/guards';

const limits = { perConversation: 3, perAddress: 10 };

describe('admitting a message: limits per address and per conversation', () => {
	test('a client that sends a new conversation and visitor id with every message is held by its address', async () => {
		const guards = new ProcessGuards();
		const results = [];
		for (let i = 0; i < 25; i++) results.push(await admit(guards, 'wf:trigger', { address: '203.0.113.7', conversation: `conv-${i}` }, limits));
		expect(results.filter((result) => result.allowed)).toHaveLength(10);
		expect(results[10]).toEqual({ allowed: false, retryAfterMs: expect.any(Number) });
		// Another address is not affected.
		expect(await admit(guards, 'wf:trigger', { address: '198.51.100.1', conversation: 'conv-0' }, limits)).toEqual({ allowed: true });
	});

	test('one conversation is held at its own limit, from any address', async () => {
		const guards = new ProcessGuards();
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await admit(guards, 'wf:trigger', { address: `10.0.0.${i}`, conversation: 'conv-busy' }, limits));
		expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
	});

	test('a new visitor id on every message does not escape its conversation\'s limit', async () => {
		const guards = new ProcessGuards();
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await admit(guards, 'wf:trigger', { address: '10.0.0.1', conversation: 'conv-1', visitor: `v-${i}` }, limits));
		expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
	});

	test('one visitor is held at the same limit across conversations, whichever is reached first', async () => {
		const guards = new ProcessGuards();
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await admit(guards, 'wf:trigger', { address: `10.0.0.${i}`, conversation: `conv-${i}`, visitor: 'v-1' }, limits));
		expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
	});

	test('each trigger counts for itself; 0 turns a limit off', async () => {
		const guards = new ProcessGuards();
		for (let i = 0; i < 3; i++) await admit(guards, 'wf:a', { address: '203.0.113.7', conversation: 'c' }, limits);
		expect((await admit(guards, 'wf:a', { address: '203.0.113.7', conversation: 'c' }, limits)).allowed).toBe(false);
		expect((await admit(guards, 'wf:b', { address: '203.0.113.7', conversation: 'c' }, limits)).allowed).toBe(true);
		for (let i = 0; i < 50; i++) {
			expect((await admit(guards, 'wf:off', { address: '203.0.113.7', conversation: 'c' }, { perConversation: 0, perAddress: 0 })).allowed).toBe(true);
		}
	});

	test('limits that cannot be checked (Redis down) let the message through and say why', async () => {
		const down = { take: async () => Promise.reject(new Error('Redis is unavailable at 127.0.0.1:1: connect ECONNREFUSED')) };
		expect(await admit(down, 'wf:t', { address: '203.0.113.7', conversation: 'c' }, limits)).toEqual({
			allowed: true,
			unavailable: 'Redis is unavailable at 127.0.0.1:1: connect ECONNREFUSED',
		});
	});
});

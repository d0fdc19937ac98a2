// One item through the Action Router without n8n: who decides the intent (embedded, chat
// model, hybrid), what a state-store failure gives the visitor, and the item that leaves.
import type { ChatModelAnswer } from '../../nodes/ActionRouter/engine/llm';
import { MemoryStateStore, StateStoreError, StateStoreUnavailableError, type StateStore } from '../../nodes/shared/state';
import { processTurn, type TurnSetup } from '../../nodes/ActionRouter/engine/turn';
import { say, setup } from '../support/turn-setup';

/** A scripted chat model that records what it was asked. */
function model(answer: ChatModelAnswer | Error) {
	const asked: string[] = [];
	const chatModel = async (message: string) => {
		asked.push(message);
		if (answer instanceof Error) throw answer;
		return answer;
	};
	return { asked, chatModel };
}


describe('the item that leaves', () => {
	test('an action goes to its own output with action, fields, the conversation and a router summary', async () => {
		const { output, json } = await processTurn(say('where is order 12345'), setup());
		expect(output).toBe(0);
		expect(json).toMatchObject({
			action: { name: 'order_status', confidence: 0.9, trigger: 'embedded_model' },
			fields: { order_id: '12345' },
			conversation: { thread: [{ from: 'visitor', text: 'where is order 12345' }], actionsTaken: [{ name: 'order_status' }] },
			router: { outcome: 'action', intentSource: 'embedded', ranking: [{ action: 'order_status', score: 0.9 }, { action: 'unsubscribe', score: 0.05 }] },
			reply: { message: '', tags: ['action:order_status'] },
		});
	});

	test('a question goes to Ask (after the actions) and a refusal to No Match (last), each with its reply', async () => {
		const asked = await processTurn(say('where is my order'), setup());
		expect(asked.output).toBe(2);
		expect(asked.json).toMatchObject({ router: { outcome: 'ask', reason: 'missing_field', field: 'order_id' }, reply: { message: 'What is the order number?' } });
		const refused = await processTurn(say('what is the weather like', 'c2'), setup({ settings: { threshold: 0.5, tieMargin: 0.05, maxReasks: 3 } }));
		expect(refused.output).toBe(3);
		expect(refused.json).toMatchObject({ router: { outcome: 'noMatch', reason: 'out_of_scope' }, reply: { message: "No match. Here's what I can do:", tags: ['router:out_of_scope'] } });
	});

	test('conversations are kept per scope: the same id in another flow starts afresh', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(say('where is my order'), setup({ store }));
		expect((await processTurn(say('12345'), setup({ store }))).json).toMatchObject({ router: { outcome: 'action' } });
		await processTurn(say('where is my order'), setup({ store }));
		expect((await processTurn(say('12345'), setup({ store, scope: 'wf2' }))).json).toMatchObject({ router: { outcome: 'noMatch', reason: 'bare_value' } });
	});
});

describe('a conversation belongs to the visitor who started it', () => {
	const from = (sender: string, message: string, conversationId = 'c1') => ({ ...say(message, conversationId), metadata: { sender } });

	test('another visitor with the same conversation id gets a conversation of their own and never sees the first one\'s values', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(from('v:ada', 'unsubscribe me'), setup({ store }));
		const borrowed = await processTurn(from('v:mallory', 'ada@example.com'), setup({ store }));
		expect(borrowed.json.router).toMatchObject({ sharedConversationId: true });
		expect(borrowed.json.conversationId).toMatch(/^c1~/);
		expect(JSON.stringify(borrowed.json.conversation)).not.toContain('unsubscribe me');
		// The first visitor's question is still pending, untouched: their answer completes it.
		const owner = await processTurn(from('v:ada', 'ada@example.com'), setup({ store }));
		expect(owner.json).toMatchObject({ conversationId: 'c1', action: { name: 'unsubscribe' }, fields: { email: 'ada@example.com' } });
		expect(owner.json.router).not.toHaveProperty('sharedConversationId');
	});

	test('the other visitor keeps their own conversation over several turns', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(from('v:ada', 'unsubscribe me'), setup({ store }));
		await processTurn(from('v:mallory', 'where is my order'), setup({ store }));
		const second = await processTurn(from('v:mallory', '12345'), setup({ store }));
		expect(second.json).toMatchObject({ action: { name: 'order_status' }, fields: { order_id: '12345' } });
		expect(second.json.conversationId).toBe((await processTurn(from('v:mallory', 'hi'), setup({ store }))).json.conversationId);
	});

	test('another visitor who takes the id between the router\'s read and its update still gets a conversation of their own', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(from('v:ada', 'unsubscribe me'), setup({ store }));
		// The read sees no conversation yet; the update finds Ada's.
		const racing: StateStore = { get: async () => undefined, update: store.update.bind(store), forget: store.forget.bind(store), close: async () => undefined };
		const borrowed = await processTurn(from('v:mallory', 'ada@example.com'), setup({ store: racing }));
		expect(borrowed.json.router).toMatchObject({ sharedConversationId: true });
		expect(borrowed.json.conversationId).toMatch(/^c1~/);
		expect((await processTurn(from('v:ada', 'ada@example.com'), setup({ store }))).json).toMatchObject({ action: { name: 'unsubscribe' } });
	});

	test('a sender is read from metadata.sender, else from the visitor id; a turn with neither is not bound', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn({ ...say('unsubscribe me'), visitor: { id: 'ada' } }, setup({ store }));
		const other = await processTurn({ ...say('ada@example.com'), visitor: { id: 'bob' } }, setup({ store }));
		expect(other.json.router).toMatchObject({ sharedConversationId: true });
		const unbound = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(say('unsubscribe me'), setup({ store: unbound }));
		expect((await processTurn(say('ada@example.com'), setup({ store: unbound }))).json).toMatchObject({ action: { name: 'unsubscribe' } });
	});
});

describe('hybrid: the chat model decides only when the embedded model is unsure', () => {
	const unsubscribe: ChatModelAnswer = { ranking: [{ action: 'unsubscribe', score: 0.8 }, { action: 'order_status', score: 0 }], fields: { email: 'ada@example.com' } };

	test('a sure embedded answer is not sent to the model', async () => {
		const { asked, chatModel } = model(unsubscribe);
		const { json } = await processTurn(say('where is order 12345'), setup({ intentMode: 'hybrid', chatModel }));
		expect(asked).toEqual([]);
		expect(json).toMatchObject({ router: { intentSource: 'embedded' } });
	});

	test("an unsure one is, and the model's field values are validated and used", async () => {
		const { asked, chatModel } = model(unsubscribe);
		const { output, json } = await processTurn(say('please take me off your list, ada@example.com'), setup({ intentMode: 'hybrid', chatModel }));
		expect(asked).toEqual(['please take me off your list, ada@example.com']);
		expect(output).toBe(1);
		expect(json).toMatchObject({ fields: { email: 'ada@example.com' }, router: { intentSource: 'chat_model' } });
	});

	test('a failing model leaves the embedded answer standing, with the reason', async () => {
		const { chatModel } = model(new Error('timeout after 10 s'));
		const { json } = await processTurn(say('take me off'), setup({ intentMode: 'hybrid', chatModel }));
		expect(json).toMatchObject({
			router: { outcome: 'ask', field: 'email', intentSource: 'embedded (chat model failed: timeout after 10 s)' },
			action: { name: 'unsubscribe' },
		});
	});

	test('an answer mid-collection is not sent to the model, even in Chat Model mode', async () => {
		const { asked, chatModel } = model(unsubscribe);
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(say('where is order'), setup({ store }));
		const { json } = await processTurn(say('12345'), setup({ store, intentMode: 'llm', chatModel }));
		expect(asked).toEqual([]);
		expect(json).toMatchObject({ router: { outcome: 'action', intentSource: 'embedded' }, fields: { order_id: '12345' } });
	});
});

describe('a long answer whose value the extractor cannot find is read by the chat model', () => {
	const LONG = 'it is the one from last tuesday, the receipt says one two three four five';
	async function askedForOrder(chatModel: TurnSetup['chatModel']) {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		await processTurn(say('where is my order'), setup({ store }));
		return (message: string) => processTurn(say(message), setup({ store, intentMode: 'hybrid', chatModel }));
	}

	test("the model's value is validated and answers the question", async () => {
		const { asked, chatModel } = model({ ranking: [], fields: { order_id: '12345' } });
		const { json } = await (await askedForOrder(chatModel))(LONG);
		expect(asked).toEqual([LONG]);
		expect(json).toMatchObject({ router: { outcome: 'action', intentSource: 'embedded (order_id read by the chat model)' }, fields: { order_id: '12345' } });
	});

	test("an invalid value from the model is not taken: the question is asked again", async () => {
		const { chatModel } = model({ ranking: [], fields: { order_id: '123' } });
		const { json } = await (await askedForOrder(chatModel))(LONG);
		expect(json).toMatchObject({ router: { outcome: 'ask', reason: 'invalid_field', field: 'order_id' } });
	});

	test('a value the extractor finds, or a short answer, is never sent to the model', async () => {
		const { asked, chatModel } = model({ ranking: [], fields: { order_id: '99999' } });
		const turn = await askedForOrder(chatModel);
		expect((await turn('it is the one from last tuesday, the receipt says 12345')).json).toMatchObject({ fields: { order_id: '12345' } });
		const again = await askedForOrder(chatModel);
		expect((await again('the usual one')).json).toMatchObject({ router: { reason: 'invalid_field' } });
		expect(asked).toEqual([]);
	});
});

describe('state-store failures', () => {
	const failing = (error: Error): StateStore => ({
		get: async () => {
			throw error;
		},
		update: async () => {
			throw error;
		},
		forget: async () => {
			throw error;
		},
		close: async () => undefined,
	});

	test('Redis down: the visitor is asked to try again, the turn goes to No Match with the error, and no model is paid for', async () => {
		const { asked, chatModel } = model(new Error('not reached'));
		const { output, json } = await processTurn(
			say('take me off'),
			setup({ store: failing(new StateStoreUnavailableError('127.0.0.1:6390', 'connection refused')), intentMode: 'llm', chatModel }),
		);
		expect(asked).toEqual([]);
		expect(output).toBe(3);
		expect(json).toMatchObject({
			router: { outcome: 'noMatch', reason: 'state_unavailable', error: 'Redis is unavailable at 127.0.0.1:6390: connection refused' },
			reply: { message: 'Try again soon.' },
			conversation: { thread: [{ from: 'visitor', text: 'take me off' }], actionsTaken: [] },
		});
	});

	test('a conversation whose stored state was changed outside n8n: the visitor is asked to try again, the flow gets No Match with the error', async () => {
		const unreadable = new StateStoreError('unreadable', 'The value under Redis key p:x could not be decrypted');
		const { output, json } = await processTurn(say('take me off'), setup({ store: failing(unreadable) }));
		expect(output).toBe(3);
		expect(json).toMatchObject({ router: { reason: 'state_unavailable', error: unreadable.message }, reply: { message: 'Try again soon.' } });
	});

	test('a setting the store refuses (an invalid TTL, another encryption key) fails the item instead, so it gets fixed', async () => {
		const invalid = new StateStoreError('invalid', 'ttlSeconds must be a positive number');
		await expect(processTurn(say('take me off'), setup({ store: failing(invalid) }))).rejects.toBe(invalid);
	});
});

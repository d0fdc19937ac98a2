/**
 * The Action Router through n8n's real execution engine: multi-turn conversations with the
 * embedded model and the in-memory store, and the chat-model and hybrid paths with a
 * scripted chat model connected to the Model input (one that fails, too).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type IDataObject, type INodeType, type INodeTypeDescription, NodeConnectionTypes, type SupplyData } from 'n8n-workflow';

import { ActionRouter } from '../../nodes/ActionRouter/ActionRouter.node';
import { DEFAULT_REPLIES } from '../../nodes/ActionRouter/engine/defaults';
import { FIELD_TYPES } from '../../nodes/ActionRouter/engine/fields';
import type { ChatModelLike } from '../../nodes/ActionRouter/engine/llm';
import { closeSharedRedisConnections } from '../../nodes/shared/state/redis';
import { PACKAGE, registerNodeType, runNode } from '../../toolkit/servers/workflow-runner';
import { ROUTER_ACTIONS as ACTIONS } from '../support/router-actions';

/** A chat model whose structured answers the test scripts; `calls` records what it was asked. */
let scriptedAnswer: (message: string) => unknown = () => ({ action: 'none', confidence: 0.9 });
const calls: string[] = [];
const fakeModel: ChatModelLike = {
	withStructuredOutput: () => ({
		invoke: async (input) => {
			const message = input[input.length - 1][1];
			calls.push(message);
			return scriptedAnswer(message);
		},
	}),
};

class FakeChatModel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fake Chat Model',
		name: 'fakeChatModel',
		group: ['transform'],
		version: 1,
		description: 'A scripted chat model for tests',
		defaults: { name: 'Fake Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		properties: [],
	};

	async supplyData(): Promise<SupplyData> {
		return { response: fakeModel };
	}
}
registerNodeType('test.fakeChatModel', new FakeChatModel());


function router(parameters: Record<string, unknown> = {}) {
	return { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ACTIONS, ...parameters } } as never;
}

const MODEL = { node: { name: 'Fake Chat Model', type: 'test.fakeChatModel', parameters: {} }, connectionType: NodeConnectionTypes.AiLanguageModel };

interface RoutedItem {
	action: { name: string; confidence: number; trigger: string };
	fields: Record<string, unknown>;
	reply: { message: string; buttons?: unknown[]; handoff?: boolean; tags: string[] };
	router: { outcome: string; reason?: string; field?: string; intentSource: string };
	conversation: { thread: Array<{ from: string; text: string; at: string }>; actionsTaken: Array<{ name: string; fields: Record<string, unknown>; at: string }> };
}

let conversation = 0;
function newConversation() {
	const conversationId = `node-test-${++conversation}-${Date.now()}`;
	return async (message: string, parameters: Record<string, unknown> = {}, withModel = false) => {
		const { outputs, error } = await runNode({
			node: router(parameters),
			items: [{ event: 'message', conversationId, message, visitor: { id: 'v1' } }],
			subNodes: withModel ? [MODEL] : [],
		});
		if (error) throw error;
		const output = outputs.findIndex((items) => items.length > 0);
		return { output, item: outputs[output][0] as unknown as RoutedItem };
	};
}

test('the description offers every field type the engine knows, and its default replies are the engine\'s', () => {
	const properties = new ActionRouter().description.properties;
	const actions = properties.find((p) => p.name === 'actions') as { options: Array<{ values: Array<{ name: string; options?: Array<{ values: Array<{ name: string; options?: Array<{ value: string }> }> }> }> }> };
	const fields = actions.options[0].values.find((v) => v.name === 'fields')!;
	const type = fields.options![0].values.find((v) => v.name === 'type')!;
	expect(type.options!.map((o) => o.value).sort()).toEqual([...FIELD_TYPES].sort());
	const options = (properties.find((p) => p.name === 'options') as { options: Array<{ name: string; default: unknown }> }).options;
	const defaults = Object.fromEntries(options.map((o) => [o.name, o.default]));
	expect([defaults.noMatchReply, defaults.cancelledReply, defaults.escalatedReply]).toEqual([
		DEFAULT_REPLIES.noMatch,
		DEFAULT_REPLIES.cancelled,
		DEFAULT_REPLIES.escalated,
	]);
});

// Outputs: 0 check_subscription, 1 order_status, 2 Ask, 3 No Match.
test('a multi-turn conversation: intent, ask, invalid answer, re-ask, valid answer, the action\'s output', async () => {
	const say = newConversation();
	let turn = await say('I never get your emails, can you check my subscription?');
	expect(turn.output).toBe(2);
	expect(turn.item.reply).toEqual({
		message: 'Which email address should I check?',
		buttons: [],
		tags: ['action:check_subscription'],
	});
	expect(turn.item.router).toMatchObject({ outcome: 'ask', reason: 'missing_field', field: 'email', intentSource: 'embedded' });

	turn = await say('it is ada at example');
	expect(turn.output).toBe(2);
	expect(turn.item.reply.message).toBe(
		'That does not look like an email address. Please send one like name@example.com. Which email address should I check?',
	);

	turn = await say('ADA@example.com');
	expect(turn.output).toBe(0);
	expect(turn.item.action).toEqual({ name: 'check_subscription', confidence: 1, trigger: 'collection' });
	expect(turn.item.fields).toEqual({ email: 'ada@example.com' });
	expect(turn.item.reply.tags).toEqual(['action:check_subscription']);
});

test('every item carries the conversation so far: the thread it saw and asked, the actions routed and the tags of its replies', async () => {
	const say = newConversation();
	const asked = await say('where is my order?');
	expect(asked.output).toBe(2);
	expect(asked.item.conversation).toEqual({
		thread: [
			{ from: 'visitor', text: 'where is my order?', at: expect.any(String) },
			{ from: 'router', text: 'What is your order number?', at: expect.any(String) },
		],
		actionsTaken: [],
		tags: ['action:order_status'],
	});
	const done = await say('12345');
	expect(done.output).toBe(1);
	expect(done.item.conversation.thread.map((entry) => entry.text)).toEqual(['where is my order?', 'What is your order number?', '12345']);
	expect(done.item.conversation.actionsTaken).toEqual([{ name: 'order_status', fields: { order_id: '12345' }, at: done.item.conversation.thread[2].at }]);
	expect(Date.parse(done.item.conversation.thread[2].at)).toBeGreaterThanOrEqual(Date.parse(asked.item.conversation.thread[0].at));

	// A later request starts a new collection and still carries what came before.
	const later = await say('am I subscribed to your newsletter?');
	expect(later.output).toBe(2);
	expect(later.item.conversation.thread.map((entry) => entry.from)).toEqual(['visitor', 'router', 'visitor', 'visitor', 'router']);
	expect(later.item.conversation.actionsTaken.map((action) => action.name)).toEqual(['order_status']);
});

test('a confirmation is asked with the collected fields filled in, and the thread holds it as asked', async () => {
	const withConfirmation = {
		actions: {
			action: [{ ...ACTIONS.action[1], confirmation: 'Look up order {{fields.order_id}} now?' }, ACTIONS.action[0]],
		},
	};
	const say = newConversation();
	const confirm = await say('has my order 54321 shipped?', withConfirmation);
	expect(confirm.item.reply.message).toBe('Look up order 54321 now?');
	expect(confirm.item.conversation.thread.at(-1)).toMatchObject({ from: 'router', text: 'Look up order 54321 now?' });
	const yes = await say('yes', withConfirmation);
	expect(yes.output).toBe(0);
	expect(yes.item.conversation.actionsTaken).toEqual([{ name: 'order_status', fields: { order_id: '54321' }, at: expect.any(String) }]);
});

test('a message with everything goes straight to its action, with the model\'s confidence', async () => {
	const turn = await newConversation()('where is my order 12345?');
	expect(turn.output).toBe(1);
	expect(turn.item.fields).toEqual({ order_id: '12345' });
	expect(turn.item.action.trigger).toBe('embedded_model');
	expect(turn.item.action.confidence).toBeGreaterThan(0.35);
});

test('something out of scope goes to No Match with a reply for the visitor', async () => {
	const turn = await newConversation()('what is the capital of Peru?');
	expect(turn.output).toBe(3);
	expect(turn.item.reply).toMatchObject({ message: "Sorry, I can't help with that here. Here's what I can do:", handoff: false });
	expect(turn.item.router).toMatchObject({ outcome: 'noMatch', reason: 'out_of_scope' });
});

describe('small talk and handing over, through n8n', () => {
	test('a greeting goes to No Match with what the bot can do; "2" then starts the second action', async () => {
		const say = newConversation();
		const hello = await say('hello!');
		expect(hello.output).toBe(3);
		expect(hello.item.router).toMatchObject({ outcome: 'noMatch', reason: 'small_talk', topic: 'greeting' });
		expect(hello.item.reply).toMatchObject({ message: "Hi! Here's what I can do:", buttons: [{ label: 'Check subscription' }, { label: 'Order status' }] });
		expect((await say('2')).item.router).toMatchObject({ outcome: 'ask', field: 'order_id' });
	});

	test('with Hand Over Output on, "I want a person" goes to Hand Over, and what follows to With a Person until the conversation is released', async () => {
		const parameters = { options: { handoffOutput: true } };
		const conversationId = `handover-${Date.now()}`;
		const say = async (message: string) => (await runNode({ node: router(parameters), items: [{ event: 'message', conversationId, message }] })).outputs;
		const handoff = await say('I want to talk to a person');
		expect(handoff).toHaveLength(6);
		expect(handoff[4][0].router).toMatchObject({ outcome: 'handoff', reason: 'asked_for_person' });
		expect(handoff[4][0].reply).toMatchObject({ message: "OK, I'm passing you to a teammate.", handoff: true });

		const waiting = await say('hello? anyone there?');
		expect(waiting[5][0].router).toMatchObject({ outcome: 'held', reason: 'person_holds' });
		expect(waiting[5][0].reply).toMatchObject({ message: '', handoff: true });
		expect(waiting.slice(0, 5).flat()).toEqual([]);

		const released = await runNode({ node: router({ operation: 'release' }), items: [{ conversationId }] });
		expect(released.outputs).toEqual([[{ conversationId, released: true }]]);
		expect((await say('where is my order?'))[2][0].router).toMatchObject({ outcome: 'ask', field: 'order_id' });
	});

	test('without it, the re-ask cap goes to No Match and promises no teammate', async () => {
		const say = newConversation();
		const parameters = { options: { maxReasks: 1 } };
		await say('where is my order?', parameters);
		await say('123', parameters);
		const capped = await say('456', parameters);
		expect(capped.output).toBe(3);
		expect(capped.item.router).toMatchObject({ outcome: 'noMatch', reason: 'escalated' });
		expect(capped.item.reply.handoff).toBe(false);
		expect(capped.item.reply.message).not.toMatch(/teammate/);
	});
});

test('with Redis unreachable the visitor is asked to try again, and the turn goes to No Match without the password', async () => {
	// A loopback port nothing listens on: connections are refused at once.
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	const password = 'node-test-redis-password-not-a-secret';

	const { outputs, error } = await runNode({
		node: router({ stateStore: 'redis' }),
		items: [{ event: 'message', conversationId: `redis-down-${Date.now()}`, message: 'where is my order?', visitor: { id: 'v1' } }],
		credentials: { chatActionsRedisApi: { host: '127.0.0.1', port, password, database: 0 } },
	});

	await closeSharedRedisConnections(); // else its reconnect attempts keep jest alive

	expect(error).toBeUndefined();
	const noMatch = outputs[3][0] as unknown as RoutedItem & { router: { error: string } };
	expect(noMatch.reply).toMatchObject({ message: DEFAULT_REPLIES.stateUnavailable, tags: ['router:state_unavailable'] });
	expect(noMatch.router).toMatchObject({ outcome: 'noMatch', reason: 'state_unavailable' });
	expect(noMatch.router.error).toContain(`127.0.0.1:${port}`);
	expect(noMatch.conversation.thread.map((entry) => entry.text)).toEqual(['where is my order?']);
	expect(JSON.stringify(outputs)).not.toContain(password);
});

test('duplicate action names fail with a message naming them', async () => {
	const { error } = await runNode({
		node: router({ actions: { action: [ACTIONS.action[0], { ...ACTIONS.action[1], name: 'check_subscription' }] } }),
		items: [{ conversationId: 'x', message: 'hi' }],
	});
	expect(error?.message).toBe('Two actions are named "check_subscription": each needs its own name');
});

describe('with a chat model', () => {
	beforeEach(() => (calls.length = 0));

	test('"Chat Model" mode routes with the model\'s structured answer', async () => {
		scriptedAnswer = () => ({ action: 'order_status', confidence: 0.97 });
		const turn = await newConversation()('I would like to know about the parcel I bought, number 54321', { intentMode: 'llm' }, true);
		expect(calls).toEqual(['I would like to know about the parcel I bought, number 54321']);
		expect(turn.output).toBe(1);
		expect(turn.item.action).toEqual({ name: 'order_status', confidence: 0.97, trigger: 'chat_model' });
		expect(turn.item.router.intentSource).toBe('chat_model');
	});

	test('the chat model\'s field values are validated and used, so nothing needs asking', async () => {
		scriptedAnswer = () => ({ action: 'check_subscription', confidence: 0.9, fields: { email: 'Ada@Example.com', bogus: 'x' } });
		const turn = await newConversation()('is ada at example dot com on your list? it is Ada@Example.com', { intentMode: 'llm' }, true);
		expect(turn.output).toBe(0);
		expect(turn.item.fields).toEqual({ email: 'ada@example.com' });
	});

	test('an invalid value from the chat model is not taken: the field is asked for', async () => {
		scriptedAnswer = () => ({ action: 'check_subscription', confidence: 0.9, fields: { email: 'ada at example' } });
		const turn = await newConversation()('check my subscription please', { intentMode: 'llm' }, true);
		expect(turn.output).toBe(2);
		expect(turn.item.router).toMatchObject({ outcome: 'ask', field: 'email' });
	});

	test('hybrid mode does not ask the model when the embedded model is sure', async () => {
		scriptedAnswer = () => ({ action: 'none', confidence: 1 });
		const turn = await newConversation()('where is my order 12345', { intentMode: 'hybrid' }, true);
		expect(calls).toEqual([]);
		expect(turn.output).toBe(1);
		expect(turn.item.router.intentSource).toBe('embedded');
	});

	test('hybrid mode asks the model when unsure, and its "none" goes to No Match', async () => {
		scriptedAnswer = () => ({ action: 'none', confidence: 0.95 });
		const turn = await newConversation()('can you write me a poem', { intentMode: 'hybrid' }, true);
		expect(calls).toEqual(['can you write me a poem']);
		expect(turn.output).toBe(3);
		expect(turn.item.router.intentSource).toBe('chat_model');
	});

	test('when the model fails, the embedded answer stands and the item says so', async () => {
		scriptedAnswer = () => {
			throw new Error('rate limited');
		};
		const turn = await newConversation()('where is my parcel, order 12345', { intentMode: 'llm' }, true);
		expect(turn.item.router.intentSource).toBe('embedded (chat model failed: rate limited)');
		expect(turn.output).toBe(1);
	});

	test('a model that is required but not connected is a clear error', async () => {
		await expect(newConversation()('hello', { intentMode: 'llm' }, false)).rejects.toMatchObject({
			message: 'Intent detection "llm" needs a chat model connected to the Model input',
		});
	});
});

describe('three ways in: this package\'s trigger, n8n\'s own Chat Trigger, any other trigger', () => {
	async function route(items: IDataObject[], parameters: Record<string, unknown> = {}) {
		const { outputs, error } = await runNode({ node: router(parameters), items });
		if (error) throw error;
		const output = outputs.findIndex((out) => out.length > 0);
		return { output, item: outputs[output][0] as unknown as RoutedItem & Record<string, unknown> };
	}

	test("an item of n8n's Chat Trigger is read without configuration: session, message, user, and @n8n/chat's reply shape", async () => {
		const sessionId = `n8n-chat-${Date.now()}`;
		const asked = await route([{ sessionId, action: 'sendMessage', chatInput: 'where is my order?' }]);
		expect(asked.output).toBe(2);
		expect(asked.item).toMatchObject({
			sessionId,
			chatInput: 'where is my order?',
			conversationId: sessionId,
			message: 'where is my order?',
			metadata: { dialect: 'n8nChat', source: 'n8nChatTrigger' },
			router: { outcome: 'ask', field: 'order_id' },
		});
		const answered = await route([{ sessionId, action: 'sendMessage', chatInput: '12345', user: { id: 'u1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' } }]);
		expect(answered.output).toBe(1);
		expect(answered.item).toMatchObject({ fields: { order_id: '12345' }, visitor: { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace' } });
	});

	test('an item of another trigger is read where the Input parameters point (a Telegram update)', async () => {
		const chat = 700 + Math.floor(Math.random() * 1000);
		const telegram = (text: string) => ({ update_id: 1, message: { message_id: 2, text, chat: { id: chat, type: 'private' }, from: { first_name: 'Ada' } } });
		const parameters = {
			input: 'define',
			inputMessage: '={{ $json.message.text }}',
			inputConversationId: '={{ $json.message.chat.id }}',
			inputName: '={{ $json.message.from.first_name }}',
		};
		const asked = await route([telegram('where is my order?')], parameters);
		expect(asked.item).toMatchObject({ conversationId: String(chat), message: 'where is my order?', visitor: { name: 'Ada' }, router: { outcome: 'ask' } });
		const answered = await route([telegram('12345')], parameters);
		expect(answered.output).toBe(1);
		expect(answered.item).toMatchObject({ fields: { order_id: '12345' }, update_id: 1 });
	});
});

describe('Forget a Conversation (a privacy request, or the end of a chat)', () => {
	test("erases the conversation's state at once: its thread and fields are gone, and its next message starts afresh", async () => {
		const conversationId = `node-forget-${Date.now()}`;
		const turn = async (message: string) => {
			const { outputs, error } = await runNode({ node: router(), items: [{ event: 'message', conversationId, message }] });
			if (error) throw error;
			const output = outputs.findIndex((items) => items.length > 0);
			return { output, item: outputs[output][0] as unknown as RoutedItem };
		};
		const forget = async (items: IDataObject[]) => {
			const { outputs, error } = await runNode({ node: router({ operation: 'forget' }), items });
			if (error) throw error;
			return outputs;
		};

		expect((await turn('where is my order?')).item.reply.message).toBe('What is your order number?');
		expect(await forget([{ conversationId }, { sessionId: 'never-seen' }])).toEqual([
			[
				{ conversationId, forgotten: true },
				{ conversationId: 'never-seen', forgotten: false },
			],
		]);
		const after = await turn('it is 12345');
		// Not the order number it was asked for: the order_status output (1) is not taken.
		expect(after.output).not.toBe(ACTIONS.action.findIndex((action) => action.name === 'order_status'));
		expect(after.item.conversation.thread[0].text).toBe('it is 12345');
		expect(after.item.conversation.actionsTaken).toEqual([]);
	});

	test('an item without a conversation ID is a clear error', async () => {
		const { error } = await runNode({ node: router({ operation: 'forget' }), items: [{ message: 'hi' }] });
		expect(error?.message).toBe('No conversation ID to forget');
	});
});

/**
 * Chatwoot: examples/ways-in/chatwoot.json as it ships (Chat Action Trigger with Payload Format
 * "Chatwoot Agent Bot" and Verification "Chatwoot Signature" → Action Router → HTTP Action → Chat
 * Reply sending through Chatwoot). Its credential points at a local Chatwoot
 * (toolkit/servers/chatwoot-server.ts) that delivers the agent bot's signed webhooks to the
 * trigger, takes the bot's replies, notes, status and labels through its account API, and
 * delivers back what the bot itself did, as Chatwoot does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DemoApi } from '../../../examples/demo-api';
import { type ExecutionRecord, nodeOutput } from '../../../toolkit/n8n/n8n-instance';
import { ChatwootServer } from '../../../toolkit/servers/chatwoot-server';
import { EXAMPLES } from '../example-flows';
import type { ChannelSuite, ExampleWorkflow, WaysInContext } from './suite';

const flow = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'chatwoot.json'), 'utf8')) as ExampleWorkflow;
const TRIGGER = flow.nodes.find((node) => node.type === 'n8n-nodes-chat-actions.chatActionTrigger')!;
const WEBHOOK = String(TRIGGER.parameters!.path);
const SECRET = 'chatwoot-bot-webhook-secret';

let chatwoot: ChatwootServer;

export const chatwootSuite: ChannelSuite = {
	name: 'Chatwoot',
	async setUp() {
		// The bot's webhook URL is known once n8n runs (beforeAll below).
		chatwoot = await new ChatwootServer({ token: 'bot-access-token', webhook: { url: '', secret: SECRET } }).start();
		const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'credentials.json'), 'utf8')) as Array<{ id: string; data: object }>;
		const bot = credentials.find((credential) => credential.id === 'chatwootBotCred')!;
		return {
			workflows: [{ ...flow, active: true }],
			credentials: [{ ...bot, data: { url: chatwoot.url, apiAccessToken: 'bot-access-token', webhookSecret: SECRET } }],
			readyWebhooks: [{ path: WEBHOOK, method: 'POST' }],
		};
	},
	async tearDown() {
		await chatwoot?.close();
	},
	tests(context) {
		beforeAll(() => {
			chatwoot.options.webhook!.url = context().n8n.webhookUrl(WEBHOOK);
		});

		test('a contact asks, is told why an email is refused, gives one, confirms with Chatwoot\'s Yes button, and the key is reset once', async () => {
			const { api } = context();
			const conversation = chatwoot.addConversation({ name: 'Ada', email: null });
			const say = speaker(conversation.id);

			expect(await say('I need to reset my API key')).toEqual({ content: 'What is the email address of your account?', content_type: 'text' });
			expect((await say('ada at example dot com')).content).toBe(
				'That does not look like an email address. Please send one like name@example.com. What is the email address of your account?',
			);
			expect(await say('ada@example.com')).toEqual({
				content: 'Reset the API key of ada@example.com? The old key stops working within an hour.',
				content_type: 'input_select',
				items: [
					{ title: 'Yes', value: 'confirm:yes' },
					{ title: 'No', value: 'confirm:no' },
				],
			});

			// The contact clicks Yes in the widget: Chatwoot saves it on the bot's message and sends message_updated.
			const picked = await chatwoot.deliverSelection(conversation.id, 'confirm:yes');
			expect(picked.status).toBe(200);
			const done = await chatwoot.waitFor(() => chatwoot.sent(conversation.id)[3], 'the answer to Yes');
			// The demo API's own words ("message" in its answer) are the reply.
			expect(done.content).toBe('A new API key is on its way to ada@example.com.');
			const confirmation = (await executionsOf(context(), conversation.id, 4))[3];
			expect(nodeOutput(confirmation, 'Chatwoot Bot Webhook')?.[0]).toMatchObject({ event: 'button', actionId: 'confirm:yes', message: 'Yes' });

			// Chatwoot delivers the same pick again (its delivery timed out): the key is not reset twice.
			const redelivered = await chatwoot.deliver(lastDelivery(conversation.id, 'message_updated').payload);
			expect(redelivered.status).toBe(200);
			expect(await say('thanks!')).toMatchObject({ content_type: 'text' });
			expect(turnsOf(await executionsOf(context(), conversation.id, 5))).toEqual(['I need to reset my API key', 'ada at example dot com', 'ada@example.com', 'Yes', 'thanks!']);
			expect(resets(api, 'ada@example.com')).toHaveLength(1);
		});

		test('asked for a person, the bot hands over (note with the thread and actions, labels, status open), stays silent while the agent answers, and answers again once the conversation is resolved', async () => {
			const { api } = context();
			const conversation = chatwoot.addConversation({ name: 'Grace', email: 'grace@example.com' }, 'pending', ['vip']);
			const say = speaker(conversation.id);

			expect((await say('where is my order?')).content).toBe('What is your order number? It has 5 digits.');
			expect((await say('it is 1234')).content).toBe("That doesn't look like an order number: it has 5 digits, like 12345. What is your order number? It has 5 digits.");
			expect((await say('12345')).content).toBe('Your order 12345 is shipped. Track it: https://shop.example.com/track/12345');
			const callsBefore = chatwoot.calls.length;
			const handedOver = await say('can I talk to a person please');
			expect(handedOver.content).toMatch(/^I've passed our conversation to a person on our team \(ticket H-\d{4}\)\. They can see what we said so far and will answer here shortly\.$/);

			// The handoff as Chatwoot does it: the reply, a private note, status open, the labels kept and "handoff" added.
			await chatwoot.waitFor(() => chatwoot.calls.length >= callsBefore + 4, 'the handoff');
			const path = `/api/v1/accounts/1/conversations/${conversation.id}`;
			expect(chatwoot.calls.slice(callsBefore).map((call) => `${call.method} ${call.path}`)).toEqual([
				`POST ${path}/messages`,
				`POST ${path}/messages`,
				`POST ${path}/toggle_status`,
				`POST ${path}/labels`,
			]);
			expect(conversation.status).toBe('open');
			// The reply's tags as labels: the router's (why it handed over) and the flow's "handoff".
			expect(conversation.labels).toEqual(['vip', 'router-handoff', 'router-asked_for_person', 'handoff']);
			const [note] = chatwoot.notes(conversation.id);
			expect(String(note.content).split('\n')[0]).toBe('Handed over by the bot: the contact asked for a person.');
			expect(note.content).toMatch(/Contact: where is my order\?\n.*Bot: What is your order number\? It has 5 digits\.\n/);
			expect(note.content).toMatch(/Contact: can I talk to a person please\n/);
			expect(note.content).toMatch(/Actions taken:\n- .*order\\_status \(order\\_id: 12345\)/);
			expect(note.content).toContain('Tags: router:handoff, router:asked\\_for\\_person, handoff');
			const tickets = api.sideEffects.filter((effect) => effect.kind === 'handoff' && effect.conversationId === `chatwoot:1:${conversation.id}`);
			expect(tickets).toHaveLength(1);

			// The agent answers and writes a private note; the contact writes, asking what the bot would answer.
			const sentByBot = chatwoot.sent(conversation.id).length;
			expect((await chatwoot.deliverAgentMessage(conversation.id, 'Hi Grace, Sam here. Let me look at your parcel.')).status).toBe(200);
			expect((await chatwoot.deliverAgentMessage(conversation.id, 'Carrier says it is lost', { private: true })).status).toBe(200);
			expect((await chatwoot.deliverMessage(conversation.id, 'where is my order? it never came')).status).toBe(200);
			const held = (await executionsOf(context(), conversation.id, 5))[4];
			expect(nodeOutput(held, 'Agent Answers in Chatwoot')?.[0]).toMatchObject({ message: 'where is my order? it never came', router: { outcome: 'held' }, reply: { message: '' } });
			expect(chatwoot.sent(conversation.id)).toHaveLength(sentByBot);

			// The agent resolves the conversation: the bot is released, and answers the contact's next message.
			expect((await chatwoot.setStatus(conversation.id, 'resolved')).status).toBe(200);
			const released = (await executionsOf(context(), conversation.id, 6))[5];
			expect(nodeOutput(released, 'Chatwoot Bot Webhook')?.[0]).toMatchObject({ event: 'release' });
			expect(chatwoot.sent(conversation.id)).toHaveLength(sentByBot);
			// Chatwoot reopens the resolved conversation as pending (the inbox has a bot), and the bot, which remembers the order, answers.
			expect(await say('where is my order?')).toEqual({
				content: 'What is your order number? It has 5 digits. Use 12345?',
				content_type: 'input_select',
				items: [
					{ title: 'Yes', value: 'confirm:yes' },
					{ title: 'No', value: 'confirm:no' },
				],
			});
			expect(conversation.status).toBe('pending');
			expect(chatwoot.agentReplies(conversation.id).map((message) => message.content)).toEqual(['Hi Grace, Sam here. Let me look at your parcel.']);
			expect(turnsOf(await executionsOf(context(), conversation.id, 7))).toEqual([
				'where is my order?',
				'it is 1234',
				'12345',
				'can I talk to a person please',
				'where is my order? it never came',
				'(release)',
				'where is my order?',
			]);
			expect(tickets).toHaveLength(1);
		});

		test('a Chatwoot older than bot labels (PR #14655) refuses them; the conversation is handed over all the same and the flow succeeds', async () => {
			const conversation = chatwoot.addConversation({ name: 'Edsger', email: 'edsger@example.com' });
			chatwoot.options.botsMayLabel = false;
			try {
				const callsBefore = chatwoot.calls.length;
				expect((await speaker(conversation.id)('I want to talk to a person')).content).toMatch(/^I've passed our conversation to a person on our team \(ticket H-\d{4}\)/);
				const [handoff] = await executionsOf(context(), conversation.id, 1);
				expect(handoff.status).toBe('success');
				expect(nodeOutput(handoff, 'Hand Over in Chatwoot')?.[0]?.delivery).toMatchObject({ channel: 'chatwoot', handedOver: true });
				expect(chatwoot.calls.slice(callsBefore).map((call) => call.path.split('/').at(-1))).toEqual(['messages', 'messages', 'toggle_status', 'labels']);
				expect([conversation.status, conversation.labels, chatwoot.notes(conversation.id).length]).toEqual(['open', [], 1]);
			} finally {
				chatwoot.options.botsMayLabel = true;
			}
		});

		test('an unsigned, wrongly signed or stale delivery gets 401/403 and starts nothing', async () => {
			const conversation = chatwoot.addConversation({ name: 'Mallory', email: 'mallory@example.com' });
			const unsigned = await chatwoot.deliverMessage(conversation.id, 'I need to reset my API key', { secret: null });
			expect(unsigned.status).toBe(401);
			const wrongSecret = await chatwoot.deliverMessage(conversation.id, 'I need to reset my API key', { secret: 'not-the-bot-secret' });
			expect(wrongSecret.status).toBe(403);
			const stale = await chatwoot.deliverMessage(conversation.id, 'I need to reset my API key', { at: Math.floor(Date.now() / 1000) - 3600 });
			expect(stale.status).toBe(401);

			// A genuine message afterwards is the conversation's first execution and gets the only reply.
			expect((await speaker(conversation.id)('where is my order?')).content).toBe('What is your order number? It has 5 digits.');
			expect(turnsOf(await executionsOf(context(), conversation.id, 1))).toEqual(['where is my order?']);
			expect(chatwoot.sent(conversation.id)).toHaveLength(1);
		});

		test("outgoing messages, private notes and the bot's own posts start nothing; a redelivered message is acted on once", async () => {
			const conversation = chatwoot.addConversation({ name: 'Linus', email: 'linus@example.com' });
			const say = speaker(conversation.id);
			expect((await chatwoot.deliverAgentMessage(conversation.id, 'Hello Linus, how can we help?')).status).toBe(200);
			expect((await chatwoot.deliverAgentMessage(conversation.id, 'Linus is on the enterprise plan', { private: true })).status).toBe(200);

			const first = await chatwoot.deliverMessage(conversation.id, 'where is my order?');
			expect(first.status).toBe(200);
			const redelivered = await chatwoot.deliver(lastDelivery(conversation.id, 'message_created').payload);
			expect(redelivered.status).toBe(200);
			await chatwoot.waitFor(() => chatwoot.sent(conversation.id).length >= 1, 'the question');
			expect((await say('23456')).content).toBe('Your order 23456 is being packed. Track it: https://shop.example.com/track/23456');

			await chatwoot.settled();
			expect(turnsOf(await executionsOf(context(), conversation.id, 2))).toEqual(['where is my order?', '23456']);
			expect(chatwoot.sent(conversation.id).map((message) => message.content)).toEqual([
				'What is your order number? It has 5 digits.',
				'Your order 23456 is being packed. Track it: https://shop.example.com/track/23456',
			]);
			// Chatwoot delivered the bot's own messages back to it, as it does: each answered 200 with no execution.
			const ofConversation = chatwoot.deliveries.filter((delivery) => conversationOf(delivery.payload) === conversation.id);
			const echoes = ofConversation.filter((delivery) => (delivery.payload.sender as { type?: string } | null)?.type === 'agent_bot');
			expect(echoes.map((delivery) => delivery.payload.content)).toEqual(chatwoot.sent(conversation.id).map((message) => message.content));
			expect(ofConversation.map((delivery) => delivery.status)).toEqual(ofConversation.map(() => 200));
		});
	},
};

interface BotMessage {
	content: string | null;
	content_type: string;
	items?: unknown;
}

/** The contact writes `text`; resolves with the bot's next message (content, type and input_select items). */
function speaker(conversationId: number): (text: string) => Promise<BotMessage> {
	return async (text) => {
		const before = chatwoot.sent(conversationId).length;
		const response = await chatwoot.deliverMessage(conversationId, text);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({});
		const message = await chatwoot.waitFor(() => chatwoot.sent(conversationId)[before], `the bot's answer to "${text}"`);
		const items = message.content_attributes.items;
		return { content: message.content, content_type: message.content_type, ...(items ? { items } : {}) };
	};
}

/** The flow's finished executions for one Chatwoot conversation, once there are at least `count`. */
async function executionsOf({ n8n }: WaysInContext, conversationId: number, count: number): Promise<ExecutionRecord[]> {
	const ofConversation = (executions: ExecutionRecord[]) =>
		executions.filter((execution) => nodeOutput(execution, 'Chatwoot Bot Webhook')?.[0]?.conversationId === `chatwoot:1:${conversationId}`);
	const deadline = Date.now() + 30_000;
	for (;;) {
		const finished = await n8n.waitForExecutions(0, { workflowId: flow.id });
		const found = ofConversation(finished);
		if (found.length >= count || Date.now() > deadline) return found;
		await new Promise((done) => setTimeout(done, 200));
	}
}

/** What started each execution: the contact's message, or "(release)". */
function turnsOf(executions: ExecutionRecord[]): string[] {
	return executions.map((execution) => {
		const turn = nodeOutput(execution, 'Chatwoot Bot Webhook')?.[0];
		return turn?.event === 'release' ? '(release)' : String(turn?.message);
	});
}

/** The conversation a delivered payload is about: a message's, or the conversation itself. */
function conversationOf(payload: Record<string, unknown>): number {
	const conversation = payload.conversation as { id?: number } | undefined;
	return Number(conversation?.id ?? payload.id);
}

/** The latest delivery from the contact's side in a conversation: an incoming message, or a pick (message_updated). */
function lastDelivery(conversationId: number, event: 'message_created' | 'message_updated') {
	const found = [...chatwoot.deliveries]
		.reverse()
		.find((delivery) => delivery.event === event && conversationOf(delivery.payload) === conversationId && (event === 'message_updated' || delivery.payload.message_type === 'incoming'));
	if (!found) throw new Error(`No ${event} was delivered in conversation ${conversationId}`);
	return found;
}

function resets(api: DemoApi, email: string) {
	return api.requests.filter((request) => request.path === '/api-keys/reset' && request.body?.email === email);
}

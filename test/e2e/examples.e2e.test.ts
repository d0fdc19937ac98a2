/**
 * The example flows (examples/*.json) in a real n8n, as `npm start` runs them: imported with
 * examples/credentials.json, against the demo API (examples/demo-api.js), and played as
 * multi-turn conversations through their production webhooks. Each completed action must
 * reach the demo API exactly once with its side effect. Every flow with an Action Router, those
 * behind n8n's Chat Trigger and Telegram (examples/ways-in/) included, hands over for real: the
 * re-ask cap makes a ticket on the demo API's desk, with the thread, and the reply names it.
 * Then a person has the conversation: what the visitor writes is added to the ticket (the
 * router's With a Person output), and the visitor is told so, until the person gives it back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DemoApi } from '../../examples/demo-api';
import { EXAMPLES, exampleWorkflow, exampleWorkflows, type ExamplesRun, startExamples } from './example-flows';
import type { N8nInstance } from '../../toolkit/n8n/n8n-instance';
import { TelegramServer } from '../../toolkit/servers/telegram-server';

const workflows = exampleWorkflows();
const webhookPaths = workflows.flatMap((wf) => wf.nodes.filter((n) => n.webhookId).map((n) => String(n.parameters.path)));
const chatTriggerFlow = exampleWorkflow('ways-in/n8n-chat-trigger.json');
const telegramFlow = exampleWorkflow('ways-in/telegram.json');
const webhookIdOf = (flow: typeof telegramFlow, type: string) => flow.nodes.find((node) => node.type === type)!.webhookId!;
const CHAT_WEBHOOK = `${webhookIdOf(chatTriggerFlow, '@n8n/n8n-nodes-langchain.chatTrigger')}/chat`;
const TELEGRAM_WEBHOOK = `${webhookIdOf(telegramFlow, 'n8n-nodes-base.telegramTrigger')}/webhook`;

let run: ExamplesRun | undefined;
let api: DemoApi;
let n8n: N8nInstance;
let telegram: TelegramServer | undefined;

beforeAll(async () => {
	// The Telegram flow registers its webhook with the Bot API when n8n activates it: a local one.
	telegram = await new TelegramServer('123456:examples-bot-token').start();
	// Its two credentials (n8n's Telegram API for the trigger, Chat Actions Telegram API for Chat Reply), on the local Bot API.
	const telegramCredentials = (JSON.parse(readFileSync(join(EXAMPLES, 'ways-in', 'credentials.json'), 'utf8')) as Array<{ type: string; data: object }>)
		.filter((credential) => ['telegramApi', 'chatActionsTelegramApi'].includes(credential.type))
		.map((credential) => ({ ...credential, data: { ...credential.data, accessToken: telegram!.token, baseUrl: telegram!.url } }));
	run = await startExamples(
		[...workflows, chatTriggerFlow, telegramFlow],
		[...webhookPaths, CHAT_WEBHOOK, TELEGRAM_WEBHOOK].map((path) => ({ path, method: 'POST' })),
		telegramCredentials,
	);
	({ api, n8n } = run);
}, 600_000);

afterAll(async () => {
	await run?.stop();
	await telegram?.close();
});

beforeEach(() => api.reset());

interface Reply {
	message: string;
	buttons: Array<{ label: string; actionId?: string; url?: string }>;
	tags: string[];
	handoff: boolean;
}

function conversation(path: string) {
	const conversationId = `examples-${path}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
	const post = async (body: object): Promise<Reply> => {
		const response = await fetch(n8n.webhookUrl(path), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ conversationId, ...body }),
		});
		expect(response.status).toBe(200);
		return (await response.json()) as Reply;
	};
	return {
		id: conversationId,
		say: (message: string) => post({ message }),
		leadForm: (fields: object) => post({ event: 'lead_captured', fields }),
		click: (actionId: string, label: string) => post({ event: 'button', actionId, message: label }),
	};
}

const sideEffectCalls = (path: string) => api.requests.filter((r) => r.method === 'POST' && r.path === path && !r.replayed);

test('every example is imported and answers on its webhook', () => {
	expect(webhookPaths).toEqual(expect.arrayContaining(['lead-capture', 'multilingual-support', 'status-lookups', 'subscriptions', 'support', 'support-release']));
});

test('subscriptions: check, then unsubscribe over three turns; one unsubscribe call', async () => {
	const check = conversation('subscriptions');
	expect(await check.say('Am I subscribed to your newsletter?')).toMatchObject({
		message: 'Which email address should I check?',
		tags: ['action:check_subscription'],
	});
	expect((await check.say('ada@example.com')).message).toBe('ada@example.com is subscribed to these lists: weekly, offers.');

	const leave = conversation('subscriptions');
	expect((await leave.say('Please unsubscribe me, I get too many emails')).message).toBe('Which email address should I unsubscribe?');
	const listQuestion = await leave.say('it is ADA@example.com');
	expect(listQuestion.message).toBe('Which list do you want to leave?');
	expect(listQuestion.buttons.map((b) => b.label)).toEqual(['weekly', 'product news', 'offers']);
	expect(await leave.say('the weekly one')).toMatchObject({ message: 'Done: ada@example.com is off the weekly list.', tags: ['action:unsubscribe'] });

	expect(sideEffectCalls('/subscriptions/unsubscribe')).toHaveLength(1);
	expect(api.sideEffects).toEqual([{ kind: 'unsubscribe', email: 'ada@example.com', list: 'weekly' }]);

	const again = conversation('subscriptions');
	await again.say('check my subscription please');
	expect((await again.say('ada@example.com')).message).toBe('ada@example.com is subscribed to these lists: offers.');
	expect(api.sideEffects).toHaveLength(1);

	const none = conversation('subscriptions');
	await none.say('which lists am I on?');
	expect((await none.say('lin@example.com')).message).toBe('lin@example.com is not subscribed to any of our lists.');
}, 120_000);

test('subscriptions: a message resent by a widget that timed out (no message id of its own) unsubscribes once', async () => {
	const leave = conversation('subscriptions');
	const message = 'unsubscribe ada@example.com from the weekly list';
	const first = await leave.say(message);
	expect(first.message).toBe('Done: ada@example.com is off the weekly list.');
	expect(await leave.say(message)).toMatchObject({ message: first.message });
	const calls = api.requests.filter((request) => request.path === '/subscriptions/unsubscribe');
	expect(calls).toHaveLength(2);
	expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
	expect(calls[1].replayed).toBe(true);
	expect(api.sideEffects).toEqual([{ kind: 'unsubscribe', email: 'ada@example.com', list: 'weekly' }]);
}, 120_000);

test('subscriptions: a re-opt-in asks for the email and the list, then sends one confirmation email', async () => {
	const chat = conversation('subscriptions');
	expect(await chat.say('I never got the confirmation email, can you resend it?')).toMatchObject({
		message: 'Which email address should I send the confirmation to?',
		tags: ['action:resubscribe'],
	});
	const listQuestion = await chat.say('ada@example.com');
	expect(listQuestion.message).toBe('Which list do you want to be back on?');
	expect(listQuestion.buttons.map((b) => b.label)).toEqual(['weekly', 'product news', 'offers']);
	expect(api.requests).toHaveLength(0);
	expect(await chat.say('product news')).toMatchObject({
		message: 'We sent a confirmation email to ada@example.com: click its link to be back on the product news list.',
		tags: ['action:resubscribe'],
	});
	expect(sideEffectCalls('/subscriptions/resubscribe')).toHaveLength(1);
	expect(api.sideEffects).toEqual([{ kind: 'confirmation_email', email: 'ada@example.com', list: 'product news' }]);
}, 120_000);

test('subscriptions: out of scope goes to No Match, which offers what the bot can do', async () => {
	const reply = await conversation('subscriptions').say('What is the capital of Peru?');
	expect(reply).toMatchObject({ message: "Sorry, I can't help with that here. Here's what I can do:", handoff: false });
	expect(reply.buttons).toEqual([
		{ label: 'Check my subscriptions', actionId: 'choose:check_subscription' },
		{ label: 'Unsubscribe', actionId: 'choose:unsubscribe' },
		{ label: 'Subscribe again', actionId: 'choose:resubscribe' },
	]);
	expect(api.requests).toHaveLength(0);
}, 60_000);

test('status look-ups: order status asks for the number, re-asks an invalid one, answers; unknown order shows the API message', async () => {
	const chat = conversation('status-lookups');
	expect((await chat.say('Where is my order?')).message).toBe('What is your order number? It has 5 digits.');
	expect((await chat.say('I do not know it')).message).toBe("That doesn't look like an order number. What is your order number? It has 5 digits.");
	expect(await chat.say('it is 12345')).toMatchObject({
		message: 'Your order 12345 is shipped.',
		tags: ['action:order_status'],
		// The URL action: a link button from a URL template on the success branch.
		buttons: [{ label: 'Track it', url: 'https://shop.example.com/track/12345' }],
	});

	const unknown = conversation('status-lookups');
	const notFound = await unknown.say('Has my order 99999 shipped?');
	expect(notFound).toMatchObject({ message: 'We could not find order 99999.', handoff: false });
	expect(notFound.buttons ?? []).toEqual([]); // no tracking link on the error branch
	expect(api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /orders/12345 200', 'GET /orders/99999 404']);
}, 120_000);

test('status look-ups: campaign stats composed from the API\'s data by the reply template, asked for when missing', async () => {
	const direct = conversation('status-lookups');
	expect(await direct.say('How did campaign 1001 do?')).toMatchObject({
		message: 'Campaign 1001 (Spring sale): 12000 sent, 5400 opened (45%), 1320 clicked (11%).',
		tags: ['action:campaign_stats'],
	});

	const asked = conversation('status-lookups');
	expect((await asked.say('Show me the campaign statistics')).message).toBe('Which campaign? Its number has 4 digits.');
	expect((await asked.say('the newsletter one')).message).toBe("That doesn't look like a campaign number. Which campaign? Its number has 4 digits.");
	expect((await asked.say('1002')).message).toBe('Campaign 1002 (Product news, November): 8000 sent, 2400 opened (30%), 400 clicked (5%).');

	const unknown = await conversation('status-lookups').say('How did campaign 9999 do?');
	expect(unknown).toMatchObject({ message: 'We could not find campaign 9999.', handoff: false });
	expect(api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
		'GET /campaigns/1001/stats 200',
		'GET /campaigns/1002/stats 200',
		'GET /campaigns/9999/stats 404',
	]);
}, 120_000);

test('support: an API key reset asks, confirms with buttons, resets once', async () => {
	const chat = conversation('support');
	expect((await chat.say('I need a new API key, mine leaked')).message).toBe('What is the email address of your account?');
	const confirm = await chat.say('grace@example.com');
	expect(confirm.message).toBe('Reset the API key of grace@example.com? The old key stops working within an hour.');
	expect(confirm.buttons.length).toBe(2);
	expect(api.requests).toHaveLength(0); // nothing happens before the confirmation
	const yes = confirm.buttons[0];
	expect((await chat.click(String(yes.actionId), yes.label)).message).toBe('A new API key is on its way to grace@example.com.');
	expect(sideEffectCalls('/api-keys/reset')).toHaveLength(1);
	expect(api.sideEffects).toEqual([{ kind: 'api_key_reset', email: 'grace@example.com' }]);
	expect(api.requests[0].idempotencyKey).toEqual(expect.any(String));
}, 120_000);

const handoffs = () => api.sideEffects.filter((effect) => effect.kind === 'handoff');
/** What visitors wrote while a person had their conversation, added to its ticket (POST /handoffs/messages). */
const ticketMessages = () => api.sideEffects.filter((effect) => effect.kind === 'handoff_message');

test('support: a rate limit is lifted once', async () => {
	const chat = conversation('support');
	expect(await chat.say('I keep getting 429 errors, please lift my rate limit')).toMatchObject({
		message: 'What is the email address of the rate-limited account?',
		tags: ['action:lift_rate_limit'],
	});
	expect(await chat.say('ada@example.com')).toMatchObject({
		message: 'Done: the rate limit on ada@example.com is lifted. Your requests go through again within a minute.',
		handoff: false,
	});
	expect(sideEffectCalls('/rate-limits/lift')).toHaveLength(1);
	expect(api.sideEffects).toEqual([{ kind: 'rate_limit_lifted', email: 'ada@example.com' }]);
}, 120_000);

test('support: when an action fails, a person gets the conversation with the thread and the actions taken, once', async () => {
	const chat = conversation('support');
	await chat.say('I need a new API key, mine leaked');
	const confirm = await chat.say('grace@example.com');
	const yes = confirm.buttons[0];
	expect((await chat.click(String(yes.actionId), yes.label)).message).toBe('A new API key is on its way to grace@example.com.');
	// The address given for the reset is offered for the lift (the field's Reuse an Earlier Value: Offer It).
	const offered = await chat.say('And my calls are rate limited now, please lift my limit');
	expect(offered.message).toBe('What is the email address of the rate-limited account? Use grace@example.com?');
	expect(offered.buttons.map((button) => [button.label, button.actionId])).toEqual([
		['Yes', 'confirm:yes'],
		['No', 'confirm:no'],
	]);
	const handedOver = await chat.click('confirm:yes', 'Yes');
	expect(handedOver).toMatchObject({
		message:
			"I couldn't do that myself, so I've passed our conversation to a person on the support team (ticket H-0001). They can see what we said and did so far and will answer here shortly.",
		handoff: true,
	});
	expect(handedOver.tags).toEqual(expect.arrayContaining(['action:lift_rate_limit', 'handoff']));

	// The refused lift (409, an enterprise contract) changed nothing; the handoff reached the desk once.
	expect(sideEffectCalls('/rate-limits/lift')).toHaveLength(1);
	expect(sideEffectCalls('/handoffs')).toHaveLength(1);
	expect(api.sideEffects.map((effect) => effect.kind)).toEqual(['api_key_reset', 'handoff']);
	const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
	expect(handoffs()[0]).toEqual({
		kind: 'handoff',
		ticket: 'H-0001',
		conversationId: chat.id,
		reason: 'action_failed',
		failedAction: 'lift_rate_limit',
		error: 'The API answered 409: The limit of grace@example.com is set by its enterprise contract: only a person on our team can change it.',
		thread: [
			{ from: 'visitor', text: 'I need a new API key, mine leaked', at },
			{ from: 'router', text: 'What is the email address of your account?', at },
			{ from: 'visitor', text: 'grace@example.com', at },
			{ from: 'router', text: 'Reset the API key of grace@example.com? The old key stops working within an hour.', at },
			{ from: 'visitor', text: 'Yes', at },
			{ from: 'reply', text: 'A new API key is on its way to grace@example.com.', at },
			{ from: 'visitor', text: 'And my calls are rate limited now, please lift my limit', at },
			{ from: 'router', text: 'What is the email address of the rate-limited account? Use grace@example.com?', at },
			{ from: 'visitor', text: 'Yes', at },
		],
		actionsTaken: [
			{ name: 'reset_api_key', fields: { email: 'grace@example.com' }, at },
			{ name: 'lift_rate_limit', fields: { email: 'grace@example.com' }, at },
		],
	});
}, 180_000);

test('support: a visitor who asks for a person is handed over at once, with what was said so far', async () => {
	const chat = conversation('support');
	expect((await chat.say('I keep getting 429 errors, please lift my rate limit')).message).toBe(
		'What is the email address of the rate-limited account?',
	);
	const handedOver = await chat.say('Can I talk to a real person please?');
	expect(handedOver).toMatchObject({
		message:
			"I've passed our conversation to a person on the support team (ticket H-0001). They can see what we said and did so far and will answer here shortly.",
		handoff: true,
	});
	expect(sideEffectCalls('/rate-limits/lift')).toHaveLength(0);
	expect(sideEffectCalls('/handoffs')).toHaveLength(1);
	const at = expect.any(String);
	expect(handoffs()).toEqual([
		{
			kind: 'handoff',
			ticket: 'H-0001',
			conversationId: chat.id,
			reason: 'visitor_asked',
			failedAction: '',
			error: '',
			thread: [
				{ from: 'visitor', text: 'I keep getting 429 errors, please lift my rate limit', at },
				{ from: 'router', text: 'What is the email address of the rate-limited account?', at },
				{ from: 'visitor', text: 'Can I talk to a real person please?', at },
			],
			actionsTaken: [{ name: 'talk_to_human', fields: {}, at }],
		},
	]);
}, 120_000);

/** The person's side of examples/support.json: its webhook gives a conversation back to the bot. */
async function giveBackToTheBot(conversationId: string): Promise<unknown> {
	const response = await fetch(n8n.webhookUrl('support-release'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ conversationId }),
	});
	expect(response.status).toBe(200);
	return await response.json();
}

test('support: after the handoff a person has the conversation: messages go to the ticket, a request runs no action, until the person gives it back', async () => {
	const chat = conversation('support');
	expect((await chat.say('Can I talk to a real person please?')).message).toBe(
		"I've passed our conversation to a person on the support team (ticket H-0001). They can see what we said and did so far and will answer here shortly.",
	);
	const added = "I've added your message to ticket H-0001. The person on the support team who has our conversation will see it and answer here shortly.";
	const waiting = await chat.say('hello? anyone there?');
	expect(waiting).toMatchObject({ message: added, handoff: true, buttons: [] });
	expect(waiting.tags).toContain('router:person_holds');
	// A request while the person has it is theirs too: no question, no confirmation, no reset.
	expect(await chat.say('please reset my API key, it is ada@example.com')).toMatchObject({ message: added, handoff: true, buttons: [] });
	expect(sideEffectCalls('/api-keys/reset')).toHaveLength(0);
	expect(ticketMessages()).toEqual([
		{ kind: 'handoff_message', ticket: 'H-0001', conversationId: chat.id, text: 'hello? anyone there?' },
		{ kind: 'handoff_message', ticket: 'H-0001', conversationId: chat.id, text: 'please reset my API key, it is ada@example.com' },
	]);
	// Another visitor's conversation is the bot's as before.
	expect((await conversation('support').say('I need a new API key')).message).toBe('What is the email address of your account?');

	// The person gives it back: the bot answers again, the request asks for consent, once.
	expect(await giveBackToTheBot(chat.id)).toEqual({ conversationId: chat.id, released: true });
	const confirm = await chat.say('please reset my API key, it is ada@example.com');
	expect(confirm).toMatchObject({ message: 'Reset the API key of ada@example.com? The old key stops working within an hour.', handoff: false });
	expect((await chat.click(String(confirm.buttons[0].actionId), confirm.buttons[0].label)).message).toBe('A new API key is on its way to ada@example.com.');
	expect(api.sideEffects.map((effect) => effect.kind)).toEqual(['handoff', 'handoff_message', 'handoff_message', 'api_key_reset']);
	expect(await giveBackToTheBot(chat.id)).toEqual({ conversationId: chat.id, released: false });
}, 120_000);

test('lead capture: intent, four questions (an invalid email re-asked), one POST /leads, priority branch', async () => {
	const chat = conversation('lead-capture');
	expect(await chat.say('Hi! I want to join your affiliate program')).toMatchObject({
		message: "What's your name?",
		tags: ['action:join_affiliate'],
	});
	expect((await chat.say('Ada Lovelace')).message).toBe('Which email address should we use?');
	expect((await chat.say('ada@example')).message).toBe(
		'That does not look like an email address. Please send one like name@example.com. Which email address should we use?',
	);
	expect((await chat.say('Ada@Example.COM')).message).toBe('How many followers or monthly visitors do you have?');
	const nicheQuestion = await chat.say('5k');
	expect(nicheQuestion.message).toBe('Which niche are you in?');
	expect(nicheQuestion.buttons.map((b) => b.label)).toEqual(['fitness', 'travel', 'tech', 'food', 'other']);
	expect(api.requests).toHaveLength(0); // nothing is sent before every field is in

	const done = await chat.say('fitness');
	expect(done).toMatchObject({
		message: "Thanks Ada Lovelace! You're a great fit: a partner manager will contact you today.",
		handoff: true,
	});
	expect(done.tags).toEqual(expect.arrayContaining(['action:join_affiliate', 'lead', 'priority']));

	const calls = sideEffectCalls('/leads');
	expect(calls).toHaveLength(1);
	expect(calls[0].body).toEqual({
		name: 'Ada Lovelace',
		email: 'ada@example.com',
		audience: 5000,
		niche: 'fitness',
		conversationId: chat.id,
	});
	expect(api.sideEffects).toEqual([
		expect.objectContaining({ kind: 'lead', email: 'ada@example.com', audience: 5000, score: 70, tags: ['lead', 'content site', 'fitness'] }),
	]);
}, 120_000);

test('lead capture: a lead form posting every field goes straight through; a small audience gets the standard reply', async () => {
	const form = conversation('lead-capture');
	const reply = await form.leadForm({ name: 'Grace', email: 'GRACE@example.com', audience: '300', niche: 'Other' });
	expect(reply).toMatchObject({ message: "Thanks Grace! We'll email you the next steps.", handoff: false });
	expect(reply.tags).toEqual(expect.arrayContaining(['lead']));
	expect(reply.tags).not.toContain('priority');

	const calls = sideEffectCalls('/leads');
	expect(calls).toHaveLength(1);
	expect(calls[0].body).toEqual({ name: 'Grace', email: 'grace@example.com', audience: 300, niche: 'other', conversationId: form.id });
	expect(api.sideEffects).toEqual([expect.objectContaining({ kind: 'lead', score: 20, tags: ['lead', 'beginner'] })]);
}, 60_000);

test('lead capture: after a priority lead the partner manager has the conversation: the next message opens a ticket with the thread, later ones are added to it', async () => {
	const chat = conversation('lead-capture');
	expect(await chat.leadForm({ name: 'Ada', email: 'ada@example.com', audience: '5000', niche: 'fitness' })).toMatchObject({
		message: "Thanks Ada! You're a great fit: a partner manager will contact you today.",
		handoff: true,
	});
	// No ticket yet (the lead is on the desk, not a ticket): the message opens one.
	expect(await chat.say('Great! Do you pay monthly?')).toMatchObject({
		message: "I've passed your message to a person on our team (ticket H-0001). They can see what we said so far and will answer here shortly.",
		handoff: true,
	});
	expect(handoffs()).toEqual([
		expect.objectContaining({ ticket: 'H-0001', conversationId: chat.id, reason: 'person_holds', actionsTaken: [expect.objectContaining({ name: 'join_affiliate' })] }),
	]);
	expect((handoffs()[0].thread as Array<{ from: string; text: string }>).slice(-2)).toEqual([
		expect.objectContaining({ from: 'reply', text: "Thanks Ada! You're a great fit: a partner manager will contact you today." }),
		expect.objectContaining({ from: 'visitor', text: 'Great! Do you pay monthly?' }),
	]);
	expect(await chat.say('And is there a minimum audience?')).toMatchObject({
		message: "I've added your message to ticket H-0001. The person on our team who has our conversation will see it and answer here shortly.",
		handoff: true,
	});
	expect(ticketMessages()).toEqual([{ kind: 'handoff_message', ticket: 'H-0001', conversationId: chat.id, text: 'And is there a minimum audience?' }]);
	expect(api.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
		'POST /leads 201',
		'POST /handoffs/messages 404',
		'POST /handoffs 201',
		'POST /handoffs/messages 201',
	]);
}, 120_000);

const MULTILINGUAL_LIFT_QUESTION = [
	'What is the email address of the rate-limited account?',
	'Wie lautet die E-Mail-Adresse des gedrosselten Kontos?',
	'制限されているアカウントのメールアドレスを教えてください。',
].join('\n');

/**
 * The re-ask cap in each flow: three answers that are not the value asked for are asked again,
 * the fourth goes to the router's Hand Over output, which every example flow wires to a real
 * handoff: `POST /handoffs` with the thread, then a reply that names the ticket.
 */
const ESCALATIONS = [
	{
		path: 'lead-capture',
		action: 'join_affiliate',
		opening: [['I want to join your affiliate program', "What's your name?"], ['Ada Lovelace', 'Which email address should we use?']],
		wrong: ['ada@example', 'ada at example dot com', 'ada@', 'ada@@example.com'],
		question: 'Which email address should we use?',
	},
	{
		path: 'status-lookups',
		action: 'order_status',
		opening: [['Where is my order?', 'What is your order number? It has 5 digits.']],
		wrong: ['123', '1234', '123456', '12'],
		question: 'What is your order number? It has 5 digits.',
	},
	{
		path: 'subscriptions',
		action: 'unsubscribe',
		opening: [['Please unsubscribe me', 'Which email address should I unsubscribe?']],
		wrong: ['ada at example dot com', 'ada@example', 'my email', 'ada@@example.com'],
		question: 'Which email address should I unsubscribe?',
	},
	{
		path: 'support',
		action: 'lift_rate_limit',
		opening: [['I keep getting 429 errors', 'What is the email address of the rate-limited account?']],
		wrong: ['ada at example dot com', 'ada@example', 'ada(at)example.com', 'ada@@example.com'],
		question: 'What is the email address of the rate-limited account?',
	},
	{
		// In German: the router's refusals and the flow's handoff reply in the visitor's language; the question is the flow's, in its three.
		path: 'multilingual-support',
		action: 'lift_rate_limit',
		opening: [['Können Sie mein API-Limit erhöhen?', MULTILINGUAL_LIFT_QUESTION]],
		wrong: ['weiß ich nicht genau', 'klaus@', 'klaus at firma punkt de', 'klaus@firma'],
		question: MULTILINGUAL_LIFT_QUESTION,
	},
	{
		path: 'help-desk',
		action: 'order_status',
		opening: [['Where is my order?', 'What is your order number? It has 5 digits.']],
		wrong: ['123', '1234', '123456', '12'],
		question: 'What is your order number? It has 5 digits.',
	},
];

/**
 * What the support desk's reply says of a handoff; support.json names its team and what was done.
 * multilingual-support.json says it in the visitor's language: its ESCALATIONS entry is German.
 */
/**
 * What a flow says to a message that comes while a person has the conversation (Add to Ticket);
 * multilingual-support.json in the conversation's language, German in ESCALATIONS.
 */
const addedToTicket = (path: string, ticket: string) =>
	path === 'multilingual-support'
		? `Ich habe Ihre Nachricht zu Ticket ${ticket} hinzugefügt. Die Person aus dem Support-Team, die unser Gespräch übernommen hat, sieht sie und antwortet Ihnen hier in Kürze.`
		: `I've added your message to ticket ${ticket}. The person on ${path === 'support' ? 'the support team' : 'our team'} who has our conversation will see it and answer here shortly.`;

const handedOver = (path: string, ticket: string, escalated: boolean) =>
	path === 'multilingual-support'
		? `${escalated ? 'Ich komme hier leider nicht weiter, deshalb habe ich' : 'Ich habe'} unser Gespräch an jemanden aus dem Support-Team weitergegeben ` +
			`(Ticket ${ticket}). Das Team sieht, was wir bisher geschrieben und getan haben, und antwortet Ihnen hier in Kürze.`
		: `${escalated ? "I'm having trouble getting that right, so I've" : "I've"} passed our conversation to a person on ${path === 'support' ? 'the support team' : 'our team'} ` +
			`(ticket ${ticket}). They can see what we said ${path === 'support' ? 'and did ' : ''}so far and will answer here shortly.`;

type ThreadEntry = { from: string; text: string; at: unknown };

test.each(ESCALATIONS)('$path: the re-ask cap hands over for real: a ticket with the thread, the reply names it, and the next message goes to the ticket', async ({ path, action, opening, wrong, question }) => {
	const chat = conversation(path);
	const thread: ThreadEntry[] = [];
	const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
	for (const [say, asked] of opening) {
		expect((await chat.say(say)).message).toBe(asked);
		thread.push({ from: 'visitor', text: say, at }, { from: 'router', text: asked, at });
	}
	for (const answer of wrong.slice(0, -1)) {
		const again = await chat.say(answer);
		expect(again.message.endsWith(question)).toBe(true);
		expect(again.handoff).toBe(false);
		thread.push({ from: 'visitor', text: answer, at }, { from: 'router', text: again.message, at });
	}
	const last = wrong[wrong.length - 1];
	const reply = await chat.say(last);
	thread.push({ from: 'visitor', text: last, at });
	expect(reply).toMatchObject({ message: handedOver(path, 'H-0001', true), handoff: true });
	expect(reply.tags).toEqual(expect.arrayContaining([`action:${action}`, 'handoff']));

	expect(handoffs()).toEqual([
		{
			kind: 'handoff',
			ticket: 'H-0001',
			conversationId: chat.id,
			reason: 'escalated',
			...(path === 'support' ? { failedAction: '', error: '' } : {}),
			...(path === 'multilingual-support' ? { language: 'de', failedAction: '', error: '' } : {}),
			thread,
			actionsTaken: [],
		},
	]);

	// A person has the conversation now: the bot does not take the next message up, the ticket gets it.
	const next = path === 'multilingual-support' ? 'hallo? ist da jemand?' : 'hello? anyone there?';
	expect(await chat.say(next)).toMatchObject({ message: addedToTicket(path, 'H-0001'), handoff: true });
	expect(ticketMessages()).toEqual([{ kind: 'handoff_message', ticket: 'H-0001', conversationId: chat.id, text: next }]);
	// Nothing but the handoff and the message reached the API: the action never ran.
	expect(api.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(['POST /handoffs 201', 'POST /handoffs/messages 201']);
}, 180_000);

test('status look-ups: "I want to talk to a person", which no action of the flow takes, hands over too, mid-question or first', async () => {
	const asking = conversation('status-lookups');
	expect((await asking.say('Where is my order?')).message).toBe('What is your order number? It has 5 digits.');
	const midQuestion = await asking.say('I want to talk to a person');
	expect(midQuestion).toMatchObject({ message: handedOver('status-lookups', 'H-0001', false), handoff: true });
	expect(midQuestion.tags).toEqual(expect.arrayContaining(['handoff']));

	const first = conversation('status-lookups');
	expect(await first.say('Can I talk to a person please?')).toMatchObject({ message: handedOver('status-lookups', 'H-0002', false), handoff: true });

	expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /handoffs', 'POST /handoffs']);
	const at = expect.any(String);
	expect(handoffs()).toEqual([
		{
			kind: 'handoff',
			ticket: 'H-0001',
			conversationId: asking.id,
			reason: 'visitor_asked',
			thread: [
				{ from: 'visitor', text: 'Where is my order?', at },
				{ from: 'router', text: 'What is your order number? It has 5 digits.', at },
				{ from: 'visitor', text: 'I want to talk to a person', at },
			],
			actionsTaken: [],
		},
		{
			kind: 'handoff',
			ticket: 'H-0002',
			conversationId: first.id,
			reason: 'visitor_asked',
			thread: [{ from: 'visitor', text: 'Can I talk to a person please?', at }],
			actionsTaken: [],
		},
	]);
}, 120_000);

test("n8n's Chat Trigger flow (ways-in): the re-ask cap hands over for real, the reply in its chat text; the next message goes to the ticket", async () => {
	const sessionId = `examples-chat-trigger-${Date.now()}`;
	const say = async (chatInput: string) => {
		const response = await fetch(n8n.webhookUrl(CHAT_WEBHOOK), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { output: string }).output;
	};
	expect(await say('where is my order?')).toBe('What is your order number? It has 5 digits.');
	for (const wrong of ['123', '1234', '123456']) expect(await say(wrong)).toBe("That doesn't look like an order number. What is your order number? It has 5 digits.");
	expect(await say('12')).toBe(handedOver('ways-in', 'H-0001', true));
	expect(handoffs()).toEqual([expect.objectContaining({ ticket: 'H-0001', conversationId: sessionId, reason: 'escalated', actionsTaken: [] })]);
	expect((handoffs()[0].thread as ThreadEntry[]).map((entry) => entry.text)).toEqual([
		'where is my order?',
		'What is your order number? It has 5 digits.',
		...['123', '1234', '123456'].flatMap((wrong) => [wrong, "That doesn't look like an order number. What is your order number? It has 5 digits."]),
		'12',
	]);
	// The person has it now: the next message goes to the ticket, and the chat says so.
	expect(await say('hello? anyone there?')).toBe(addedToTicket('ways-in', 'H-0001'));
	expect(ticketMessages()).toEqual([{ kind: 'handoff_message', ticket: 'H-0001', conversationId: sessionId, text: 'hello? anyone there?' }]);
	expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /handoffs', 'POST /handoffs/messages']);
}, 120_000);

test('the Telegram flow (ways-in): the re-ask cap hands over for real, and the ticket is sent to the chat', async () => {
	const lin = { id: 777301, firstName: 'Lin' };
	const before = telegram!.sent.length;
	const messages = ['where is my order?', '123', '1234', '123456', '12'];
	for (const [index, text] of messages.entries()) {
		expect((await telegram!.deliverText(lin, text)).status).toBe(200);
		await telegram!.waitForSent(before + index + 1);
	}
	expect(telegram!.sent.slice(before).map((message) => [String(message.chat_id), message.text])).toEqual([
		['777301', 'What is your order number? It has 5 digits.'],
		...['123', '1234', '123456'].map(() => ['777301', "That doesn't look like an order number. What is your order number? It has 5 digits."]),
		['777301', handedOver('ways-in', 'H-0001', true)],
	]);
	// The Action Router names a Telegram chat's conversation after the channel (telegram:<chat id>).
	expect(handoffs()).toEqual([expect.objectContaining({ ticket: 'H-0001', conversationId: 'telegram:777301', reason: 'escalated', actionsTaken: [] })]);
	expect((handoffs()[0].thread as ThreadEntry[]).filter((entry) => entry.from === 'visitor').map((entry) => entry.text)).toEqual(messages);
}, 120_000);

test('insight (examples/insight.json): the report counts each action asked, completed, failed, cancelled, handed off, and where visitors stopped', async () => {
	const insightFlow = workflows.find((flow) => flow.nodes.some((node) => node.parameters.path === 'insight-desk'))!;
	const report = async () => {
		const response = await fetch(n8n.webhookUrl('insight-report'), { method: 'POST' });
		expect(response.status).toBe(200);
		return (await response.json()) as Array<Record<string, unknown>>;
	};
	const before = await report();
	expect(before).toHaveLength(14);
	expect(before.every((row) => row.action === '(no match)' && row.noMatch === 0)).toBe(true);

	const say = (chat: ReturnType<typeof conversation>) => async (message: string) => await chat.say(message);
	const visitor = () => say(conversation('insight-desk'));
	expect((await visitor()('Where is my order 12345?')).message).toBe('Your order 12345 is shipped.');
	// The API does not know order 99999: the HTTP Action's Error output, then Chat Reply.
	expect((await visitor()('track my package 99999')).message).toBe('We could not find order 99999.');
	// Asked, then left at the question.
	expect((await visitor()('has my order shipped?')).message).toBe('What is your order number? It has 5 digits.');
	const cancelled = visitor();
	expect((await cancelled('am I subscribed to your newsletter?')).message).toBe('Which email address should I check?');
	expect((await cancelled('cancel')).tags).toContain('router:cancelled');
	const finished = visitor();
	await finished('check my subscription');
	expect((await finished('ada@example.com')).message).toBe('ada@example.com is subscribed to these lists: weekly, offers.');
	expect((await visitor()('can I talk to a human please')).handoff).toBe(true);
	expect((await visitor()('What is 2 plus 2?')).tags).toContain('router:out_of_scope');
	expect((await visitor()('hi')).tags).toContain('router:small_talk');

	// Chat Reply counts after the answer: wait until n8n has finished every turn's execution (and the first report).
	await n8n.waitForExecutions(11, { workflowId: insightFlow.id, timeoutMs: 60_000 });
	const today = new Date().toISOString().slice(0, 10);
	const rows = await report();
	expect(rows).toHaveLength(13 + 4);
	expect(rows.filter((row) => row.date === today)).toEqual([
		{ date: today, action: 'check_subscription', asked: 2, completed: 1, cancelled: 1, failed: 0, handedOff: 0, noMatch: 0, stoppedAt: { email: 1 }, topStop: 'email' },
		{ date: today, action: 'order_status', asked: 3, completed: 1, cancelled: 0, failed: 1, handedOff: 0, noMatch: 0, stoppedAt: { order_id: 1 }, topStop: 'order_id' },
		{ date: today, action: 'talk_to_human', asked: 1, completed: 1, cancelled: 0, failed: 0, handedOff: 0, noMatch: 0, stoppedAt: {} },
		{ date: today, action: '(no match)', asked: 0, completed: 0, cancelled: 0, failed: 0, handedOff: 0, noMatch: 1, stoppedAt: {} },
	]);
	// Counts only: nothing a visitor typed is in the report.
	for (const typed of ['12345', '99999', 'ada@example.com', 'plus']) expect(JSON.stringify(rows)).not.toContain(typed);
}, 300_000);

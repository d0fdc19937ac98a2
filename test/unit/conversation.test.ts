// What visitors say around their requests: small talk, asking for a person, the re-ask cap,
// values remembered from earlier in the conversation, options and bare values as evidence.
// The router's engine with a keyword stand-in for the intent model, so each rule reads plainly.
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { CONFIRM_NO, CONFIRM_YES, type RoutedDecision, type RouterSettings } from '../../nodes/ActionRouter/engine/decision';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { sameValue } from '../../nodes/ActionRouter/engine/memory';
import { route } from '../../nodes/ActionRouter/engine/router';
import { topicOf } from '../../nodes/ActionRouter/engine/topics';
import { isBareValue } from '../../nodes/ActionRouter/engine/values';
import type { ChatTurn } from '../../nodes/shared/contract';
import type { ConversationState } from '../../nodes/shared/state/types';

const keywords: IntentClassifier = {
	rank(message) {
		const text = message.toLowerCase();
		const scores = [
			{ action: 'reset_key', score: /\bkey\b/.test(text) ? 0.9 : 0.05 },
			{ action: 'unsubscribe', score: /unsubscribe|emails/.test(text) ? 0.9 : 0.05 },
			{ action: 'join_affiliates', score: /affiliate/.test(text) ? 0.9 : 0.05 },
			{ action: 'change_payout', score: /payout/.test(text) ? 0.9 : 0.12 },
			{ action: 'order_status', score: /order/.test(text) ? 0.9 : 0.05 },
		];
		return scores.sort((a, b) => b.score - a.score);
	},
};

const intentOnly = { intent: true, buttonIds: [], leadCaptured: false };
const ACTIONS: RouterAction[] = [
	{
		name: 'reset_key',
		label: 'Reset my API key',
		description: 'Reset an API key',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'email', question: 'What is the email of your account?', type: 'email', required: true }],
		confirmation: 'Reset the key for {{fields.email}}?',
	},
	{
		name: 'unsubscribe',
		description: 'Stop the newsletter',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'email', question: 'Which email should I unsubscribe?', type: 'email', required: true }],
	},
	{
		name: 'join_affiliates',
		description: 'Join the affiliate program',
		examples: [],
		triggers: intentOnly,
		fields: [
			{ name: 'name', question: 'What is your name?', type: 'text', required: true },
			{ name: 'email', question: 'What is your email?', type: 'email', required: true, reuse: 'use' },
		],
	},
	{
		name: 'change_payout',
		description: 'Change how commission is paid',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'method', question: 'Where should we pay you?', type: 'enum', options: ['PayPal', 'Wise', 'Bank transfer'], required: true }],
	},
	{
		name: 'order_status',
		description: 'Where an order is',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'order_id', question: 'What is the order number?', type: 'regex', pattern: '\\d{5}', required: true, reuse: 'never' }],
	},
];

const SETTINGS: RouterSettings = { threshold: 0.2, tieMargin: 0.05, maxReasks: 1 };

/** A conversation on the engine: each message routed with the state the last one left. */
function conversation(settings: Partial<RouterSettings> = {}) {
	let state: ConversationState | undefined;
	return (message: string, extra: Partial<ChatTurn> = {}): RoutedDecision => {
		const turn: ChatTurn = { event: 'message', conversationId: 'c1', message, ...extra };
		const decision = route({ turn, state, actions: ACTIONS, classifier: keywords, settings: { ...SETTINGS, ...settings } });
		state = decision.state;
		return decision;
	};
}

const click = (actionId: string): Partial<ChatTurn> => ({ event: 'button', actionId, message: '' });

describe('small talk is recognised as a whole message', () => {
	test.each([
		['hello', 'greeting'],
		['Hi there!', 'greeting'],
		['hello? anyone there?', 'greeting'],
		['thanks, bye', 'goodbye'],
		['ok thanks', 'thanks'],
		['ok', 'acknowledgement'],
		['what can you do?', 'help'],
		['help', 'help'],
		['is this a bot?', 'bot'],
		['am I talking to a human or a bot', 'bot'],
		['I want to talk to a person', 'person'],
		['can I speak to a human please', 'person'],
		["honestly id rather speak to someone from your team", 'person'],
		['ugh this is annoying, can I just talk to a human?', 'person'],
		['this is useless, get me a real person', 'person'],
		['r u a bot?', 'bot'],
		['what can this chat do', 'help'],
		['ok bye for now', 'goodbye'],
		['thank you so much 🙏', 'thanks'],
	])('"%s" is %s', (message, topic) => {
		expect(topicOf(message)).toBe(topic);
	});

	test.each([
		'hi, I need to reset my API key',
		'thanks, and where is my order?',
		'hello there, unsubscribe me',
		'ok so my order 12345 never came',
		'Ana',
		'I spoke to someone yesterday about my refund',
		'no need for a human, just reset my key',
		'get me an uber for 3 people uptown',
	])(
		'"%s" is not small talk: it says something else too',
		(message) => {
			expect(topicOf(message)).toBeUndefined();
		},
	);
});

describe('small talk outside a collection', () => {
	test('a greeting is answered with what the bot can do, one button per action', () => {
		const { outcome } = conversation()('hello');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'small_talk', topic: 'greeting', message: "Hi! Here's what I can do:" });
		expect(outcome.kind === 'noMatch' && outcome.buttons[0]).toEqual({ label: 'Reset my API key', actionId: 'choose:reset_key' });
	});

	test('"what can you do?" lists the actions; "2" then picks the second one', () => {
		const say = conversation();
		expect(say('what can you do?').outcome).toMatchObject({ reason: 'small_talk', topic: 'help' });
		expect(say('2').outcome).toMatchObject({ kind: 'ask', action: 'unsubscribe', field: 'email' });
	});

	test('thanks and goodbyes are answered without buttons', () => {
		expect(conversation()('ok thanks').outcome).toMatchObject({ topic: 'thanks', message: "You're welcome! Anything else I can help with?", buttons: [] });
		expect(conversation()('bye').outcome).toMatchObject({ topic: 'goodbye', message: 'Thanks for chatting. Bye!' });
	});

	test('a message that matches no action ends with what the bot can do', () => {
		const { outcome } = conversation()('what is the capital of France');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope', message: "Sorry, I can't help with that here. Here's what I can do:" });
		expect(outcome.kind === 'noMatch' && outcome.buttons).toHaveLength(ACTIONS.length);
	});
});

describe('a person is promised only when the flow hands over', () => {
	test('"I want a person" goes to the Hand Over output when the flow has one', () => {
		expect(conversation({ handoff: true })('I want to talk to a person').outcome).toMatchObject({ kind: 'handoff', reason: 'asked_for_person' });
	});

	test('without a Hand Over output the router says it cannot, and promises nobody', () => {
		const { outcome } = conversation()('I want to talk to a person');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'small_talk', topic: 'person' });
		expect(outcome.kind === 'noMatch' && outcome.message).not.toMatch(/teammate|passing you/i);
	});

	test('the re-ask cap hands over with the fields so far when the flow has a Hand Over output', () => {
		const say = conversation({ handoff: true });
		say('where is my order');
		say('abc');
		expect(say('still abc').outcome).toMatchObject({ kind: 'handoff', reason: 'escalated', action: 'order_status' });
	});

	test('without one, the re-ask cap starts again and says nothing of a teammate', () => {
		const say = conversation();
		say('where is my order');
		say('abc');
		const { outcome } = say('still abc');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'escalated', action: 'order_status' });
		expect(outcome.kind === 'noMatch' && outcome.message).toBe("Sorry, I'm having trouble getting that right. Let's start again. Here's what I can do:");
	});

	test('asking for a person in the middle of a collection hands over what was collected', () => {
		const say = conversation({ handoff: true });
		say('I want to join the affiliate program');
		say('Sam Lee');
		expect(say('can I talk to a human').outcome).toMatchObject({ kind: 'handoff', reason: 'asked_for_person', action: 'join_affiliates', fields: { name: 'Sam Lee' } });
	});
});

describe('small talk and asides in the middle of a collection keep the question', () => {
	test('"hello?" while an email is asked greets and asks again, without counting a re-ask', () => {
		const say = conversation();
		say('unsubscribe me');
		const { outcome } = say('hello?');
		expect(outcome).toMatchObject({ kind: 'ask', field: 'email', topic: 'greeting', question: 'Hi! Which email should I unsubscribe?' });
		expect(say('hello?').outcome).toMatchObject({ kind: 'ask', field: 'email' });
	});

	test('a question about something else goes to the flow with the field kept, then the answer continues', () => {
		const say = conversation();
		say('unsubscribe me');
		const { outcome } = say('do you ship to Canada?');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'aside', action: 'unsubscribe', field: 'email', question: 'Which email should I unsubscribe?' });
		expect(outcome.kind === 'noMatch' && outcome.message).toBe("Sorry, I can't answer that here. Which email should I unsubscribe?");
		expect(say('ada@example.com').outcome).toMatchObject({ kind: 'action', action: 'unsubscribe', fields: { email: 'ada@example.com' } });
	});

	test('a change of mind cancels rather than being read as a value', () => {
		const say = conversation();
		say('I want to join the affiliate program');
		expect(say("actually, never mind, I'm not ready yet").outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'join_affiliates' });
	});

	test('a question about the field itself asks it again, without counting a re-ask', () => {
		const say = conversation();
		say('where is my order');
		expect(say('where would I find the order number?').outcome).toMatchObject({ kind: 'ask', reason: 'missing_field', field: 'order_id', aside: 'question' });
		say('abc');
		// The cap (one re-ask) is reached by the second wrong answer, not by the question.
		expect(say('abcd').outcome).toMatchObject({ kind: 'noMatch', reason: 'escalated' });
	});

	test('a pause to look the value up is waited for', () => {
		const say = conversation();
		say('unsubscribe me');
		expect(say('hmm hang on, let me check which email I used').outcome).toMatchObject({ kind: 'ask', aside: 'hesitation', question: 'No rush. Which email should I unsubscribe?' });
	});

	test('a question at a name is not taken as the name', () => {
		const say = conversation();
		say('I want to join the affiliate program');
		expect(say('do you ship to Canada?').outcome).toMatchObject({ kind: 'noMatch', reason: 'aside', field: 'name' });
		expect(say('Sam Lee').outcome).toMatchObject({ kind: 'ask', field: 'email', fields: { name: 'Sam Lee' } });
	});

	test('small talk at a confirmation asks the confirmation again; nothing runs', () => {
		const say = conversation();
		say('reset my api key');
		say('ada@example.com');
		expect(say('is this a bot?').outcome).toMatchObject({ kind: 'ask', reason: 'confirm', topic: 'bot', question: "I'm an automated assistant. Reset the key for ada@example.com?" });
		expect(say('yes').outcome).toMatchObject({ kind: 'action', action: 'reset_key' });
	});
});

describe('values given earlier in the conversation', () => {
	test('an email given for one action is offered to the next; a yes takes it', () => {
		const say = conversation();
		say('reset my api key');
		say('ada@example.com');
		expect(say('yes').outcome).toMatchObject({ kind: 'action', action: 'reset_key' });
		const offer = say('and unsubscribe me from the emails').outcome;
		expect(offer).toMatchObject({ kind: 'ask', action: 'unsubscribe', field: 'email', question: 'Which email should I unsubscribe? Use ada@example.com?' });
		expect(say('yes').outcome).toMatchObject({ kind: 'action', action: 'unsubscribe', fields: { email: 'ada@example.com' } });
	});

	test('a No to the offer asks the question; another address answers it', () => {
		const say = conversation();
		say('unsubscribe me');
		say('ada@example.com');
		say('reset my api key');
		expect(say('', click(CONFIRM_NO)).outcome).toMatchObject({ kind: 'ask', field: 'email', question: 'What is the email of your account?' });
		expect(say('bob@example.com').outcome).toMatchObject({ kind: 'ask', reason: 'confirm', fields: { email: 'bob@example.com' } });
	});

	test('"no, use bob@example.com" at the offer takes the new address', () => {
		const say = conversation();
		say('unsubscribe me');
		say('ada@example.com');
		say('reset my api key');
		expect(say('no, use bob@example.com').outcome).toMatchObject({ kind: 'ask', reason: 'confirm', fields: { email: 'bob@example.com' } });
		expect(say('', click(CONFIRM_YES)).outcome).toMatchObject({ kind: 'action', fields: { email: 'bob@example.com' } });
	});

	test('a value from a cancelled request is remembered too', () => {
		const say = conversation();
		say('reset my api key');
		say('ada@example.com');
		expect(say('no').outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled' });
		expect(say('unsubscribe me').outcome).toMatchObject({ kind: 'ask', question: 'Which email should I unsubscribe? Use ada@example.com?' });
	});

	test('a field set to Use It takes the earlier value without asking', () => {
		const say = conversation();
		say('unsubscribe me');
		say('ada@example.com');
		say('I want to join the affiliate program');
		expect(say('Sam Lee').outcome).toMatchObject({ kind: 'action', action: 'join_affiliates', fields: { name: 'Sam Lee', email: 'ada@example.com' } });
	});

	test('"same email" answers with the earlier address', () => {
		expect(sameValue('same email', { name: 'email', question: '', type: 'email', required: true }, { email: { type: 'email', value: 'ada@example.com' } })).toBe(
			'ada@example.com',
		);
		expect(sameValue('the same one please', { name: 'contact', question: '', type: 'email', required: true }, { email: { type: 'email', value: 'a@b.co' } })).toBe('a@b.co');
		expect(sameValue('same email', { name: 'email', question: '', type: 'email', required: true, reuse: 'never' }, { email: { type: 'email', value: 'a@b.co' } })).toBe(
			undefined,
		);
		expect(sameValue('same', { name: 'phone', question: '', type: 'phone', required: true }, { email: { type: 'email', value: 'a@b.co' } })).toBeUndefined();
	});

	test('a field set to Never is neither offered nor remembered', () => {
		const say = conversation();
		say('where is my order 12345');
		expect(say('where is my order').outcome).toMatchObject({ kind: 'ask', field: 'order_id', question: 'What is the order number?' });
	});
});

describe('values as evidence', () => {
	test('a message naming one of an action\'s options counts for that action', () => {
		expect(conversation()('from now on send my commission to Wise').outcome).toMatchObject({ kind: 'action', action: 'change_payout', fields: { method: 'Wise' } });
	});

	test.each([['lina@park.dev', true], ['12345', true], ['INV-20417', true], ['order 12345', false], ['my email is lina@park.dev', false], ['hello', false]])(
		'"%s" is a value alone: %s',
		(message, bare) => {
			expect(isBareValue(message)).toBe(bare);
		},
	);

	test('a bare value starts nothing: the visitor is asked what to do, and the value waits for the action they pick', () => {
		const say = conversation();
		expect(say('lina@park.dev').outcome).toMatchObject({ kind: 'noMatch', reason: 'bare_value', message: "What would you like me to do with that? Here's what I can do:" });
		expect(say('', click('choose:unsubscribe')).outcome).toMatchObject({ kind: 'action', action: 'unsubscribe', fields: { email: 'lina@park.dev' } });
	});

	test('with Start From a Value Alone, a value only one action expects starts it', () => {
		expect(conversation({ startFromValue: true })('12345').outcome).toMatchObject({ kind: 'action', action: 'order_status', fields: { order_id: '12345' } });
		// Two actions expect an email: still asked.
		expect(conversation({ startFromValue: true })('lina@park.dev').outcome).toMatchObject({ kind: 'noMatch', reason: 'bare_value' });
	});
});

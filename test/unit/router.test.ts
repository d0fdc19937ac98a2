import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { checkActions, CONFIRM_NO, CONFIRM_YES, route, type RouterAction, type RouterDecision } from '../../nodes/ActionRouter/engine/router';
import type { ConversationState } from '../../nodes/ActionRouter/engine/state/types';
import type { ChatTurn } from '../../nodes/shared/contract';

/** A stand-in for the intent model: fixed scores per keyword, so transitions are readable. */
const keywords: IntentClassifier = {
	rank(message) {
		const text = message.toLowerCase();
		const scores = [
			{ action: 'check_subscription', score: /subscri|emails?\b/.test(text) ? 0.9 : 0.05 },
			{ action: 'order_status', score: /order/.test(text) ? 0.85 : 0.05 },
			{ action: 'reset_key', score: /key/.test(text) ? (/order/.test(text) ? 0.84 : 0.9) : 0.05 },
		];
		return scores.sort((a, b) => b.score - a.score);
	},
};

const ACTIONS: RouterAction[] = [
	{
		name: 'check_subscription',
		description: 'Check a newsletter subscription',
		examples: ['am I subscribed'],
		triggers: { intent: true, buttonIds: ['check_sub'], leadCaptured: false },
		fields: [{ name: 'email', question: 'What is your email address?', type: 'email', required: true }],
	},
	{
		name: 'order_status',
		description: 'Where an order is',
		examples: ['where is my order'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'order_id', question: 'What is the order number?', type: 'regex', pattern: '\\d{5}', required: true }],
	},
	{
		name: 'reset_key',
		description: 'Reset an API key',
		examples: ['reset my api key'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'plan', question: 'Which plan are you on?', type: 'enum', options: ['Free', 'Pro'], required: true }],
		confirmation: 'Reset your API key now? The old one stops working.',
	},
	{
		name: 'capture_lead',
		description: 'A lead form',
		examples: [],
		triggers: { intent: false, buttonIds: [], leadCaptured: true },
		fields: [
			{ name: 'email', question: 'Your email?', type: 'email', required: true },
			{ name: 'audience', question: 'How big is your audience?', type: 'number', required: true },
		],
	},
];

const SETTINGS = { threshold: 0.5, tieMargin: 0.05, maxReasks: 2 };

/** Plays a conversation, carrying the state from turn to turn like the node does. */
function conversation() {
	let state: ConversationState | undefined;
	return (turn: Partial<ChatTurn> | string): RouterDecision => {
		const full: ChatTurn = typeof turn === 'string' ? { event: 'message', conversationId: 'c', message: turn } : { conversationId: 'c', ...turn };
		const decision = route({ turn: full, state, actions: ACTIONS, classifier: keywords, settings: SETTINGS, now: new Date('2026-11-22T10:00:00Z') });
		state = decision.state;
		return decision;
	};
}

test('intent → ask email → invalid → re-ask with the reason → valid → the action', () => {
	const say = conversation();
	expect(say('I never get your emails, check my subscription').outcome).toMatchObject({
		kind: 'ask',
		action: 'check_subscription',
		reason: 'missing_field',
		field: 'email',
		question: 'What is your email address?',
	});
	expect(say('ada at example').outcome).toMatchObject({
		kind: 'ask',
		reason: 'invalid_field',
		field: 'email',
		question: 'That does not look like an email address. Please send one like name@example.com. What is your email address?',
	});
	expect(say('sure, ADA@example.com').outcome).toEqual({
		kind: 'action',
		action: 'check_subscription',
		confidence: 1,
		trigger: 'collection',
		fields: { email: 'ada@example.com' },
	});
});

test('a field in the first message is used at once, and the visitor\'s known email pre-fills', () => {
	expect(conversation()({ event: 'message', message: 'where is order 12345?' }).outcome).toMatchObject({
		kind: 'action',
		action: 'order_status',
		confidence: 0.85,
		trigger: 'ai_intent',
		fields: { order_id: '12345' },
	});
	expect(conversation()({ event: 'message', message: 'am I subscribed?', visitor: { email: 'Bob@Example.com' } }).outcome).toMatchObject({
		kind: 'action',
		fields: { email: 'bob@example.com' },
	});
});

test('after the re-ask cap the conversation is escalated and the state cleared', () => {
	const say = conversation();
	say('check my subscription');
	expect(say('nope').outcome).toMatchObject({ kind: 'ask', reason: 'invalid_field' });
	expect(say('still no').outcome).toMatchObject({ kind: 'ask', reason: 'invalid_field' });
	const escalated = say('no idea');
	expect(escalated.outcome).toMatchObject({ kind: 'noMatch', reason: 'escalated', action: 'check_subscription' });
	expect(escalated.state).toBeUndefined();
});

test('"never mind" cancels a collection', () => {
	const say = conversation();
	say('where is my order');
	const cancelled = say('never mind');
	expect(cancelled.outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'order_status' });
	expect(cancelled.state).toBeUndefined();
});

test('the visitor can switch to another action mid-collection', () => {
	const say = conversation();
	expect(say('where is my order').outcome).toMatchObject({ kind: 'ask', field: 'order_id' });
	expect(say('actually, am I subscribed to your emails? ada@example.com').outcome).toMatchObject({
		kind: 'action',
		action: 'check_subscription',
		fields: { email: 'ada@example.com' },
	});
});

test('two nearly tied actions get a clarifying question with a button for each', () => {
	const say = conversation();
	const asked = say('my order key');
	expect(asked.outcome).toMatchObject({
		kind: 'ask',
		reason: 'clarify',
		buttons: [
			{ label: 'Where an order is', actionId: 'choose:order_status' },
			{ label: 'Reset an API key', actionId: 'choose:reset_key' },
		],
	});
	expect(say({ event: 'button', actionId: 'choose:order_status', message: 'Where an order is' }).outcome).toMatchObject({
		kind: 'ask',
		action: 'order_status',
		field: 'order_id',
	});
});

test('a confirmation is asked before the action runs, with enum options as buttons before it', () => {
	const say = conversation();
	expect(say('reset my api key').outcome).toMatchObject({
		kind: 'ask',
		field: 'plan',
		buttons: [{ label: 'Free' }, { label: 'Pro' }],
	});
	expect(say('pro').outcome).toMatchObject({
		kind: 'ask',
		reason: 'confirm',
		question: 'Reset your API key now? The old one stops working.',
		buttons: [
			{ label: 'Yes', actionId: CONFIRM_YES },
			{ label: 'No', actionId: CONFIRM_NO },
		],
	});
	expect(say({ event: 'button', actionId: CONFIRM_YES, message: 'Yes' }).outcome).toMatchObject({
		kind: 'action',
		action: 'reset_key',
		fields: { plan: 'Pro' },
	});
});

test('"no" to the confirmation cancels', () => {
	const say = conversation();
	say('reset my api key');
	say('free');
	expect(say('no').outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'reset_key' });
});

test('a lead form goes to its action with its fields validated; a button id starts its action', () => {
	expect(conversation()({ event: 'lead_captured', fields: { email: 'LEAD@example.com', audience: '5k' } }).outcome).toEqual({
		kind: 'action',
		action: 'capture_lead',
		confidence: 1,
		trigger: 'lead_captured',
		fields: { email: 'lead@example.com', audience: 5000 },
	});
	expect(conversation()({ event: 'button', actionId: 'check_sub', message: 'Check my subscription' }).outcome).toMatchObject({
		kind: 'ask',
		action: 'check_subscription',
	});
});

test('a message about nothing configured is no match', () => {
	expect(conversation()('what is the weather like').outcome).toEqual({ kind: 'noMatch', reason: 'out_of_scope' });
});

test('configuration mistakes are named', () => {
	const twice = [ACTIONS[0], { ...ACTIONS[1], name: 'check_subscription' }];
	expect(checkActions(twice)).toEqual(['Two actions are named "check_subscription": each needs its own name']);
	expect(checkActions([{ ...ACTIONS[2], fields: [{ name: 'plan', question: '?', type: 'enum', required: true }] }])).toEqual([
		'Action "reset_key", field "plan": an enum field needs options',
	]);
});

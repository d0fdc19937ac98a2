import { readConfirmation } from '../../nodes/ActionRouter/engine/confirmation';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { checkActions, type RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { CONFIRM_NO, CONFIRM_YES, type RoutedDecision } from '../../nodes/ActionRouter/engine/decision';
import { route } from '../../nodes/ActionRouter/engine/router';
import { ACTIONS_TAKEN_LIMIT, THREAD_ENTRY_LIMIT, THREAD_LIMIT } from '../../nodes/shared/conversation-record';
import type { ConversationState } from '../../nodes/shared/state/types';
import type { ChatTurn } from '../../nodes/shared/contract';

/** A stand-in for the intent model: fixed scores per keyword, so transitions are readable. */
const keywords: IntentClassifier = {
	rank(message) {
		const text = message.toLowerCase();
		const scores = [
			{ action: 'check_subscription', score: /subscri|emails?\b/.test(text) ? 0.9 : 0.05 },
			{ action: 'order_status', score: /order/.test(text) ? 0.85 : 0.05 },
			{ action: 'reset_key', score: /key/.test(text) ? (/order/.test(text) ? 0.84 : 0.9) : 0.05 },
			{ action: 'contact_support', score: /support|human|problem/.test(text) ? 0.9 : 0.05 },
			{ action: 'resend_invoice', score: /invoice/.test(text) ? 0.9 : 0.05 },
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
		name: 'contact_support',
		label: 'Talk to support',
		description: 'Write to the support team',
		examples: ['I have a problem'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'problem', question: 'What went wrong?', type: 'text', required: true }],
	},
	{
		name: 'resend_invoice',
		description: 'Send an invoice again',
		examples: ['resend my invoice'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'invoice', question: 'Which invoice number?', type: 'regex', pattern: '^INV-[0-9]{5}$', required: true }],
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

/** ACTIONS with some actions changed, by name. */
function actionsWith(changes: Record<string, (action: RouterAction) => RouterAction>): RouterAction[] {
	return ACTIONS.map((action) => changes[action.name]?.(action) ?? action);
}
const EMAIL_FIELD = { name: 'email', question: 'Your email?', type: 'email' as const, required: true };
const askingEmailFirst = (action: RouterAction): RouterAction => ({ ...action, fields: [EMAIL_FIELD, ...action.fields] });

const SETTINGS = { threshold: 0.5, tieMargin: 0.05, maxReasks: 2 };

const NOON = new Date('2026-11-22T10:00:00Z');

/** Plays a conversation, carrying the state from turn to turn like the node does (one minute per turn). */
function conversation(actions: RouterAction[] = ACTIONS, settings = SETTINGS, classifier: IntentClassifier = keywords) {
	let state: ConversationState | undefined;
	let minute = 0;
	return (turn: Partial<ChatTurn> | string): RoutedDecision => {
		const full: ChatTurn = typeof turn === 'string' ? { event: 'message', conversationId: 'c', message: turn } : { conversationId: 'c', ...turn };
		const now = new Date(NOON.getTime() + 60_000 * minute++);
		const decision = route({ turn: full, state, actions, classifier, settings, now });
		state = decision.state;
		return decision;
	};
}

/** Nothing is being collected any more (the record of the conversation may stay). */
function expectCollectionEnded(decision: RoutedDecision) {
	expect(decision.state).toMatchObject({ fields: {}, attempts: {} });
	expect([decision.state?.pendingAction, decision.state?.askedField, decision.state?.awaitingConfirmation]).toEqual([undefined, undefined, undefined]);
}

const at = (minute: number) => new Date(NOON.getTime() + 60_000 * minute).toISOString();

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
		trigger: 'embedded_model',
		fields: { order_id: '12345' },
	});
	expect(conversation()({ event: 'message', message: 'am I subscribed?', visitor: { email: 'Bob@Example.com' } }).outcome).toMatchObject({
		kind: 'action',
		fields: { email: 'bob@example.com' },
	});
});

test('after the re-ask cap the conversation is escalated and the collection cleared', () => {
	const say = conversation();
	say('check my subscription');
	expect(say('nope').outcome).toMatchObject({ kind: 'ask', reason: 'invalid_field' });
	expect(say('still no').outcome).toMatchObject({ kind: 'ask', reason: 'invalid_field' });
	const escalated = say('not one of those either');
	expect(escalated.outcome).toMatchObject({ kind: 'noMatch', reason: 'escalated', action: 'check_subscription' });
	expectCollectionEnded(escalated);
});

test('"never mind" cancels a collection', () => {
	const say = conversation();
	say('where is my order');
	const cancelled = say('never mind');
	expect(cancelled.outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'order_status' });
	expectCollectionEnded(cancelled);
});

test.each(['nvm', 'stop please', 'no, never mind', "actually, don't bother", 'ok forget it then', "I've changed my mind"])('"%s" cancels a collection too', (message) => {
	const say = conversation();
	say('where is my order');
	expect(say(message).outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'order_status' });
});

test.each(['no worries, forget it, thanks anyway', 'ah, forget it, thanks anyway', 'actually never mind, sorry', 'oh, never mind after all'])(
	'"%s", a cancel with politeness around it, cancels',
	(message) => {
		const say = conversation();
		say('where is my order');
		expect(say(message).outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'order_status' });
	},
);

test.each(['never mind, it just arrived, thanks!', 'forget it, I found it myself', 'nvm - sorted it out with my bank'])('"%s", a cancel that gives its reason, cancels', (message) => {
	const say = conversation();
	say('where is my order');
	expect(say(message).outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'order_status' });
});

test('a cancel followed by the value asked for is the answer: "never mind, found it: 12345"', () => {
	const say = conversation();
	say('where is my order');
	expect(say('never mind, found it: 12345').outcome).toMatchObject({ kind: 'action', action: 'order_status', fields: { order_id: '12345' } });
});

test('a cancel followed by another request switches: "never mind, am I subscribed to your emails?"', () => {
	const say = conversation();
	say('where is my order');
	expect(say('never mind, am I subscribed to your emails?').outcome).toMatchObject({ kind: 'ask', action: 'check_subscription' });
});

test.each(['stop sending me invoices', 'no order number, sorry'])('"%s" is no cancel', (message) => {
	const say = conversation();
	say('where is my order');
	expect(say(message).outcome).not.toMatchObject({ reason: 'cancelled' });
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

test('two nearly tied actions get a clarifying question with a short button for each: its label, else its name made readable', () => {
	const say = conversation();
	const asked = say('my order key');
	expect(asked.outcome).toMatchObject({
		kind: 'ask',
		reason: 'clarify',
		buttons: [
			{ label: 'Order status', actionId: 'choose:order_status' },
			{ label: 'Reset key', actionId: 'choose:reset_key' },
		],
	});
	const labelled = actionsWith({ reset_key: (action) => ({ ...action, label: 'New API key' }) });
	expect(conversation(labelled)('my order key').outcome).toMatchObject({ buttons: [{ label: 'Order status' }, { label: 'New API key' }] });
	expect(say({ event: 'button', actionId: 'choose:order_status', message: 'Order status' }).outcome).toMatchObject({
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

test('a message about nothing configured is no match, answered with what the bot can do', () => {
	const { outcome } = conversation()('what is the weather like');
	expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope', message: "Sorry, I can't help with that here. Here's what I can do:" });
	expect(outcome.kind === 'noMatch' && outcome.buttons.map((button) => button.label)).toEqual(['Check subscription', 'Order status', 'Reset key', 'Talk to support', 'Resend invoice']);
});

test('configuration mistakes are named', () => {
	const twice = [ACTIONS[0], { ...ACTIONS[1], name: 'check_subscription' }];
	expect(checkActions(twice)).toEqual(['Two actions are named "check_subscription": each needs its own name']);
	expect(checkActions([{ ...ACTIONS[2], fields: [{ name: 'plan', question: '?', type: 'enum', required: true }] }])).toEqual([
		'Action "reset_key", field "plan": an enum field needs options',
	]);
});

describe('the conversation record (thread and actions taken)', () => {
	test('the thread holds each visitor message and each question asked, in order, with the time of the turn', () => {
		const say = conversation();
		say('reset my api key');
		say('pro');
		const done = say({ event: 'button', actionId: CONFIRM_YES, message: 'Yes' });
		expect(done.conversation.thread).toEqual([
			{ from: 'visitor', text: 'reset my api key', at: at(0) },
			{ from: 'router', text: 'Which plan are you on?', at: at(0) },
			{ from: 'visitor', text: 'pro', at: at(1) },
			{ from: 'router', text: 'Reset your API key now? The old one stops working.', at: at(1) },
			{ from: 'visitor', text: 'Yes', at: at(2) },
		]);
		expect(done.conversation.actionsTaken).toEqual([{ name: 'reset_key', fields: { plan: 'Pro' }, at: at(2) }]);
		expect(done.state).toMatchObject({ thread: done.conversation.thread, actionsTaken: done.conversation.actionsTaken });
	});

	test('after an action the collection ends but the record stays: the next request starts fresh and adds to it', () => {
		const say = conversation();
		const first = say('where is order 12345?');
		expectCollectionEnded(first);
		const second = say('am I subscribed? ada@example.com');
		expect(second.outcome).toMatchObject({ kind: 'action', action: 'check_subscription', fields: { email: 'ada@example.com' } });
		expect(second.conversation.actionsTaken).toEqual([
			{ name: 'order_status', fields: { order_id: '12345' }, at: at(0) },
			{ name: 'check_subscription', fields: { email: 'ada@example.com' }, at: at(1) },
		]);
		expect(second.conversation.thread.map((entry) => entry.text)).toEqual(['where is order 12345?', 'am I subscribed? ada@example.com']);
	});

	test('a re-asked question, a cancellation and an out-of-scope message are all in the thread; nothing cancelled counts as taken', () => {
		const say = conversation();
		say('check my subscription');
		say('ada at example');
		say('never mind');
		const last = say('what is the weather like');
		expect(last.conversation.thread.map(({ from, text }) => `${from}: ${text}`)).toEqual([
			'visitor: check my subscription',
			'router: What is your email address?',
			'visitor: ada at example',
			'router: That does not look like an email address. Please send one like name@example.com. What is your email address?',
			'visitor: never mind',
			'visitor: what is the weather like',
		]);
		expect(last.conversation.actionsTaken).toEqual([]);
	});

	test('a button click without a label and a lead form are recorded by what they were', () => {
		const say = conversation();
		say({ event: 'button', actionId: 'check_sub' });
		const lead = say({ event: 'lead_captured', fields: { email: 'lead@example.com', audience: '5k' } });
		expect(lead.conversation.thread.map((entry) => entry.text)).toEqual([
			'[button] check_sub',
			'What is your email address?',
			'[lead form] email, audience',
		]);
		expect(lead.conversation.actionsTaken).toEqual([
			{ name: 'capture_lead', fields: { email: 'lead@example.com', audience: 5000 }, at: at(1) },
		]);
	});

	test(`the thread keeps the last ${THREAD_LIMIT} entries, each cut to ${THREAD_ENTRY_LIMIT} characters; actions taken keep the last ${ACTIONS_TAKEN_LIMIT}`, () => {
		const say = conversation();
		let last!: RoutedDecision;
		for (let i = 0; i < 30; i++) last = say(`where is order ${10000 + i}? ${'x'.repeat(i === 29 ? 2000 : 0)}`);
		const { thread, actionsTaken } = last.conversation;
		expect(thread).toHaveLength(THREAD_LIMIT);
		expect(thread[0].text).toBe('where is order 10010?');
		expect(thread[THREAD_LIMIT - 1].text).toHaveLength(THREAD_ENTRY_LIMIT);
		expect(thread[THREAD_LIMIT - 1].text.endsWith('…')).toBe(true);
		expect(actionsTaken).toHaveLength(ACTIONS_TAKEN_LIMIT);
		expect(actionsTaken.map((action) => action.fields.order_id)).toEqual(Array.from({ length: ACTIONS_TAKEN_LIMIT }, (_, i) => String(10010 + i)));
		expect(JSON.stringify(last.state).length).toBeLessThan(20_000);
	});

	test('long field values are cut in the actions taken, not in the fields the action gets', () => {
		const notes: RouterAction = {
			name: 'leave_note',
			description: 'Leave a note',
			examples: [],
			triggers: { intent: false, buttonIds: ['note'], leadCaptured: false },
			fields: [{ name: 'note', question: 'Your note?', type: 'regex', pattern: 'n+', required: true }],
		};
		const say = conversation([notes]);
		say({ event: 'button', actionId: 'note', message: 'Leave a note' });
		const done = say('n'.repeat(3000));
		expect(done.outcome).toMatchObject({ kind: 'action', fields: { note: 'n'.repeat(3000) } });
		expect(String(done.conversation.actionsTaken[0].fields.note)).toHaveLength(THREAD_ENTRY_LIMIT);
	});

	test('the confirmation is asked with the collected fields filled in; what a visitor typed stays text', () => {
		const rename: RouterAction = {
			name: 'rename',
			description: 'Rename the account',
			examples: [],
			triggers: { intent: false, buttonIds: ['rename'], leadCaptured: false },
			fields: [{ name: 'title', question: 'Which name?', type: 'text', required: true }],
			confirmation: 'Rename the account to "{{fields.title}}"?',
		};
		const say = conversation([rename]);
		say({ event: 'button', actionId: 'rename', message: 'Rename' });
		const confirm = say('{{visitor.email}} "Ada"');
		expect(confirm.outcome).toMatchObject({ kind: 'ask', reason: 'confirm', question: 'Rename the account to "{{visitor.email}} "Ada""?' });
		expect(confirm.conversation.thread.at(-1)).toEqual({ from: 'router', text: 'Rename the account to "{{visitor.email}} "Ada""?', at: at(1) });
	});

	test('a record kept from earlier turns is read even if it was stored without one of its lists', () => {
		const decision = route({
			turn: { event: 'message', conversationId: 'c', message: 'where is order 12345?' },
			state: { fields: {}, attempts: {}, updatedAt: 0, thread: [{ from: 'visitor', text: 'hello', at: at(0) }] },
			actions: ACTIONS,
			classifier: keywords,
			settings: SETTINGS,
			now: NOON,
		});
		expect(decision.conversation.thread.map((entry) => entry.text)).toEqual(['hello', 'where is order 12345?']);
		expect(decision.conversation.actionsTaken).toEqual([{ name: 'order_status', fields: { order_id: '12345' }, at: at(0) }]);
	});
});

describe('confirmation: nothing runs without a clear yes', () => {
	/** A conversation waiting at "Reset your API key now?". */
	function atConfirmation() {
		const say = conversation();
		say('reset my api key');
		expect(say('pro').outcome).toMatchObject({ kind: 'ask', reason: 'confirm' });
		return say;
	}

	test.each(['wait', 'not yet', 'is it reversible?', 'hmm', 'yes but not now', 'yes, reset it later', 'reset the old one', 'no wait', 'no, let me think'])('"%s" asks the confirmation again and runs nothing', (answer) => {
		const decision = atConfirmation()(answer);
		expect(decision.outcome).toMatchObject({ kind: 'ask', reason: 'confirm', question: 'Reset your API key now? The old one stops working.' });
		expect(decision.why).toBe('the answer to the confirmation was neither yes nor no: asking again');
	});

	test.each(['yeah right', 'Yeah, right.', 'yea right…', 'sure, whatever… not', 'yes… NOT', 'oh sure 🙄', 'as if', 'sure sure', 'yeah yeah', 'ok 🙃'])(
		'sarcasm or a hedge is no consent: "%s" asks again and runs nothing',
		(answer) => {
			expect(atConfirmation()(answer).outcome).toMatchObject({ kind: 'ask', reason: 'confirm' });
		},
	);

	test.each(['yes', 'yep, go ahead', 'Sure, do it.', 'ok 👍', "let's do it", 'yes, reset my key now', "I'm sure", "that's right", 'right, go ahead', 'oh sure, go ahead', 'yeah, right now', 'yes, right away'])('"%s" runs the action', (answer) => {
		expect(atConfirmation()(answer).outcome).toMatchObject({ kind: 'action', action: 'reset_key', fields: { plan: 'Pro' } });
	});

	test.each(['no thanks', "don't", 'nope', "no, don't do that", "I don't think so", "no, don't reset it", 'nope, leave it'])('"%s" cancels', (answer) => {
		expect(atConfirmation()(answer).outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'reset_key' });
	});

	test.each([
		['yes, cancel it', 'yes'],
		['yes please cancel order 12345', 'yes'],
		["no, don't cancel it", 'no'],
		['no', 'no'],
		['cancel', 'neither'],
		['yes but not today', 'neither'],
	])('to "Cancel order 12345?", whose action is a no word, "%s" is %s', (answer, reading) => {
		expect(readConfirmation(answer, 'Cancel order 12345?')).toBe(reading);
	});

	test.each([
		['no', 'no'],
		['yes, stop them', 'yes'],
		["no, don't stop", 'no'],
		['never', 'no'],
	])('a question with a no in it ("…no longer…") keeps its no words: "%s" is %s', (answer, reading) => {
		expect(readConfirmation(answer, 'Stop the weekly emails? You will no longer get them, never again.')).toBe(reading);
	});

	test('the question is read as the visitor saw it, values filled in: "yes, cancel order 12345" runs the action', () => {
		const cancelling = actionsWith({ order_status: (action) => ({ ...action, confirmation: 'Cancel order {{fields.order_id}}?' }) });
		const say = conversation(cancelling);
		expect(say('order 12345').outcome).toMatchObject({ kind: 'ask', reason: 'confirm', question: 'Cancel order 12345?' });
		expect(say('yes, cancel order 12345').outcome).toMatchObject({ kind: 'action', action: 'order_status', fields: { order_id: '12345' } });
	});

	test('to "Cancel order 12345?", "cancel it, yes" is a yes, not a cancel with a reason', () => {
		const say = conversation(actionsWith({ order_status: (action) => ({ ...action, confirmation: 'Cancel order {{fields.order_id}}?' }) }));
		say('order 12345');
		expect(say('cancel it, yes').outcome).toMatchObject({ kind: 'action', action: 'order_status' });
	});

	test('answers that are neither count against the re-ask cap, then a teammate takes over', () => {
		const say = atConfirmation();
		expect(say('wait').outcome).toMatchObject({ kind: 'ask', reason: 'confirm' });
		expect(say('hold on').outcome).toMatchObject({ kind: 'ask', reason: 'confirm' });
		const escalated = say('hmm');
		expect(escalated.outcome).toMatchObject({ kind: 'noMatch', reason: 'escalated', action: 'reset_key' });
		expectCollectionEnded(escalated);
	});

	test('a new value given instead of an answer replaces the old one and is confirmed again', () => {
		const confirmSay = conversation(actionsWith({ check_subscription: (action) => ({ ...action, confirmation: 'Unsubscribe {{fields.email}}?' }) }));
		confirmSay('check my subscription');
		expect(confirmSay('ada@example.com').outcome).toMatchObject({ reason: 'confirm', question: 'Unsubscribe ada@example.com?' });
		const changed = confirmSay('use bob@example.com instead');
		expect(changed.outcome).toMatchObject({ kind: 'ask', reason: 'confirm', question: 'Unsubscribe bob@example.com?', fields: { email: 'bob@example.com' } });
		expect(changed.why).toBe('the visitor changed email: confirming again');
		expect(confirmSay('yes').outcome).toMatchObject({ kind: 'action', fields: { email: 'bob@example.com' } });
	});

	test('another request during the confirmation switches to it, and router says why', () => {
		const switched = atConfirmation()('where is my order?');
		expect(switched.outcome).toMatchObject({ kind: 'ask', action: 'order_status', field: 'order_id' });
		expect(switched.why).toBe('switched from reset_key: the message asks for order_status (0.85) rather than answering the confirmation');
	});

	test("a message that answers nothing switches at the router's threshold, where a field's answer needs 0.4", () => {
		/** "someone" scores `score` for contact_support; the rest as the keywords say. */
		const atConfirmationWith = (score: number) => {
			const someone: IntentClassifier = {
				rank: (message) => (/someone/.test(message) ? [{ action: 'contact_support', score }, { action: 'reset_key', score: 0.05 }] : keywords.rank(message)),
			};
			const say = conversation(ACTIONS, { ...SETTINGS, threshold: 0.2 }, someone);
			say('reset my api key');
			expect(say('pro').outcome).toMatchObject({ kind: 'ask', reason: 'confirm' });
			return say("actually I'd rather talk to someone");
		};
		expect(atConfirmationWith(0.3).outcome).toMatchObject({ kind: 'ask', action: 'contact_support', field: 'problem' });
		expect(atConfirmationWith(0.15).outcome).toMatchObject({ kind: 'ask', action: 'reset_key', reason: 'confirm' });
	});

	test('a hesitation that happens to score for another action is not worded as a request: it needs 0.4 to switch', () => {
		const hesitation: IntentClassifier = {
			rank: (message) => (/think/.test(message) ? [{ action: 'contact_support', score: 0.3 }, { action: 'reset_key', score: 0.05 }] : keywords.rank(message)),
		};
		const say = conversation(ACTIONS, { ...SETTINGS, threshold: 0.2 }, hesitation);
		say('reset my api key');
		say('pro');
		expect(say('let me think').outcome).toMatchObject({ kind: 'ask', action: 'reset_key', reason: 'confirm' });
	});

	test.each(['no, I changed my mind', 'nah, not needed', 'no, keep the old one'])('"%s", a no with words of its own, cancels', (answer) => {
		expect(atConfirmation()(answer).outcome).toMatchObject({ kind: 'noMatch', reason: 'cancelled', action: 'reset_key' });
	});

	test('a no that gives a new value changes the value and confirms again rather than cancelling', () => {
		const say = conversation(actionsWith({ check_subscription: (action) => ({ ...action, confirmation: 'Unsubscribe {{fields.email}}?' }) }));
		say('check my subscription');
		say('ada@example.com');
		expect(say('no, bob@example.com').outcome).toMatchObject({ kind: 'ask', reason: 'confirm', question: 'Unsubscribe bob@example.com?' });
	});
});

describe('patterns describe a whole value', () => {
	test('an anchored pattern finds its value inside a sentence', () => {
		expect(conversation()('can you resend invoice INV-20417?').outcome).toMatchObject({
			kind: 'action',
			action: 'resend_invoice',
			fields: { invoice: 'INV-20417' },
		});
	});

	test('a longer value is refused as the answer, never cut to fit', () => {
		const say = conversation();
		say('where is my order');
		expect(say('123456').outcome).toMatchObject({ kind: 'ask', reason: 'invalid_field', field: 'order_id' });
		expect(say('it is 12345.').outcome).toMatchObject({ kind: 'action', fields: { order_id: '12345' } });
	});
});

describe('a new request is not swallowed as an answer', () => {
	test('while a text field is asked, "hold on, can you check my order status first?" switches, and router says why', () => {
		const say = conversation();
		expect(say('I need support').outcome).toMatchObject({ kind: 'ask', action: 'contact_support', field: 'problem' });
		const switched = say('hold on, can you check my order status first?');
		expect(switched.outcome).toMatchObject({ kind: 'ask', action: 'order_status', field: 'order_id' });
		expect(switched.why).toBe('switched from contact_support: the message asks for order_status (0.85) rather than answering problem');
	});

	test("a text answer that uses another action's words but asks for nothing is the answer", () => {
		const say = conversation();
		say('I need support');
		expect(say('my order never arrived').outcome).toMatchObject({
			kind: 'action',
			action: 'contact_support',
			fields: { problem: 'my order never arrived' },
		});
	});

	test('while a number is asked, "can you check order 12345 first?" switches with the order number instead of answering with it', () => {
		const say = conversation();
		say({ event: 'lead_captured', fields: { email: 'lead@example.com' } });
		const switched = say('can you check order 12345 first?');
		expect(switched.outcome).toMatchObject({ kind: 'action', action: 'order_status', fields: { order_id: '12345' } });
	});

	test('a valid answer that asks for nothing is the answer, even when its words could start another action', () => {
		const say = conversation();
		say({ event: 'lead_captured', fields: { email: 'lead@example.com' } });
		expect(say('about 12k, mostly on the order of newsletter readers').outcome).toMatchObject({
			kind: 'action',
			action: 'capture_lead',
			fields: { audience: 12000 },
		});
	});

	test('a switch keeps what the visitor already gave for a field of the same name and type', () => {
		const say = conversation(
			actionsWith({ check_subscription: (action) => ({ ...action, confirmation: 'Check {{fields.email}}?' }), contact_support: askingEmailFirst }),
		);
		say('check my subscription');
		expect(say('ada@example.com').outcome).toMatchObject({ kind: 'ask', reason: 'confirm' });
		const switched = say('wait, I have a problem, can you get me support?');
		expect(switched.outcome).toMatchObject({ kind: 'ask', action: 'contact_support', field: 'problem', fields: { email: 'ada@example.com' } });
		expect(switched.why).toBe('switched from check_subscription: the message asks for contact_support (0.90) rather than answering the confirmation; kept email');
	});

	test('a value the switching message gives itself wins over the one kept', () => {
		const say = conversation(actionsWith({ reset_key: askingEmailFirst, contact_support: askingEmailFirst }));
		say('reset my api key');
		expect(say('ada@example.com').outcome).toMatchObject({ kind: 'ask', field: 'plan' });
		expect(say('wait, I have a problem, can you get me support? I am bob@example.com').outcome).toMatchObject({
			action: 'contact_support',
			fields: { email: 'bob@example.com' },
		});
	});

	test('a request that gives no valid answer switches at the router\'s threshold; a valid answer still needs 0.4', () => {
		/** "subscribed first" scores `score` for check_subscription; the rest as the keywords say. */
		const whileOrderIsAsked = (message: string, score: number) => {
			const first: IntentClassifier = {
				rank: (text) => (/first/.test(text) ? [{ action: 'check_subscription', score }, { action: 'order_status', score: 0.05 }] : keywords.rank(text)),
			};
			const say = conversation(ACTIONS, { ...SETTINGS, threshold: 0.2 }, first);
			expect(say('where is my order').outcome).toMatchObject({ kind: 'ask', field: 'order_id' });
			return say(message).outcome;
		};
		expect(whileOrderIsAsked('wait, first tell me if I am subscribed', 0.3)).toMatchObject({ kind: 'ask', action: 'check_subscription' });
		expect(whileOrderIsAsked('wait, first tell me if I am subscribed', 0.15)).toMatchObject({ kind: 'ask', reason: 'invalid_field', field: 'order_id' });
		expect(whileOrderIsAsked('it is 12345, can you tell me if I am subscribed first', 0.3)).toMatchObject({ kind: 'ask', action: 'check_subscription' });
	});

	test('a valid answer worded as a request but not turning away needs 0.4 to switch; an option of the list asked never does', () => {
		const scoring = (score: number): IntentClassifier => ({
			rank: (text) => (/like|want/.test(text) ? [{ action: 'check_subscription', score }, { action: 'reset_key', score: 0.05 }] : keywords.rank(text)),
		});
		const whilePlanIsAsked = (message: string, score: number) => {
			const say = conversation(ACTIONS, { ...SETTINGS, threshold: 0.2 }, scoring(score));
			expect(say('reset my key').outcome).toMatchObject({ kind: 'ask', field: 'plan' });
			return say(message).outcome;
		};
		expect(whilePlanIsAsked('I want the pro one', 0.6)).toMatchObject({ kind: 'ask', reason: 'confirm', fields: { plan: 'Pro' } });
		expect(whilePlanIsAsked('actually I want to check my emails instead, pro', 0.3)).toMatchObject({ kind: 'ask', action: 'check_subscription' });
		const whileOrderIsAsked = (message: string, score: number) => {
			const say = conversation(ACTIONS, { ...SETTINGS, threshold: 0.2 }, scoring(score));
			say('where is my order');
			return say(message).outcome;
		};
		expect(whileOrderIsAsked('I would like 12345 checked', 0.3)).toMatchObject({ kind: 'action', action: 'order_status', fields: { order_id: '12345' } });
		expect(whileOrderIsAsked('I would like 12345 checked', 0.6)).toMatchObject({ kind: 'ask', action: 'check_subscription' });
	});
});

describe("a value only some described actions' patterns accept is evidence for them", () => {
	/** Ranks every message alike: order_status `score`, check_subscription 0.05. */
	const fixed = (score: number): IntentClassifier => ({
		rank: () => [
			{ action: 'order_status', score },
			{ action: 'check_subscription', score: 0.05 },
		],
	});
	/** The actions as chat products configure them: a name and a description, no example phrases. */
	const DESCRIBED: RouterAction[] = ACTIONS.map((action) => ({ ...action, examples: [] }));
	const first = (message: string, score: number, actions: RouterAction[] = DESCRIBED) => conversation(actions, { ...SETTINGS, threshold: 0.2 }, fixed(score))(message).outcome;

	test("a message holding a value of a described action's Pattern field needs half the threshold for that action", () => {
		expect(first('is 12345 on its way?', 0.12)).toMatchObject({ kind: 'action', action: 'order_status', fields: { order_id: '12345' } });
	});

	test('without the value, or under half the threshold, the same score is no match', () => {
		expect(first('is it on its way?', 0.12)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
		expect(first('is 12345 on its way?', 0.09)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
	});

	test('an action with example phrases needs the whole threshold: its scores are measured against them', () => {
		expect(first('is 12345 on its way?', 0.12, ACTIONS)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
	});

	test("a value that every action's pattern accepts tells them apart no more than the words do", () => {
		const everyOneAnOrder = DESCRIBED.map((action) => ({ ...action, fields: [{ name: 'order_id', question: 'Which order?', type: 'regex' as const, pattern: '\\d{5}', required: true }] }));
		expect(first('is 12345 on its way?', 0.12, everyOneAnOrder)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
	});

	test("a value that an action with examples accepts too counts against its being evidence, though only described actions get the lower bar", () => {
		const everyOneAnOrder = DESCRIBED.map((action) => ({ ...action, fields: [{ name: 'order_id', question: 'Which order?', type: 'regex' as const, pattern: '\\d{5}', required: true }] }));
		const oneWithExamples = everyOneAnOrder.map((action) => (action.name === 'check_subscription' ? { ...action, examples: ['am I subscribed'] } : action));
		expect(first('is 12345 on its way?', 0.12, oneWithExamples)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
	});

	test("an option of an action's list named in the message is evidence for it too, unless every action has that option", () => {
		const plan = { name: 'plan', question: 'Which plan?', type: 'enum' as const, options: ['Free', 'Pro'], required: true };
		const planOnly = DESCRIBED.map((action) => (action.name === 'order_status' ? { ...action, fields: [plan] } : action));
		expect(first('is the pro one on its way?', 0.12, planOnly)).toMatchObject({ kind: 'action', action: 'order_status', fields: { plan: 'Pro' } });
		const everyOneAPlan = DESCRIBED.map((action) => ({ ...action, fields: [plan] }));
		expect(first('is the pro one on its way?', 0.12, everyOneAPlan)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
		// A value of another type (a number, an email) is no such evidence.
		const emailOnly = DESCRIBED.map((action) => (action.name === 'order_status' ? { ...action, fields: [{ name: 'email', question: 'Email?', type: 'email' as const, required: true }] } : action));
		expect(first('is ada@example.com on its way?', 0.12, emailOnly)).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope' });
	});
});

describe("dates on the visitor's clock", () => {
	const booking: RouterAction[] = [
		{
			name: 'book_call',
			description: 'Book a call',
			examples: ['book a call'],
			triggers: { intent: true, buttonIds: [], leadCaptured: false },
			fields: [{ name: 'day', question: 'Which day?', type: 'date', required: true }],
		},
	];
	const always: IntentClassifier = { rank: () => [{ action: 'book_call', score: 0.9 }] };
	const day = (message: string, now: string, metadata: Record<string, unknown> = {}, timezone?: string) => {
		const outcome = route({
			turn: { event: 'message', message, metadata },
			state: undefined,
			actions: booking,
			classifier: always,
			settings: { ...SETTINGS, timezone },
			now: new Date(now),
		}).outcome;
		return outcome.kind === 'action' ? outcome.fields.day : outcome;
	};

	test("'tomorrow' is the visitor's tomorrow in the time zone their widget sends, else the node's", () => {
		// Monday 02:00 UTC is Sunday 18:00 in Los Angeles.
		expect(day('book a call tomorrow', '2026-11-23T02:00:00Z', { timezone: 'America/Los_Angeles' }, 'UTC')).toBe('2026-11-23');
		expect(day('book a call tomorrow', '2026-11-23T02:00:00Z', {}, 'UTC')).toBe('2026-11-24');
		expect(day('book a call tomorrow', '2026-11-23T02:00:00Z', { timezone: 'Not/AZone' }, 'UTC')).toBe('2026-11-24');
	});

	test('relative dates count from when the visitor sent the message, unless that clock is days off', () => {
		expect(day('book a call today', '2026-11-23T00:01:00Z', { timestamp: '2026-11-22T23:59:00Z' }, 'UTC')).toBe('2026-11-22');
		expect(day('book a call today', '2026-11-23T00:01:00Z', { timestamp: 1795391940000 }, 'UTC')).toBe('2026-11-22');
		expect(day('book a call today', '2026-11-23T00:01:00Z', { timestamp: '2020-01-01T00:00:00Z' }, 'UTC')).toBe('2026-11-23');
	});

	test('a bare weekday is the next one, never one already past', () => {
		// Wednesday 25 November 2026.
		expect(day('book a call monday', '2026-11-25T10:00:00Z', {}, 'UTC')).toBe('2026-11-30');
		expect(day('book a call on friday', '2026-11-25T10:00:00Z', {}, 'UTC')).toBe('2026-11-27');
	});
});

describe('buttons answered by number (text-only chats list them numbered)', () => {
	test('"1" after a confirmation is its Yes button; "2" after a clarifying question picks the second action', () => {
		const say = conversation();
		say('reset my api key');
		expect(say('pro').outcome).toMatchObject({ reason: 'confirm' });
		expect(say('1').outcome).toMatchObject({ kind: 'action', action: 'reset_key' });
		expect(say('my order key').outcome).toMatchObject({ reason: 'clarify' });
		// The plan given for the first reset is offered with Yes / No: "2" is No, and the plan is asked.
		expect(say('2.').outcome).toMatchObject({ kind: 'ask', action: 'reset_key', field: 'plan', question: 'Which plan are you on? Use Pro?', buttons: [{ label: 'Yes' }, { label: 'No' }] });
		expect(say('2').outcome).toMatchObject({ kind: 'ask', action: 'reset_key', field: 'plan', buttons: [{ label: 'Free' }, { label: 'Pro' }] });
		expect(say('1').outcome).toMatchObject({ kind: 'ask', reason: 'confirm', fields: { plan: 'Free' } });
	});

	test('a number with no buttons offered, or past the last one, is read as it is', () => {
		const say = conversation();
		say({ event: 'lead_captured', fields: { email: 'lead@example.com' } });
		expect(say('2').outcome).toMatchObject({ kind: 'action', action: 'capture_lead', fields: { audience: 2 } });
		const other = conversation();
		other('reset my api key');
		expect(other('3').outcome).toMatchObject({ kind: 'ask', reason: 'invalid_field', field: 'plan' });
	});
});

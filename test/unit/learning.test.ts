// Learning from the review list (engine/learning.ts, learning-model.ts): which turns the router
// was unsure about go on the list and with which message, how the examples the owner assigns
// join the router's model, and what the clash check lists before one is learned.
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import type { IntentClassifier, IntentScore } from '../../nodes/ActionRouter/engine/intent/types';
import { clashCheck, learnedClassifier, NO_MATCH, reviewReasonOf, routedAction, withLearned } from '../../nodes/ActionRouter/engine/learning';
import { LEARNED_PER_ACTION } from '../../nodes/ActionRouter/engine/learning-model';
import type { ChatModelAnswer } from '../../nodes/ActionRouter/engine/llm';
import { processTurn, type TurnSetup } from '../../nodes/ActionRouter/engine/turn';
import type { ChatTurn } from '../../nodes/shared/contract';
import { type LearnedExample, NOT_AN_ACTION } from '../../nodes/shared/review-record';
import { MemoryStateStore } from '../../nodes/shared/state';

const SETTINGS = { threshold: 0.2, tieMargin: 0.05, maxReasks: 3 };

function action(name: string, extra: Partial<RouterAction> = {}): RouterAction {
	return { name, description: '', examples: [], triggers: { intent: true, buttonIds: [], leadCaptured: false }, fields: [], ...extra };
}

// ---- the review list's reasons, on the router's own items --------------------------------

const ACTIONS: RouterAction[] = [
	action('order_status', {
		triggers: { intent: true, buttonIds: ['track'], leadCaptured: false },
		fields: [{ name: 'order_id', question: 'What is the order number?', type: 'regex', pattern: '\\d{5}', required: true }],
	}),
	action('unsubscribe', { fields: [{ name: 'email', question: 'Your email?', type: 'email', required: true }] }),
	action('opening_hours'),
	action('refund'),
	action('return_item'),
];

/** Sure of orders, unsubscribing and opening hours; torn between a refund and a return; unsure of anything else. */
const scripted: IntentClassifier = {
	rank(message) {
		const sure: Record<string, number> = /unsubscribe/.test(message)
			? { unsubscribe: 0.9 }
			: /order/.test(message)
				? { order_status: 0.9 }
				: /hours/.test(message)
					? { opening_hours: 0.9 }
					: /money back/.test(message)
						? { refund: 0.5, return_item: 0.48 }
						: {};
		return ACTIONS.map(({ name }) => ({ action: name, score: sure[name] ?? 0.02 })).sort((a, b) => b.score - a.score);
	},
};

function router(overrides: Partial<TurnSetup> = {}) {
	const setup: TurnSetup = {
		actions: ACTIONS,
		settings: SETTINGS,
		intentMode: 'embedded',
		embedded: scripted,
		hybridBelow: 0.4,
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		ttlSeconds: 1800,
		replies: {},
		scope: 'wf',
		...overrides,
	};
	/** One turn of conversation c1: what went on the review list for it (undefined: nothing). */
	return async (said: string | ChatTurn, embeddedRanking?: IntentScore[]) => {
		const turn: ChatTurn = typeof said === 'string' ? { event: 'message', conversationId: 'c1', message: said } : { conversationId: 'c1', ...said };
		const { json } = await processTurn(turn, setup);
		return reviewReasonOf(turn, json, embeddedRanking);
	};
}

describe('the messages the router was unsure about go on the review list', () => {
	test('a message that matches no action, as No Match', async () => {
		expect(await router()('can I pay with a voucher')).toEqual({ reason: 'no_match', message: 'can I pay with a voucher', ranking: expect.any(Array) });
	});

	test('a message between two actions (the router asks which one), as clarify', async () => {
		expect(await router()('I want my money back')).toMatchObject({ reason: 'clarify', message: 'I want my money back' });
	});

	test('a request for another action while a field is asked, as a switch, with the action switched to', async () => {
		const turn = router();
		await turn('where is my order');
		expect(await turn('actually, unsubscribe me')).toMatchObject({ reason: 'switch', message: 'actually, unsubscribe me', decided: 'unsubscribe' });
	});

	test('a cancel right after the model started a collection, with the message that started it', async () => {
		const turn = router();
		expect(await turn('where is my order')).toBeUndefined();
		expect(await turn('cancel')).toEqual({ reason: 'cancelled_after_routing', message: 'where is my order', decided: 'order_status', ranking: [] });
	});

	test('a cancel right after an action that ran at once, with the message that ran it', async () => {
		const turn = router();
		expect(await turn('what are your hours')).toBeUndefined();
		expect(await turn('cancel')).toMatchObject({ reason: 'cancelled_after_routing', message: 'what are your hours', decided: 'opening_hours' });
	});

	test('the re-ask cap, with the answer the router could not take', async () => {
		const turn = router();
		await turn('where is my order');
		for (const answer of ['12', '34', '56']) expect(await turn(answer)).toBeUndefined();
		expect(await turn('78')).toMatchObject({ reason: 'reask_cap', message: '78', decided: 'order_status' });
	});

	test("the chat model choosing another action than the embedded model's first, as model_disagrees", async () => {
		const chatModel = async (): Promise<ChatModelAnswer> => ({ ranking: [{ action: 'return_item', score: 1 }], fields: {} });
		const turn = router({ intentMode: 'hybrid', chatModel });
		const message = 'I want my money back';
		expect(await turn(message, scripted.rank(message))).toMatchObject({ reason: 'model_disagrees', message, decided: 'return_item' });
	});
});

describe('the messages it was sure about do not', () => {
	test('a clear request, the answer to the question asked, small talk', async () => {
		const turn = router();
		expect(await turn('where is my order')).toBeUndefined();
		expect(await turn('12345')).toBeUndefined();
		expect(await turn('hello')).toBeUndefined();
	});

	test('a cancel after the visitor answered a question: the action was what they asked for', async () => {
		const turn = router();
		await turn('unsubscribe me');
		expect(await turn('not an email')).toBeUndefined();
		expect(await turn('cancel')).toBeUndefined();
	});

	test('a cancel after a button started the action: no model decided it', async () => {
		const turn = router();
		expect(await turn({ event: 'button', actionId: 'track', message: '' })).toBeUndefined();
		expect(await turn('cancel')).toBeUndefined();
	});

	test('a cancel with nothing routed before: it asks for nothing', async () => {
		const turn = router();
		await turn('hello');
		expect(await turn('cancel')).toBeUndefined();
	});

	test('the chat model agreeing with the embedded model', async () => {
		const chatModel = async (): Promise<ChatModelAnswer> => ({ ranking: [{ action: 'refund', score: 1 }], fields: {} });
		const message = 'I want my money back';
		expect(await router({ intentMode: 'hybrid', chatModel })(message, scripted.rank(message))).toBeUndefined();
	});
});

// ---- learned examples --------------------------------------------------------------------

const learned = (text: string, assigned: string, at = 1): LearnedExample => ({ text, action: assigned, at, item: `item-${at}` });

describe('the examples the owner assigned join the router', () => {
	test("each after its action's own examples; none for an action the router no longer has, nor for \"not an action\"", () => {
		const actions = [action('order_status', { examples: ['where is my order'] }), action('opening_hours')];
		const taught = withLearned(actions, [learned('has my parcel left', 'order_status', 1), learned('lol', NOT_AN_ACTION, 2), learned('gift cards?', 'gift_cards', 3)]);
		expect(taught.map((one) => one.examples)).toEqual([['where is my order', 'has my parcel left'], []]);
		expect(actions[0].examples).toEqual(['where is my order']);
	});

	test(`at most ${LEARNED_PER_ACTION} per action, the newest; an example the action has already is not added twice`, () => {
		const many = Array.from({ length: LEARNED_PER_ACTION + 10 }, (_, i) => learned(`parcel question ${i}`, 'order_status', i));
		const [taught] = withLearned([action('order_status', { examples: ['Parcel question 59'] })], many);
		expect(taught.examples).toHaveLength(LEARNED_PER_ACTION);
		expect(taught.examples[0]).toBe('Parcel question 59');
		expect(taught.examples.slice(1)).toEqual(many.slice(10, 59).map((example) => example.text));
	});

	test('a message assigned twice counts where it was assigned last', () => {
		const taught = withLearned([action('refund'), action('return_item')], [learned('send it back', 'refund', 1), learned('send it back', 'return_item', 2)]);
		expect(taught.map((one) => one.examples)).toEqual([[], ['send it back']]);
	});
});

// ---- the embedded model with learned examples, and the clash check -----------------------

const SHOP = [
	action('track_order', { description: 'Tell the visitor where their order is' }),
	action('cancel_subscription', { description: "Cancel the visitor's subscription" }),
	action('opening_hours', { description: 'Tell the visitor when the shop is open' }),
];
const routed = (message: string, examples: LearnedExample[]) => routedAction(message, SHOP, learnedClassifier(SHOP, examples), SETTINGS);

describe('the model learns the assigned examples', () => {
	test('a message that matched nothing goes to the action it was assigned', () => {
		expect(routed('can I bring my dog', [])).toBe(NO_MATCH);
		expect(routed('can I bring my dog', [learned('can I bring my dog', 'opening_hours')])).toBe('opening_hours');
	});

	test('a message assigned "not an action" is refused, and the actions keep their requests', () => {
		const pizza = [learned('where can I order a pizza', NOT_AN_ACTION)];
		expect(routed('where can I order a pizza', [])).toBe('track_order');
		expect(routed('where can I order a pizza', pizza)).toBe(NO_MATCH);
		expect(routed('where is my order', pizza)).toBe('track_order');
	});

	test('"not an action" works in a router whose actions are written in another language than English', () => {
		const shop = [
			action('bestellstatus', { description: 'Sagt, wo die Bestellung ist', examples: ['wo ist meine Bestellung', 'wann kommt mein Paket', 'ist meine Bestellung unterwegs'] }),
			action('rueckgabe', { description: 'Eine Rücksendung anmelden', examples: ['ich möchte etwas zurückschicken', 'wie kann ich den Artikel zurückgeben'] }),
		];
		const german = (message: string, examples: LearnedExample[]) => routedAction(message, shop, learnedClassifier(shop, examples), SETTINGS);
		const pizza = [learned('wo bleibt meine Pizza Bestellung', NOT_AN_ACTION)];
		expect(german('wo bleibt meine Pizza Bestellung', [])).toBe('bestellstatus');
		expect(german('wo bleibt meine Pizza Bestellung', pizza)).toBe(NO_MATCH);
		expect(german('wo ist meine Bestellung', pizza)).toBe('bestellstatus');
	});
});

describe('the clash check lists what an example would change', () => {
	const check = (candidate: LearnedExample, decisions: Array<[string, string | null]>, stories: Array<{ name: string; turns: Array<{ say: string; expect: string }> }> = []) =>
		clashCheck({ actions: SHOP, settings: SETTINGS, learned: [], candidate, decisions: decisions.map(([message, decided], at) => ({ message, action: decided, at })), stories });

	test('a stored decision the example moves from one action to another', async () => {
		const changes = await check(learned('stop sending me the monthly box', 'cancel_subscription'), [['stop my monthly order', 'track_order']]);
		expect(changes).toEqual([{ message: 'stop my monthly order', source: 'decision', before: 'track_order', after: 'cancel_subscription' }]);
	});

	test('a No Match that becomes the assigned action', async () => {
		const changes = await check(learned('can I bring my dog', 'opening_hours'), [['can I bring my dog inside', null]]);
		expect(changes).toEqual([{ message: 'can I bring my dog inside', source: 'decision', before: NO_MATCH, after: 'opening_hours' }]);
	});

	test('nothing, when nothing changes', async () => {
		const decisions: Array<[string, string | null]> = [['where is my order', 'track_order'], ['when do you open', 'opening_hours'], ['what is the weather', null]];
		const stories = [{ name: 'an order', turns: [{ say: 'where is my order', expect: 'route track_order' }] }];
		expect(await check(learned('can I bring my dog', 'opening_hours'), decisions, stories)).toEqual([]);
	});

	test('a story turn whose outcome changes, with the story', async () => {
		const stories = [
			{ name: 'a visitor with a dog', turns: [{ say: 'hello', expect: 'topic greeting' }, { say: 'can I bring my dog inside', expect: 'no match' }] },
			{ name: 'an order', turns: [{ say: 'where is my order', expect: 'route track_order' }] },
		];
		const changes = await check(learned('can I bring my dog', 'opening_hours'), [], stories);
		expect(changes).toEqual([{ message: 'can I bring my dog inside', source: 'story', story: 'a visitor with a dog', before: 'no match', after: 'route opening_hours' }]);
	});
});

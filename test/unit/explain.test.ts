// Why the router decided (router.explanation): the step, the model, the ranking, the words and
// learned texts that weighed, the fields' status and a refused value; the trigger that names the
// model; and the reply's `why`, only for the owner who asked for it.
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { DEFAULT_REPLIES } from '../../nodes/ActionRouter/engine/defaults';
import { EmbeddedIntentModel } from '../../nodes/ActionRouter/engine/intent/embedded';
import { learnedTexts, wordsThatWeigh } from '../../nodes/ActionRouter/engine/intent/explain';
import { type Token, tokenize } from '../../nodes/ActionRouter/engine/intent/normalize';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { processTurn, type TurnSetup } from '../../nodes/ActionRouter/engine/turn';
import { withSettingsReply } from '../../nodes/ChatReply/engine/reply';
import { buildRequest } from '../../nodes/HttpAction/engine/request';
import type { ChatTurn, RouterExplanation } from '../../nodes/shared/contract';
import { replyBody } from '../../nodes/shared/dialects';
import { MemoryStateStore, StateStoreUnavailableError } from '../../nodes/shared/state';

const ACTIONS: RouterAction[] = [
	{
		name: 'reset_key',
		description: "Reset the visitor's API key",
		examples: ['reset my api key', 'I need a new API key', 'rotate my key please', 'my key leaked'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [],
		confirmation: 'Reset your API key now?',
	},
	{
		name: 'order_status',
		description: 'Tell the visitor where their order is',
		examples: ['where is my order', 'has my order shipped', 'track my package', 'where is order 12345'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'order_id', question: 'What is the order number?', type: 'regex', pattern: '\\d{5}', required: true }],
	},
	{
		name: 'check_subscription',
		description: 'Check whether the visitor is subscribed to the newsletter',
		examples: ['am I subscribed to your newsletter', 'check my subscription', 'I never get your emails'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [
			{ name: 'email', question: 'Which email address should I check?', type: 'email', required: true },
			{ name: 'list', question: 'Which list?', type: 'enum', options: ['weekly', 'offers'], required: false },
		],
	},
	{
		name: 'talk_to_sales',
		description: 'A salesperson calls back',
		examples: [],
		triggers: { intent: false, buttonIds: ['sales'], leadCaptured: true },
		fields: [{ name: 'phone', question: 'Your phone number?', type: 'phone', required: true }],
	},
];

const model = EmbeddedIntentModel.build(ACTIONS);

function setup(overrides: Partial<TurnSetup> = {}): TurnSetup {
	return {
		actions: ACTIONS,
		settings: { threshold: 0.2, tieMargin: 0.05, maxReasks: 1 },
		intentMode: 'embedded',
		embedded: model,
		hybridBelow: 0.4,
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		ttlSeconds: 1800,
		replies: DEFAULT_REPLIES,
		scope: 'wf1',
		...overrides,
	};
}

/** A conversation with one store: each call is the next turn, and returns the item that leaves. */
function conversation(overrides: Partial<TurnSetup> = {}) {
	const store = new MemoryStateStore({ sweepIntervalMs: 0 });
	return async (turn: string | ChatTurn) => {
		const sent: ChatTurn = typeof turn === 'string' ? { event: 'message', conversationId: 'c1', message: turn } : { conversationId: 'c1', ...turn };
		return (await processTurn(sent, setup({ store, ...overrides }))).json;
	};
}

const explanationOf = (item: ChatTurn) => (item.router as { explanation: RouterExplanation }).explanation;

describe('why the embedded model decided', () => {
	test('a message routed to reset_key names the words that weighed and the nearest text it learned from', async () => {
		const item = await conversation()('please reset my API key');
		const why = explanationOf(item);
		expect(why).toMatchObject({ step: 'intent', model: 'embedded_model', threshold: 0.2, tieMargin: 0.05, fields: {} });
		expect(why.ranking[0]).toMatchObject({ action: 'reset_key' });
		expect(why.ranking.length).toBeLessThanOrEqual(5);
		const words = why.words.map((word) => word.word);
		expect(words).toEqual(expect.arrayContaining(['reset', 'key']));
		expect(words.length).toBeLessThanOrEqual(6);
		expect(why.words.every((word) => word.action === 'reset_key' && word.weight > 0)).toBe(true);
		expect(why.examples[0]).toMatchObject({ action: 'reset_key', text: 'reset my api key' });
		expect(why.examples.length).toBeLessThanOrEqual(3);
		expect(why.examples[0].similarity).toBeGreaterThan(why.examples.at(-1)!.similarity - 1e-9);
	});

	test('a description is shown as the owner wrote it, not in the visitor\'s words the model learns it in', () => {
		const { examples } = model.explain('tell me where my order is', 'order_status');
		expect(examples.map((example) => example.text)).toContain('Tell the visitor where their order is');
	});

	test('a No Match shows a ranking under the threshold', async () => {
		const item = await conversation()('what is the capital of Peru');
		const why = explanationOf(item);
		expect(item.router).toMatchObject({ outcome: 'noMatch', reason: 'out_of_scope' });
		expect(why).toMatchObject({ step: 'no_match', model: 'embedded_model' });
		expect(why.ranking.length).toBeGreaterThan(0);
		expect(why.ranking.every((score) => score.score < why.threshold)).toBe(true);
	});

	test('no email address, number or value of a field appears in the words, the texts or the fields', async () => {
		const item = await conversation()('where is order 12345? my email is ada@example.com');
		const why = explanationOf(item);
		expect(why.step).toBe('intent');
		expect(why.words.length).toBeGreaterThan(0);
		for (const { word } of why.words) expect(word).not.toMatch(/@|\d/);
		// The learned text "where is order 12345" is shown without its number.
		expect(why.examples.map((example) => example.text)).toContain('where is order …');
		expect(why.fields).toEqual({ order_id: { status: 'valid' } });
		expect(JSON.stringify(why)).not.toMatch(/12345|ada@/);
	});

	test('a word the flow\'s owner never wrote is not named, however much it weighs', () => {
		const learned = learnedTexts([], [{ text: 'reset my key' }], [tokenize('reset my key')]);
		// A scorer for which the visitor's name weighs most: it is still not shown.
		const scoreOf = (tokens: Token[]) => tokens.reduce((score, token) => score + ({ grace: 0.5, reset: 0.2, key: 0.1 }[token.word] ?? 0), 0);
		expect(wordsThatWeigh('reset_key', tokenize('Grace wants her key reset'), learned, scoreOf)).toEqual([
			{ word: 'reset', action: 'reset_key', weight: 0.2 },
			{ word: 'key', action: 'reset_key', weight: 0.1 },
		]);
	});
});

describe('the fields and a refused value', () => {
	test('an invalid email is refused with the reason the visitor read; the other fields are missing', async () => {
		const say = conversation();
		await say('am I subscribed to your newsletter?');
		const item = await say('bob@');
		const why = explanationOf(item);
		expect(why.step).toBe('answer');
		expect(why.refused).toEqual({ field: 'email', reason: expect.stringMatching(/email address/) });
		expect(why.fields).toEqual({ email: { status: 'invalid', reason: why.refused!.reason }, list: { status: 'missing' } });
		expect(JSON.stringify(why)).not.toContain('bob@');
	});

	test('a chat model\'s value that fails validation is refused too', async () => {
		const chatModel = async () => ({ ranking: [{ action: 'order_status', score: 0.9 }], fields: { order_id: '123' } });
		const item = await conversation({ intentMode: 'llm', chatModel })('where is the parcel I ordered');
		const why = explanationOf(item);
		expect(why).toMatchObject({ step: 'intent', model: 'chat_model', words: [], examples: [], refused: { field: 'order_id', reason: expect.any(String) } });
		expect(why.fields).toEqual({ order_id: { status: 'invalid', reason: why.refused!.reason } });
	});
});

describe('the step that decided, for every kind of outcome', () => {
	test('action, ask, no match, hand over and held turns all carry an explanation naming their step', async () => {
		const say = conversation({ settings: { threshold: 0.2, tieMargin: 0.05, maxReasks: 1, handoff: true, holdSeconds: 600 } });
		expect(explanationOf(await say('where is order 12345'))).toMatchObject({ step: 'intent', model: 'embedded_model' });
		expect(explanationOf(await say('am I subscribed to your newsletter?'))).toMatchObject({ step: 'intent', fields: { email: { status: 'missing' } } });
		expect(explanationOf(await say('hmm, let me check'))).toMatchObject({ step: 'aside' });
		expect(explanationOf(await say('bob@'))).toMatchObject({ step: 'answer', refused: { field: 'email' } });
		const capped = await say('bob@');
		expect(capped.router).toMatchObject({ outcome: 'handoff', reason: 'escalated' });
		expect(explanationOf(capped)).toMatchObject({ step: 'reask_cap', refused: { field: 'email' } });
		const held = await say('hello?');
		expect(held.router).toMatchObject({ outcome: 'held' });
		expect(explanationOf(held)).toMatchObject({ step: 'held', model: null, ranking: [], words: [] });
	});

	test('buttons, lead forms, confirmations, switches, cancels and small talk', async () => {
		const say = conversation();
		expect(explanationOf(await say({ event: 'button', actionId: 'sales', message: 'Talk to sales' }))).toEqual({
			step: 'button',
			model: null,
			ranking: [],
			threshold: 0.2,
			tieMargin: 0.05,
			words: [],
			examples: [],
			fields: { phone: { status: 'missing' } },
		});
		expect(explanationOf(await say('cancel'))).toMatchObject({ step: 'cancel' });
		expect(explanationOf(await say({ event: 'lead_captured', fields: { phone: '+44 7700 900123' } }))).toMatchObject({ step: 'lead_form', fields: { phone: { status: 'valid' } } });
		expect(explanationOf(await say('hello'))).toMatchObject({ step: 'small_talk' });
		await say('reset my api key');
		const yes = await say('yes');
		expect(yes.action).toEqual({ name: 'reset_key', confidence: 1, trigger: 'collection' });
		expect(explanationOf(yes)).toMatchObject({ step: 'confirmation' });
		await say('am I subscribed to your newsletter?');
		const switched = await say('actually, where is my order 12345?');
		expect(switched.action).toMatchObject({ name: 'order_status', trigger: 'embedded_model' });
		expect(explanationOf(switched)).toMatchObject({ step: 'switch', model: 'embedded_model', fields: { order_id: { status: 'valid' } } });
		expect(explanationOf(switched).words.length).toBeGreaterThan(0);
	});

	test('two actions nearly tied: clarify, with the ranking that tied', async () => {
		const tied: IntentClassifier = {
			rank: () => [
				{ action: 'reset_key', score: 0.61 },
				{ action: 'order_status', score: 0.6 },
			],
		};
		const why = explanationOf(await conversation({ embedded: tied })('key for my order'));
		expect(why).toMatchObject({ step: 'clarify', model: 'embedded_model', ranking: [{ action: 'reset_key', score: 0.61 }, { action: 'order_status', score: 0.6 }], words: [] });
	});

	test('a state store that is down: the step says so and no model is named', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		store.update = async () => {
			throw new StateStoreUnavailableError('127.0.0.1:6390', 'connection refused');
		};
		const { json } = await processTurn({ event: 'message', conversationId: 'c1', message: 'reset my api key' }, setup({ store }));
		expect(json.router).toMatchObject({ reason: 'state_unavailable' });
		expect(explanationOf(json)).toMatchObject({ step: 'state_unavailable', model: null, ranking: [] });
	});
});

describe('the trigger names the model that decided', () => {
	test('embedded_model for the embedded model, chat_model for a connected chat model', async () => {
		expect((await conversation()('where is order 12345')).action).toMatchObject({ name: 'order_status', trigger: 'embedded_model' });
		const chatModel = async () => ({ ranking: [{ action: 'order_status', score: 0.93 }], fields: { order_id: '54321' } });
		expect((await conversation({ intentMode: 'llm', chatModel })('where is the parcel I ordered')).action).toEqual({ name: 'order_status', confidence: 0.93, trigger: 'chat_model' });
	});

	test.each([
		['embedded_model', 'ai_intent'],
		['chat_model', 'ai_intent'],
		['collection', 'ai_intent'],
		['button', 'button_click'],
		['lead_captured', 'lead_capture'],
	])('HTTP Action\'s DGbot envelope says DGbot\'s own value for %s: %s', (trigger, dgbot) => {
		const request = buildRequest(
			{ method: 'POST', url: { text: 'https://api.example.com/x' }, query: [], headers: [], bodyType: 'none', envelope: true, idempotencyHeader: '', missingVariables: 'error' },
			{ conversationId: 'c1', action: { name: 'order_status', trigger } },
		);
		expect(JSON.parse(request.body!).trigger).toBe(dgbot);
	});
});

describe('the reply carries why only for the owner who asked', () => {
	const SPEC = { message: 'Done.', buttons: [], handoff: false, tags: [] };

	test('Chat Reply adds the explanation to a turn the trigger marked showWhy, and to no other', async () => {
		const item = await conversation()('please reset my API key');
		expect(withSettingsReply({ ...item, showWhy: true }, SPEC).reply!.why).toEqual(explanationOf(item));
		expect(withSettingsReply(item, SPEC).reply).not.toHaveProperty('why');
		expect(withSettingsReply({ ...item, showWhy: 'yes' as unknown as boolean }, SPEC).reply).not.toHaveProperty('why');
		// A why an earlier node put in the reply does not reach a visitor who did not ask.
		const planted = { ...item, reply: { message: '', why: explanationOf(item) } };
		expect(withSettingsReply(planted, SPEC).reply).not.toHaveProperty('why');
	});

	test('the native reply body includes why when the reply has it; @n8n/chat\'s and DGbot\'s do not', async () => {
		const why = explanationOf(await conversation()('please reset my API key'));
		const reply = { message: 'Done.', why };
		expect(replyBody('native', reply)).toMatchObject({ message: 'Done.', why });
		expect(replyBody('native', { message: 'Done.' })).not.toHaveProperty('why');
		expect(replyBody('n8nChat', reply)).toEqual({ output: 'Done.' });
		expect(replyBody('dgbot', reply)).toEqual({ message: 'Done.' });
		expect(replyBody('telegram', reply)).toEqual({});
	});
});

import { EmbeddedIntentModel, cachedClassifier, configurationHash } from '../../nodes/ActionRouter/engine/intent/embedded';
import { normalizeText, splitIdentifier, tokenize } from '../../nodes/ActionRouter/engine/intent/normalize';
import { porterStem } from '../../nodes/ActionRouter/engine/intent/stemmer';
import type { ActionDefinitionForIntent } from '../../nodes/ActionRouter/engine/intent/types';

const ACTIONS: ActionDefinitionForIntent[] = [
	{
		name: 'unsubscribe',
		description: 'Remove the visitor from a mailing list',
		examples: [
			'unsubscribe me from the newsletter',
			'stop sending me emails',
			'I no longer want your weekly emails',
			'take me off the mailing list',
			'remove my address from your list',
			'opt out of marketing emails',
		],
	},
	{
		name: 'order_status',
		description: 'Where an order is and when it arrives',
		examples: [
			'where is my order',
			'has my package shipped yet',
			'track order 12345',
			'when will my delivery arrive',
			'what is the status of my purchase',
			'my order has not arrived',
		],
	},
	{
		name: 'reset_api_key',
		description: 'Create a new API key and revoke the old one',
		examples: [
			'reset my api key',
			'I need a new API token',
			'my api key leaked, rotate it',
			'regenerate the key for the api',
			'revoke my current key',
		],
	},
	{
		name: 'join_affiliate_program',
		description: 'Sign up for the affiliate programme',
		examples: [
			'I want to join your affiliate program',
			'how do I become an affiliate',
			'sign me up as a partner',
			'do you have a referral program',
			'can I earn commission by referring people',
		],
	},
];

const model = EmbeddedIntentModel.build(ACTIONS);
const best = (message: string) => model.rank(message, 1)[0];

describe('normalisation', () => {
	it('lower-cases, drops accents and punctuation, expands contractions and hides numbers', () => {
		expect(normalizeText("Café: I CAN'T find order #12345!")).toBe('cafe i can not find order 0');
		expect(normalizeText('what’s my balance?')).toBe('what my balance');
		expect(normalizeText('mail ada@example.com or see https://x.io/a')).toBe('mail email or see link');
		expect(normalizeText('my 401k and w2')).toBe('my 0 k and w 0');
	});

	it('splits action names written in any case style', () => {
		expect(splitIdentifier('reset_api-key')).toBe('reset api key');
		expect(splitIdentifier('resetApiKey')).toBe('reset Api Key');
	});

	it('stems the usual English suffixes', () => {
		expect(['reset', 'resets', 'resetting'].map(porterStem)).toEqual(['reset', 'reset', 'reset']);
		expect(['subscriptions', 'subscription'].map(porterStem)).toEqual(['subscript', 'subscript']);
		expect(porterStem('generalizations')).toBe('gener');
		expect(porterStem('is')).toBe('is');
	});

	it('gives no tokens for empty or symbol-only text', () => {
		expect(tokenize('')).toEqual([]);
		expect(tokenize(' ?!… ')).toEqual([]);
	});
});

describe('EmbeddedIntentModel', () => {
	it.each([
		['please take me off your newsletter', 'unsubscribe'],
		['I keep getting your emails, make it stop', 'unsubscribe'],
		["where's my package?", 'order_status'],
		['has order 998877 been shipped', 'order_status'],
		['rotate my API token please', 'reset_api_key'],
		['how can I become a partner and earn commissions', 'join_affiliate_program'],
	])('maps the paraphrase %p to %p', (message, action) => {
		expect(best(message).action).toBe(action);
	});

	it('scores a paraphrase clearly above unrelated text', () => {
		const paraphrase = best('unsubscribe me from all your emails').score;
		const unrelated = best('what is the weather like in Paris tomorrow').score;
		expect(paraphrase).toBeGreaterThan(0.5);
		expect(unrelated).toBeLessThan(0.25);
		expect(paraphrase - unrelated).toBeGreaterThan(0.3);
	});

	it('ranks every action, best first, with scores between 0 and 1', () => {
		const ranking = model.rank('track my order');
		expect(ranking.map((r) => r.action).sort()).toEqual(ACTIONS.map((a) => a.name).sort());
		for (let i = 0; i < ranking.length; i++) {
			expect(ranking[i].score).toBeGreaterThanOrEqual(0);
			expect(ranking[i].score).toBeLessThanOrEqual(1);
			if (i > 0) expect(ranking[i].score).toBeLessThanOrEqual(ranking[i - 1].score);
		}
		expect(model.rank('track my order', 2)).toHaveLength(2);
	});

	it('puts two actions taught the same phrase within a small margin of each other', () => {
		const twins = EmbeddedIntentModel.build([
			{ name: 'cancel_order', description: '', examples: ['cancel my order', 'I want to cancel'] },
			{ name: 'cancel_subscription', description: '', examples: ['cancel my subscription', 'I want to cancel'] },
			{ name: 'order_status', description: '', examples: ['where is my order'] },
		]);
		const [first, second] = twins.rank('I want to cancel');
		expect(first.score - second.score).toBeLessThan(0.05);
		expect(twins.rank('cancel my subscription')[0].action).toBe('cancel_subscription');
	});

	it('learns from the description and the name when there are no examples', () => {
		const sparse = EmbeddedIntentModel.build([
			{ name: 'reset_password', description: 'The visitor forgot their password', examples: [] },
			{ name: 'opening_hours', description: 'When the shop is open', examples: [] },
		]);
		expect(sparse.rank('I forgot my password')[0].action).toBe('reset_password');
		expect(sparse.rank('when are you open')[0].action).toBe('opening_hours');
	});

	it.each([[''], ['   '], ['!!!???'], ['😀🎉'], ['a'.repeat(10_000)], [undefined as unknown as string], [42 as unknown as string]])(
		'does not throw on odd input %#',
		(message) => {
			const ranking = model.rank(message);
			expect(ranking).toHaveLength(ACTIONS.length);
			for (const { score } of ranking) expect(Number.isFinite(score)).toBe(true);
		},
	);

	it('scores 0 for a message with no words', () => {
		expect(best('?!').score).toBe(0);
	});

	it('builds from no actions, odd actions and repeated names', () => {
		expect(EmbeddedIntentModel.build([]).rank('hello')).toEqual([]);
		const odd = EmbeddedIntentModel.build([
			{ name: 'a', description: '', examples: ['', '   '] },
			{ name: 'b', description: undefined as unknown as string, examples: undefined as unknown as string[] },
			{ name: 'a', description: 'greet the visitor', examples: ['hello there'] },
		]);
		expect(odd.rank('hello').map((r) => r.action).sort()).toEqual(['a', 'b']);
		expect(odd.rank('hello there')[0].action).toBe('a');
	});

	it('builds the same model twice from the same configuration', () => {
		const again = EmbeddedIntentModel.build(ACTIONS);
		expect(again.rank('where is my stuff')).toEqual(model.rank('where is my stuff'));
	});
});

describe('cachedClassifier', () => {
	const copy = (): ActionDefinitionForIntent[] => ACTIONS.map((a) => ({ ...a, examples: [...a.examples] }));

	it('returns the same model for the same configuration', () => {
		expect(cachedClassifier(copy())).toBe(cachedClassifier(copy()));
	});

	it('builds a new model when an example, a description or a name changes', () => {
		const first = cachedClassifier(copy());
		const changedExample = copy();
		changedExample[0].examples.push('delete me from the list');
		const changedDescription = copy();
		changedDescription[1].description = 'Order tracking';
		const renamed = copy();
		renamed[2].name = 'rotate_api_key';
		for (const changed of [changedExample, changedDescription, renamed]) {
			expect(cachedClassifier(changed)).not.toBe(first);
		}
		expect(cachedClassifier(renamed).rank('reset my api key')[0].action).toBe('rotate_api_key');
	});

	it('ignores what the model does not learn from', () => {
		const withExtras = copy().map((a) => ({ ...a, fields: [{ name: 'email' }], triggers: { intent: true } }));
		expect(configurationHash(withExtras)).toBe(configurationHash(copy()));
		expect(cachedClassifier(withExtras)).toBe(cachedClassifier(copy()));
	});

	it('stays bounded: the oldest configurations are built again', () => {
		const first = cachedClassifier(copy());
		for (let i = 0; i < 40; i++) cachedClassifier([{ name: `action_${i}`, description: '', examples: [`example ${i}`] }]);
		expect(cachedClassifier(copy())).not.toBe(first);
	});
});

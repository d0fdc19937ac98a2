// Conversation stories: the example flows' stories (examples/stories/*.json) and the longer
// collection of conversations written against the same flows or an inline router
// (test/stories/*.json) played on the router's engine, and the runner itself: a turn that goes
// otherwise is reported with why.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import {
	checkStoryFile,
	engineRouter,
	formatResults,
	playStory,
	routerFromWorkflow,
	type StoryFile,
} from '../../nodes/ActionRouter/engine/stories';

const ROOT = resolve(__dirname, '..', '..');
const STORY_FILES = ['examples/stories', 'test/stories'].flatMap((folder) =>
	readdirSync(join(ROOT, folder))
		.filter((name) => name.endsWith('.json'))
		.map((name) => `${folder}/${name}`),
);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** A story file's router: its own, or the Action Router of the workflow it names. */
function routerOf(path: string, file: StoryFile) {
	return file.router ?? routerFromWorkflow(readJson(resolve(dirname(path), file.workflow!)), file.node);
}

async function play(file: StoryFile, router = file.router) {
	const send = engineRouter(router);
	return Promise.all(file.stories.map((story, index) => playStory(story, `s${index}`, send)));
}

describe.each(STORY_FILES)('%s on the engine', (name) => {
	const path = join(ROOT, name);
	const file = readJson(path) as StoryFile;

	test('is a valid story file', () => {
		expect(checkStoryFile(file)).toEqual([]);
	});

	test('every story goes as written', async () => {
		const results = await play(file, routerOf(path, file));
		expect(formatResults(results)).toMatch(new RegExp(`\\n${results.length} passed, 0 failed$`));
	});
});

/**
 * Held-out conversations that do not yet go as written (test/stories/known-gaps/): each must
 * still fail somewhere, so that a change which makes one pass is seen, and the story moved to
 * the suite that must pass.
 */
const KNOWN_GAPS = readdirSync(join(ROOT, 'test/stories/known-gaps'))
	.filter((name) => name.endsWith('.json'))
	.map((name) => `test/stories/known-gaps/${name}`);

describe.each(KNOWN_GAPS)('%s, known gaps', (name) => {
	const path = join(ROOT, name);
	const file = readJson(path) as StoryFile;

	test('each story still goes otherwise than written (one that passes belongs in test/stories/)', async () => {
		expect(checkStoryFile(file)).toEqual([]);
		const passing = (await play(file, routerOf(path, file))).filter((result) => result.passed).map((result) => result.story.name);
		expect(passing).toEqual([]);
	});
});

describe('the story runner', () => {
	const router = {
		actions: [
			{
				name: 'order_status',
				description: 'Tell the visitor where their order is',
				examples: 'where is my order\nhas my order shipped\ntrack my package',
				fields: { field: [{ name: 'order_id', question: 'What is your order number?', type: 'regex', pattern: '\\d{5}' }] },
			},
		],
	};

	test('a turn that goes otherwise is reported with what was expected and what happened, and the story fails', async () => {
		const file: StoryFile = {
			router,
			stories: [
				{
					name: 'a wrong expectation',
					turns: [
						{ say: 'where is my order?', expect: 'route order_status' },
						{ say: '12345', expect: 'route order_status', fields: { order_id: '54321' } },
					],
				},
			],
		};
		const [result] = await play(file);
		expect(result.passed).toBe(false);
		expect(formatResults([result])).toBe(
			[
				'✗ a wrong expectation',
				'    turn 1, the visitor says "where is my order?": expected "route order_status", got "ask order_id" ("What is your order number?")',
				'    turn 2, the visitor says "12345": expected field order_id = "54321", got "12345"',
				'0 passed, 1 failed',
			].join('\n'),
		);
	});

	test('a reply is checked as a part of its text, in any case', async () => {
		const turns = [{ say: 'where is my order?', expect: 'ask order_id', reply: 'ORDER NUMBER' }];
		expect((await play({ router, stories: [{ name: 'ok', turns }] }))[0].passed).toBe(true);
		const wrong = [{ say: 'where is my order?', expect: 'ask order_id', reply: 'email' }];
		expect((await play({ router, stories: [{ name: 'wrong', turns: wrong }] }))[0].turns[0].mismatch).toBe(
			'expected the reply to contain "email", got "What is your order number?"',
		);
	});

	test('"action" names the action a question is asked for, where two actions ask for a field of the same name', async () => {
		const twoAsking = {
			actions: [
				...router.actions,
				{
					name: 'cancel_order',
					description: 'Cancel an order before it ships',
					examples: 'cancel my order\nI want to cancel order\nplease cancel my purchase',
					fields: router.actions[0].fields,
				},
			],
		};
		const asking = (action: string) => [{ say: 'please cancel my order', expect: 'ask order_id', action }];
		expect((await play({ router: twoAsking, stories: [{ name: 'right', turns: asking('cancel_order') }] }))[0].passed).toBe(true);
		expect((await play({ router: twoAsking, stories: [{ name: 'wrong', turns: asking('order_status') }] }))[0].turns[0].mismatch).toBe(
			'expected the action order_status, got cancel_order ("What is your order number?")',
		);
	});

	test('a malformed story file is refused with each problem named', () => {
		expect(
			checkStoryFile({
				stories: [{ name: 'x', turns: [{ say: 'hi', click: 'b', expect: 'route' }] }, { turns: [] }],
			}),
		).toEqual([
			'"x", turn 1: needs exactly one of "say", "click", "lead"',
			'"x", turn 1: "expect" must be one of: route <action>, ask <field>, invalid <field>, confirm, clarify, no match, cancelled, escalated, handoff, topic <topic>, aside',
			'story 2: needs a "turns" list',
		]);
	});

	test('the router is read from an exported workflow, by node name when it has several', () => {
		const workflow = {
			nodes: [
				{ name: 'Trigger', type: 'n8n-nodes-chat-actions.chatActionTrigger', parameters: {} },
				{ name: 'Sales', type: 'n8n-nodes-chat-actions.actionRouter', parameters: { actions: { action: [{ name: 'a' }] }, options: { threshold: 0.3 } } },
				{ name: 'Support', type: 'n8n-nodes-chat-actions.actionRouter', parameters: { actions: { action: [{ name: 'b' }] } } },
			],
		};
		expect(routerFromWorkflow(workflow, 'Support')).toEqual({ actions: [{ name: 'b' }], options: {} });
		expect(() => routerFromWorkflow(workflow)).toThrow('Not exactly one Action Router in the workflow (it has: "Sales", "Support")');
	});

	test("an inline router may be the node's parameters as copied from n8n ({action: [...]}) or a list of actions", async () => {
		const turns = [{ say: 'where is my order?', expect: 'ask order_id' }];
		const copied = { actions: { action: router.actions }, options: { threshold: 0.2 } };
		expect((await play({ router: copied, stories: [{ name: 'copied', turns }] }))[0].passed).toBe(true);
		expect((await play({ router, stories: [{ name: 'listed', turns }] }))[0].passed).toBe(true);
	});
});

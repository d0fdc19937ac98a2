/**
 * Story files played through a real n8n: examples/stories/support.json, and the held-out
 * conversations of test/stories/heldout-support.json (written by someone who saw only the README
 * and the flow), against the support example flow (examples/support.json) with the packed
 * package, each turn posted to the flow's production webhook, and what the Action Router did
 * read from the saved execution. The same stories pass on the engine (test/unit/stories.test.ts):
 * here they show the flow as n8n runs it, and what its API was asked to do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DemoApi } from '../../examples/demo-api';
import { EXAMPLES, exampleWorkflow, type ExamplesRun, startExamples } from './example-flows';
import type { ChatTurn } from '../../nodes/shared/contract';
import { formatResults, playStory, type StoryFile } from '../../nodes/ActionRouter/engine/stories';
import type { ExecutionRecord, N8nInstance } from '../../toolkit/n8n/n8n-instance';

const readStories = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as StoryFile;
const stories = readStories(join(EXAMPLES, 'stories', 'support.json'));
const heldOut = readStories(join(__dirname, '..', 'stories', 'heldout-support.json'));
const workflow = exampleWorkflow('support.json');
const path = String(workflow.nodes.find((node) => node.type.endsWith('.chatActionTrigger'))?.parameters.path);

let run: ExamplesRun | undefined;
let api: DemoApi;
let n8n: N8nInstance;

beforeAll(async () => {
	run = await startExamples([workflow]);
	({ api, n8n } = run);
}, 600_000);

afterAll(() => run?.stop());

/** The item the Action Router sent on (whichever output it took) in an execution. */
function routerItem(execution: ExecutionRecord): ChatTurn {
	const outputs = execution.data?.resultData.runData['Action Router']?.[0]?.data?.main ?? [];
	const item = outputs.flatMap((items) => items ?? [])[0];
	if (!item) throw new Error(`Execution ${execution.id} has no Action Router output`);
	return item.json as ChatTurn;
}

let executions = 0;

/** One turn through n8n: the webhook answers the visitor; the execution says what the router did. */
async function sendThroughN8n(turn: ChatTurn): Promise<ChatTurn> {
	const response = await fetch(n8n.webhookUrl(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(turn) });
	expect(response.status).toBe(200);
	const reply = (await response.json()) as { message: string };
	const all = await n8n.waitForExecutions(++executions, { workflowId: workflow.id });
	const item = routerItem(all[all.length - 1]);
	// What the visitor read is the router's reply, or the action flow's when it routed.
	if ((item.router as { outcome?: string })?.outcome !== 'action') expect(reply.message).toBe(item.reply?.message);
	return item;
}

test(`${stories.stories.length} stories of examples/stories/support.json go as written in n8n`, async () => {
	const results = [];
	for (const [index, story] of stories.stories.entries()) results.push(await playStory(story, `story-e2e-${index}`, sendThroughN8n));
	expect(formatResults(results)).toMatch(new RegExp(`\\n${stories.stories.length} passed, 0 failed$`));
	// The two yeses reset a key, for the address confirmed last; the hesitation and the no reset nothing.
	expect(api.sideEffects.filter((effect) => effect.kind === 'api_key_reset')).toEqual([
		{ kind: 'api_key_reset', email: 'ada@example.com' },
		{ kind: 'api_key_reset', email: 'bob@example.com' },
	]);
});

test(`${heldOut.stories.length} held-out stories (test/stories/heldout-support.json) go as written in n8n, and only their yeses reset a key`, async () => {
	const before = api.sideEffects.length;
	const results = [];
	for (const [index, story] of heldOut.stories.entries()) results.push(await playStory(story, `held-out-e2e-${index}`, sendThroughN8n));
	expect(formatResults(results)).toMatch(new RegExp(`\\n${heldOut.stories.length} passed, 0 failed$`));
	const resets = api.sideEffects.slice(before).filter((effect) => effect.kind === 'api_key_reset');
	const routedResets = heldOut.stories.flatMap((story) => story.turns.filter((turn) => turn.expect === 'route reset_api_key'));
	expect(resets).toHaveLength(routedResets.length);
});

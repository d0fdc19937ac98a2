/**
 * Story files played through a real n8n: examples/stories/support.json, the held-out
 * conversations of test/stories/heldout-support.json (written by someone who saw only the README
 * and the flow) and what visitors said around their requests (test/stories/around-requests-*.json),
 * against the support and lead-capture example flows with the packed package, each turn posted
 * to the flow's production webhook, and what the Action Router did read from the saved execution. The same stories pass on the engine (test/unit/stories.test.ts):
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
const aroundSupport = readStories(join(__dirname, '..', 'stories', 'around-requests-support.json'));
const aroundLeads = readStories(join(__dirname, '..', 'stories', 'around-requests-lead-capture.json'));
const workflow = exampleWorkflow('support.json');
const leadWorkflow = exampleWorkflow('lead-capture.json');
const pathOf = (flow: typeof workflow) => String(flow.nodes.find((node) => node.type.endsWith('.chatActionTrigger'))?.parameters.path);

let run: ExamplesRun | undefined;
let api: DemoApi;
let n8n: N8nInstance;

beforeAll(async () => {
	run = await startExamples([workflow, leadWorkflow]);
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
const sendThroughN8n = (flow: typeof workflow) => async (turn: ChatTurn): Promise<ChatTurn> => {
	const response = await fetch(n8n.webhookUrl(pathOf(flow)), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(turn) });
	expect(response.status).toBe(200);
	const reply = (await response.json()) as { message: string };
	const all = await n8n.waitForExecutions(++executions);
	const item = routerItem(all[all.length - 1]);
	// What the visitor read is the router's own reply when it asked or answered itself; an
	// action's flow and a handoff answer with their own.
	const outcome = (item.router as { outcome?: string })?.outcome;
	if (outcome === 'ask' || outcome === 'noMatch') expect(reply.message).toBe(item.reply?.message);
	return item;
};

test(`${stories.stories.length} stories of examples/stories/support.json go as written in n8n`, async () => {
	const results = [];
	for (const [index, story] of stories.stories.entries()) results.push(await playStory(story, `story-e2e-${index}`, sendThroughN8n(workflow)));
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
	for (const [index, story] of heldOut.stories.entries()) results.push(await playStory(story, `held-out-e2e-${index}`, sendThroughN8n(workflow)));
	expect(formatResults(results)).toMatch(new RegExp(`\\n${heldOut.stories.length} passed, 0 failed$`));
	const resets = api.sideEffects.slice(before).filter((effect) => effect.kind === 'api_key_reset');
	const routedResets = heldOut.stories.flatMap((story) => story.turns.filter((turn) => turn.expect === 'route reset_api_key'));
	expect(resets).toHaveLength(routedResets.length);
});

test('what visitors say around their requests goes as written in n8n: small talk, asides, memory, and a real handoff', async () => {
	const before = api.sideEffects.length;
	const requestsBefore = api.requests.length;
	const results = [];
	for (const [index, story] of aroundSupport.stories.entries()) results.push(await playStory(story, `around-support-${index}`, sendThroughN8n(workflow)));
	for (const [index, story] of aroundLeads.stories.entries()) results.push(await playStory(story, `around-leads-${index}`, sendThroughN8n(leadWorkflow)));
	const total = aroundSupport.stories.length + aroundLeads.stories.length;
	expect(formatResults(results)).toMatch(new RegExp(`\\n${total} passed, 0 failed$`));
	// A ticket for the visitor who asked for a person and one at the re-ask cap, each with the
	// thread; the email the visitor gave instead of the remembered one was used for the rate limit.
	const effects = api.sideEffects.slice(before);
	const tickets = effects.filter((effect) => effect.kind === 'handoff') as unknown as Array<{ reason: string; thread: unknown[] }>;
	expect(tickets.map((ticket) => ticket.reason)).toEqual(['visitor_asked', 'escalated']);
	expect(tickets.every((ticket) => ticket.thread.length > 0)).toBe(true);
	const liftedFor = api.requests.slice(requestsBefore).filter((request) => request.method === 'POST' && request.path.includes('rate-limit')).map((request) => request.body?.email);
	expect(liftedFor).toContain('ops@example.com');
	expect(effects.filter((effect) => effect.kind === 'lead')).toEqual([]);
});

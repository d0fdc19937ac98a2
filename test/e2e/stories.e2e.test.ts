/**
 * Story files played through a real n8n: examples/stories/support.json, the held-out
 * conversations of test/stories/heldout-support.json (written by someone who saw only the README
 * and the flow) and what visitors said around their requests (test/stories/around-requests-*.json),
 * against the support and lead-capture example flows with the packed package, each turn posted
 * to the flow's production webhook, and what the Action Router did read from the saved execution.
 * German and Japanese visitors (test/stories/languages-*.json) talk to the multilingual example
 * (examples/multilingual-support.json) the same way. The same stories pass on the engine (test/unit/stories.test.ts):
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
const inLanguages = ['de', 'ja'].map((code) => ({ code, file: readStories(join(__dirname, '..', 'stories', `languages-${code}.json`)) }));
const workflow = exampleWorkflow('support.json');
const leadWorkflow = exampleWorkflow('lead-capture.json');
const multilingualWorkflow = exampleWorkflow('multilingual-support.json');
const pathOf = (flow: typeof workflow) => String(flow.nodes.find((node) => node.type.endsWith('.chatActionTrigger'))?.parameters.path);

let run: ExamplesRun | undefined;
let api: DemoApi;
let n8n: N8nInstance;

beforeAll(async () => {
	run = await startExamples([workflow, leadWorkflow, multilingualWorkflow]);
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

/** What the visitor read: the flow's Chat Reply, as the webhook answered. */
interface VisitorReply {
	message: string;
	buttons?: Array<{ label: string; actionId?: string }>;
	handoff?: boolean;
}

/**
 * One turn through n8n: the webhook answers the visitor; the execution says what the router did.
 * `seen` collects each turn's router item with the reply the visitor read.
 */
const sendThroughN8n = (flow: typeof workflow, seen?: Array<{ item: ChatTurn; reply: VisitorReply }>) => async (turn: ChatTurn): Promise<ChatTurn> => {
	const response = await fetch(n8n.webhookUrl(pathOf(flow)), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(turn) });
	expect(response.status).toBe(200);
	const reply = (await response.json()) as VisitorReply;
	const all = await n8n.waitForExecutions(++executions);
	const item = routerItem(all[all.length - 1]);
	seen?.push({ item, reply });
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

test('German and Japanese visitors (test/stories/languages-*.json) go as written in n8n, read the flow in their language, and only their yeses reset a key', async () => {
	const before = api.sideEffects.length;
	const seen: Array<{ item: ChatTurn; reply: VisitorReply }> = [];
	const results = [];
	for (const { code, file } of inLanguages) {
		for (const [index, story] of file.stories.entries()) results.push(await playStory(story, `languages-${code}-${index}`, sendThroughN8n(multilingualWorkflow, seen)));
	}
	const total = inLanguages.reduce((sum, { file }) => sum + file.stories.length, 0);
	expect(formatResults(results)).toMatch(new RegExp(`\\n${total} passed, 0 failed$`));

	const router = (item: ChatTurn) => item.router as { outcome: string; reason?: string; language: string };
	// Every turn has the language the router found; each file's conversations start in theirs.
	expect(new Set(seen.map(({ item }) => router(item).language))).toEqual(new Set(['de', 'ja', 'en']));
	// The router's Yes / No buttons are in the turn's language.
	const YES_NO: Record<string, string[]> = { en: ['Yes', 'No'], de: ['Ja', 'Nein'], ja: ['はい', 'いいえ'] };
	const confirmations = seen.filter(({ item }) => router(item).reason === 'confirm');
	expect(new Set(confirmations.map(({ item }) => router(item).language))).toEqual(new Set(['de', 'ja', 'en']));
	for (const { item, reply } of confirmations) expect(reply.buttons?.map((button) => button.label)).toEqual(YES_NO[router(item).language]);
	// A handoff (a person asked for, the re-ask cap) is answered by the flow's own template in the
	// visitor's language, and the ticket on the desk says which language to answer in.
	const TICKET: Record<string, string> = { en: 'ticket H-', de: 'unser Gespräch an jemanden aus dem Support-Team weitergegeben (Ticket H-', ja: 'サポートチームの担当者に会話を引き継ぎました（チケット H-' };
	const handedOver = seen.filter(({ item }) => router(item).outcome === 'handoff' || item.action?.name === 'talk_to_human');
	expect(handedOver.map(({ item }) => router(item).language)).toEqual(['de', 'de', 'de', 'ja', 'ja', 'ja']);
	for (const { item, reply } of handedOver) expect(reply).toMatchObject({ message: expect.stringContaining(TICKET[router(item).language]), handoff: true });
	const tickets = api.sideEffects.slice(before).filter((effect) => effect.kind === 'handoff');
	expect(tickets.map((ticket) => [ticket.reason, ticket.language])).toEqual([
		['visitor_asked', 'de'],
		['visitor_asked', 'de'],
		['escalated', 'de'],
		['visitor_asked', 'ja'],
		['visitor_asked', 'ja'],
		['escalated', 'ja'],
		['action_failed', 'en'],
	]);
	// The last ticket: the English visitor's lift for grace@example.com, which the API refuses (an
	// enterprise contract), goes to a person with the flow's English failure text.
	const refused = seen.find(({ item }) => item.action?.name === 'lift_rate_limit' && item.fields?.email === 'grace@example.com');
	expect(refused?.reply).toMatchObject({ message: expect.stringMatching(/^I couldn't do that myself, so I've passed our conversation to a person on the support team \(ticket H-\d{4}\)/), handoff: true });
	// The keys reset are the addresses confirmed with a yes, in whichever language; the demo API's own answer is English.
	const confirmed = inLanguages.flatMap(({ file }) => file.stories.flatMap((story) => story.turns.filter((turn) => turn.expect === 'route reset_api_key').map((turn) => turn.fields?.email)));
	expect(api.sideEffects.slice(before).filter((effect) => effect.kind === 'api_key_reset').map((effect) => effect.email)).toEqual(confirmed);
	for (const { item, reply } of seen.filter(({ item }) => item.action?.name === 'reset_api_key' && router(item).outcome === 'action')) {
		expect(reply.message).toBe(`A new API key is on its way to ${String(item.fields?.email)}.`);
	}
});

/**
 * Conversation stories: the router's specification as conversations. A story is a list of
 * turns, each what the visitor does (says, clicks, submits) and what must happen. The same
 * stories run on the engine in milliseconds (`playStory` here), through a real n8n flow (the
 * project's e2e tests) and against a user's own router configuration (the stories CLI).
 *
 *   {
 *     "stories": [{
 *       "name": "an order number asked for, a wrong one refused",
 *       "turns": [
 *         { "say": "where is my order?",  "expect": "ask order_id" },
 *         { "say": "it's 123",            "expect": "invalid order_id", "reply": "expected format" },
 *         { "say": "12345",               "expect": "route order_status", "fields": { "order_id": "12345" } }
 *       ]
 *     }]
 *   }
 *
 * `expect` is one of: `route <action>`, `ask <field>`, `invalid <field>`, `confirm`,
 * `clarify`, `no match`, `cancelled`, `escalated`, `handoff` (the Hand Over output),
 * `topic <topic>` (small talk: greeting, thanks, help…), `aside` (a question about something
 * else while a field is asked). `action` must be the action the turn is
 * about (the one that asks, confirms or is cancelled), `fields` among the item's fields (same
 * values), `reply` a part of the reply's text (any case). A turn is `say` (a message),
 * `click` (a button's action id, as the router's own buttons send: `confirm:yes`,
 * `choose:<action>`, or one of an action's button ids) or `lead` (a lead form's fields);
 * `metadata` and `visitor` are passed along as the widget would send them.
 */
import { type ChatTurn, isPlainObject } from '../../shared/contract';
import { actionsFromParameters, checkActions } from './actions';
import { cachedClassifier } from './intent/embedded';
import { routerOptions } from './parameters';
import { MemoryStateStore } from '../../shared/state';
import { processTurn, type TurnSetup } from './turn';

export interface StoryTurn {
	say?: string;
	click?: string;
	lead?: Record<string, unknown>;
	metadata?: Record<string, unknown>;
	visitor?: Record<string, unknown>;
	expect: string;
	/** The action the turn is about: which one asks, confirms, is cancelled (where fields share names). */
	action?: string;
	fields?: Record<string, unknown>;
	reply?: string;
}

export interface Story {
	name: string;
	turns: StoryTurn[];
}

/** The Action Router node's parameters as n8n stores them (in an exported workflow). */
export interface RouterParameters {
	actions?: unknown;
	options?: Record<string, unknown>;
}

export interface StoryFile {
	/** The router to play against, inline; or */
	router?: RouterParameters;
	/** an exported n8n workflow holding it (a path relative to the story file), */
	workflow?: string;
	/** and which node of it, when it has more than one Action Router. */
	node?: string;
	stories: Story[];
}

/** What one turn did, as the router's output item shows it. */
export interface ObservedTurn {
	outcome: 'action' | 'ask' | 'noMatch' | 'handoff';
	reason?: string;
	topic?: string;
	action?: string;
	field?: string;
	fields: Record<string, unknown>;
	reply: string;
}

export interface TurnResult {
	turn: StoryTurn;
	observed: ObservedTurn;
	/** Why the turn did not go as the story says; undefined when it did. */
	mismatch?: string;
}

export interface StoryResult {
	story: Story;
	turns: TurnResult[];
	passed: boolean;
}

const EXPECTATIONS = /^(?:route (\S+)|ask (\S+)|invalid (\S+)|confirm|clarify|no match|cancelled|escalated|handoff|topic (\S+)|aside)$/;

/** Problems with a story file, each naming the story and turn; empty when it can be played. */
export function checkStoryFile(file: unknown): string[] {
	if (!isPlainObject(file) || !Array.isArray(file.stories)) return ['A story file is an object with a "stories" list'];
	const problems: string[] = [];
	file.stories.forEach((story: unknown, s: number) => {
		const name = isPlainObject(story) && typeof story.name === 'string' ? `"${story.name}"` : `story ${s + 1}`;
		if (!isPlainObject(story) || !Array.isArray(story.turns) || story.turns.length === 0) {
			problems.push(`${name}: needs a "turns" list`);
			return;
		}
		story.turns.forEach((turn: unknown, t: number) => {
			const where = `${name}, turn ${t + 1}`;
			if (!isPlainObject(turn)) return problems.push(`${where}: not an object`);
			const doing = ['say', 'click', 'lead'].filter((key) => turn[key] !== undefined);
			if (doing.length !== 1) problems.push(`${where}: needs exactly one of "say", "click", "lead"`);
			if (typeof turn.expect !== 'string' || !EXPECTATIONS.test(turn.expect.trim())) {
				problems.push(`${where}: "expect" must be one of: route <action>, ask <field>, invalid <field>, confirm, clarify, no match, cancelled, escalated, handoff, topic <topic>, aside`);
			}
			return undefined;
		});
	});
	return problems;
}

/**
 * The parameters of the workflow's Action Router node (the one named `nodeName`, if given). A
 * router that forgets or releases conversations (on a branch of the chat's own workflow, as
 * those operations ask) routes nothing: it is not one of them.
 */
export function routerFromWorkflow(workflow: unknown, nodeName?: string): RouterParameters {
	const nodes = isPlainObject(workflow) && Array.isArray(workflow.nodes) ? workflow.nodes.filter(isPlainObject) : [];
	const routes = (node: Record<string, unknown>) => !isPlainObject(node.parameters) || (node.parameters.operation ?? 'route') === 'route';
	const routers = nodes.filter((node) => typeof node.type === 'string' && node.type.endsWith('.actionRouter') && routes(node));
	const chosen = nodeName ? routers.filter((node) => node.name === nodeName) : routers;
	if (chosen.length !== 1) {
		const names = routers.map((node) => `"${String(node.name)}"`).join(', ') || 'none';
		throw new Error(`${nodeName ? `No Action Router named "${nodeName}"` : 'Not exactly one Action Router'} in the workflow (it has: ${names})`);
	}
	const parameters = isPlainObject(chosen[0].parameters) ? chosen[0].parameters : {};
	return { actions: actionList(parameters.actions), options: isPlainObject(parameters.options) ? parameters.options : {} };
}

/**
 * The actions as a list: n8n stores the node's *Actions* as `{action: [...]}` (what a story
 * file gets when its router is copied from an export); a story file may also list them.
 */
function actionList(actions: unknown): unknown {
	return isPlainObject(actions) ? actions.action : actions;
}

/** The chat turn a story turn sends, in the package's own contract. */
function chatTurnOf(turn: StoryTurn, conversationId: string): ChatTurn {
	const base: ChatTurn = { conversationId, ...(turn.metadata ? { metadata: turn.metadata } : {}), ...(turn.visitor ? { visitor: turn.visitor } : {}) };
	if (turn.click !== undefined) return { ...base, event: 'button', actionId: turn.click, message: '' };
	if (turn.lead !== undefined) return { ...base, event: 'lead_captured', fields: turn.lead, message: '' };
	return { ...base, event: 'message', message: turn.say ?? '' };
}

/** The observation of a router output item (`router`, `action`, `fields`, `reply`). */
function observe(item: ChatTurn): ObservedTurn {
	const router = isPlainObject(item.router) ? item.router : {};
	const reply: Record<string, unknown> = isPlainObject(item.reply) ? item.reply : {};
	return {
		outcome: router.outcome as ObservedTurn['outcome'],
		reason: typeof router.reason === 'string' ? router.reason : undefined,
		topic: typeof router.topic === 'string' ? router.topic : undefined,
		action: isPlainObject(item.action) && typeof item.action.name === 'string' ? item.action.name : undefined,
		field: typeof router.field === 'string' ? router.field : undefined,
		fields: isPlainObject(item.fields) ? item.fields : {},
		reply: typeof reply.message === 'string' ? reply.message : '',
	};
}

function describe(observed: ObservedTurn): string {
	if (observed.outcome === 'action') return `route ${observed.action}`;
	if (observed.outcome === 'ask') {
		if (observed.reason === 'missing_field') return `ask ${observed.field}`;
		if (observed.reason === 'invalid_field') return `invalid ${observed.field}`;
		return observed.reason ?? 'ask';
	}
	if (observed.outcome === 'handoff') return 'handoff';
	if (observed.reason === 'small_talk') return `topic ${observed.topic}`;
	return observed.reason === 'out_of_scope' || observed.reason === 'bare_value' ? 'no match' : (observed.reason ?? 'no match');
}

/** What a story would expect of this router output item ("route reset_key", "ask email", "no match"…). */
export const expectationOf = (item: ChatTurn): string => describe(observe(item));

/** Why the observed turn is not what the story expects, or undefined. */
function mismatchOf(turn: StoryTurn, observed: ObservedTurn): string | undefined {
	const got = describe(observed);
	const expected = turn.expect.trim();
	const quoted = observed.reply ? ` ("${observed.reply}")` : '';
	if (got !== expected) return `expected "${expected}", got "${got}"${quoted}`;
	if (turn.action !== undefined && observed.action !== turn.action) return `expected the action ${turn.action}, got ${observed.action ?? 'none'}${quoted}`;
	for (const [name, value] of Object.entries(turn.fields ?? {})) {
		if (JSON.stringify(observed.fields[name]) !== JSON.stringify(value)) {
			return `expected field ${name} = ${JSON.stringify(value)}, got ${JSON.stringify(observed.fields[name])}`;
		}
	}
	if (turn.reply !== undefined && !observed.reply.toLowerCase().includes(turn.reply.toLowerCase())) {
		return `expected the reply to contain "${turn.reply}", got "${observed.reply}"`;
	}
	return undefined;
}

/**
 * Plays one story through `send` (the router: the engine, or a real n8n flow), turn by turn,
 * on a conversation of its own. Every turn is played, so a report shows all that differs.
 */
export async function playStory(story: Story, conversationId: string, send: (turn: ChatTurn) => Promise<ChatTurn>): Promise<StoryResult> {
	const turns: TurnResult[] = [];
	for (const turn of story.turns) {
		const observed = observe(await send(chatTurnOf(turn, conversationId)));
		turns.push({ turn, observed, mismatch: mismatchOf(turn, observed) });
	}
	return { story, turns, passed: turns.every((result) => !result.mismatch) };
}

/** A report a person reads: each story, each failing turn with why, and a closing count. */
export function formatResults(results: StoryResult[]): string {
	const lines: string[] = [];
	for (const result of results) {
		lines.push(`${result.passed ? '✓' : '✗'} ${result.story.name}`);
		result.turns.forEach(({ turn, mismatch }, index) => {
			if (!mismatch) return;
			const did = turn.say !== undefined ? `says "${turn.say}"` : turn.click !== undefined ? `clicks ${turn.click}` : 'sends a lead form';
			lines.push(`    turn ${index + 1}, the visitor ${did}: ${mismatch}`);
		});
	}
	const passed = results.filter((result) => result.passed).length;
	lines.push(`${passed} passed, ${results.length - passed} failed`);
	return lines.join('\n');
}

/**
 * The router of a story file (the node's parameters) on the engine: the embedded model, state
 * in memory, no n8n. Chat Model and Hybrid modes need n8n's model nodes, so stories play the
 * embedded model; Redis is not needed for a specification.
 */
export function engineRouter(router: RouterParameters | undefined, timezone = 'UTC'): (turn: ChatTurn) => Promise<ChatTurn> {
	const actions = actionsFromParameters(actionList(router?.actions));
	const problems = checkActions(actions);
	if (problems.length > 0) throw new Error(`The router's actions: ${problems.join('; ')}`);
	const setup: TurnSetup = {
		actions,
		...routerOptions(router?.options ?? {}, timezone),
		intentMode: 'embedded',
		embedded: cachedClassifier(actions.filter((action) => action.triggers.intent)),
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		scope: 'stories',
	};
	return async (turn) => (await processTurn(turn, setup)).json;
}

/**
 * Learning from the review list (the router's *Keep a Review List* option): which turns the
 * router was unsure about, so that the flow's owner can say what they were (`reviewReasonOf`);
 * what an example the owner assigned would change before it is learned (`clashCheck`); and the
 * model taught those examples (learning-model.ts: `withLearned`, `learnedClassifier`).
 * How much it helps: BENCHMARKS.md, "Learning from reviewed messages".
 */
import { type ChatTurn, isPlainObject, type ThreadEntry } from '../../shared/contract';
import type { ClashChange, LearnedExample, ReviewReason, SavedStory, StoredDecision } from '../../shared/review-record';
import { MemoryStateStore } from '../../shared/state';
import type { RouterAction } from './actions';
import { contextOf } from './classify';
import type { RouterReplies, RouterSettings } from './decision';
import { ROUTER_DEFAULTS } from './defaults';
import type { IntentClassifier, IntentScore } from './intent/types';
import { learnedClassifier } from './learning-model';

export { learnedClassifier, withLearned } from './learning-model';
import { expectationOf, playStory, type Story } from './stories';
import { processTurn } from './turn';
import { isCancel } from './wording';

/** A message for the review list: why, the text the owner assigns, and what the router did with it. */
export interface ReviewCandidate {
	reason: ReviewReason;
	/** The message the router was unsure about: for a cancel right after routing, the one that started the action. */
	message: string;
	/** The action the router went to, if any. */
	decided?: string;
	/** The ranking the router read for that message (none for a cancel: it ranked an earlier turn). */
	ranking: IntentScore[];
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const record = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});

/** The conversation's thread before this turn: the router's record after it, without this turn's entries. */
function threadBefore(turn: ChatTurn, thread: ThreadEntry[]): ThreadEntry[] {
	const recorded = text(turn.message) !== '' || turn.event === 'button' || turn.event === 'lead_captured';
	if (!recorded) return thread;
	let last = thread.length - 1;
	while (last >= 0 && thread[last].from !== 'visitor') last--;
	return last < 0 ? thread : thread.slice(0, last);
}

/**
 * The visitor's last message of the thread, when it is what started what the router did last:
 * typed (not a button or a lead form) and not the answer to a question the router had asked.
 */
function startingMessage(thread: ThreadEntry[]): ThreadEntry | undefined {
	let last = thread.length - 1;
	while (last >= 0 && thread[last].from !== 'visitor') last--;
	const entry = thread[last];
	if (!entry || /^\[(?:button|lead form)\]/.test(entry.text)) return undefined;
	return thread[last - 1]?.from === 'router' ? undefined : entry;
}

interface RoutedView {
	outcome: string;
	reason: string;
	step: string;
	action?: string;
	trigger: string;
	ranking: IntentScore[];
	language?: string;
	thread: ThreadEntry[];
	lastTaken?: { name: string; at: string };
	switched: boolean;
	chatModel: boolean;
}

/** What the review list reads of the router's output item. */
function viewOf(routed: ChatTurn): RoutedView {
	const router = record(routed.router);
	const explanation = record(router.explanation);
	const action = record(routed.action);
	const conversation = record(routed.conversation);
	const thread = (Array.isArray(conversation.thread) ? conversation.thread : []).filter((entry): entry is ThreadEntry => isPlainObject(entry) && typeof entry.text === 'string');
	const taken = Array.isArray(conversation.actionsTaken) ? conversation.actionsTaken.filter(isPlainObject) : [];
	const last = taken[taken.length - 1];
	const ranking = (Array.isArray(router.ranking) ? router.ranking : []).filter(
		(score): score is IntentScore => isPlainObject(score) && typeof score.action === 'string' && typeof score.score === 'number',
	);
	return {
		outcome: text(router.outcome),
		reason: text(router.reason),
		step: text(explanation.step),
		action: text(action.name) || undefined,
		trigger: text(action.trigger),
		ranking: ranking.map(({ action: name, score }) => ({ action: name, score })),
		language: text(router.language) || undefined,
		thread,
		lastTaken: last && typeof last.name === 'string' && typeof last.at === 'string' ? { name: last.name, at: last.at } : undefined,
		// Before the explanation named the step, only the why said it.
		switched: text(explanation.step) === 'switch' || /^switched from /.test(text(router.why)),
		chatModel: text(router.intentSource) === 'chat_model' || explanation.model === 'chat_model',
	};
}

/**
 * A cancel on the turn right after a model started an action: the collection it started called
 * off (its question or confirmation answered with a cancel or No), or an action that ran at once
 * followed by a cancel. The message kept is the one that started it.
 */
function cancelledAfterRouting(turn: ChatTurn, view: RoutedView): ReviewCandidate | undefined {
	const before = threadBefore(turn, view.thread);
	const started = startingMessage(before);
	if (!started) return undefined;
	if (view.outcome === 'noMatch' && view.reason === 'cancelled') {
		return view.action ? { reason: 'cancelled_after_routing', message: started.text, decided: view.action, ranking: [] } : undefined;
	}
	// Nothing was pending (a cancel then is read by the cancel step): did the last turn route an action at once?
	const ranAtOnce = view.lastTaken !== undefined && view.lastTaken.at === started.at && view.outcome !== 'action';
	if (!ranAtOnce || !isCancel(text(turn.message), view.language)) return undefined;
	return { reason: 'cancelled_after_routing', message: started.text, decided: view.lastTaken!.name, ranking: [] };
}

/**
 * Why a turn goes to the review list, and which message; undefined when the router was sure (or
 * the turn holds nothing to learn from). `turn` is what the router received, `routed` its output
 * item (its `router`, `action` and `conversation`); `embeddedRanking`, when the chat model decided,
 * the embedded model's ranking of the same message. In order: the re-ask cap, a cancel right
 * after routing, a switch to another action mid-collection, a clarifying question, No Match, and
 * the chat model choosing another action than the embedded model ranks first.
 */
export function reviewReasonOf(turn: ChatTurn, routed: ChatTurn, embeddedRanking?: readonly IntentScore[]): ReviewCandidate | undefined {
	const view = viewOf(routed);
	const message = text(turn.message);
	const { ranking } = view;
	if (view.step === 'reask_cap' || view.reason === 'escalated') return message ? { reason: 'reask_cap', message, decided: view.action, ranking } : undefined;
	const cancelled = cancelledAfterRouting(turn, view);
	if (cancelled) return cancelled;
	if (!message || (turn.event !== undefined && turn.event !== 'message')) return undefined;
	if (view.switched) return { reason: 'switch', message, decided: view.action, ranking };
	if (view.step === 'clarify' || (view.outcome === 'ask' && view.reason === 'clarify')) return { reason: 'clarify', message, ranking };
	// A cancel with nothing to cancel asks for nothing: there is nothing in it to learn.
	if (view.outcome === 'noMatch' && view.reason === 'out_of_scope' && !isCancel(message, view.language)) return { reason: 'no_match', message, ranking };
	const newRequest = view.step === 'intent' || view.step === '' || view.trigger === 'chat_model';
	const embeddedTop = embeddedRanking?.[0]?.action;
	if (view.chatModel && newRequest && view.action && embeddedTop !== undefined && embeddedTop !== ranking[0]?.action) {
		return { reason: 'model_disagrees', message, decided: view.action, ranking };
	}
	return undefined;
}

// ---- the clash check ----------------------------------------------------------------------

/** How a replayed decision reads when no action is routed, */
export const NO_MATCH = '(no match)';
/** and when the top two actions tie (the router asks which one). */
const CLARIFY = '(clarify)';

/**
 * The action the router routes `message` to as a new request, by its classification alone (the
 * threshold, the tie margin, a Pattern value's evidence: classify.ts); NO_MATCH or CLARIFY.
 */
export function routedAction(message: string, actions: RouterAction[], classifier: IntentClassifier, settings: RouterSettings): string {
	const classification = contextOf({ turn: { event: 'message', message }, state: undefined, actions, classifier, settings }).classification();
	if (classification.tie) return CLARIFY;
	return classification.best?.action ?? NO_MATCH;
}

export interface ClashCheckInput {
	/** The router's actions as configured (the learned examples are not among their examples). */
	actions: RouterAction[];
	settings: RouterSettings;
	/** The examples learned so far. */
	learned: readonly LearnedExample[];
	/** The example (or examples) to learn. */
	candidate: LearnedExample | readonly LearnedExample[];
	decisions: readonly StoredDecision[];
	stories: readonly (Story | SavedStory)[];
	/** The texts the owner set for the router's own replies. */
	replies?: Partial<RouterReplies>;
}

/** Each story's turns as the router decides them with `classifier`, as a story file writes them ("route x", "ask f", "no match"…). */
async function playAll(input: ClashCheckInput, classifier: IntentClassifier): Promise<string[][]> {
	const setup = {
		actions: input.actions,
		settings: input.settings,
		intentMode: 'embedded' as const,
		embedded: classifier,
		hybridBelow: ROUTER_DEFAULTS.hybridBelow,
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		ttlSeconds: 3600,
		replies: input.replies ?? {},
		scope: 'clash-check',
	};
	const played: string[][] = [];
	for (const [index, story] of input.stories.entries()) {
		const outcomes: string[] = [];
		await playStory(story, `story-${index}`, async (turn) => {
			const { json } = await processTurn(turn, setup);
			outcomes.push(expectationOf(json));
			return json;
		});
		played.push(outcomes);
	}
	return played;
}

/** What the visitor did on a story turn, as a change lists it. */
function visitorDid(turn: Story['turns'][number]): string {
	if (turn.say !== undefined) return turn.say;
	return turn.click !== undefined ? `[button] ${turn.click}` : '[lead form]';
}

/**
 * What learning the candidate example(s) would change: the stored decisions whose routed action
 * changes (classified with the model as it is and with the example), then the saved stories'
 * turns whose outcome changes (played through the router's whole turn, both ways). Empty when
 * nothing changes.
 */
export async function clashCheck(input: ClashCheckInput): Promise<ClashChange[]> {
	const candidate = Array.isArray(input.candidate) ? input.candidate : [input.candidate as LearnedExample];
	const intent = input.actions.filter((action) => action.triggers.intent);
	const before = learnedClassifier(intent, input.learned);
	const after = learnedClassifier(intent, [...input.learned, ...candidate]);
	const changes: ClashChange[] = [];
	for (const decision of input.decisions) {
		const was = routedAction(decision.message, input.actions, before, input.settings);
		const becomes = routedAction(decision.message, input.actions, after, input.settings);
		if (was !== becomes) changes.push({ message: decision.message, source: 'decision', before: was, after: becomes });
	}
	if (input.stories.length === 0) return changes;
	const played = await playAll(input, before);
	const replayed = await playAll(input, after);
	input.stories.forEach((story, s) => {
		story.turns.forEach((turn, t) => {
			if (played[s][t] !== replayed[s][t]) changes.push({ message: visitorDid(turn), source: 'story', story: story.name, before: played[s][t], after: replayed[s][t] });
		});
	});
	return changes;
}

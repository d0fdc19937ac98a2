/**
 * One item through the Action Router: who decides the intent (the embedded model, a chat
 * model, or the chat model only when the embedded one is unsure), the conversation state read
 * and written around the dialogue (router.ts), what a state-store failure means for the
 * visitor, and the item that leaves: which output, the `router` summary and the reply.
 * The node reads its parameters into a `TurnSetup` and calls `processTurn` per item.
 */
import { type ChatReply, type ChatTurn, isPlainObject, mergeTags, withReply } from '../../shared/contract';
import type { RouterAction } from './actions';
import { extractField } from './fields';
import type { IntentClassifier, IntentScore } from './intent/types';
import type { ChatModelAnswer } from './llm';
import { recordOfTurnAlone } from '../../shared/conversation-record';
import type { RoutedDecision, RouterOutcome, RouterReplies, RouterSettings } from './decision';
import { repliesIn } from './defaults';
import { explainTurn } from './explain';
import { CONFIRMATION_QUESTION } from '../../shared/insight';
import { turnLanguage } from './classify';
import { route } from './router';
import { holdDecision } from './hold';
import { isHeld, startHold } from '../../shared/person-hold';
import { type ConversationState, conversationStateKey, StateStoreError, type StateStore, type StateStoreErrorKind } from '../../shared/state';
import { visitorClock } from './visitor-clock';
import { mayContinue, ownConversationId, senderOf } from '../../shared/sender';

export type IntentMode = 'embedded' | 'llm' | 'hybrid';

export interface TurnSetup {
	actions: RouterAction[];
	settings: RouterSettings;
	intentMode: IntentMode;
	embedded: IntentClassifier;
	/** The connected chat model, asked per message (llm mode, or hybrid when unsure). */
	chatModel?: (message: string) => Promise<ChatModelAnswer>;
	/** Hybrid: below this top score (or on a tie) the chat model decides. */
	hybridBelow: number;
	store: StateStore;
	ttlSeconds: number;
	/** The texts the flow's owner set (parameters.ts); the others follow the visitor's language. */
	replies: Partial<RouterReplies>;
	/** The workflow's id: conversation state is kept per workflow (conversationStateKey). */
	scope: string;
	now?: () => Date;
}

export interface ProcessedTurn {
	/** Output index: one per action, then Ask, No Match, Hand Over and With a Person; -1: no output (a held turn without a Hand Over output). */
	output: number;
	json: ChatTurn;
}

/**
 * State-store failures the visitor is answered for and the flow can route (No Match with the
 * error): Redis down, a lost update race, a refused login, one conversation's value changed
 * outside n8n. Other kinds (an invalid TTL, another encryption key) fail the execution: they
 * need the flow's owner.
 */
const ROUTABLE_STATE_ERRORS = new Set<StateStoreErrorKind>(['unavailable', 'conflict', 'refused', 'unreadable']);

const fixedRanking = (ranking: IntentScore[]): IntentClassifier => ({ rank: () => ranking });

/** The reply an outcome carries: the question to ask, the router's own text, or none yet (an action's flow answers). */
function replyFor(outcome: RouterOutcome): ChatReply {
	const tags = 'action' in outcome && outcome.action ? [`action:${outcome.action}`] : [];
	if (outcome.kind === 'action') return { message: '', tags };
	if (outcome.kind === 'ask') return { message: outcome.question, buttons: outcome.buttons, tags };
	if (outcome.kind === 'handoff') return { message: outcome.message, handoff: true, tags: [...tags, 'router:handoff', `router:${outcome.reason}`] };
	// The bot says nothing while a person holds the conversation; the flow may.
	if (outcome.kind === 'held') return { message: '', handoff: outcome.reason === 'person_holds', tags: [`router:${outcome.reason}`] };
	const topic = outcome.topic ? [`topic:${outcome.topic}`] : [];
	return { message: outcome.message, ...(outcome.buttons.length > 0 ? { buttons: outcome.buttons } : {}), handoff: false, tags: [...tags, `router:${outcome.reason}`, ...topic] };
}

/**
 * Output index: one per action, then Ask, No Match and, when the flow hands over, Hand Over and
 * With a Person. A held turn of a flow that never hands over (a help desk's own person) goes nowhere.
 */
function outputOf(outcome: RouterOutcome, actions: RouterAction[], handoff: boolean): number {
	if (outcome.kind === 'action') return actions.findIndex((action) => action.name === outcome.action);
	if (outcome.kind === 'held' && !handoff) return -1;
	return actions.length + { ask: 0, noMatch: 1, handoff: 2, held: 3 }[outcome.kind];
}

/** Hybrid mode's rule: the embedded model is unsure below `hybridBelow`, or when its top two are within the tie margin. */
export function isUnsure(ranking: IntentScore[], hybridBelow: number, tieMargin: number): boolean {
	const [first, second] = ranking;
	return !first || first.score < hybridBelow || (second !== undefined && first.score - second.score < tieMargin);
}

/** An answer this long in which the field's own extractor finds no value is worth a model's reading. */
const LONG_ANSWER_WORDS = 8;

/**
 * A long free-text answer to a typed question ("well, it was the one I placed last Tuesday, the
 * number should be on the receipt, 12 34 5") in which the field's extractor finds nothing: the
 * chat model reads the value, and the router validates it as it would a lead form's. A value the
 * extractor finds is never sent to the model nor overridden by it. Undefined: no model needed.
 */
async function readAnswerWithModel(
	setup: TurnSetup,
	turn: ChatTurn,
	message: string,
	state: ConversationState,
): Promise<{ classifier: IntentClassifier; intentSource: string; turn: ChatTurn } | undefined> {
	const asked = setup.actions.find((action) => action.name === state.pendingAction)?.fields.find((field) => field.name === state.askedField);
	if (!asked || asked.type === 'text' || message.split(/\s+/).length < LONG_ANSWER_WORDS) return undefined;
	const clock = visitorClock(turn, new Date(), setup.settings.timezone);
	const parsing = { now: clock.now, timezone: clock.timezone, defaultCountry: setup.settings.defaultCountry, directAnswer: true };
	if (extractField(asked, message, parsing).status === 'valid') return undefined;
	const embedded = { classifier: setup.embedded, turn };
	try {
		const value = (await setup.chatModel!(message)).fields[asked.name];
		if (value === undefined) return { ...embedded, intentSource: 'embedded (the chat model found no value either)' };
		const fields = { ...(isPlainObject(turn.fields) ? turn.fields : {}), [asked.name]: value };
		return { ...embedded, intentSource: `embedded (${asked.name} read by the chat model)`, turn: { ...turn, fields } };
	} catch (error) {
		return { ...embedded, intentSource: `embedded (chat model failed: ${(error as Error).message})` };
	}
}

/** Who ranks this message: the embedded model, or the chat model where the mode says so. */
async function chooseClassifier(
	setup: TurnSetup,
	turn: ChatTurn,
	message: string,
	state: ConversationState | undefined,
): Promise<{ classifier: IntentClassifier; intentSource: string; turn: ChatTurn }> {
	const embedded = { classifier: setup.embedded, intentSource: 'embedded', turn };
	if (!usesChatModel(setup) || !message) return embedded;
	// The chat model decides new requests only: a message mid-collection is read as an answer first.
	if (state?.pendingAction) return (await readAnswerWithModel(setup, turn, message, state)) ?? embedded;
	if (setup.intentMode === 'hybrid' && !isUnsure(setup.embedded.rank(message), setup.hybridBelow, setup.settings.tieMargin)) return embedded;
	try {
		const answer = await setup.chatModel(message);
		// The model's field values are validated like a lead form's; the turn's own win.
		const fields = { ...answer.fields, ...(isPlainObject(turn.fields) ? turn.fields : {}) };
		return { classifier: fixedRanking(answer.ranking), intentSource: 'chat_model', turn: { ...turn, fields } };
	} catch (error) {
		return { ...embedded, intentSource: `embedded (chat model failed: ${(error as Error).message})` };
	}
}

/**
 * What the router was collecting when the turn came: the action and the question asked (a
 * field's name, or the confirmation). Insight (Count Outcomes) tells a new request from the next
 * answer of the same collection by it.
 */
function collectingIn(state: ConversationState | undefined): { action: string; field?: string } | undefined {
	if (!state?.pendingAction) return undefined;
	const field = state.awaitingConfirmation ? CONFIRMATION_QUESTION : state.askedField;
	return { action: state.pendingAction, ...(field ? { field } : {}) };
}

/** The error's message when the visitor can be answered for it (else it is thrown on). */
function routableStateError(error: unknown): string {
	if (!(error instanceof StateStoreError) || !ROUTABLE_STATE_ERRORS.has(error.kind)) throw error;
	return error.message;
}

function usesChatModel(setup: TurnSetup): setup is TurnSetup & Required<Pick<TurnSetup, 'chatModel'>> {
	return setup.chatModel !== undefined && setup.intentMode !== 'embedded';
}

/**
 * The conversation this turn continues, and its state as read now: the one its id names, unless
 * another sender started that one; then the sender's own (nodes/shared/sender.ts). Read once,
 * and only when a sender is to be checked or a chat model needs to know what is pending; the
 * update that follows reads it again under its lock. No id: no conversation.
 */
async function conversationOf(turn: ChatTurn, sender: string | undefined, setup: TurnSetup): Promise<{ id?: string; state?: ConversationState }> {
	const requested = typeof turn.conversationId === 'string' && turn.conversationId ? turn.conversationId : undefined;
	if (!requested || (!sender && !usesChatModel(setup))) return { id: requested };
	const held = await setup.store.get(conversationStateKey(setup.scope, requested));
	if (!held || mayContinue(held.sender, sender)) return { id: requested, state: held };
	const own = ownConversationId(requested, sender!);
	return { id: own, state: usesChatModel(setup) ? await setup.store.get(conversationStateKey(setup.scope, own)) : undefined };
}

/**
 * Routes one chat turn and returns the item to send on. A state store that is down or racing
 * gives the visitor a "try again" reply on No Match; any other state error (a bad TTL, a
 * closed store) is thrown, so the execution fails and gets fixed.
 */
export async function processTurn(received: ChatTurn, setup: TurnSetup): Promise<ProcessedTurn> {
	const now = setup.now ?? (() => new Date());
	const sender = senderOf(received);
	let stateError: string | undefined;
	let held: Awaited<ReturnType<typeof conversationOf>> = {};
	try {
		held = await conversationOf(received, sender, setup);
	} catch (error) {
		stateError = routableStateError(error);
	}
	const conversationId = held.id;
	const turn = conversationId && conversationId !== received.conversationId ? { ...received, conversationId } : received;
	const conversationKey = conversationId ? conversationStateKey(setup.scope, conversationId) : undefined;
	const message = typeof turn.message === 'string' ? turn.message.trim() : '';
	// No chat model is paid for a turn whose conversation cannot be read, nor for one the bot will not answer.
	const silent = turn.event === 'release' || (isPlainObject(turn.metadata) && turn.metadata.personHolds === true) || isHeld(held.state, now().getTime());
	const chosen = stateError || silent ? { classifier: setup.embedded, intentSource: 'embedded', turn } : await chooseClassifier(setup, turn, message, held.state);
	const model = chosen.intentSource === 'chat_model' ? 'chat_model' : 'embedded_model';

	let decision: RoutedDecision | undefined;
	let taken = false;
	let collecting: { action: string; field?: string } | undefined;
	const decide = (state: Parameters<typeof route>[0]['state']) => {
		// Between reading who holds the conversation and this update, another visitor took it.
		if (state && !mayContinue(state.sender, sender)) return ((taken = true), state);
		collecting = collectingIn(state);
		const at = now();
		decision =
			holdDecision(chosen.turn, state, at) ??
			route({ turn: chosen.turn, state, actions: setup.actions, classifier: chosen.classifier, settings: setup.settings, replies: setup.replies, now: at, model });
		if (!decision.state) return undefined;
		// The conversation's tags: every reply's so far, so that a handoff carries them.
		const tags = mergeTags(state?.tags, replyFor(decision.outcome).tags);
		decision.conversation = { ...decision.conversation, tags };
		const kept = { ...decision.state, tags, forgetAfterSeconds: keptFor, ...(sender ? { sender: state?.sender ?? sender } : {}) };
		return decision.outcome.kind === 'handoff' ? startHold(kept, at.getTime(), setup.settings.holdSeconds ?? 0) : kept;
	};
	// A hold longer than Forget After keeps the conversation as long as the hold.
	const keptFor = setup.settings.handoff ? Math.max(setup.ttlSeconds, setup.settings.holdSeconds ?? 0) : setup.ttlSeconds;
	if (!stateError) {
		try {
			if (conversationKey) await setup.store.update(conversationKey, decide, keptFor);
			else decide(undefined);
		} catch (error) {
			stateError = routableStateError(error);
		}
	}
	if (taken && !stateError) {
		const own = await processTurn({ ...received, conversationId: ownConversationId(conversationId!, sender!) }, setup);
		return { ...own, json: { ...own.json, router: { ...(own.json.router as object), sharedConversationId: true } } };
	}
	if (stateError) {
		// Nothing was decided for good, but the visitor still gets an answer and the flow a
		// No Match it can route (retry later, hand over). The message names host and port, never a secret.
		const language = turnLanguage(message, undefined, setup.settings, chosen.classifier);
		decision = {
			outcome: { kind: 'noMatch', reason: 'state_unavailable', message: repliesIn(language, setup.replies).stateUnavailable, buttons: [] },
			state: undefined,
			conversation: recordOfTurnAlone(turn, now()),
			language,
		};
	}
	const { outcome, conversation, ranking, why, language } = decision!;
	const explanation = explainTurn({ decision: decision!, step: stateError ? 'state_unavailable' : undefined, model, actions: setup.actions, settings: setup.settings, embedded: setup.embedded });
	const output = outputOf(outcome, setup.actions, setup.settings.handoff === true);
	const routed: ChatTurn = {
		...turn,
		...('action' in outcome && outcome.action
			? {
					action: {
						name: outcome.action,
						confidence: outcome.kind === 'action' ? outcome.confidence : 1,
						trigger: outcome.kind === 'action' ? outcome.trigger : 'collection',
					},
				}
			: {}),
		fields: 'fields' in outcome && outcome.fields ? outcome.fields : {},
		conversation,
		router: {
			outcome: outcome.kind,
			...(turn !== received ? { sharedConversationId: true } : {}),
			...('reason' in outcome ? { reason: outcome.reason } : {}),
			...('field' in outcome && outcome.field ? { field: outcome.field } : {}),
			...('topic' in outcome && outcome.topic ? { topic: outcome.topic } : {}),
			...(outcome.kind === 'ask' && outcome.aside ? { aside: outcome.aside } : outcome.kind === 'noMatch' && outcome.reason === 'aside' ? { aside: 'question' } : {}),
			...(outcome.kind === 'noMatch' && outcome.question ? { question: outcome.question } : {}),
			...(why ? { why } : {}),
			language,
			intentSource: chosen.intentSource,
			ranking: (ranking ?? []).slice(0, 3),
			...(stateError ? { error: stateError } : {}),
			...(collecting && !stateError ? { collecting } : {}),
			explanation,
		},
	};
	return { output, json: withReply(routed, replyFor(outcome)) };
}

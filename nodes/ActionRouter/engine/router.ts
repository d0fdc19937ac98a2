/**
 * The Action Router's decisions for one chat turn, as a pure function of the turn, the
 * conversation's state and an intent classifier: which action, which fields it still needs,
 * what to ask next, the state for the next turn and the conversation's record (a bounded
 * thread and the actions taken, for a handoff). Knows nothing of n8n or storage.
 */
import {
	type ActionTaken,
	type ChatTurn,
	type ConversationRecord,
	isPlainObject,
	type ReplyButton,
	templateVariables,
	type ThreadEntry,
} from '../../shared/contract';
import { renderTemplate } from '../../shared/templates';
import { checkFieldDefinition, type Extraction, extractField, type FieldDefinition, validateValue } from './fields';
import type { IntentClassifier, IntentScore } from './intent/types';
import type { ConversationState } from './state/types';

export interface RouterAction {
	name: string;
	/** When to use it (also what the intent model learns from). */
	description: string;
	examples: string[];
	/** Which ways can start it. */
	triggers: { intent: boolean; buttonIds: string[]; leadCaptured: boolean };
	fields: FieldDefinition[];
	/** Asked before the action runs, when set ("Cancel order {{fields.order_id}}?" rendered by the node). */
	confirmation?: string;
}

export interface RouterSettings {
	/** Below this confidence a message matches no action. */
	threshold: number;
	/** Top two actions closer than this: ask which one was meant. */
	tieMargin: number;
	/** Re-asks of one field before escalating to a human. */
	maxReasks: number;
	defaultCountry?: string;
	timezone?: string;
}

export type Trigger = 'ai_intent' | 'button' | 'lead_captured' | 'llm_intent' | 'collection';

export type RouterOutcome =
	| { kind: 'action'; action: string; confidence: number; trigger: Trigger; fields: Record<string, unknown> }
	| {
			kind: 'ask';
			action?: string;
			/** The field asked for, or why we ask (clarify, confirm, invalid). */
			reason: 'missing_field' | 'invalid_field' | 'clarify' | 'confirm';
			field?: string;
			question: string;
			buttons: ReplyButton[];
			fields: Record<string, unknown>;
	  }
	| {
			kind: 'noMatch';
			/** state_unavailable: set by the node when the conversation state could not be read or saved. */
			reason: 'out_of_scope' | 'cancelled' | 'escalated' | 'state_unavailable';
			action?: string;
			fields?: Record<string, unknown>;
	  };

export interface RouterDecision {
	outcome: RouterOutcome;
	/** The state to keep; undefined deletes it. */
	state: ConversationState | undefined;
	/** The intent ranking, when the classifier was asked. */
	ranking?: IntentScore[];
}

/** What `route` decides: also the conversation's record after this turn. */
export interface RoutedDecision extends RouterDecision {
	conversation: ConversationRecord;
}

/** The thread keeps this many entries (the latest). */
export const THREAD_LIMIT = 20;
/** Characters kept of one thread entry, and of one field value in the actions taken. */
export const THREAD_ENTRY_LIMIT = 500;
/** The actions taken keep this many (the latest). */
export const ACTIONS_TAKEN_LIMIT = 20;

/** Button ids the router's own questions use. */
export const CONFIRM_YES = 'confirm:yes';
export const CONFIRM_NO = 'confirm:no';
export const CHOOSE_PREFIX = 'choose:';

/**
 * A message mid-collection that is not an answer switches to another action only when that
 * action is clearly meant: on the embedded model's scale, 0.4 is a little under the median
 * in-scope score (0.49 on CLINC150 valid), well above the default threshold.
 */
const SWITCH_MIN_SCORE = 0.4;

const CANCEL = /^(?:cancel|stop|never ?mind|nevermind|forget (?:it|that)|no thanks|abort|quit)\b[\s.!]*$/i;
const YES = /^(?:y|yes|yeah|yep|sure|ok(?:ay)?|confirm(?:ed)?|do it|go ahead|please do|correct)\b/i;
const NO = /^(?:n|no|nope|don'?t|do not|cancel|stop|wait)\b/i;

/** Finds configuration mistakes; each names the action (and field) at fault. */
export function checkActions(actions: RouterAction[]): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const action of actions) {
		if (!action.name.trim()) problems.push('An action has no name');
		else if (seen.has(action.name)) problems.push(`Two actions are named "${action.name}": each needs its own name`);
		seen.add(action.name);
		const fieldNames = new Set<string>();
		for (const field of action.fields) {
			const problem = checkFieldDefinition(action.name, field);
			if (problem) problems.push(problem);
			if (fieldNames.has(field.name)) problems.push(`Action "${action.name}" has two fields named "${field.name}"`);
			fieldNames.add(field.name);
		}
	}
	return problems;
}

function emptyState(action: string, now: number): ConversationState {
	return { pendingAction: action, fields: {}, attempts: {}, updatedAt: now };
}

/** Values the turn already carries: a lead form's fields, the visitor's email and phone. */
function prefill(action: RouterAction, turn: ChatTurn, settings: RouterSettings, now: Date, fields: Record<string, unknown>) {
	const visitor = isPlainObject(turn.visitor) ? turn.visitor : {};
	const given = isPlainObject(turn.fields) ? turn.fields : {};
	for (const field of action.fields) {
		if (fields[field.name] !== undefined) continue;
		const candidates = [
			given[field.name],
			field.type === 'email' ? visitor.email : undefined,
			field.type === 'phone' ? visitor.phone : undefined,
			field.name === 'name' ? visitor.name : undefined,
		];
		for (const candidate of candidates) {
			const result = validateValue(field, candidate, { now, defaultCountry: settings.defaultCountry, timezone: settings.timezone });
			if (result.status === 'valid') {
				fields[field.name] = result.value;
				break;
			}
		}
	}
}

/** Fields found in free text (not as an answer to a question). */
function extractFromMessage(action: RouterAction, message: string, settings: RouterSettings, now: Date, fields: Record<string, unknown>) {
	for (const field of action.fields) {
		if (fields[field.name] !== undefined) continue;
		const result = extractField(field, message, { directAnswer: false, now, defaultCountry: settings.defaultCountry, timezone: settings.timezone });
		if (result.status === 'valid') fields[field.name] = result.value;
	}
}

function enumButtons(field: FieldDefinition): ReplyButton[] {
	return field.type === 'enum' ? (field.options ?? []).map((option) => ({ label: option })) : [];
}

/** The next step for an action whose fields are (partly) known. */
function nextStep(
	action: RouterAction,
	state: ConversationState,
	confidence: number,
	trigger: Trigger,
	invalid?: { field: FieldDefinition; reason: string },
): RouterDecision {
	if (invalid) {
		return {
			outcome: {
				kind: 'ask',
				action: action.name,
				reason: 'invalid_field',
				field: invalid.field.name,
				question: `${invalid.reason} ${invalid.field.question}`.trim(),
				buttons: enumButtons(invalid.field),
				fields: state.fields,
			},
			state: { ...state, askedField: invalid.field.name },
		};
	}
	const missing = action.fields.find((field) => field.required && state.fields[field.name] === undefined);
	if (missing) {
		return {
			outcome: {
				kind: 'ask',
				action: action.name,
				reason: 'missing_field',
				field: missing.name,
				question: missing.question,
				buttons: enumButtons(missing),
				fields: state.fields,
			},
			state: { ...state, askedField: missing.name, awaitingConfirmation: false },
		};
	}
	if (action.confirmation && !state.awaitingConfirmation) {
		return {
			outcome: {
				kind: 'ask',
				action: action.name,
				reason: 'confirm',
				question: action.confirmation,
				buttons: [
					{ label: 'Yes', actionId: CONFIRM_YES },
					{ label: 'No', actionId: CONFIRM_NO },
				],
				fields: state.fields,
			},
			state: { ...state, askedField: undefined, awaitingConfirmation: true },
		};
	}
	return {
		outcome: { kind: 'action', action: action.name, confidence, trigger, fields: state.fields },
		state: undefined,
	};
}

function start(action: RouterAction, turn: ChatTurn, settings: RouterSettings, now: Date, confidence: number, trigger: Trigger): RouterDecision {
	const state = emptyState(action.name, now.getTime());
	prefill(action, turn, settings, now, state.fields);
	if (typeof turn.message === 'string' && trigger !== 'button') extractFromMessage(action, turn.message, settings, now, state.fields);
	return nextStep(action, state, confidence, trigger);
}

/** Ranks with the classifier; decides out of scope, a tie to clarify, or an action. */
function classify(
	message: string,
	actions: RouterAction[],
	classifier: IntentClassifier,
	settings: RouterSettings,
): { best?: IntentScore; tie?: [IntentScore, IntentScore]; ranking: IntentScore[] } {
	const intentActions = new Set(actions.filter((action) => action.triggers.intent).map((action) => action.name));
	const ranking = classifier.rank(message).filter((score) => intentActions.has(score.action));
	const [first, second] = ranking;
	if (!first || first.score < settings.threshold) return { ranking };
	if (second && second.score >= settings.threshold && first.score - second.score < settings.tieMargin) {
		return { tie: [first, second], ranking };
	}
	return { best: first, ranking };
}

export interface RouteInput {
	turn: ChatTurn;
	state: ConversationState | undefined;
	actions: RouterAction[];
	classifier: IntentClassifier;
	settings: RouterSettings;
	now?: Date;
}

/** The per-turn decision, before the record is added. */
function decide({ turn, state, actions, classifier, settings, now = new Date() }: RouteInput): RouterDecision {
	const message = typeof turn.message === 'string' ? turn.message.trim() : '';
	const byName = new Map(actions.map((action) => [action.name, action]));
	const pending = state?.pendingAction ? byName.get(state.pendingAction) : undefined;

	// 1. The visitor calls it off.
	if (pending && (CANCEL.test(message) || turn.actionId === CONFIRM_NO && !state?.awaitingConfirmation)) {
		return { outcome: { kind: 'noMatch', reason: 'cancelled', action: pending.name, fields: state!.fields }, state: undefined };
	}

	// 2. Buttons and lead forms name their action directly.
	if (turn.event === 'button' && turn.actionId) {
		const chosen = turn.actionId.startsWith(CHOOSE_PREFIX) ? byName.get(turn.actionId.slice(CHOOSE_PREFIX.length)) : undefined;
		const byButton = chosen ?? actions.find((action) => action.triggers.buttonIds.includes(turn.actionId!));
		if (byButton) return start(byButton, turn, settings, now, 1, 'button');
	}
	if (turn.event === 'lead_captured') {
		const lead = actions.find((action) => action.triggers.leadCaptured);
		if (lead) return start(lead, turn, settings, now, 1, 'lead_captured');
	}

	// 3. A collection in progress.
	if (pending && state) {
		const current: ConversationState = { ...state, fields: { ...state.fields }, attempts: { ...state.attempts }, updatedAt: now.getTime() };
		if (current.awaitingConfirmation) {
			if (turn.actionId === CONFIRM_YES || YES.test(message)) {
				return { outcome: { kind: 'action', action: pending.name, confidence: 1, trigger: 'collection', fields: current.fields }, state: undefined };
			}
			if (turn.actionId === CONFIRM_NO || NO.test(message)) {
				return { outcome: { kind: 'noMatch', reason: 'cancelled', action: pending.name, fields: current.fields }, state: undefined };
			}
		}
		const asked = pending.fields.find((field) => field.name === current.askedField);
		let answer: Extraction = { status: 'absent' };
		if (asked && message) {
			answer = extractField(asked, message, { directAnswer: true, now, defaultCountry: settings.defaultCountry, timezone: settings.timezone });
		}
		if (answer.status !== 'valid' && message) {
			// Not an answer: maybe the visitor switched to another action.
			const { best, ranking } = classify(message, actions, classifier, settings);
			if (best && best.action !== pending.name && best.score >= Math.max(settings.threshold, SWITCH_MIN_SCORE)) {
				const switched = start(byName.get(best.action)!, turn, settings, now, best.score, 'ai_intent');
				return { ...switched, ranking };
			}
		}
		if (asked && answer.status === 'valid') {
			current.fields[asked.name] = answer.value;
			delete current.attempts[asked.name];
		}
		if (message) extractFromMessage(pending, message, settings, now, current.fields);
		if (asked && answer.status === 'invalid') {
			const attempts = (current.attempts[asked.name] ?? 0) + 1;
			if (attempts > settings.maxReasks) {
				return {
					outcome: { kind: 'noMatch', reason: 'escalated', action: pending.name, fields: current.fields },
					state: undefined,
				};
			}
			current.attempts[asked.name] = attempts;
			return nextStep(pending, current, 1, 'collection', { field: asked, reason: answer.reason });
		}
		return nextStep(pending, current, 1, 'collection');
	}

	// 4. A new request: what does the message ask for?
	if (!message) return { outcome: { kind: 'noMatch', reason: 'out_of_scope' }, state: undefined };
	const { best, tie, ranking } = classify(message, actions, classifier, settings);
	if (tie) {
		return {
			outcome: {
				kind: 'ask',
				reason: 'clarify',
				question: 'Which of these do you mean?',
				buttons: tie.map((score) => ({
					label: byName.get(score.action)?.description || score.action,
					actionId: `${CHOOSE_PREFIX}${score.action}`,
				})),
				fields: {},
			},
			state: undefined,
			ranking,
		};
	}
	if (!best) return { outcome: { kind: 'noMatch', reason: 'out_of_scope' }, state: undefined, ranking };
	return { ...start(byName.get(best.action)!, turn, settings, now, best.score, 'ai_intent'), ranking };
}

/** The record of a turn whose stored conversation could not be read: this turn alone. */
export function recordOfTurnAlone(turn: ChatTurn, at = new Date()): ConversationRecord {
	const text = visitorText(turn);
	return { thread: text ? [{ from: 'visitor', text: cut(text), at: at.toISOString() }] : [], actionsTaken: [] };
}

function cut(text: string): string {
	return text.length > THREAD_ENTRY_LIMIT ? `${text.slice(0, THREAD_ENTRY_LIMIT - 1)}…` : text;
}

/** What the visitor sent, as one line of the thread (undefined when there is nothing to show). */
function visitorText(turn: ChatTurn): string | undefined {
	const message = typeof turn.message === 'string' ? turn.message.trim() : '';
	if (message) return message;
	if (turn.event === 'button' && turn.actionId) return `[button] ${turn.actionId}`;
	if (turn.event === 'lead_captured') return `[lead form] ${Object.keys(isPlainObject(turn.fields) ? turn.fields : {}).join(', ')}`.trim();
	return undefined;
}

/** Field values for the record: long strings cut, so the stored state stays small. */
function recordedFields(fields: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, typeof value === 'string' ? cut(value) : value]));
}

/** The record as stored, or empty; anything malformed in it is dropped rather than trusted. */
function previousRecord(state: ConversationState | undefined): ConversationRecord {
	const thread = Array.isArray(state?.thread) ? state.thread.filter((entry) => isPlainObject(entry) && typeof entry.text === 'string') : [];
	const actionsTaken = Array.isArray(state?.actionsTaken)
		? state.actionsTaken.filter((action) => isPlainObject(action) && typeof action.name === 'string')
		: [];
	return { thread, actionsTaken };
}

/**
 * One chat turn: the decision (see `decide`) plus the conversation's record. The record
 * outlives a collection (cancelled, escalated or done) and expires with the state; the
 * confirmation question is rendered here so that the thread holds what the visitor read.
 */
export function route(input: RouteInput): RoutedDecision {
	const now = input.now ?? new Date();
	const decision = decide({ ...input, now });
	let outcome = decision.outcome;
	if (outcome.kind === 'ask' && outcome.reason === 'confirm') {
		// Values are data (templates.ts): text a visitor typed into a field is printed, never run.
		const variables = templateVariables({ ...input.turn, fields: outcome.fields });
		outcome = { ...outcome, question: renderTemplate(outcome.question, 'text', variables, { missing: 'empty' }) };
	}

	const at = now.toISOString();
	const previous = previousRecord(input.state);
	const thread: ThreadEntry[] = [...previous.thread];
	const said = visitorText(input.turn);
	if (said) thread.push({ from: 'visitor', text: cut(said), at });
	if (outcome.kind === 'ask') thread.push({ from: 'router', text: cut(outcome.question), at });
	const actionsTaken: ActionTaken[] = [...previous.actionsTaken];
	if (outcome.kind === 'action') actionsTaken.push({ name: outcome.action, fields: recordedFields(outcome.fields), at });
	const conversation: ConversationRecord = {
		thread: thread.slice(-THREAD_LIMIT),
		actionsTaken: actionsTaken.slice(-ACTIONS_TAKEN_LIMIT),
	};
	// A finished collection leaves a state that holds only the record.
	const collection = decision.state ?? { fields: {}, attempts: {}, updatedAt: now.getTime() };
	return { ...decision, outcome, state: { ...collection, ...conversation }, conversation };
}

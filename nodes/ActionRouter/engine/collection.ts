/**
 * The building blocks of the router's steps (router.ts, around.ts): ask a field, confirm, start
 * an action, end a collection, hand over; each returns the decision and the state to keep.
 */
import { type ChatTurn, type DecidingModel, isPlainObject, type ReplyButton, templateVariables } from '../../shared/contract';
import type { ConversationState } from '../../shared/state/types';
import { fill, textsFor } from '../../shared/languages';
import { renderTemplate } from '../../shared/templates';
import type { RouterAction } from './actions';
import { CONFIRM_NO, CONFIRM_YES, type RouterDecision, type RouterOutcome, type Trigger, type TurnContext } from './decision';
import { extractField, type FieldDefinition, validateValue } from './fields';
import { justGiven, rememberedFor, reuseOf } from './memory';
import { noMatchReply, topicReply } from './talk';
import type { Topic } from './topics';

export function ask(
	action: RouterAction | undefined,
	reason: Extract<RouterOutcome, { kind: 'ask' }>['reason'],
	question: string,
	fields: Record<string, unknown>,
	state: ConversationState | undefined,
	extra: { field?: FieldDefinition; buttons?: ReplyButton[] } = {},
): RouterDecision {
	const buttons = extra.buttons ?? (extra.field?.type === 'enum' ? (extra.field.options ?? []).map((option) => ({ label: option })) : []);
	return {
		outcome: { kind: 'ask', ...(action ? { action: action.name } : {}), reason, ...(extra.field ? { field: extra.field.name } : {}), question, buttons, fields },
		state,
	};
}

/** The end of a collection (or of a turn) without an action: the router's own text. */
export function noMatch(
	context: TurnContext,
	reason: Extract<RouterOutcome, { kind: 'noMatch' }>['reason'],
	extra: { action?: RouterAction; fields?: Record<string, unknown>; topic?: Topic } = {},
): RouterDecision {
	const { replies, actions } = context;
	const said =
		reason === 'cancelled'
			? { message: replies.cancelled, buttons: [] }
			: reason === 'escalated'
				? noMatchReply(replies.escalatedAlone, replies, actions)
				: extra.topic
					? topicReply(extra.topic, replies, actions)
					: noMatchReply(reason === 'bare_value' ? replies.valueAlone : replies.noMatch, replies, actions);
	return {
		outcome: { kind: 'noMatch', reason, ...(extra.action ? { action: extra.action.name, fields: extra.fields } : {}), ...(extra.topic ? { topic: extra.topic } : {}), ...said },
		state: undefined,
	};
}

/** A person takes over, when the flow hands over; otherwise the router says so itself and promises nobody. */
export function handOver(context: TurnContext, reason: 'escalated' | 'asked_for_person', collected?: ConversationState): RouterDecision {
	const { pending, settings, replies } = context;
	const fields = collected?.fields;
	if (settings.handoff) {
		const message = reason === 'escalated' ? replies.escalated : replies.person;
		return { outcome: { kind: 'handoff', reason, ...(pending ? { action: pending.name, fields } : {}), message }, state: undefined };
	}
	if (reason === 'escalated') return noMatch(context, 'escalated', { action: pending, fields });
	return noMatch(context, 'small_talk', { topic: 'person' });
}

/** Yes and No under the router's own questions, in the turn's language. */
function yesNo(context: TurnContext): ReplyButton[] {
	const { yesButton, noButton } = textsFor(context.language).router;
	return [
		{ label: yesButton, actionId: CONFIRM_YES },
		{ label: noButton, actionId: CONFIRM_NO },
	];
}

export function confirmationQuestion(context: TurnContext, action: RouterAction, state: ConversationState): RouterDecision {
	const asking = { ...state, askedField: undefined, awaitingConfirmation: true, offeredValue: undefined };
	return ask(action, 'confirm', action.confirmation!, state.fields, asking, { buttons: yesNo(context) });
}

/** A confirmation question as the visitor reads it. Values are data (templates.ts): text a visitor typed into a field is printed, never run. */
export function renderConfirmation(question: string, turn: ChatTurn, fields: Record<string, unknown>): string {
	return renderTemplate(question, 'text', templateVariables({ ...turn, fields }), { missing: 'empty' });
}

/**
 * Ask for what is missing, then confirm, then run: the next step of a collection. A missing
 * field the visitor gave a value for earlier in the conversation is offered that value
 * ("Use ada@example.com?"), or takes it where the field says so (memory.ts).
 */
export function nextStep(context: TurnContext, action: RouterAction, state: ConversationState, confidence: number, trigger: Trigger): RouterDecision {
	for (const field of action.fields) {
		if (field.required && state.fields[field.name] === undefined) {
			const known = reuseOf(field) === 'use' ? rememberedFor(field, state.remembered) : justGiven(field, state.remembered);
			if (known !== undefined) state.fields[field.name] = known;
		}
	}
	const missing = action.fields.find((field) => field.required && state.fields[field.name] === undefined);
	const offered = missing && reuseOf(missing) === 'offer' ? rememberedFor(missing, state.remembered) : undefined;
	if (missing && offered !== undefined) {
		// The field's question first, so the visitor knows what the value is for.
		const offer = `${missing.question} ${fill(context.replies.offerEarlierValue, { value: String(offered) })}`.trim();
		return ask(action, 'missing_field', offer, state.fields, { ...state, askedField: missing.name, awaitingConfirmation: false, offeredValue: offered }, {
			field: missing,
			buttons: yesNo(context),
		});
	}
	if (missing) return ask(action, 'missing_field', missing.question, state.fields, { ...state, askedField: missing.name, awaitingConfirmation: false, offeredValue: undefined }, { field: missing });
	if (action.confirmation) return confirmationQuestion(context, action, state);
	return { outcome: { kind: 'action', action: action.name, confidence, trigger, fields: state.fields }, state: undefined };
}

/** The model whose ranking the steps read: an action it starts names it as its trigger. */
export function modelOf(context: TurnContext): DecidingModel {
	return context.model ?? 'embedded_model';
}

/**
 * Values the turn already carries: a lead form's fields (or a chat model's reading), the
 * visitor's email, phone and name. Returns the first of the turn's fields that was refused.
 */
function prefill(context: TurnContext, action: RouterAction, fields: Record<string, unknown>): RouterDecision['refused'] {
	const visitor = isPlainObject(context.turn.visitor) ? context.turn.visitor : {};
	const given = isPlainObject(context.turn.fields) ? context.turn.fields : {};
	let refused: RouterDecision['refused'];
	for (const field of action.fields) {
		if (fields[field.name] !== undefined) continue;
		const candidates = [
			given[field.name],
			field.type === 'email' ? visitor.email : undefined,
			field.type === 'phone' ? visitor.phone : undefined,
			field.name === 'name' ? visitor.name : undefined,
		];
		for (const candidate of candidates) {
			const result = validateValue(field, candidate, context.parsing);
			if (result.status === 'valid') {
				fields[field.name] = result.value;
				break;
			}
			if (result.status === 'invalid' && candidate === given[field.name]) refused ??= { field: field.name, reason: result.reason };
		}
	}
	return refused;
}

/** Fields found in free text (not as the answer to a question); `replace` lets a newer value win. */
export function extractFromMessage(context: TurnContext, action: RouterAction, fields: Record<string, unknown>, replace = false): string[] {
	const changed: string[] = [];
	if (!context.message) return changed;
	for (const field of action.fields) {
		if (fields[field.name] !== undefined && !replace) continue;
		const result = extractField(field, context.message, { ...context.parsing, directAnswer: false });
		if (result.status === 'valid' && result.value !== fields[field.name]) {
			fields[field.name] = result.value;
			changed.push(field.name);
		}
	}
	return changed;
}

/** Starts an action; `carried` values (from a collection switched away from) fill only what the turn does not give. */
export function start(context: TurnContext, action: RouterAction, confidence: number, trigger: Trigger, carried: Record<string, unknown> = {}): RouterDecision {
	const state: ConversationState = { pendingAction: action.name, fields: {}, attempts: {}, remembered: context.state?.remembered, updatedAt: context.now.getTime() };
	const refused = prefill(context, action, state.fields);
	if (trigger !== 'button') extractFromMessage(context, action, state.fields);
	state.fields = { ...carried, ...state.fields };
	const decision = nextStep(context, action, state, confidence, trigger);
	// A refused value the message gave again, rightly, was taken after all.
	return refused && state.fields[refused.field] === undefined ? { ...decision, refused } : decision;
}

/** The collection's state, copied for this turn. */
export function current(context: TurnContext): ConversationState {
	const state = context.state!;
	return { ...state, fields: { ...state.fields }, attempts: { ...state.attempts }, updatedAt: context.now.getTime() };
}

/** Counts a re-ask; past the cap the conversation goes to a human. */
export function reask(context: TurnContext, state: ConversationState, counter: string, decide: () => RouterDecision): RouterDecision {
	const attempts = (state.attempts[counter] ?? 0) + 1;
	if (attempts > context.settings.maxReasks) return handOver(context, 'escalated', state);
	state.attempts[counter] = attempts;
	return decide();
}

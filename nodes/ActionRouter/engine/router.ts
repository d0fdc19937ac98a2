/**
 * The Action Router's dialogue for one chat turn, as a pure function of the turn, the
 * conversation's state and an intent classifier: which action, which fields it still needs,
 * what to ask next, the state for the next turn and the conversation's record. Knows nothing
 * of n8n or storage.
 *
 * A turn is read by named steps, in order; the first that applies decides (like a form's
 * activate → validate → request the next slot → submit):
 *   1. cancel             the visitor calls off what is being collected
 *   2. start directly     a button or a lead form names its action
 *   3. confirm            the answer to "Reset the key for …?": only a clear yes runs the action
 *   4. collect            the answer to the question asked, small talk or an aside around it,
 *                         or a new request instead of one
 *   5. small talk         a greeting, thanks, "what can you do?", "I want a person" (topics.ts)
 *   6. new request        what the message asks for: an action, a clarifying question, or no match
 */
import { isPlainObject, type RouterStep } from '../../shared/contract';
import { textsFor } from '../../shared/languages';
import { recordAfter } from '../../shared/conversation-record';
import { labelOf } from './actions';
import { aroundQuestion, bareValue, smallTalk } from './around';
import { contextOf } from './classify';
import {
	ask,
	confirmationQuestion,
	current,
	extractFromMessage,
	modelOf,
	nextStep,
	noMatch,
	reask,
	renderConfirmation,
	start,
} from './collection';
import { readConfirmation } from './confirmation';
import {
	CHOOSE_PREFIX,
	type Classification,
	CONFIRM_NO,
	CONFIRM_YES,
	type RouteInput,
	type RoutedDecision,
	type RouterDecision,
	type Step,
	type TurnContext,
} from './decision';
import { type Extraction, extractField, type FieldDefinition, validateValue } from './fields';
import type { IntentScore } from './intent/types';
import { afterTurn, remember, sameValue } from './memory';
import { isCancel, isCancelThen, isWordedAsRequest, turnsAway } from './wording';

/** The confirmation's re-asks count under this name in `attempts`. */
const CONFIRMATION_ATTEMPTS = '(confirmation)';

/**
 * A message that may be the answer to the question asked switches to another action only when
 * that action is clearly meant: on the embedded model's scale 0.4 is a little under a typical
 * in-scope score, well above the default threshold. `switchBar` says when the threshold is enough.
 */
const SWITCH_MIN_SCORE = 0.4;
/**
 * Another action the message clearly asks for instead of the pending one: it scores at least
 * `minScore` and more than the pending action by the tie margin.
 */
function otherRequest(context: TurnContext, minScore: number): IntentScore | undefined {
	const { best, ranking } = context.classification();
	if (!best || best.action === context.pending?.name) return undefined;
	if (best.score < minScore) return undefined;
	const pendingScore = ranking.find((score) => score.action === context.pending?.name)?.score ?? 0;
	return best.score - pendingScore >= context.settings.tieMargin ? best : undefined;
}

/**
 * Starts the action the message asks for instead, keeping what the visitor already gave for a
 * field of the same name and type (the email they typed is still their email).
 */
function switchTo(context: TurnContext, other: IntentScore, instead: string): RouterDecision {
	const action = context.byName.get(other.action)!;
	const given = context.state?.fields ?? {};
	const pendingFields = new Map(context.pending!.fields.map((field) => [field.name, field.type]));
	const carried = Object.fromEntries(
		action.fields.filter((field) => given[field.name] !== undefined && pendingFields.get(field.name) === field.type).map((field) => [field.name, given[field.name]]),
	);
	const decision = start(context, action, other.score, modelOf(context), carried);
	const kept = Object.keys(carried).length > 0 ? `; kept ${Object.keys(carried).join(', ')}` : '';
	return {
		...decision,
		step: 'switch',
		ranking: context.classification().ranking,
		why: `switched from ${context.pending!.name}: the message asks for ${other.action} (${other.score.toFixed(2)}) rather than ${instead}${kept}`,
	};
}

/**
 * How high another action must score for a message to switch to it rather than answer the
 * question asked; undefined when the message is the answer. The value alone cannot tell: a
 * text field takes any message whole and a number field any number in it ("can you check
 * order 12345 first?"). In order:
 * - No valid answer in it (or nothing asked, or a confirmation answered neither yes nor no):
 *   worded as a request, it is read as a first message would be, at the threshold; otherwise
 *   only a clear request switches.
 * - A valid answer not worded as a request is the answer.
 * - A text answer worded as a request switches only to a clear request: any text is valid.
 * - A closed answer (a list, an email, a number…) in a message that turns away ("actually…",
 *   "…instead", "no, …") is read as a first message would be.
 * - An option of the list asked, worded as a request ("I want the weekly one"), is the answer;
 *   any other closed answer so worded switches only to a clear request.
 */
function switchBar(context: TurnContext, asked: FieldDefinition | undefined, answer: Extraction): number | undefined {
	const { message, settings, language } = context;
	const clear = Math.max(settings.threshold, SWITCH_MIN_SCORE);
	if (!asked || answer.status !== 'valid') return noAnswerBar(context);
	if (!isWordedAsRequest(message, language)) return undefined;
	if (asked.type === 'text') return clear;
	if (turnsAway(message, language)) return settings.threshold;
	return asked.type === 'enum' ? undefined : clear;
}

/** The bar for a message that answers nothing: the threshold if worded as a request, else SWITCH_MIN_SCORE. */
function noAnswerBar({ message, settings, language }: TurnContext): number {
	return isWordedAsRequest(message, language) ? settings.threshold : Math.max(settings.threshold, SWITCH_MIN_SCORE);
}

// ---- the steps ----------------------------------------------------------------------------

const cancel: Step = (context) => {
	const { pending, state, turn, message } = context;
	if (!pending || !state) return undefined;
	const cancelled = () => noMatch(context, 'cancelled', { action: pending, fields: state.fields });
	// A No under a question of the router's own (a confirmation, "Use ada@example.com?") answers it.
	if (isCancel(message, context.language) || (turn.actionId === CONFIRM_NO && !state.awaitingConfirmation && state.offeredValue === undefined)) return cancelled();
	// During a collection, what follows a cancel is its reason unless it is a request or a value
	// the visitor was asked for. A confirmation reads it as an answer ("cancel it, yes" to "Cancel order 12345?").
	if (!state.awaitingConfirmation && isCancelThen(message, context.language) && !isWordedAsRequest(message, context.language) && extractFromMessage(context, pending, {}).length === 0) {
		return cancelled();
	}
	return undefined;
};

const startDirectly: Step = (context) => {
	const { turn, actions, byName } = context;
	if (turn.event === 'button' && turn.actionId) {
		const chosen = turn.actionId.startsWith(CHOOSE_PREFIX) ? byName.get(turn.actionId.slice(CHOOSE_PREFIX.length)) : undefined;
		const byButton = chosen ?? actions.find((action) => action.triggers.buttonIds.includes(turn.actionId!));
		if (byButton) return start(context, byButton, 1, 'button');
	}
	if (turn.event === 'lead_captured') {
		const lead = actions.find((action) => action.triggers.leadCaptured);
		if (lead) return { ...start(context, lead, 1, 'lead_captured'), step: 'lead_form' };
	}
	return undefined;
};

/** Nothing runs without a yes: anything else is a change of a value, another request, small talk, or asked again. */
const confirm: Step = (context) => {
	const { pending, state, turn, message } = context;
	if (!pending || !state?.awaitingConfirmation) return undefined;
	const collected = current(context);
	const answer = turn.actionId === CONFIRM_YES ? 'yes' : turn.actionId === CONFIRM_NO ? 'no' : readConfirmation(message, renderConfirmation(pending.confirmation!, turn, collected.fields), context.language);
	if (answer === 'yes') return { outcome: { kind: 'action', action: pending.name, confidence: 1, trigger: 'collection', fields: collected.fields }, state: undefined };
	// "no, bob@example.com" corrects a value rather than cancelling.
	const changed = extractFromMessage(context, pending, collected.fields, true);
	if (changed.length > 0) return { ...confirmationQuestion(context, pending, collected), why: `the visitor changed ${changed.join(', ')}: confirming again` };
	if (answer === 'no') return noMatch(context, 'cancelled', { action: pending, fields: collected.fields });
	const other = otherRequest(context, noAnswerBar(context));
	if (other) return switchTo(context, other, 'answering the confirmation');
	const around = aroundQuestion(context, collected, undefined);
	if (around) return around;
	return {
		...reask(context, collected, CONFIRMATION_ATTEMPTS, () => confirmationQuestion(context, pending, collected)),
		why: 'the answer to the confirmation was neither yes nor no: asking again',
	};
};

const collect: Step = (context) => {
	const { pending, state, message } = context;
	if (!pending || !state) return undefined;
	const collected = current(context);
	const asked = pending.fields.find((field) => field.name === collected.askedField);
	const offered = collected.offeredValue;
	delete collected.offeredValue;
	let answer: Extraction = asked && message ? extractField(asked, message, { ...context.parsing, directAnswer: true }) : { status: 'absent' };
	if (asked && offered !== undefined) {
		// "Use ada@example.com?": a yes takes it, a no asks the question; another value is an answer.
		const reply = context.turn.actionId === CONFIRM_YES ? 'yes' : context.turn.actionId === CONFIRM_NO ? 'no' : readConfirmation(message, '', context.language);
		const typed = asked.type !== 'text' && extractField(asked, message, { ...context.parsing, directAnswer: false }).status === 'valid';
		if (reply === 'yes' && !typed) answer = { status: 'valid', value: offered };
		else if (reply === 'no' && !typed) return ask(pending, 'missing_field', asked.question, collected.fields, { ...collected, askedField: asked.name }, { field: asked });
	}
	const same = asked && message ? sameValue(message, asked, collected.remembered) : undefined;
	if (same !== undefined) answer = { status: 'valid', value: same };
	let refused: RouterDecision['refused'];
	if (asked && answer.status !== 'valid') {
		// A value the turn carries for the asked field (a chat model's reading of a long answer, a
		// form's field) stands in for one the message did not give, validated the same way.
		const given = validateValue(asked, isPlainObject(context.turn.fields) ? context.turn.fields[asked.name] : undefined, context.parsing);
		if (given.status === 'valid') answer = given;
		else if (given.status === 'invalid') refused = { field: asked.name, reason: given.reason };
	}
	const bar = message ? switchBar(context, asked, answer) : undefined;
	const other = bar === undefined ? undefined : otherRequest(context, bar);
	if (other) return switchTo(context, other, asked ? `answering ${asked.name}` : 'going on');
	if (asked && message && same === undefined && (answer.status !== 'valid' || asked.type === 'text')) {
		const around = aroundQuestion(context, collected, asked);
		if (around) return around;
	}
	if (asked && answer.status === 'valid') {
		collected.fields[asked.name] = answer.value;
		delete collected.attempts[asked.name];
	}
	extractFromMessage(context, pending, collected.fields);
	if (asked && answer.status === 'invalid') {
		const question = `${answer.reason} ${asked.question}`.trim();
		const again = reask(context, collected, asked.name, () => ask(pending, 'invalid_field', question, collected.fields, { ...collected, askedField: asked.name }, { field: asked }));
		return { ...again, refused: { field: asked.name, reason: answer.reason } };
	}
	const next = nextStep(context, pending, collected, 1, 'collection');
	return refused && collected.fields[refused.field] === undefined ? { ...next, refused } : next;
};

/** Small talk with nothing pending: answered by the router, unless one of the flow's own actions takes it ("talk_to_a_human"). */
const newRequest: Step = (context) => {
	if (!context.message) return { ...noMatch(context, 'out_of_scope'), step: 'no_match' };
	const { best, tie, ranking } = context.classification();
	if (tie) {
		const buttons = tie.map((score) => ({ label: labelOf(context.byName.get(score.action)!), actionId: `${CHOOSE_PREFIX}${score.action}` }));
		return { ...ask(undefined, 'clarify', textsFor(context.language).router.clarify, {}, undefined, { buttons }), ranking, step: 'clarify' };
	}
	if (!best) return { ...noMatch(context, 'out_of_scope'), ranking, step: 'no_match', ...unknownLanguage(context) };
	return { ...start(context, context.byName.get(best.action)!, best.score, modelOf(context)), ranking };
};

/**
 * The embedded model compares words: a message in a language none of the actions' examples is
 * written in matches none of them, and the flow's owner is told why and what to do.
 */
function unknownLanguage({ language, exampleLanguages }: TurnContext): { why?: string } {
	if (!exampleLanguages || exampleLanguages.length === 0 || exampleLanguages.includes(language)) return {};
	return {
		why: `the message is in ${language} and the actions' examples in ${exampleLanguages.join(', ')}: add examples in ${language}, or use the Chat Model or Hybrid mode, which read any language`,
	};
}

/** The steps in order, each under the name the explanation gives it (a step may name a branch of its own: `step`). */
const STEPS: Array<[RouterStep, Step]> = [
	['cancel', cancel],
	['button', startDirectly],
	['confirmation', confirm],
	['answer', collect],
	['small_talk', smallTalk],
	['bare_value', bareValue],
	['intent', newRequest],
];

/** The step's name: its own branch's, else its place in the list's; past the re-ask cap, the cap. */
function stepOf(named: RouterStep, decision: RouterDecision): RouterStep {
	const { outcome } = decision;
	if ((outcome.kind === 'handoff' || outcome.kind === 'noMatch') && outcome.reason === 'escalated') return 'reask_cap';
	return decision.step ?? named;
}

/**
 * One chat turn: the decision of the first step that applies, plus the conversation's record.
 * The record outlives a collection (cancelled, escalated or done) and expires with the state;
 * the confirmation question is rendered here so that the thread holds what the visitor read.
 */
export function route(input: RouteInput): RoutedDecision {
	const built = contextOf(input);
	// The classification is asked at most once, by whichever step needs it; the explanation reads it after.
	let classification: Classification | undefined;
	const context: TurnContext = { ...built, model: input.model, classification: () => (classification ??= built.classification()) };
	let decision: RouterDecision | undefined;
	let named: RouterStep = 'intent';
	for (const [name, step] of STEPS) {
		if ((decision = step(context))) {
			named = name;
			break;
		}
	}
	let outcome = decision!.outcome;
	if (outcome.kind === 'ask' && outcome.reason === 'confirm') outcome = { ...outcome, question: renderConfirmation(outcome.question, input.turn, outcome.fields) };
	const routed = outcome.kind === 'action' ? { name: outcome.action, fields: outcome.fields } : undefined;
	const asked = outcome.kind === 'ask' ? outcome.question : outcome.kind === 'noMatch' && outcome.reason === 'aside' ? outcome.message : undefined;
	const conversation = recordAfter(input.state, input.turn, asked, routed, context.now);
	// What the visitor gave is remembered for the next action, whatever became of this one.
	const decided = 'action' in outcome && outcome.action ? context.byName.get(outcome.action) : undefined;
	const given = remember(afterTurn(input.state?.remembered), decided, 'fields' in outcome ? outcome.fields : undefined);
	const remembered = decision!.remembered ? { ...given, ...decision!.remembered } : given;
	// A finished collection leaves a state that holds only the record (and what was offered and remembered).
	const collection = decision!.state ?? { fields: {}, attempts: {}, updatedAt: context.now.getTime() };
	const offered = outcome.kind === 'ask' || outcome.kind === 'noMatch' ? (outcome.buttons.length > 0 ? outcome.buttons : undefined) : undefined;
	const state = { ...collection, offered, ...(remembered ? { remembered } : {}), language: context.language, ...conversation };
	return { ...decision!, outcome, state, conversation, language: context.language, step: stepOf(named, decision!), ...(classification ? { classification: { ...classification, message: context.message } } : {}) };
}

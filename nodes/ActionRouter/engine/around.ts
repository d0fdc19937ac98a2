/**
 * What visitors say around their requests, as steps of the router: small talk and asides while a
 * field or a confirmation is asked (answered, and the question asked again), small talk with
 * nothing pending, and a message that is only a value.
 */
import type { ConversationState } from '../../shared/state/types';
import { readAside } from './asides';
import { ask, confirmationQuestion, handOver, modelOf, noMatch, start } from './collection';
import type { Aside, RouterDecision, Step, TurnContext } from './decision';
import { extractField, type FieldDefinition } from './fields';
import { askAgain } from './talk';
import { type Topic, topicOf } from './topics';
import { actionsExpecting, isBareValue } from './values';

/**
 * Free-text fields whose answer may well be a question or a long sentence: there a question is
 * the value. Other text fields (a name, a company) take a question as an aside.
 */
const OPEN_TEXT = /problem|issue|message|description|describe|details?|question|feedback|reason|comment|note|request|summary|body|explain|story|topic|subject|query|text/i;

/**
 * Small talk or an aside instead of the answer to the question asked: answered, and the
 * question asked again (no re-ask counted); a change of mind cancels; "I want a person" hands
 * over; a goodbye leaves the collection where it is. `asked`: undefined at a confirmation.
 */
export function aroundQuestion(context: TurnContext, collected: ConversationState, asked: FieldDefinition | undefined): RouterDecision | undefined {
	const topic = topicOf(context.message, context.language);
	// At a confirmation only small talk is read here: a question or a pause there is about the
	// action, and the confirmation is asked again (counted against the re-ask cap).
	const aside = topic || !asked ? undefined : readAside(context.message, context.language);
	if (!topic && !aside) return undefined;
	const decision = answerAround(context, collected, asked, topic, aside);
	return decision && { ...decision, step: topic ? 'small_talk' : 'aside' };
}

/** The answer to small talk (`topic`) or an aside said instead of the answer to the question asked. */
function answerAround(context: TurnContext, collected: ConversationState, asked: FieldDefinition | undefined, topic: Topic | undefined, aside: Aside | undefined): RouterDecision | undefined {
	const { message, pending, replies } = context;
	if (aside === 'question' && asked?.type === 'text' && OPEN_TEXT.test(asked.name)) return undefined;
	if (aside === 'change_of_mind') return noMatch(context, 'cancelled', { action: pending, fields: collected.fields });
	if (topic === 'person' && context.settings.handoff) return handOver(context, 'asked_for_person', collected);
	const again = asked ? ask(pending, 'missing_field', asked.question, collected.fields, { ...collected, askedField: asked.name }, { field: asked }) : confirmationQuestion(context, pending!, collected);
	const { outcome, state } = again;
	if (outcome.kind !== 'ask') return again;
	if (topic === 'goodbye') return { ...noMatch(context, 'small_talk', { topic }), state };
	// "where do I find the order number?": the question again, which says what is wanted; no re-ask counted.
	if (aside === 'question' && asked && asksAbout(message, asked)) return { outcome: { ...outcome, aside }, state, why: `a question about ${asked.name}: asking again` };
	if (aside === 'question' && asked) {
		const { question } = outcome;
		return {
			outcome: { kind: 'noMatch', reason: 'aside', action: pending!.name, fields: collected.fields, field: asked.name, question, message: askAgain(question, 'question', replies), buttons: outcome.buttons },
			state,
			why: 'a question about something else while a field was asked: the flow may answer it; the field stays asked',
		};
	}
	return { outcome: { ...outcome, question: askAgain(outcome.question, topic ?? aside!, replies), ...(topic ? { topic } : { aside }) }, state };
}

/** Words too common to tie a question to a field. */
const COMMON = new Set(['what', 'your', 'which', 'where', 'when', 'have', 'this', 'that', 'with', 'from', 'should', 'would', 'could', 'does', 'there']);

/**
 * A question about the field asked ("where can I find the order number?" for "What is your
 * order number?"): it shares a word with the field's name or question. Answered by asking
 * again with the field's hint, not passed to the flow as something else.
 */
function asksAbout(message: string, field: FieldDefinition): boolean {
	const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}{4,}/gu)?.filter((word) => !COMMON.has(word)) ?? []);
	const fieldWords = words(`${field.name.replace(/[_-]+/g, ' ')} ${field.question}`);
	return [...words(message)].some((word) => fieldWords.has(word));
}

export const smallTalk: Step = (context) => {
	if (!context.message) return undefined;
	const { best, tie, ranking } = context.classification();
	if (best || tie) return undefined;
	const topic = context.smallTalk();
	if (!topic) return undefined;
	if (topic === 'person') return { ...handOver(context, 'asked_for_person'), ranking };
	return { ...noMatch(context, 'small_talk', { topic }), ranking };
};

/**
 * A message that is only a value ("lina@park.dev") asks for nothing: it starts an action only
 * when the flow allows it and exactly one action expects such a value; otherwise the visitor
 * is asked what to do (the value is remembered for the action they pick).
 */
export const bareValue: Step = (context) => {
	if (!isBareValue(context.message)) return undefined;
	const expecting = actionsExpecting(context.actions, context.message, context.parsing);
	if (context.settings.startFromValue && expecting.length === 1) {
		return { ...start(context, expecting[0], 1, modelOf(context)), why: `the message is a value only ${expecting[0].name} expects` };
	}
	const remembered = expecting.flatMap((action) => action.fields.map((field) => ({ field, found: extractField(field, context.message, { ...context.parsing, directAnswer: false }) })));
	const values = Object.fromEntries(
		remembered.filter(({ found }) => found.status === 'valid').map(({ field, found }) => [field.name, { type: field.type, value: (found as { value: string | number }).value, alone: true }]),
	);
	return { ...noMatch(context, 'bare_value'), remembered: values };
};

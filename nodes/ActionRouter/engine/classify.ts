/**
 * What the steps read of a turn, built once: the message (a number picking a button read as
 * that button), the pending action, how values are parsed, and the intent classifier's verdict,
 * asked at most once.
 */
import type { ChatTurn } from '../../shared/contract';
import type { ConversationState } from '../../shared/state/types';
import type { RouterAction } from './actions';
import type { Classification, RouteInput, RouterSettings, TurnContext } from './decision';
import { extractField } from './fields';
import type { IntentClassifier, IntentScore } from './intent/types';
import { detectAmong, detectLanguage } from './language';
import { languagesSaying } from './phrases';
import { visitorClock } from './visitor-clock';
import { repliesIn } from './defaults';
import { optionEvidence } from './values';
import { SMALL_TALK_TOPICS } from './intent/background';
import { type Topic, topicOf } from './topics';

/** The share of the threshold an action needs when the message holds a value of its Pattern field or names one of its options. */
const PATTERN_EVIDENCE_SHARE = 0.5;

/**
 * Ranks with the classifier; decides out of scope, a tie to clarify, or an action. A described
 * action (no example phrases) whose Pattern field accepts a value in the message ("APT-31877",
 * "member number 204918377") needs only part of the threshold, when that value tells the
 * actions apart (not every one accepts it): a request rarely repeats the words of a
 * one-sentence description, and the value is evidence they cannot give. An action with
 * examples keeps the whole threshold, which is measured against them: there, a year in an
 * off-topic question ("…the most in 2018") would pass for a 4-digit campaign number.
 * An option of an action's list named as a word ("send my commission to Wise") is evidence for
 * any action: options are words the flow's owner chose for that action alone.
 */
function classify(message: string, actions: RouterAction[], classifier: IntentClassifier, settings: RouterSettings, parsing: TurnContext['parsing']): Classification {
	const intent = actions.filter((action) => action.triggers.intent);
	const intentActions = new Set(intent.map((action) => action.name));
	const ranking = classifier.rank(message, undefined, parsing.language).filter((score) => intentActions.has(score.action));
	const evidenceFor = new Set([...patternEvidence(intent, message, parsing), ...optionEvidence(intent, message, parsing)]);
	const bar = (score: IntentScore) => (evidenceFor.has(score.action) ? PATTERN_EVIDENCE_SHARE : 1) * settings.threshold;
	const [first, second] = ranking.filter((score) => score.score >= bar(score));
	if (!first) return { ranking };
	if (second && first.score - second.score < settings.tieMargin) return { tie: [first, second], ranking };
	return { best: first, ranking };
}

/**
 * The described actions whose Pattern field accepts a value in the message, when some action's
 * pattern refuses it. A router whose actions all have examples (most) reads no pattern here.
 */
function patternEvidence(intent: RouterAction[], message: string, parsing: TurnContext['parsing']): Set<string> {
	const accepts = (action: RouterAction) =>
		action.fields.some((field) => field.type === 'regex' && extractField(field, message, { ...parsing, directAnswer: false }).status === 'valid');
	const described = intent.filter((action) => action.examples.length === 0 && accepts(action));
	if (described.length === 0 || intent.every((action) => described.includes(action) || accepts(action))) return new Set();
	return new Set(described.map((action) => action.name));
}

/**
 * How likely the model must find a small-talk topic (against every action and other topic) for a
 * message whose words no phrase of topics.ts knows to be answered as that topic. Chosen on
 * CLINC150's valid split (BENCHMARKS.md, "Small talk").
 */
export const SMALL_TALK_MIN_PROBABILITY = 0.5;

/** Small talk by its phrases (English and the turn's language), else by the model's background topics ("i enjoyed our talk" is a goodbye). */
function smallTalkOf(message: string, classifier: IntentClassifier, language: string): Topic | undefined {
	const known = topicOf(message, language);
	if (known || !message) return known;
	const likeliest = classifier.backgroundTopic?.(message);
	if (!likeliest || likeliest.probability < SMALL_TALK_MIN_PROBABILITY) return undefined;
	return SMALL_TALK_TOPICS[likeliest.topic] as Topic | undefined;
}

/**
 * "2" after a question with buttons is the second button, as a click on it: text-only chats
 * show buttons as a numbered list. Any other message, or a number with nothing offered, is
 * read as it is.
 */
function withNumberedChoice(turn: ChatTurn, state: ConversationState | undefined): ChatTurn {
	const offered = Array.isArray(state?.offered) ? state.offered : [];
	const number = typeof turn.message === 'string' ? /^\s*(\d{1,2})[.)]?\s*$/.exec(turn.message)?.[1] : undefined;
	const button = number ? offered[Number(number) - 1] : undefined;
	if (!button || typeof button.label !== 'string') return turn;
	return button.actionId ? { ...turn, event: 'button', actionId: button.actionId, message: button.label } : { ...turn, message: button.label };
}

/**
 * The turn's language: the node's, when it fixes one; else the message's, when it says clearly
 * (language.ts); else the conversation's so far ("ja" answers in German what was asked in German);
 * else the one language whose lists hold the whole message ("Danke!"); else the one of the
 * actions' examples' languages it is likeliest in; else their main language; else English.
 */
export function turnLanguage(message: string, state: ConversationState | undefined, settings: RouterSettings, classifier: IntentClassifier): string {
	if (settings.language) return settings.language;
	const conversation = typeof state?.language === 'string' ? state.language : undefined;
	const examples = classifier.languages ?? [];
	return detectLanguage(message, conversation) ?? conversation ?? byPhrase(message, examples) ?? detectAmong(message, examples) ?? examples[0] ?? 'en';
}

/** The one language (of the examples' languages, else of all) whose word lists hold the whole message: "Danke!" is German. */
function byPhrase(message: string, examples: readonly string[]): string | undefined {
	// English's small talk is patterns, not lists: "hi" is English as well as German.
	const saying = [...languagesSaying(message), ...(topicOf(message, 'en') ? ['en'] : [])];
	const among = saying.filter((language) => examples.includes(language));
	const candidates = among.length > 0 ? among : saying;
	return candidates.length === 1 ? candidates[0] : undefined;
}

export function contextOf({ turn: sent, state, actions, classifier, settings, replies, now = new Date() }: RouteInput): TurnContext {
	const turn = withNumberedChoice(sent, state);
	const message = typeof turn.message === 'string' ? turn.message.trim() : '';
	const byName = new Map(actions.map((action) => [action.name, action]));
	const clock = visitorClock(turn, now, settings.timezone);
	const language = turnLanguage(message, state, settings, classifier);
	const parsing = { now: clock.now, timezone: clock.timezone, defaultCountry: settings.defaultCountry, language };
	let classification: Classification | undefined;
	return {
		turn,
		message,
		state,
		pending: state?.pendingAction ? byName.get(state.pendingAction) : undefined,
		actions,
		byName,
		settings,
		replies: repliesIn(language, replies),
		now,
		language,
		exampleLanguages: classifier.languages,
		parsing,
		classification: () => (classification ??= classify(message, actions, classifier, settings, parsing)),
		smallTalk: () => smallTalkOf(message, classifier, language),
	};
}

/**
 * The Action Router's decision for one turn, as the steps (router.ts) make it: the settings they
 * read, the outcome they give, and the context they share. Types and the router's own button ids only.
 */
import type { ChatTurn, ConversationRecord, DecidingModel, ReplyButton, RouterStep } from '../../shared/contract';
import type { ConversationState } from '../../shared/state/types';
import type { RouterAction } from './actions';
import type { ExtractionContext } from './fields';
import type { IntentClassifier, IntentScore } from './intent/types';
import type { Topic } from './topics';

export interface RouterSettings {
	/** Below this confidence a message matches no action. */
	threshold: number;
	/** Top two actions closer than this: ask which one was meant. */
	tieMargin: number;
	/** Re-asks of one field (or of a confirmation) before escalating to a human. */
	maxReasks: number;
	defaultCountry?: string;
	/** The node's time zone, for visitors whose widget sends none. */
	timezone?: string;
	/**
	 * The flow hands a conversation to a person (the Hand Over output is wired): only then do
	 * the re-ask cap and "I want a person" promise one.
	 */
	handoff?: boolean;
	/** After a handoff, how long a person holds the conversation before the bot answers again; 0: until released (hold.ts). */
	holdSeconds?: number;
	/** A message that is only a value (an email, a number) may start the one action that expects such a value. */
	startFromValue?: boolean;
	/** The visitors' language (ISO 639-1) when the node fixes it; undefined: detected from each message (language.ts). */
	language?: string;
}

/**
 * What the visitor reads when the router answers itself, in the turn's language; every text can
 * be changed in the node's options. Where a text is followed by `canHelpWith`, one button per action follows.
 */
export interface RouterReplies {
	noMatch: string;
	cancelled: string;
	/** The re-ask cap with a handoff: says a person takes over. */
	escalated: string;
	/** The re-ask cap without a handoff: promises no person. */
	escalatedAlone: string;
	stateUnavailable: string;
	/** Before the buttons of what the bot can do. */
	canHelpWith: string;
	/** After thanks and acknowledgements. */
	anythingElse: string;
	/** Small talk (topics.ts). */
	greeting: string;
	thanks: string;
	acknowledgement: string;
	goodbye: string;
	bot: string;
	/** "help" while a field is asked: after the question. */
	helpWhileAsking: string;
	/** "I want a person" with a handoff, and without. */
	person: string;
	noPerson: string;
	/** A question about something else while a field is asked; the field's question follows. */
	aside: string;
	/** "hmm, let me check" while a field is asked; the field's question follows. */
	hesitation: string;
	/** Offers a value given earlier for the field asked; `{value}` is the value. */
	offerEarlierValue: string;
	/** To a message that is only a value ("lina@park.dev"), before what the bot can do. */
	valueAlone: string;
}

/** Said around a question: asked back, waited for, or called off (asides.ts). */
export type Aside = 'question' | 'hesitation' | 'change_of_mind';

/** What started an action: the model that read the message, a button, a lead form, or the collection of its fields. */
export type Trigger = DecidingModel | 'button' | 'lead_captured' | 'collection';

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
			/** Small talk or an aside answered before the question was asked again. */
			topic?: Topic;
			aside?: Aside;
	  }
	| {
			kind: 'noMatch';
			/**
			 * state_unavailable: the conversation state could not be read or saved. small_talk: a
			 * greeting, thanks, "what can you do?" (`topic`). aside: a question about something else
			 * while a field is asked: the flow may answer it, the field stays asked (`field`). bare_value:
			 * a value alone ("lina@park.dev") that no request came with.
			 */
			reason: 'out_of_scope' | 'cancelled' | 'escalated' | 'state_unavailable' | 'small_talk' | 'aside' | 'bare_value';
			action?: string;
			fields?: Record<string, unknown>;
			topic?: Topic;
			/** The field still asked (aside, small talk during a collection). */
			field?: string;
			/** The question asked again (aside), for a flow that answers the aside itself. */
			question?: string;
			/** What the visitor reads (the router's own text; for an aside, the question asked again follows it). */
			message: string;
			buttons: ReplyButton[];
	  }
	| {
			/** A person takes over (the flow's Hand Over output): the re-ask cap, or the visitor asked for one. */
			kind: 'handoff';
			reason: 'escalated' | 'asked_for_person';
			action?: string;
			fields?: Record<string, unknown>;
			message: string;
	  }
	| {
			/**
			 * The bot stays silent (hold.ts): a person holds the conversation (person_holds), or the
			 * help desk just gave it back (released). The flow's With a Person output gets the turn.
			 */
			kind: 'held';
			reason: 'person_holds' | 'released';
	  };

export interface RouterDecision {
	outcome: RouterOutcome;
	/** The state to keep; undefined ends the collection. */
	state: ConversationState | undefined;
	/** The intent ranking, when the classifier was asked. */
	ranking?: IntentScore[];
	/** How the message was read, when it could have been read otherwise (a switch, a re-asked confirmation). */
	why?: string;
	/** Values to remember beyond the decision's fields (a bare value, memory.ts). */
	remembered?: Record<string, { type: string; value: string | number }>;
	/** The step that decided, where it is not the one named in the router's list (a switch, an aside, a clarifying question). */
	step?: RouterStep;
	/** A value given this turn that was not taken, and what the visitor was told. */
	refused?: { field: string; reason: string };
}

/** What `route` decides: also the conversation's record after this turn. */
export interface RoutedDecision extends RouterDecision {
	conversation: ConversationRecord;
	/** The turn's language (ISO 639-1). */
	language?: string;
	/** The classifier's verdict, when a step asked for it (the explanation's ranking), and the message it read ("2" read as the second button's label). */
	classification?: Classification & { message: string };
}

/** Button ids the router's own questions use. */
export const CONFIRM_YES = 'confirm:yes';
export const CONFIRM_NO = 'confirm:no';
export const CHOOSE_PREFIX = 'choose:';

export interface RouteInput {
	turn: ChatTurn;
	state: ConversationState | undefined;
	actions: RouterAction[];
	classifier: IntentClassifier;
	settings: RouterSettings;
	/** The server's time of the turn (the record's and the state's clock). */
	now?: Date;
	/** The router's own texts the flow's owner set; the others are the turn's language's (defaults.ts, repliesIn). */
	replies?: Partial<RouterReplies>;
	/** Whose ranking the classifier gives (an action's `trigger`); default the embedded model. */
	model?: DecidingModel;
}

/** Everything the steps read, built once per turn. */
export interface TurnContext {
	turn: ChatTurn;
	message: string;
	state: ConversationState | undefined;
	pending: RouterAction | undefined;
	actions: RouterAction[];
	byName: Map<string, RouterAction>;
	settings: RouterSettings;
	replies: RouterReplies;
	now: Date;
	/** The language of the turn (ISO 639-1): what the router reads the message in and answers in. */
	language: string;
	/** The languages of the actions' examples, where the intent model knows them. */
	exampleLanguages?: readonly string[];
	/** Whose ranking `classification` reads (set by route; the embedded model when unset). */
	model?: DecidingModel;
	/** How values are read: the visitor's clock and time zone, the default phone country. */
	parsing: Omit<ExtractionContext, 'directAnswer'>;
	/** The classifier's verdict on the message, asked at most once. */
	classification: () => Classification;
	/** The message as small talk, by its phrases or the intent model's background topics (with nothing pending). */
	smallTalk: () => Topic | undefined;
}

export interface Classification {
	best?: IntentScore;
	tie?: [IntentScore, IntentScore];
	ranking: IntentScore[];
}

export type Step = (context: TurnContext) => RouterDecision | undefined;

/**
 * The Action Router's decision for one turn, as the steps (router.ts) make it: the settings they
 * read, the outcome they give, and the context they share. Types and the router's own button ids only.
 */
import type { ChatTurn, ConversationRecord, ReplyButton } from '../../shared/contract';
import type { ConversationState } from '../../shared/state/types';
import type { RouterAction } from './actions';
import type { ExtractionContext } from './fields';
import type { IntentClassifier, IntentScore } from './intent/types';

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
			/** state_unavailable: set when the conversation state could not be read or saved. */
			reason: 'out_of_scope' | 'cancelled' | 'escalated' | 'state_unavailable';
			action?: string;
			fields?: Record<string, unknown>;
	  };

export interface RouterDecision {
	outcome: RouterOutcome;
	/** The state to keep; undefined ends the collection. */
	state: ConversationState | undefined;
	/** The intent ranking, when the classifier was asked. */
	ranking?: IntentScore[];
	/** How the message was read, when it could have been read otherwise (a switch, a re-asked confirmation). */
	why?: string;
}

/** What `route` decides: also the conversation's record after this turn. */
export interface RoutedDecision extends RouterDecision {
	conversation: ConversationRecord;
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
	now: Date;
	/** How values are read: the visitor's clock and time zone, the default phone country. */
	parsing: Omit<ExtractionContext, 'directAnswer'>;
	/** The classifier's verdict on the message, asked at most once. */
	classification: () => Classification;
}

export interface Classification {
	best?: IntentScore;
	tie?: [IntentScore, IntentScore];
	ranking: IntentScore[];
}

export type Step = (context: TurnContext) => RouterDecision | undefined;

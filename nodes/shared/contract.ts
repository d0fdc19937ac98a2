/**
 * The chat turn: the one item shape every node of this package reads and writes
 * (see README, "The chat-turn contract"). Plain data, no n8n types, so any n8n node
 * (Set, IF, Code, Respond to Webhook) can sit between ours.
 */

/**
 * `release`: a help desk gave the conversation back to the bot (nodes/shared/channels); only a
 * help desk's own webhook sends it, never a widget.
 */
export type ChatEvent = 'message' | 'button' | 'lead_captured' | 'release';

export interface Visitor {
	id: string | null;
	name: string | null;
	email: string | null;
	phone: string | null;
}

/** A button under a reply. One with neither `actionId` nor `url` is a quick reply: a click sends its label as a message. */
export interface ReplyButton {
	/** Text on the button. */
	label: string;
	/** Sent back as a `button` event's `actionId` when the visitor clicks it. */
	actionId?: string;
	/** Opens this address instead of sending an action. */
	url?: string;
}

export interface ReplyLink {
	label: string;
	url: string;
}

export interface ChatReply {
	message: string;
	buttons?: ReplyButton[];
	links?: ReplyLink[];
	/** True when a human should take over the conversation. */
	handoff?: boolean;
	tags?: string[];
	data?: Record<string, unknown>;
	/**
	 * Why the router decided (its `router.explanation`), for the flow's owner only: set by Chat
	 * Reply when the trigger marked the turn `showWhy` (the owner's test page, verified).
	 */
	why?: RouterExplanation;
}

/**
 * The router's step that decided a turn: a button or a lead form naming its action, the answer
 * to the question asked, a confirmation, a switch to another request, a cancel, small talk, an
 * aside, a value alone, a new request (intent), a question which of two (clarify), no action
 * (no_match), the re-ask cap, a person holding the conversation, the state store unavailable.
 */
export type RouterStep =
	| 'cancel'
	| 'button'
	| 'lead_form'
	| 'confirmation'
	| 'answer'
	| 'switch'
	| 'aside'
	| 'small_talk'
	| 'bare_value'
	| 'intent'
	| 'clarify'
	| 'no_match'
	| 'reask_cap'
	| 'held'
	| 'state_unavailable';

/** Which model decided an action: the trigger (`action.trigger`) and the explanation's `model`. */
export type DecidingModel = 'embedded_model' | 'chat_model';

/** The status of one field of the action pending or started: never its value (values are in `fields`, and sealed). */
export interface FieldExplanation {
	status: 'valid' | 'invalid' | 'missing';
	/** Why a value given this turn was refused (what the visitor was told). */
	reason?: string;
}

/**
 * Why the router decided a turn (`router.explanation`), for the flow's owner. It holds no
 * personal value: words that look like one (an @, three digits or more) and the values of
 * fields are left out, so it is not sealed with the turn's personal data.
 */
export interface RouterExplanation {
	step: RouterStep;
	/** The model whose ranking the step read; null when none was asked (a button, a held turn…). */
	model: DecidingModel | null;
	/** The model's ranking, best first (at most 5); empty when no model was asked. */
	ranking: Array<{ action: string; score: number }>;
	threshold: number;
	tieMargin: number;
	/** The message's words that weighed most for the explained action (the embedded model only), at most 6. */
	words: Array<{ word: string; action: string; weight: number }>;
	/** The texts the embedded model learned that action from which the message is nearest to, at most 3. */
	examples: Array<{ action: string; text: string; similarity: number }>;
	/** The fields of the action pending or started, by name. */
	fields: Record<string, FieldExplanation>;
	/** A value given this turn that was not taken. */
	refused?: { field: string; reason: string };
}

export interface RoutedAction {
	name: string;
	confidence?: number;
	trigger?: string;
}

/**
 * One line of a conversation's thread: what the visitor sent (`visitor`), a question the
 * router asked (`router`), or an answer a Chat Reply node sent (`reply`: an action's result,
 * a No Match text).
 */
export interface ThreadEntry {
	from: 'visitor' | 'router' | 'reply';
	text: string;
	/** ISO 8601 time of the turn. */
	at: string;
}

/** An action the router sent a turn to, with the fields it had collected. */
export interface ActionTaken {
	name: string;
	fields: Record<string, unknown>;
	/** ISO 8601 time of the turn. */
	at: string;
}

/**
 * What the router remembers of a conversation (bounded; see the Action Router's
 * engine), set on every item it outputs so that a handoff can carry it to a human.
 */
export interface ConversationRecord {
	/** The last messages and questions, oldest first, this turn's included. */
	thread: ThreadEntry[];
	/** The actions routed so far, oldest first, this turn's included. */
	actionsTaken: ActionTaken[];
	/** The tags of the conversation's replies so far (action:…, topic:…, the flow's own), oldest first. */
	tags?: string[];
}

export interface ChatTurn {
	event?: ChatEvent;
	conversationId?: string | null;
	chatbotId?: string | null;
	message?: string | null;
	actionId?: string | null;
	visitor?: Partial<Visitor>;
	contact?: Record<string, unknown>;
	user?: Record<string, unknown>;
	organization?: Record<string, unknown>;
	metadata?: Record<string, unknown>;
	action?: RoutedAction;
	fields?: Record<string, unknown>;
	/** Added by the router. */
	conversation?: ConversationRecord;
	reply?: ChatReply;
	/**
	 * The flow's owner asked to see why the router decided (the trigger's test page). Set only
	 * by the trigger, for a verified request: a visitor's own value is removed.
	 */
	showWhy?: boolean;
	[key: string]: unknown;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value !== '') return value;
	}
	return undefined;
}

/**
 * Variables a template can use for a turn: the item itself (so `{{body.email}}` works
 * after n8n's own Webhook node) plus the names chat products already use.
 */
export function templateVariables(turn: ChatTurn): Record<string, unknown> {
	const visitor = isPlainObject(turn.visitor) ? turn.visitor : {};
	const contact = isPlainObject(turn.contact) ? turn.contact : {};
	const user = isPlainObject(turn.user) ? turn.user : {};
	const aliases: Record<string, unknown> = {
		user_message: firstString(turn.message),
		user_email: firstString(visitor.email, contact.email, user.email),
		user_name: firstString(visitor.name, contact.name, user.name),
		user_phone: firstString(visitor.phone, contact.phone_number, contact.phone, user.phone),
		conversation_id: firstString(turn.conversationId),
		chatbot_id: firstString(turn.chatbotId),
		visitor_id: firstString(visitor.id),
		action_id: firstString(turn.actionId, turn.action?.name),
	};
	const defined = Object.fromEntries(Object.entries(aliases).filter(([, v]) => v !== undefined));
	return { ...turn, ...defined };
}

/** Adds tags without duplicates, keeping their order. */
export function mergeTags(...lists: Array<string[] | undefined>): string[] {
	return [...new Set(lists.flatMap((list) => list ?? []))];
}

/** The turn with a reply set (tags merged with any the turn already had). */
export function withReply(turn: ChatTurn, reply: ChatReply): ChatTurn {
	const previous = isPlainObject(turn.reply) ? turn.reply : undefined;
	return { ...turn, reply: { ...reply, tags: mergeTags(previous?.tags, reply.tags) } };
}

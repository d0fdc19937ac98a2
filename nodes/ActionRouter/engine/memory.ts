/**
 * What a visitor said earlier in the conversation, offered again: a value validated for one
 * action (their email for a key reset) is offered to the next action that asks for a field
 * of the same name and type ("Use ada@example.com?"), or used directly where the field says
 * so, and "same email" / "the same one" answers with it. Kept in the conversation state, so
 * it is forgotten with the conversation (the router's Forget After).
 */
import type { RouterAction } from './actions';
import type { FieldDefinition } from './fields';

export interface RememberedValue {
	type: string;
	value: string | number;
	/** Sent alone in the last message ("lina@park.dev"): the action the visitor picks next takes it without asking. */
	alone?: boolean;
}

/** Values by field name; the last value given for a name wins. */
export type Remembered = Record<string, RememberedValue>;

/** How a field takes a value given earlier in the conversation. */
export type Reuse = 'offer' | 'use' | 'never';
const DEFAULT_REUSE: Reuse = 'offer';

/** The values of an action's fields, added to what the conversation remembers. */
export function remember(previous: Remembered | undefined, action: RouterAction | undefined, fields: Record<string, unknown> | undefined): Remembered | undefined {
	if (!action || !fields) return previous;
	const added: Remembered = {};
	for (const field of action.fields) {
		const value = fields[field.name];
		if (reuseOf(field) !== 'never' && (typeof value === 'string' || typeof value === 'number')) added[field.name] = { type: field.type, value };
	}
	return Object.keys(added).length > 0 ? { ...previous, ...added } : previous;
}

export const reuseOf = (field: FieldDefinition): Reuse => field.reuse ?? DEFAULT_REUSE;

/** What is remembered after a turn: a value sent alone counts as just given for one turn only. */
export function afterTurn(remembered: Remembered | undefined): Remembered | undefined {
	if (!remembered || !Object.values(remembered).some((known) => known.alone)) return remembered;
	return Object.fromEntries(Object.entries(remembered).map(([name, { type, value }]) => [name, { type, value }]));
}

/** A value the visitor sent alone in the last message, for this field. */
export function justGiven(field: FieldDefinition, remembered: Remembered | undefined): string | number | undefined {
	const known = remembered?.[field.name];
	return known?.alone && rememberedFor(field, remembered) !== undefined ? known.value : undefined;
}

/** The value given earlier for a field of this name and type. */
export function rememberedFor(field: FieldDefinition, remembered: Remembered | undefined): string | number | undefined {
	if (reuseOf(field) === 'never') return undefined;
	const known = remembered?.[field.name];
	return known && known.type === field.type ? known.value : undefined;
}

/** "same email", "the same one", "that address", "same as before", "use the same". */
const SAME_VALUE =
	/^\s*(?:(?:yes|yeah|ok|sure)[\s,]+)?(?:(?:please )?use )?(?:the |my )?(?:same|that|previous|last)(?: one| (?:e-?mail|address|email address|number|phone(?: number)?|name|order|one again|again|as (?:before|last time|above|earlier)))?(?: (?:as )?(?:before|again|please))?[\s.!]*$/i;

/**
 * The earlier value a "same one" answer points to: the field's own name and type, else the one
 * value of its type given earlier (a different name, say `contact_email` and `email`).
 */
export function sameValue(message: string, field: FieldDefinition, remembered: Remembered | undefined): string | number | undefined {
	if (!SAME_VALUE.test(message) || reuseOf(field) === 'never') return undefined;
	const own = rememberedFor(field, remembered);
	if (own !== undefined) return own;
	const ofType = Object.values(remembered ?? {}).filter((known) => known.type === field.type);
	return ofType.length === 1 ? ofType[0].value : undefined;
}

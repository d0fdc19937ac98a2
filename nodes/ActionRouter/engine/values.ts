/**
 * Values as evidence for an action: an option of an action's list named in a message ("send
 * my commission to Wise"), and a message that is nothing but a value ("lina@park.dev",
 * "12345"), which asks for nothing by itself.
 */
import type { RouterAction } from './actions';
import { EMAIL_IN_TEXT } from './intent/normalize';
import { type ExtractionContext, extractField, type FieldDefinition } from './fields';

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
/** Words of scripts written without spaces: "429エラーが出ます" is a sentence with a number, not a value. */
const UNSPACED_WORDS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]{2,}/u;

/** Nothing but a value: no word of two letters or more beside emails, addresses and words with digits ("INV-20417"). */
export function isBareValue(message: string): boolean {
	const rest = message
		.replace(EMAIL_IN_TEXT, ' ')
		.replace(URL, ' ')
		.split(/\s+/)
		.filter((word) => word && (!/\d/.test(word) || UNSPACED_WORDS.test(word)));
	const hadValue = rest.length < message.split(/\s+/).filter(Boolean).length;
	return hadValue && !rest.some((word) => /\p{L}{2,}/u.test(word));
}

/** Fields a bare value can belong to: closed types whose extractor finds a value (text takes anything; options are words). */
const takesValue = (field: FieldDefinition) => field.type !== 'text' && field.type !== 'enum';

/** The actions (of those a visitor can start by asking) with a field that accepts the message's value. */
export function actionsExpecting(actions: RouterAction[], message: string, parsing: Omit<ExtractionContext, 'directAnswer'>): RouterAction[] {
	return actions.filter(
		(action) =>
			action.triggers.intent && action.fields.some((field) => takesValue(field) && extractField(field, message, { ...parsing, directAnswer: false }).status === 'valid'),
	);
}

/**
 * The actions one of whose list options the message names as a whole word ("Wise" for a payout
 * method), when not every action has that option: evidence for them, as a pattern value is.
 */
export function optionEvidence(actions: RouterAction[], message: string, parsing: Omit<ExtractionContext, 'directAnswer'>): Set<string> {
	const names = (action: RouterAction) =>
		action.fields.some((field) => field.type === 'enum' && extractField(field, message, { ...parsing, directAnswer: false }).status === 'valid');
	const naming = actions.filter(names);
	if (naming.length === 0 || naming.length === actions.length) return new Set();
	return new Set(naming.map((action) => action.name));
}

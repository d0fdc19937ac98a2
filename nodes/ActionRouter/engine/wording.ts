/**
 * How a visitor's words are read around a question: worded as a request, turning away from the
 * question, or calling the collection off. Each in English and in the turn's language
 * (shared/languages: its request and cancel phrases). What they cannot tell is left to the
 * intent model and the field's own extractor.
 */
import { textsFor } from '../../shared/languages';
import { fold, phrasesPattern } from './phrases';

/** Wording of a request rather than of an answer, in English: "where…", "can you…", "I want…", "actually", "first". */
const ENGLISH_REQUEST =
	/^\s*(?:where|what|how|when|why|who|which|is|are|do|does|did)\b|\b(?:can|could|would|will) (?:you|i)\b|\b(?:i (?:want|need|would like)|i'd like|instead|actually|first|hold on|wait|what about)\b/i;
/** A question mark of any script: "?", "？", "؟", Spanish's opening "¿". */
const QUESTION_MARK = /[?？؟¿]/;

/** Wording that turns away from the question asked, in English: "actually…", "…instead", "hold on", "no, …". */
const ENGLISH_TURNING_AWAY = /\b(?:instead|actually|first|hold on|wait|rather|what about)\b|^\s*(?:no|nope|nah)\b/i;

interface RequestWording {
	request: RegExp;
	turningAway: RegExp;
}
const requestWordings = new Map<object, RequestWording>();

/** The turn's language's request phrases: where a message opens ("können…"), anywhere ("ich möchte"), turning away ("eigentlich"). */
function requestWording(language: string): RequestWording {
	const own = textsFor(language).request;
	let wording = requestWordings.get(own);
	if (!wording) {
		const opens = (phrases: string[]) => String.raw`^[¿¡"'«„“]?${phrasesPattern(phrases)}`;
		wording = {
			request: new RegExp(`${opens(own.start)}|${phrasesPattern(own.anywhere)}|${phrasesPattern(own.turningAway)}`, 'u'),
			turningAway: new RegExp(`${phrasesPattern(own.turningAway)}|${opens(own.turningAwayStart)}`, 'u'),
		};
		requestWordings.set(own, wording);
	}
	return wording;
}

/**
 * Worded as a request rather than as an answer: a question, "can you…", "I want…", "actually",
 * "first", in English or the turn's language ("können Sie zuerst…", "できますか").
 */
export function isWordedAsRequest(message: string, language = 'en'): boolean {
	return QUESTION_MARK.test(message) || ENGLISH_REQUEST.test(message) || requestWording(language).request.test(fold(message));
}

/**
 * Turning away from the question asked ("actually…", "…instead", "no, …"; "eigentlich",
 * "stattdessen", "nein, …"), in English or the turn's language. Read after isWordedAsRequest:
 * "no, lina@park.dev" is an answer.
 */
export function turnsAway(message: string, language = 'en'): boolean {
	return ENGLISH_TURNING_AWAY.test(message) || requestWording(language).turningAway.test(fold(message));
}

/** A word list as alternatives: "don't" also with a typographic apostrophe, spaces as any run of them. */
function alternatives(phrases: string[], stretch = false): string {
	const unique = [...new Set(phrases.map((phrase) => phrase.trim().toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
	const patterns = unique.map((phrase) => {
		const pattern = phrase
			.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
			.replace(/'/g, "['’]")
			.replace(/\s+/g, '\\s+');
		// "ummm", "hmmm", "nooo": a filler's last letter drawn out.
		return stretch && /\p{L}$/u.test(phrase) ? `${pattern}+` : pattern;
	});
	return `(?:${patterns.join('|')})`;
}

/** What separates the words around a cancel: spaces and commas, full stops and exclamations of any script ("いいえ、キャンセル", "لا، إلغاء"). */
const BETWEEN = String.raw`[\s,.!\u3001\u3002\uFF0C\uFF01\u060C]`;

/**
 * The Turkish capital İ lower-cases to i and a combining dot, which no word list has: a phone
 * capitalises the first letter ("İptal").
 */
const withPlainI = (message: string) => message.replace(/\u0130/g, 'i');

interface CancelWording {
	whole: RegExp;
	then: RegExp;
}
const cancelWordings = new Map<object, CancelWording>();

/**
 * A cancel in English or in the turn's language, as a visitor switching languages says it.
 * Not in every language at once: a word that calls things off in one is an answer in another
 * (the Finnish "peru" is Peru).
 */
function cancelWording(language: string): CancelWording {
	const own = textsFor(language).cancel;
	const words = [...new Set([textsFor('en').cancel, own])];
	let wording = cancelWordings.get(own);
	if (!wording) {
		const phrase = alternatives(words.flatMap((list) => list.phrases));
		// Words around a cancel that change nothing: "no worries, forget it, thanks anyway", "nein, vergiss es".
		const lead = String.raw`(?:${alternatives(words.flatMap((list) => list.before), true)}${BETWEEN}+)*`;
		const trail = String.raw`(?:${BETWEEN}+${alternatives(words.flatMap((list) => list.after))})*`;
		wording = {
			whole: new RegExp(String.raw`^${lead}${phrase}${trail}[\s.!。！]*$`, 'iu'),
			then: new RegExp(String.raw`^${lead}${phrase}\s*[,.!;:\u2013\u2014\u3001\u3002\uFF0C\u060C-]+\s*\S`, 'iu'),
		};
		cancelWordings.set(own, wording);
	}
	return wording;
}

/** The whole message is a cancel, with only fillers before ("no, never mind") or after ("stop please"). */
export const isCancel = (message: string, language = 'en') => cancelWording(language).whole.test(withPlainI(message));

/** A cancel, then a clause after a comma or a dash: its reason ("never mind, it just arrived") or something else. */
export const isCancelThen = (message: string, language = 'en') => cancelWording(language).then.test(withPlainI(message));

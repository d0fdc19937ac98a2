/**
 * How a visitor's words are read around a question: worded as a request, turning away from the
 * question, or calling the collection off. English wording; what it cannot tell is left to the
 * intent model and the field's own extractor.
 */

/** Wording of a request rather than of an answer: a question, "can you…", "I want…", "actually", "first". */
export const REQUEST_CUE =
	/\?|^\s*(?:where|what|how|when|why|who|which|is|are|do|does|did)\b|\b(?:can|could|would|will) (?:you|i)\b|\b(?:i (?:want|need|would like)|i'd like|instead|actually|first|hold on|wait|what about)\b/i;

/** Wording that turns away from the question asked: "actually…", "…instead", "hold on", "no, …". */
export const TURNING_AWAY = /\b(?:instead|actually|first|hold on|wait|rather|what about)\b|^\s*(?:no|nope|nah)\b/i;

const CANCEL_PHRASE = String.raw`(?:cancel(?: (?:it|that|this))?|stop|never ?mind|nevermind|nvm|forget (?:it|that|about it)|no thanks|abort|quit|i(?: have|'ve)? changed my mind|don'?t bother)`;
/** Words around a cancel that change nothing: "no worries, forget it, thanks anyway". */
const CANCEL_LEAD = String.raw`(?:(?:no worries|no|oh|ah|ok|okay|actually|um+|well|hmm+|sorry|oops)[\s,.!]+)*`;
const CANCEL_TRAIL = String.raw`(?:[\s,.!]+(?:please|thanks|thank you|then|anyway|sorry|after all|for now))*`;

/** The whole message is a cancel, with only fillers before ("no, never mind") or after ("stop please"). */
export const CANCEL = new RegExp(String.raw`^${CANCEL_LEAD}${CANCEL_PHRASE}${CANCEL_TRAIL}[\s.!]*$`, 'i');

/** A cancel, then a clause after a comma or a dash: its reason ("never mind, it just arrived") or something else. */
export const CANCEL_THEN = new RegExp(String.raw`^${CANCEL_LEAD}${CANCEL_PHRASE}\s*[,.!;:\u2013\u2014-]+\s*\S`, 'i');

/**
 * A person's name: which text fields hold one (by the field's name), what a name looks like in
 * any script, and where one is in a visitor's words, so that "do you ship to Canada?" or "I'm
 * not ready yet" is never taken as the name asked for. English wording around the name.
 */
import { readAside } from './asides';
import { splitIdentifier } from './intent/normalize';

/** The part of a person's name a field holds. */
export type NamePart = 'full' | 'first' | 'last';

/** A field name's last word that says it holds a person's name, and which part. */
const NAME_HEADS: Record<string, NamePart> = {
	name: 'full',
	fullname: 'full',
	firstname: 'first',
	forename: 'first',
	givenname: 'first',
	lastname: 'last',
	surname: 'last',
	familyname: 'last',
};
const FIRST_QUALIFIERS = ['first', 'given', 'fore'];
const LAST_QUALIFIERS = ['last', 'family', 'sur'];
/**
 * Words before "name" that keep it a person's ("contact_name", "customer_full_name"). Any other
 * word makes it another kind of name: company_name, product_name, store_name, file_name.
 */
const PERSON_QUALIFIERS = [
	...['full', 'your', 'my', 'contact', 'person', 'customer', 'client', 'visitor', 'lead', 'guest', 'patient', 'member', 'applicant'],
	...['caller', 'sender', 'recipient', 'buyer', 'attendee', 'participant', 'student', 'parent', 'employee', 'owner', 'legal', 'real'],
	...['preferred', ...FIRST_QUALIFIERS, ...LAST_QUALIFIERS],
];

/**
 * English words that are never part of a name, so a message made with one is not a name:
 * pronouns, auxiliaries and common verbs, prepositions, conjunctions, determiners, adverbs,
 * answers, greetings and fillers, and what follows "I'm" or "this is" when it describes rather
 * than introduces ("I'm locked out", "this is great"). Words that are also common names or
 * surnames are left out: will, may, mark, bill, hope, grace, do (Đỗ), he (何), an, oh, so.
 */
const NOT_NAME_WORDS = new Set(
	[
		...['i', 'me', 'my', 'mine', 'myself', 'you', 'your', 'yours', 'we', 'us', 'our', 'it', 'its', 'they', 'them', 'their'],
		...['him', 'his', 'her', 'this', 'that', 'these', 'those', 'what', 'where', 'when', 'why', 'how', 'who', 'whom', 'whose', 'which'],
		...['someone', 'somebody', 'anyone', 'anybody', 'everyone', 'everybody', 'nobody', 'nothing', 'something', 'anything', 'everything'],
		...["i'm", 'im', "i'll", "i'd", "i've", "you're", "it's", "that's", "what's", "there's", "let's", "don't", 'dont', "doesn't"],
		...["didn't", "can't", 'cant', "won't", "isn't", "aren't", "wasn't"],
		...['am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'does', 'did', 'have', 'has', 'had', 'can', 'could', 'would', 'should'],
		...['shall', 'might', 'must', 'need', 'want', 'know', 'think', 'like', 'get', 'got', 'go', 'going', 'come', 'help', 'check', 'see'],
		...['tell', 'ask', 'try', 'let', 'make', 'give', 'take', 'wait', 'mind', 'forget', 'cancel', 'stop', 'buy', 'pay', 'send', 'ship'],
		...['sign', 'join', 'subscribe', 'unsubscribe', 'order', 'hold', 'looking', 'trying', 'having', 'getting', 'wondering', 'locked'],
		...['stuck', 'done', 'called', 'to', 'for', 'from', 'of', 'in', 'on', 'at', 'with', 'without', 'about', 'into', 'out', 'up', 'off'],
		...['over', 'as', 'than', 'then', 'and', 'or', 'but', 'if', 'because', 'not', 'no', 'nor', 'the', 'a', 'some', 'any', 'every'],
		...['all', 'each', 'both', 'either', 'neither', 'another', 'other', 'such', 'yet', 'now', 'later', 'just', 'also', 'too', 'very'],
		...['really', 'maybe', 'perhaps', 'please', 'here', 'there', 'again', 'still', 'already', 'actually', 'anymore', 'only', 'even'],
		...['soon', 'today', 'tomorrow', 'never', 'always', 'yes', 'yeah', 'yep', 'yup', 'nope', 'nah', 'ok', 'okay', 'sure', 'hi', 'hello'],
		...['hey', 'thanks', 'thank', 'thx', 'bye', 'sorry', 'hmm', 'hm', 'um', 'umm', 'uh', 'er', 'idk', 'dunno', 'lol', 'well', 'ready'],
		...['interested', 'fine', 'good', 'great', 'glad', 'happy', 'new', 'back', 'unable', 'available', 'busy', 'confused', 'right'],
		...['wrong', 'correct', 'perfect', 'urgent', 'important', 'based', 'located', 'calling', 'writing', 'contacting', 'reaching'],
		...['question', 'idea', 'name', 'email', 'phone', 'number'],
	],
);
/** Lowercase words inside a name between capitalised ones: "Ana de la Cruz", "Ludwig van Beethoven". */
const PARTICLES = new Set(['de', 'da', 'di', 'do', 'dos', 'das', 'du', 'del', 'della', 'der', 'den', 'la', 'le', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'ter', 'ten', 'y']);

/** Letters of any script with their marks; apostrophes, hyphens, dots (initials) and the katakana middle dot inside. */
const NAME_WORD = /^[\p{L}\p{M}]+(?:['’\-.·・][\p{L}\p{M}]+)*\.?$/u;
/** "J." or "J.R.": an initial may be a word of its own. */
const INITIAL = /^(?:\p{L}\.)+$/u;
const MAX_NAME_WORDS = 5;
/** A name without capitals (a caseless script, or typed in lowercase) is taken from a sentence only this short. */
const MAX_UNCASED_NAME_WORDS = 3;
const MAX_NAME_LENGTH = 100;

/** What a message may open with before the name: "hi,", "sure!", "no, …" (a correction). */
const OPENING =
	/^(?:(?:hi|hello|hey|hiya|ok|okay|sure|of course|yes|yeah|yep|no|nope|well|oh|um+|uh+|hm+|good (?:morning|afternoon|evening))(?:\s+there)?(?![\p{L}\p{M}'’])[\s,.!:;-]*)+/iu;
/** The words that introduce a name in an answer: "it's Ana", "call me Sam", "my name is Ana". */
const INTRODUCTION =
	/^(?:you can call me|call me|i go by|i'm called|i’m called|i am called|(?:my|the) name(?:'s|’s|\s+is|\s*:)|name(?:'s|’s|\s*:)|i'm|i’m|im|i am|it's|it’s|its|it is|this is)\s+/iu;
/** The words that introduce a name within a sentence ("Hi, I'm Sam Lee (…)"); "it's" is left out: "it's Monday". */
const CUE = /(?<![\p{L}\p{M}'’])(?:my name is|my name's|my name’s|name is|name's|name’s|name:|i'm|i’m|i am|im|this is|call me)(?=\s)/giu;
/** Words a lowercase name may stop at in an answer: "im sam and i run a blog". */
const CONNECTORS = new Set(['and', 'from', 'here', 'but', 'with']);
/** Emoji and their joiners, modifiers and variation selectors, and smileys: "Ana 😊" and "Ana :)" are Ana. */
const EMOJI = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D}|(?<!\S)[:;=][-^']?[()[\]DPpOo3|/\\*]+(?!\S)/gu;
/** Titles written before a name, kept with it: "Dr. Ana Lima". */
const TITLES = new Set(['mr', 'mrs', 'ms', 'mx', 'miss', 'dr', 'prof', 'sr', 'sra', 'srta']);

const isInitial = (word: string) => INITIAL.test(word);
const isNotNameWord = (word: string) => NOT_NAME_WORDS.has(word.toLowerCase().replace(/’/g, "'").replace(/\.$/, ''));
const isCapitalised = (word: string) => /^[\p{Lu}\p{Lt}]/u.test(word);
const hasCase = (word: string) => /[\p{Lu}\p{Ll}\p{Lt}]/u.test(word);

/** The part of a person's name the field holds, by its name; undefined for any other field. */
export function personNamePart(fieldName: string): NamePart | undefined {
	const words = splitIdentifier(fieldName)
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	const part = NAME_HEADS[words.at(-1) ?? ''];
	const qualifiers = words.slice(0, -1);
	if (!part || !qualifiers.every((word) => PERSON_QUALIFIERS.includes(word))) return undefined;
	if (part !== 'full') return part;
	if (qualifiers.some((word) => FIRST_QUALIFIERS.includes(word))) return 'first';
	if (qualifiers.some((word) => LAST_QUALIFIERS.includes(word))) return 'last';
	return 'full';
}

/**
 * One to five words of letters (any script), with apostrophes, hyphens and initials; no digits,
 * "@" or "?", and none of the English words that never make a name.
 */
export function looksLikeName(text: string): boolean {
	const trimmed = text.trim();
	if (!trimmed || trimmed.length > MAX_NAME_LENGTH || /[\p{N}@?？]/u.test(trimmed)) return false;
	// One comma may part a surname from the rest: "Bond, James".
	const words = trimmed.replace(/,(?=\s)/, '').split(/\s+/);
	if (words.length > MAX_NAME_WORDS) return false;
	// A single cased letter ("j") is an initial at most; a single caseless one may be a name.
	const aName = (word: string) => !isInitial(word) && ([...word].length > 1 || !hasCase(word));
	return words.every((word) => NAME_WORD.test(word) && (isInitial(word) || !isNotNameWord(word))) && words.some(aName);
}

/** The part of a full name a field holds: the first word, or all after it. */
export function partOfName(name: string, part: NamePart): string | undefined {
	if (part === 'full') return name;
	const [first, ...rest] = name.split(' ');
	if (part === 'first') return first;
	return rest.length > 0 ? rest.join(' ') : undefined;
}

interface Capture {
	words: string[];
	/** Whether any word lacks a capital to mark it as a name (a caseless script, or lowercase). */
	uncased: boolean;
	/** What ended the name: the message, punctuation ("Sam Lee,", "Sam Lee (…"), or a word. */
	end: 'message' | 'punctuation' | 'word';
	/** The word that ended it, lowercased. */
	stopWord?: string;
	/** Whether the name's clause ends there: punctuation other than "?" (or a bracket) after the name or its stop word, or the message's end. */
	stopClosed?: boolean;
}

/**
 * The name words at the start of `text`. Within a sentence (`lenient` false) only capitalised
 * words count where the message has case at all, joined by particles ("de la"); an answer to
 * the name question takes lowercase ones too.
 */
function captureName(text: string, lenient: boolean, caseKnown: boolean): Capture {
	const tokens = text.trim().split(/\s+/).filter(Boolean);
	const words: string[] = [];
	let uncased = false;
	const result = (end: Capture['end'], extra: Partial<Capture> = {}): Capture => {
		while (words.length > 0 && PARTICLES.has(words.at(-1)!)) words.pop();
		return { words, uncased, end, ...extra };
	};
	for (let index = 0; index < tokens.length; index++) {
		const token = tokens[index];
		if (/^[([{"“«<'‘]/u.test(token)) return result('punctuation', { stopClosed: true });
		const match = /^(.*?)([.,;:!?)\]}"”»…]*)$/u.exec(token)!;
		let [core, trail] = [match[1], match[2]];
		const abbreviated = /^(?:\p{L}\.)*\p{L}$/u.test(core) || TITLES.has(core.toLowerCase());
		if (abbreviated && trail.startsWith('.')) [core, trail] = [`${core}.`, trail.slice(1)];
		const nameWord = NAME_WORD.test(core) && (isInitial(core) || !isNotNameWord(core));
		const capitalised = nameWord && hasCase(core) && isCapitalised(core);
		const caseless = nameWord && !hasCase(core);
		const particle = words.length > 0 && PARTICLES.has(core) && isCapitalised(tokens.slice(index + 1).find((next) => !PARTICLES.has(next)) ?? '');
		if (!(caseless || (capitalised && (caseKnown || lenient)) || (nameWord && lenient) || particle)) {
			return result('word', { stopWord: core.toLowerCase(), stopClosed: trail.length > 0 || index === tokens.length - 1 });
		}
		if (caseless || !caseKnown || !(capitalised || particle)) uncased = true;
		words.push(core);
		if (trail) return result('punctuation', { stopClosed: !trail.includes('?') });
	}
	return result('message');
}

/** A captured name if it may be taken: an uncased one only when short and ending its clause. */
function acceptCapture(capture: Capture, lenient: boolean): string | undefined {
	const { words, uncased, end, stopWord, stopClosed } = capture;
	if (words.length === 0) return undefined;
	if (uncased) {
		const closed = end === 'message' || (end === 'punctuation' && stopClosed) || (lenient && end === 'word' && CONNECTORS.has(stopWord!));
		if (!closed || words.length > MAX_UNCASED_NAME_WORDS) return undefined;
	}
	const name = words.join(' ');
	return looksLikeName(name) ? name : undefined;
}

/**
 * A name introduced in `text`: after "my name is", "I'm", "this is" or "call me", or before "here"
 * ("Sam Lee here, …"). In an answer (`lenient`) that is no question, also the name it opens
 * with: "sam lee, sam@lee.io", "Sam from Acme".
 */
function introducedName(text: string, lenient: boolean): string | undefined {
	const caseKnown = /\p{Ll}/u.test(text);
	for (const cue of text.matchAll(CUE)) {
		const name = acceptCapture(captureName(text.slice(cue.index! + cue[0].length), lenient, caseKnown), lenient);
		if (name !== undefined) return name;
	}
	const before = captureName(text.replace(OPENING, ''), lenient, caseKnown);
	if (before.end === 'word' && before.stopWord === 'here' && before.stopClosed) return acceptCapture({ ...before, end: 'message' }, lenient);
	const clauseEnds = before.end === 'punctuation' || (before.end === 'word' && CONNECTORS.has(before.stopWord!));
	if (lenient && clauseEnds && readAside(text) !== 'question') return acceptCapture(before, lenient);
	return undefined;
}

/**
 * A person's name a visitor introduces in a sentence: "Hi, I'm Sam Lee (sam@lee.io), …" → "Sam
 * Lee", "this is Sam from Acme" → "Sam", "Sam Lee here, …". Capitalised words in scripts with
 * case (never a bare capitalised word: "Wise please"); in a caseless script up to three words
 * ending the clause ("my name is 李小龙."). A message in capitals only shows no names.
 */
export function nameInSentence(text: string): string | undefined {
	return introducedName(text.replace(EMOJI, ' '), false);
}

/** Quotes, emoji and the sentence's punctuation around an answer. */
function cleaned(text: string): string {
	return text
		.replace(EMOJI, ' ')
		.replace(/^[\s"'“”‘’«»]+|[\s"'“”‘’«».,!;:]+$/gu, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * The name in an answer to the name question: the whole answer, once a greeting ("hi,", "sure!")
 * and an introduction ("it's", "I'm", "call me") are taken off, else a name introduced within it
 * ("I'm Sam, nice to meet you"). A hesitant "?" after it is not part of it ("Ana?"), but a
 * question is never a name.
 */
export function nameInAnswer(answer: string): string | undefined {
	const text = readAside(answer) === 'question' ? answer.trim() : answer.trim().replace(/[?？]+$/u, '');
	const whole = cleaned(cleaned(text).replace(OPENING, '').replace(INTRODUCTION, ''));
	if (looksLikeName(whole)) return whole;
	return introducedName(text.replace(EMOJI, ' '), true);
}

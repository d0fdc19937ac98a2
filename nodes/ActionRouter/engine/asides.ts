/**
 * What a visitor says around a question instead of answering it: a question of their own ("do you
 * ship to Canada?"), a moment's hesitation ("hmm, let me check") or a change of mind ("actually,
 * never mind, I'm not ready yet"). Only whole messages are read this way: a message that also
 * carries something else ("hmm, Ana", "not sure, maybe 5k") is an answer. English wording is kept
 * in the patterns below; each other language's in the `asides` lists of its file, read beside
 * English (visitors mix languages).
 */
import { textsFor } from '../../shared/languages';
import { fold, phrasesPattern } from './phrases';
import { isCancel } from './wording';

export type Aside = 'question' | 'hesitation' | 'change_of_mind';

/** Words a question opens with: "what…", "how much…". */
const QUESTION_WORDS = ['what', 'where', 'when', 'why', 'how', 'who', 'whom', 'whose', 'which'];
/**
 * What follows a question word in a question: an auxiliary ("what is…", "how do…") or a word that
 * makes it one ("how much", "what about"). "When I log in it crashes" is an answer.
 */
const AFTER_QUESTION_WORD = [
	...['is', 'are', 'was', 'were', 'am', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'must'],
	...['has', 'have', 'had', 'about', 'if', 'else', 'much', 'many', 'long', 'far', 'often', 'soon', 'come', 'kind', 'sort', 'type', 'exactly'],
];
/** An auxiliary and a pronoun open a question: "do you…", "is it…", "is there…". "Will Smith" does not. */
const QUESTION_AUXILIARIES = ['do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'is', 'are', 'was', 'were', 'have', 'has', 'may', 'am'];
const QUESTION_SUBJECTS = ['you', 'u', 'i', 'we', 'it', 'that', 'this', 'there', 'they', 'he', 'she', 'anyone', 'someone', "y'all"];

/** Words before what a message says, which change nothing about it: "hi, …", "wait, …", "so…". */
const OPENERS = [
	...['hi', 'hello', 'hey', 'ok', 'okay', 'so', 'well', 'oh', 'ah', 'um+', 'uh+', 'hm+', 'sorry', 'actually', 'wait', 'also'],
	...['and', 'but', 'btw', 'by the way', 'quick question', 'one question', 'no', 'nah', 'yes', 'yeah'],
];
/** Clauses that say nothing by themselves: a message of only these is no aside ("ok", "no"). */
const FILLERS = [...OPENERS, 'please', 'thanks', 'thank you', 'thx', 'lol', 'haha', 'oops', 'then', 'anyway', 'for now'];

const HESITATIONS = [
	...['hm+', 'um+', 'uh+', 'er+m?', 'let me (?:think|check|see|look)', 'one (?:sec(?:ond)?|moment|minute)', '(?:just )?a (?:sec(?:ond)?|moment|minute)'],
	...['hold on', 'hang on', 'wait(?: a (?:sec(?:ond)?|moment|minute))?', "(?:i'm |i am |im )?not (?:sure|certain)", "i (?:don'?t|do not) know"],
	...['dunno', 'idk', 'no idea', 'good question', 'give me (?:a )?(?:sec(?:ond)?|moment|minute|min)', "i(?:'ll| will| need to| have to) check"],
	...["i (?:don'?t|do not|can'?t|cannot) remember", 'i forg[eo]t'],
	// Going to fetch the value: "let me check which email I used", "lemme dig up the receipt".
	...["(?:let me|lemme|i(?:'ll| will| need to| have to)|gotta) (?:check|find|look(?: up| for)?|dig(?: up| out)?|grab|get|search(?: for)?|pull up|see)(?: .*)?"],
	...['hang on', 'bear with me', 'just a sec', 'brb'],
];

const CHANGES_OF_MIND = [
	...['never ?mind', 'nvm', "(?:i'm |i am |im )?not ready(?: yet)?", 'maybe (?:later|another time|some other time|next time)', 'not (?:right )?now'],
	...["(?:i(?: have|'ve)? )?changed my mind", 'forget (?:it|that|about it)', "i(?:'ll| will) (?:do (?:it|this|that) later|come back(?: later)?|think about it)"],
	...["i (?:don'?t|do not) want (?:to|it|this|that)(?: anymore| any more| now)?", "(?:i'm |i am |im )?not interested(?: anymore| any more)?"],
	...["let me think about it(?: and (?:come|get) back(?: to you)?(?: later)?)?", "i(?:'ll| will) (?:get|come) back(?: to you)?(?: later)?"],
	...['another time', 'some other time', 'later', 'just (?:looking|browsing)', 'maybe next (?:week|month|year|time)', 'next (?:week|month|year|time) maybe'],
];

const alternatives = (list: string[]) => `(?:${list.join('|')})`;
/** A clause that is one of `list`, with fillers before ("oh, …") or after ("…, thanks") it. */
const clauseOf = (list: string[]) =>
	new RegExp(`^(?:${alternatives(FILLERS)}\\s+)*${alternatives(list)}(?:\\s+${alternatives(FILLERS)})*$`);

const FILLER_CLAUSE = new RegExp(`^${alternatives(FILLERS)}(?:\\s+${alternatives(FILLERS)})*$`);
const HESITATION_CLAUSE = clauseOf(HESITATIONS);
/** Changing one's mind, in English. */
const CHANGE_OF_MIND_WORDING = clauseOf(CHANGES_OF_MIND);

const LEADING_OPENERS = new RegExp(`^(?:${alternatives(OPENERS)}\\b[\\s,.!:;-]*)+`);
const AUXILIARY_AND_SUBJECT = `${alternatives(QUESTION_AUXILIARIES)}\\s+${alternatives(QUESTION_SUBJECTS)}\\b`;
/**
 * A question word alone ("what?"), with a contraction ("what's…"), before an auxiliary ("how
 * do…") or a few words before an auxiliary and its subject ("which countries do you…"); or an
 * auxiliary and its subject ("do you…").
 */
const QUESTION_START = new RegExp(
	`^(?:${alternatives(QUESTION_WORDS)}(?:'s|'re|'d|'ll|(?=[\\s?!.,]*$)|\\s+${alternatives(AFTER_QUESTION_WORD)}\\b|(?:\\s+\\S+){1,3}\\s+${AUXILIARY_AND_SUBJECT})` +
		`|${AUXILIARY_AND_SUBJECT})`,
);
/**
 * Words that introduce a value and are not counted as the question's own: "my email is
 * sam@lee.io?", "I think it's 12345?", "maybe Ana?" hold one word each.
 */
const VALUE_LEAD_IN =
	/^(?:(?:i think|i guess|i believe|maybe|probably|perhaps|like|about|around|roughly)\s+)?(?:(?:it's|it is|its|that's|that is|i'm|i am|this is|my\s+\S+(?:\s+\S+)?\s+is)\s+)?/;
/** A "?" message of fewer words is a value said hesitantly ("Ana?", "12345?", "São Paulo?"). */
const QUESTION_MIN_WORDS = 3;

/** What ends a clause besides a full stop: Latin, Chinese and Japanese, and Arabic punctuation. */
const CLAUSE_PUNCTUATION = ',;:!?…、。，！？：；،؛؟';
/** Clauses of a message: what lies between commas, full stops (not a domain's), "!" or "?". */
const CLAUSE_BREAK = new RegExp(`\\s*(?:[${CLAUSE_PUNCTUATION}]+|\\.+(?=\\s|$))\\s*`);

/** Said of a question to come: "I have a question", "can I ask something?". */
const ANNOUNCED_QUESTION = /^(?:i (?:have|got) a (?:quick )?question|(?:a )?quick question|can i ask (?:you )?(?:something|a question))\b/;
/** Short questions of their own, with their "?": "huh?", "pardon?", "say again?". */
const SHORT_QUESTION = /^(?:huh|eh|pardon|sorry|really|seriously|excuse me|come again|say (?:that )?again|meaning|such as|like what|why not)\s*[?？]+$/;
/** Hesitations and fillers before what a message says: "idk, like 5k?" says "like 5k?". */
const LEADING_ASIDES = new RegExp(`^(?:${alternatives([...FILLERS, ...HESITATIONS])}\\s*[,;:.!…-]+\\s*)+`);

type Test = { test(clause: string): boolean };

/** A language's own asides: its lists as clause patterns, matched on the folded clause. */
interface OwnAsides {
	filler: Test;
	hesitation: Test;
	changeOfMind: Test;
	/** Fillers and hesitations before a question: "also, wo…", "moment, wo…". */
	lead: RegExp;
	questionStart: RegExp;
}

/** English fillers as whole words, for patterns over another language's text. */
const ENGLISH_FILLER = String.raw`(?<![\p{L}\p{N}])${alternatives(FILLERS)}(?![\p{L}\p{N}])`;
const NEVER = /(?!)/;
/** Per language's texts (textsFor keeps one object per language; "de-AT" reads German's). */
const ownAsides = new WeakMap<object, OwnAsides>();

/**
 * The lists of a language's file as patterns. Words are joined by any spaces or none: Chinese
 * and Japanese write a filler onto the phrase ("待ってください"), and phrasesPattern keeps the word
 * boundaries of other scripts. English has none (its wording is the patterns above).
 */
function ownAsidesOf(language: string): OwnAsides {
	const texts = textsFor(language);
	let own = ownAsides.get(texts);
	if (!own) {
		const { asides, smallTalk } = texts;
		const filler = `(?:${phrasesPattern(smallTalk.filler)}|${ENGLISH_FILLER})`;
		const clause = (phrases: string[]) => (phrases.length === 0 ? NEVER : new RegExp(`^(?:${filler}\\s*)*${phrasesPattern(phrases)}(?:\\s*${filler})*$`, 'u'));
		const foldedTest = (pattern: RegExp): Test => ({ test: (text) => pattern.test(fold(text)) });
		own = {
			filler: foldedTest(smallTalk.filler.length === 0 ? NEVER : new RegExp(`^${filler}(?:\\s*${filler})*$`, 'u')),
			hesitation: foldedTest(clause(asides.hesitation)),
			changeOfMind: foldedTest(clause(asides.changeOfMind)),
			lead: new RegExp(`^(?:(?:${filler}|${phrasesPattern(asides.hesitation)})\\s*[${CLAUSE_PUNCTUATION}.-]+\\s*)+`, 'u'),
			questionStart: asides.questionStart.length === 0 ? NEVER : new RegExp(`^(?:${filler}\\s+)*[¿¡"'«„“]?${phrasesPattern(asides.questionStart)}`, 'u'),
		};
		ownAsides.set(texts, own);
	}
	return own;
}

/** Opens with one of the language's question words and has the words of a question: "wo finde ich meine Kundennummer". */
function opensOwnQuestion(body: string, own: OwnAsides): boolean {
	const text = fold(body);
	// Counted in the opening clause: "wie gesagt, Lisa" opens with "wie" and is an answer.
	const opening = (candidate: string) => candidate.split(CLAUSE_BREAK)[0].split(/\s+/).filter(Boolean).length;
	return [text, text.replace(own.lead, '')].some((candidate) => own.questionStart.test(candidate) && opening(candidate) >= QUESTION_MIN_WORDS);
}

/**
 * Chinese and Japanese questions, whose words are not counted by spaces: a question particle at
 * the end ("发货到上海吗", "送れますか"), or a question word before a "？" ("客户号在哪里？"). A
 * name said hesitantly ("王小明？", "田中？") has neither.
 */
const CJK_QUESTION_END = /(?:吗|嗎|么|麼|呢|ですか|ますか|でしょうか)[?？]*$/u;
const CJK_QUESTION_WORD = /(?:哪|什么|什麼|怎么|怎麼|怎样|为什么|為什麼|多少|谁|誰|どこ|どう|いつ|なぜ|だれ|いくら|どれ|どの|どんな).*[?？]/u;

function isQuestion(text: string, own: OwnAsides): boolean {
	if (/^[¿؟]/.test(text)) return true;
	const body = text.replace(LEADING_ASIDES, '').replace(LEADING_OPENERS, '');
	if (QUESTION_START.test(body) || ANNOUNCED_QUESTION.test(body) || SHORT_QUESTION.test(body) || opensOwnQuestion(body, own)) return true;
	if (CJK_QUESTION_END.test(body) || CJK_QUESTION_WORD.test(body)) return true;
	if (!/[?？؟]/.test(body)) return false;
	const words = body.replace(VALUE_LEAD_IN, '').split(/\s+/).filter(Boolean);
	return words.length >= QUESTION_MIN_WORDS;
}

/** Is this message said around the question instead of answering it, and how? A cancel is read in English and `language`. */
export function readAside(message: string, language = 'en'): Aside | undefined {
	const text = message.trim().toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');
	if (!text) return undefined;
	const clauses = text.split(CLAUSE_BREAK).filter(Boolean);
	const own = ownAsidesOf(language);
	const fillers = [FILLER_CLAUSE, own.filler];
	const hesitations = [HESITATION_CLAUSE, own.hesitation];
	/** Changing one's mind, or calling the collection off (wording.ts's cancel: "no thanks", "stop"). */
	const changeOfMind: Test = { test: (clause) => CHANGE_OF_MIND_WORDING.test(clause) || own.changeOfMind.test(clause) || isCancel(clause, language) };
	const only = (...patterns: Test[]) => clauses.length > 0 && clauses.every((clause) => patterns.some((pattern) => pattern.test(clause)));
	const some = (...patterns: Test[]) => clauses.some((clause) => patterns.some((pattern) => pattern.test(clause)));
	if (isCancel(text, language) || (only(...fillers, ...hesitations, changeOfMind) && some(changeOfMind))) return 'change_of_mind';
	if (isQuestion(text, own)) return 'question';
	if (only(...fillers, ...hesitations) && some(...hesitations)) return 'hesitation';
	return undefined;
}

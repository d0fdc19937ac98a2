/**
 * Small talk around the actions: a message that is only a greeting, thanks, a goodbye, a
 * request for help, a question whether this is a bot, or a request for a person. Read as a
 * whole message (after fillers and punctuation), so "hi, I need to reset my key" is a request
 * with a greeting in front, not a greeting. English wording below, and the turn's language's
 * phrases (the language files' smallTalk: "hallo", "转人工"); what neither recognises is left to
 * the intent model, whose background topics keep such messages out of the actions.
 */
import { textsFor } from '../../shared/languages';
import { byScript, fold, isShort, phrasesPattern, wordCount } from './phrases';

export type Topic = 'greeting' | 'thanks' | 'acknowledgement' | 'goodbye' | 'help' | 'bot' | 'person';

/** Each topic's phrases, as regular-expression sources matched against whole parts of the message. */
const PHRASES: Record<Topic, string[]> = {
	greeting: [
		'hi+', 'hello+', 'hey+(?: there)?', 'hiya', 'howdy', 'yo', 'greetings', 'good (?:morning|afternoon|evening|day)', 'morning', 'evening',
		'hi there', 'hello there', 'hello again', 'hey hey',
		'(?:is )?(?:any ?(?:one|body)|some ?(?:one|body)) (?:there|here|around|online|available)', 'are you (?:still )?there', 'you there',
		'how are you(?: doing)?(?: today)?', "how's it going", 'whats up', "what's up", 'sup', 'wass?up', 'heyo',
		"how(?:'s| is| are)? (?:it|you|ya|things|everything|life)(?: (?:going|doing|doin'?|been|hanging))?(?: today)?(?: my friend)?",
		"how(?:'ve| have) (?:you|ya) been", "how (?:ya|you) (?:doin'?g?|been)", 'are you (?:good|well|ok(?:ay)?)',
	],
	thanks: ['thanks?(?: (?:you|u))?(?: (?:so|very) much)?(?: a lot)?(?: for (?:your|the|all the) help)?', 'thx', 'ty', 'cheers', 'many thanks', 'much appreciated', 'appreciate it', '(?:i )?appreciate (?:it|that|your help)', 'thank you kindly'],
	acknowledgement: ['ok(?:ay)?', 'k', 'kk', 'alright', 'all right', 'cool', 'great', 'perfect', 'awesome', 'nice', 'got it', 'understood', 'i see', 'sounds good', 'fine', 'good', 'noted', 'sure', 'right'],
	goodbye: ['bye+(?: for now)?', 'bye bye', 'gtg', 'g2g', 'ttyl', '(?:i )?(?:got to|gotta|have to|need to|must) go(?: now)?', 'good ?bye', 'see (?:you|ya)(?: later| soon)?', 'take care', 'have a (?:good|nice|great) (?:day|one|evening|weekend)', "that'?s all(?: for now)?", "that'?s it(?: for now)?", 'gotta go', 'talk (?:to you )?(?:later|soon)', 'ciao', 'cya', 'good night'],
	help: [
		'/?help', '/?start', 'help me', 'i need help', 'can you help(?: me)?', 'menu', 'options', 'what can you do', 'what (?:else )?can you help (?:me )?with',
		'what do you do', 'what are you for', 'what can i (?:ask|do)(?: here)?', 'how does this (?:chat )?work', 'what are my options',
		'what (?:can|do) you (?:help|offer)(?: with)?', 'show me what you can do', 'what are you able to do', 'how can you help(?: me)?',
		'what (?:can|does) (?:this|the) (?:chat|bot|assistant|thing|widget) do', 'what (?:kind of |sort of )?(?:things|questions) can (?:i ask|you (?:do|answer|help with))',
	],
	bot: [
		'are you (?:a |an )?(?:bot|robot|ai|human|real|real person|person|machine|chat ?bot|chatgpt)', 'is this (?:a |an )?(?:bot|robot|ai|real person|human|person|automated(?: chat)?|chat ?bot)',
		'am i (?:talking|chatting|speaking) (?:to|with) (?:a |an )?(?:bot|robot|ai|human|real person|person|machine)(?: or (?:a |an )?(?:bot|robot|ai|human|real person|person|machine))?',
		'is (?:a |this a )?(?:human|real person) (?:reading|answering|responding)(?: this)?', 'who am i talking to', 'who are you', 'what are you',
	],
	person: [
		'(?:i )?(?:want|need|would like|wanna|d like)(?: to)? (?:talk|speak|chat)(?: to| with)? (?:a |an |the |some ?one |real )*(?:person|human|agent|representative|rep|operator|someone|somebody|team ?mate|staff|support|people|manager)(?: please)?',
		'(?:can|could|may) i (?:talk|speak|chat)(?: to| with)? (?:a |an |the |some ?one |real )*(?:person|human|agent|representative|rep|operator|someone|somebody|team ?mate|staff|manager)',
		'(?:get|give|connect|transfer|put) me (?:to |through to |with )?(?:a |an |the |real )*(?:person|human|agent|representative|rep|operator|someone|somebody|staff|manager)',
		'(?:a |an |real )*(?:human|person|agent|representative|operator)(?: please)?', 'live (?:agent|chat|person|support)', 'talk to (?:a )?(?:human|person|someone)',
		'(?:i )?(?:want|need) (?:a |an |real )*(?:human|person|agent)',
	],
};

/** Words around small talk that change nothing ("oh", "please"). */
const FILLER = String.raw`(?:oh|ah|um+|uh+|well|so|and|ok(?:ay)?|yes|yeah|please|pls|then|again|guys|there|bot|mate|buddy|friend|a lot|very much|wait|hey|honestly|ugh|lol|haha|just|hm+|:\)|:-\)|!)`;

const topicPatterns = (Object.keys(PHRASES) as Topic[]).map((topic) => ({
	topic,
	pattern: new RegExp(String.raw`^(?:${PHRASES[topic].join('|')})$`, 'i'),
}));
const filler = new RegExp(String.raw`^${FILLER}$`, 'i');

/** The parts of a message: split at punctuation of any script, emojis and "and", lower-case, trimmed. */
function partsOf(message: string): string[] {
	return message
		.toLowerCase()
		.replace(/[’‘]/g, "'")
		.split(/[,.!?;:()\n、。，！？；：（）؟،¡¿…～〜]+|\s[-–—]\s|\s+and\s+|(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D)+/u)
		.map((part) => part.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
}

/** Texting shorthand in English: "r u a bot?", "what can u do". */
const shorthand = (part: string) => part.replace(/\bu\b/g, 'you').replace(/\br\b/g, 'are').replace(/\bur\b/g, 'your');

/** The topic a part is, with filler words in front or behind allowed ("oh hi", "lol ok thanks", "thanks bot"). */
function topicOfPart(written: string): Topic | 'filler' | undefined {
	const part = shorthand(written);
	const whole = topicPatterns.find(({ pattern }) => pattern.test(part));
	if (whole) return whole.topic;
	const words = part.split(' ');
	if (words.every((word) => filler.test(word))) return 'filler';
	let start = 0;
	let end = words.length;
	while (start < end - 1 && filler.test(words[start])) start++;
	while (end - 1 > start && filler.test(words[end - 1])) end--;
	for (let from = 0; from <= start; from++) {
		for (let to = words.length; to >= end; to--) {
			const candidate = words.slice(from, to).join(' ');
			const found = topicPatterns.find(({ pattern }) => pattern.test(candidate));
			if (found) return found.topic;
		}
	}
	return undefined;
}

/** Which topic wins when a message has several: what asks something of the bot, then the last thing said. */
const PRECEDENCE: Topic[] = ['person', 'help', 'bot', 'goodbye', 'thanks', 'greeting', 'acknowledgement'];

/** At most this many parts: a longer message says more than small talk. */
const MAX_PARTS = 4;

/**
 * The message's topic, when all of it is small talk ("hello!", "ok thanks, bye", "is this a
 * bot?", "I want to talk to a person"); undefined when any part of it is something else. Read
 * in English and in `language` (ISO 639-1), not in every language at once: a word of small
 * talk in one language is a request or an answer in another.
 */
export function topicOf(message: string, language = 'en'): Topic | undefined {
	if (asksForPerson(message)) return 'person';
	const talk = ownTalk(language);
	const parts = partsOf(message);
	if (parts.length === 0 || parts.length > MAX_PARTS) return talk && asksForPersonIn(message, talk) ? 'person' : undefined;
	const found = new Set<Topic>();
	for (const part of parts) {
		// The turn's language first: "ciao" greets an Italian visitor and says goodbye in English.
		const own = talk && ownTopicOfPart(part, talk);
		const topic = own && own !== 'filler' ? own : (topicOfPart(part) ?? own);
		if (!topic) return talk && asksForPersonIn(message, talk) ? 'person' : wordedTopic(message);
		if (topic !== 'filler') found.add(topic);
	}
	return PRECEDENCE.find((topic) => found.has(topic));
}

/** Talking to, or being put through to… */
const TALK = String.raw`(?:talk|speak|chat|connect(?: me)?|transfer(?: me)?|put me through|get me|give me|pass me|hand me over|reach|contact)`;
/** …a person. */
const PERSON = String.raw`(?:human(?: being)?|person|someone|somebody|some one|agent|representative|rep|operator|staff|team ?mate|member of (?:your |the )?(?:team|staff)|manager|real one|customer (?:service|support))`;
const ASKS_FOR_PERSON = new RegExp(String.raw`\b${TALK}\b(?:\s+\S+){0,4}?\s+(?:an? |the |some |real |actual |live )*${PERSON}\b`, 'i');
/** "…not a human", "…no need for a person". */
const NOT_A_PERSON = /\b(?:not|no|don'?t|never|without)\b(?:\s+\S+){0,3}\s+(?:human|person|agent|someone)/i;
/** A longer message says more than that it wants a person. */
const MAX_WORDS_FOR_PERSON = 14;

/**
 * A request for a person anywhere in a short message: "honestly I'd rather speak to someone
 * from your team", "ugh, can I just talk to a human?", "this is useless, get me a real person".
 */
function asksForPerson(message: string): boolean {
	const text = message.toLowerCase().replace(/[’‘]/g, "'");
	if (text.split(/\s+/).length > MAX_WORDS_FOR_PERSON || NOT_A_PERSON.test(text)) return false;
	return ASKS_FOR_PERSON.test(text);
}

/** More than small talk: a request, a question about something else, a value. */
const SOMETHING_ELSE = /[?@\d]|\b(?:but|can|could|would|please|need|want|where|when|how|why|order|account|my|check|help me with|reset|cancel|change)\b/;
/** A short message, so that its other words cannot carry a request of their own. */
const MAX_WORDS_FOR_SMALL_TALK = 12;

/**
 * Small talk said at more length than a phrase, the way people write it: "thanks for helping me
 * out today", "i enjoyed our talk", "are you an actual human", "what kind of questions can you
 * answer". Each needs the topic's own words and nothing that asks for something else.
 */
const WORDED: Array<{ topic: Topic; test: (text: string) => boolean }> = [
	{
		topic: 'bot',
		test: (text) =>
			/\b(?:are you|am i (?:talking|speaking|chatting) (?:to|with)|is this|if you(?:'re| are| were)|you are|call you|classified as|consider yourself|what kind of (?:life form|being|thing))\b/.test(text) &&
			/\b(?:bot|robot|human(?: being)?|real(?: live)? person|actual (?:human|person)|live person|ai|artificial intelligence|machine|computer|automated|real|alive|life form)\b/.test(text),
	},
	{
		topic: 'help',
		test: (text) =>
			/\bwhat (?:all |else )?(?:(?:kinds?|types?|sorts?|categories) of )?(?:things?|questions?|info(?:rmation)?|subjects?|topics?|stuff)?\s*(?:can|could|may|am) i (?:ask|be asking)\b/.test(text) ||
			/\bwhat (?:(?:kinds?|types?|sorts?|categories) of )?(?:things?|questions?|info(?:rmation)?|subjects?|topics?) (?:can|could|do) you (?:answer|help|do|know|tell)\b/.test(text) ||
			/\bwhat (?:are you|can you|is this chat) (?:capable of|able to|good at|for)\b/.test(text) ||
			/\bwhat (?:can|could|may) i ask\b/.test(text),
	},
	{
		topic: 'thanks',
		test: (text) =>
			/^(?:(?:ok(?:ay)?|great|perfect|awesome|cool|nice|wow)[\s,!.]+)?(?:thanks|thank you|thx|ty|many thanks|much appreciated|special thanks|i(?:'m| am) (?:thankful|grateful)|i (?:really )?appreciate|appreciated|you(?:'ve| have) been (?:a )?(?:big |great |real )?help|you have my (?:sincere )?gratitude|i owe you)\b/.test(text),
	},
	{
		topic: 'goodbye',
		test: (text) =>
			(/\b(?:talk|chat|conversation|speaking|talking|chatting)\b/.test(text) && /\b(?:nice|lovely|pleasure|enjoyed|fun|good|great)\b/.test(text) && !/\bhow\b/.test(text)) ||
			/\b(?:farewell|until next time|see you (?:around|soon|later)|catch you later|peace out|take care|good ?night|have a (?:good|nice|great) (?:day|night|evening|weekend|one))\b/.test(text),
	},
];

/** The topic of small talk said at more length than a phrase (WORDED), in a short message asking nothing else. */
function wordedTopic(message: string): Topic | undefined {
	const text = message.toLowerCase().replace(/[’‘]/g, "'").replace(/\bu\b/g, 'you').replace(/\br\b/g, 'are').trim();
	if (text.split(/\s+/).length > MAX_WORDS_FOR_SMALL_TALK) return undefined;
	const bot = WORDED[0].test(text);
	// "are you a bot?" keeps its question mark; any other "?" or request word says something else.
	if (!bot && SOMETHING_ELSE.test(text.replace(/\bcan (?:i|you)\b|\bcould (?:i|you)\b/g, ''))) return undefined;
	if (bot && /\d|@/.test(text)) return undefined;
	return WORDED.find(({ test }) => test(text))?.topic;
}

// ---- the turn's language: the phrases of its file (shared/languages, smallTalk) ----------------

const TOPICS: Topic[] = ['greeting', 'thanks', 'acknowledgement', 'goodbye', 'help', 'bot', 'person'];
/** Where a clause ends: a "nicht" before it says nothing about what follows. */
const CLAUSE_END = /[,.;:!?、。，！？；：؟،]/;
/** A short message, as in English: in Chinese or Japanese, counted in characters. */
const MAX_CHARACTERS_FOR_PERSON = 30;

interface OwnTalk {
	/** Each topic's phrases and the fillers (the language's and English's), tried at each place in a part. */
	tokens: Array<{ topic: Topic | 'filler'; pattern: RegExp }>;
	/** A person phrase of more than one word, anywhere. */
	person: RegExp;
	/** A negation just before a person phrase: "nicht mit einem Menschen sprechen", "不用转人工". */
	negated: RegExp;
}
const ownTalks = new Map<object, OwnTalk | null>();

/** The turn's language's phrases, compiled once per language; undefined for English (its wording is above). */
function ownTalk(language: string): OwnTalk | undefined {
	const lists = textsFor(language).smallTalk;
	let talk = ownTalks.get(lists);
	if (talk === undefined) {
		const topics = TOPICS.filter((topic) => lists[topic].length > 0);
		const negations = byScript(lists.negation);
		talk =
			topics.length === 0
				? null
				: {
						tokens: [
							...topics.map((topic) => ({ topic, pattern: new RegExp(phrasesPattern(lists[topic]), 'uy') })),
							{ topic: 'filler' as const, pattern: new RegExp(String.raw`${phrasesPattern(lists.filler)}|(?<![\p{L}\p{N}])${FILLER}(?![\p{L}\p{N}])`, 'uy') },
						],
						person: new RegExp(phrasesPattern(lists.person.filter((phrase) => wordCount(phrase) > 1)), 'gu'),
						negated: new RegExp(String.raw`(?:${phrasesPattern(negations.spaced)}(?:\s+\S+){0,2}\s+|${phrasesPattern(negations.unspaced)}\p{L}{0,2})$`, 'u'),
					};
		ownTalks.set(lists, talk);
	}
	return talk ?? undefined;
}

/**
 * The topic of a part made of the language's phrases and fillers only ("oh hallo", "danke
 * bitte", "你好呀"), each found where the last ended, the longest first; undefined when
 * anything else is in it.
 */
function ownTopicOfPart(part: string, talk: OwnTalk): Topic | 'filler' | undefined {
	const text = fold(part);
	const found = new Set<Topic>();
	for (let at = 0; at < text.length; ) {
		if (text[at] === ' ') {
			at++;
			continue;
		}
		let end = at;
		let topic: Topic | 'filler' | undefined;
		for (const token of talk.tokens) {
			token.pattern.lastIndex = at;
			const match = token.pattern.exec(text);
			if (match && at + match[0].length > end) [end, topic] = [at + match[0].length, token.topic];
		}
		if (!topic) return undefined;
		if (topic !== 'filler') found.add(topic);
		at = end;
	}
	return PRECEDENCE.find((topic) => found.has(topic)) ?? 'filler';
}

/** A person phrase of the language anywhere in a short message, with no negation just before it. */
function asksForPersonIn(message: string, talk: OwnTalk): boolean {
	const text = fold(message);
	if (!isShort(text, MAX_WORDS_FOR_PERSON, MAX_CHARACTERS_FOR_PERSON)) return false;
	return [...text.matchAll(talk.person)].some((match) => !talk.negated.test(text.slice(0, match.index).split(CLAUSE_END).pop()!));
}

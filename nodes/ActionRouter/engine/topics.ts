/**
 * Small talk around the actions: a message that is only a greeting, thanks, a goodbye, a
 * request for help, a question whether this is a bot, or a request for a person. Read as a
 * whole message (after fillers and punctuation), so "hi, I need to reset my key" is a request
 * with a greeting in front, not a greeting. English wording; what it does not recognise is
 * left to the intent model, whose background topics keep such messages out of the actions.
 */

export type Topic = 'greeting' | 'thanks' | 'acknowledgement' | 'goodbye' | 'help' | 'bot' | 'person';

/** Each topic's phrases, as regular-expression sources matched against whole parts of the message. */
const PHRASES: Record<Topic, string[]> = {
	greeting: [
		'hi+', 'hello+', 'hey+(?: there)?', 'hiya', 'howdy', 'yo', 'greetings', 'good (?:morning|afternoon|evening|day)', 'morning', 'evening',
		'hi there', 'hello there', 'hello again', 'hey hey',
		'(?:is )?(?:any ?(?:one|body)|some ?(?:one|body)) (?:there|here|around|online|available)', 'are you (?:still )?there', 'you there',
		'how are you(?: doing)?(?: today)?', "how's it going", 'whats up', "what's up", 'sup',
	],
	thanks: ['thanks?(?: (?:you|u))?(?: (?:so|very) much)?(?: a lot)?(?: for (?:your|the|all the) help)?', 'thx', 'ty', 'cheers', 'many thanks', 'much appreciated', 'appreciate it', '(?:i )?appreciate (?:it|that|your help)', 'thank you kindly'],
	acknowledgement: ['ok(?:ay)?', 'k', 'kk', 'alright', 'all right', 'cool', 'great', 'perfect', 'awesome', 'nice', 'got it', 'understood', 'i see', 'sounds good', 'fine', 'good', 'noted', 'sure', 'right'],
	goodbye: ['bye+', 'bye bye', 'good ?bye', 'see (?:you|ya)(?: later| soon)?', 'take care', 'have a (?:good|nice|great) (?:day|one|evening|weekend)', "that'?s all(?: for now)?", "that'?s it(?: for now)?", 'gotta go', 'talk (?:to you )?(?:later|soon)', 'ciao', 'cya', 'good night'],
	help: [
		'/?help', '/?start', 'help me', 'i need help', 'can you help(?: me)?', 'menu', 'options', 'what can you do', 'what (?:else )?can you help (?:me )?with',
		'what do you do', 'what are you for', 'what can i (?:ask|do)(?: here)?', 'how does this (?:chat )?work', 'what are my options',
		'what (?:can|do) you (?:help|offer)(?: with)?', 'show me what you can do', 'what are you able to do', 'how can you help(?: me)?',
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
const FILLER = String.raw`(?:oh|ah|um+|uh+|well|so|and|ok(?:ay)?|yes|yeah|please|pls|then|again|guys|there|bot|mate|buddy|friend|a lot|very much|:\)|:-\)|!)`;

const topicPatterns = (Object.keys(PHRASES) as Topic[]).map((topic) => ({
	topic,
	pattern: new RegExp(String.raw`^(?:${PHRASES[topic].join('|')})$`, 'i'),
}));
const filler = new RegExp(String.raw`^${FILLER}$`, 'i');

/** The parts of a message: split at punctuation, emojis and "and", lower-case, trimmed. */
function partsOf(message: string): string[] {
	return message
		.toLowerCase()
		.replace(/[’‘]/g, "'")
		.split(/[,.!?;:()\n]+|\s[-–—]\s|\s+and\s+|(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D)+/u)
		.map((part) => part.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
}

/** The topic a part is, with a filler word in front or behind allowed ("oh hi", "thanks bot"). */
function topicOfPart(part: string): Topic | 'filler' | undefined {
	const whole = topicPatterns.find(({ pattern }) => pattern.test(part));
	if (whole) return whole.topic;
	if (filler.test(part)) return 'filler';
	const words = part.split(' ');
	const candidates = [part];
	if (words.length > 1 && filler.test(words[0])) candidates.push(words.slice(1).join(' '));
	if (words.length > 1 && filler.test(words[words.length - 1])) candidates.push(words.slice(0, -1).join(' '));
	if (words.length > 2 && filler.test(words[0]) && filler.test(words[words.length - 1])) candidates.push(words.slice(1, -1).join(' '));
	for (const candidate of candidates) {
		const found = topicPatterns.find(({ pattern }) => pattern.test(candidate));
		if (found) return found.topic;
	}
	return undefined;
}

/** Which topic wins when a message has several: what asks something of the bot, then the last thing said. */
const PRECEDENCE: Topic[] = ['person', 'help', 'bot', 'goodbye', 'thanks', 'greeting', 'acknowledgement'];

/**
 * The message's topic, when all of it is small talk ("hello!", "ok thanks, bye", "is this a
 * bot?", "I want to talk to a person"); undefined when any part of it is something else.
 */
export function topicOf(message: string): Topic | undefined {
	const parts = partsOf(message);
	if (parts.length === 0 || parts.length > 4) return undefined;
	const found = new Set<Topic>();
	for (const part of parts) {
		const topic = topicOfPart(part);
		if (!topic) return undefined;
		if (topic !== 'filler') found.add(topic);
	}
	return PRECEDENCE.find((topic) => found.has(topic));
}

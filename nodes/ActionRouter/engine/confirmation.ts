/**
 * Reading a visitor's answer to a confirmation question ("Reset the API key for
 * ada@example.com?"). An action with a side effect runs only on a clear yes, so a yes is read
 * conservatively: every word of the answer must be a known yes word, a polite filler or a word
 * of the question, with no no in it. A no costs nothing (nothing runs), so an answer that starts
 * with one is a no whatever follows ("no, I changed my mind"), unless it also holds a yes or a
 * pause ("no, wait").
 * "yes please", "go ahead", "yep 👍" are yes; "no thanks", "don't" are no; "yeah right", "wait", "not yet",
 * "yes but change the email" and any question are neither, and the router asks again.
 *
 * English first (the intent model is English), plus the short yes/no of the languages
 * visitors most often answer in.
 */

export type ConfirmationAnswer = 'yes' | 'no' | 'neither';

/** Phrases, longest first when read; multi-word ones win over their words. */
const YES_PHRASES = [
	'yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ya', 'yes please', 'right now', 'right away', 'sure', 'sure thing', 'ok', 'okay', 'k', 'kk', 'confirm', 'confirmed',
	'i confirm', 'correct', 'right', "that's right", 'thats right', 'that is right', "that's correct", 'absolutely', 'definitely',
	'certainly', 'of course', 'proceed', 'please proceed', 'go ahead', 'go for it', 'do it', 'please do', 'do that', 'sounds good',
	'affirmative', 'alright', 'all right', 'fine', 'fine by me', 'agreed', 'i agree', 'yes do it', 'go', 'go on', "let's do it", 'lets do it',
	"let's go", 'lets go', "i'm sure", 'im sure', 'i am sure', 'no problem', 'no worries', 'no prob', '👍', '👌', '✅',
	// es, fr, de, pt, it, nl
	'sí', 'si', 'claro', 'vale', 'oui', "d'accord", 'daccord', 'ja', 'jawohl', 'genau', 'sim', 'certo', 'va bene',
];
const NO_PHRASES = [
	'no', 'n', 'nope', 'nah', 'nay', 'no way', "don't", 'dont', 'do not', "don't do it", 'dont do it', 'do not do it', "please don't",
	'please dont', 'cancel', 'cancel it', 'cancel that', 'stop', 'negative', 'never', 'no thanks', 'no thank you', 'not interested',
	"i don't want that", "i don't want to", 'i do not want to', "don't do that", 'dont do that', 'do not do that', "i don't think so",
	'i dont think so', "don't think so", 'dont think so', 'not really', 'no need', "i'd rather not", 'id rather not', 'rather not',
	'leave it', '👎', '❌',
	'non', 'nein', 'não', 'nao', 'no gracias', 'nee',
];
/**
 * Yes words said to mean no ("yeah right", "sure sure") and eye-rolls: an answer holding one is
 * neither, whatever else it says, and the question is asked again.
 */
const SARCASM = [
	'yeah right', 'yea right', 'ya right', 'yeh right', 'yah right', 'yeah yeah', 'sure sure', 'as if', 'sure jan', 'in your dreams',
	'🙄', '🙃', '😒', '😏',
].map((phrase) => normalisePhraseWords(phrase));

/** The sarcasm phrase at word `i`, unless its "right" starts "right now" / "right away" ("yeah, right now" is eager). */
function isSarcasmAt(words: string[], i: number, phrase: string[]): boolean {
	if (!phrase.every((word, k) => words[i + k] === word)) return false;
	return !(phrase[phrase.length - 1] === 'right' && ['now', 'away'].includes(words[i + phrase.length]));
}

/** Words that carry no answer of their own. */
const FILLER = new Set([
	'please', 'pls', 'plz', 'thanks', 'thank', 'you', 'ty', 'thx', 'just', 'then', 'now', 'it', 'that', 'this', 'is', "that's", 'thats',
	"it's", 'its', 'me', 'my', 'the', 'a', 'an', 'for', 'of', 'to', 'great', 'perfect', 'good', '🙏', '🙂', '😊', '😀',
	'cool', 'awesome', 'lol', 'haha', 'sir', 'mate', 'exactly', 'indeed', 'very', 'much', 'so', 'oh', 'well', 'hey', 'hi', 'and',
	'merci', 'gracias', 'danke', 'bitte', 'obrigado', 'obrigada', 'grazie', 'por', 'favor', 'bien', 'gut',
]);

function normalisePhrase(text: string): string {
	return text.toLowerCase().replace(/[’`]/g, "'");
}
function normalisePhraseWords(phrase: string): string[] {
	return normalisePhrase(phrase).split(' ');
}
const PHRASES = [
	...YES_PHRASES.map((phrase) => ({ words: normalisePhraseWords(phrase), answer: 'yes' as const })),
	...NO_PHRASES.map((phrase) => ({ words: normalisePhraseWords(phrase), answer: 'no' as const })),
].sort((a, b) => b.words.length - a.words.length);

/** Stretched words as they are meant: "yesss" is yes, "nooo" no. */
const STRETCHED: Array<[RegExp, string]> = [
	[/^y+e+s+$/, 'yes'],
	[/^y+e+a+h+$/, 'yeah'],
	[/^y+e+p+$/, 'yep'],
	[/^o+k+a*y*$/, 'ok'],
	[/^n+o+$/, 'no'],
	[/^n+o+p+e+$/, 'nope'],
];

/** Words of a message: lower case, apostrophes kept, emoji as their own word, other punctuation dropped. */
function wordsOf(message: string): string[] {
	return normalisePhrase(message)
		.replace(/(\p{Extended_Pictographic})/gu, ' $1 ')
		.replace(/[\uFE0F\u200D]/g, '')
		.replace(/[^\p{L}\p{N}'\p{Extended_Pictographic}]+/gu, ' ')
		.split(' ')
		.filter(Boolean)
		.map((word) => STRETCHED.find(([stretched]) => stretched.test(word))?.[1] ?? word);
}

/**
 * Words that change an answer's sense: never filler, and never echoes of the question, even
 * when the question has them ("You will no longer get them": "no" is still a no).
 */
const NEVER_FILLER = new Set([
	'no', 'n', 'nope', 'nah', 'never', 'not', "don't", 'dont', "can't", 'cannot', 'without', 'non', 'nein', 'não', 'nao', 'nee',
	'but', 'wait', 'later', 'until', 'except', 'instead', 'only', 'maybe',
]);

/**
 * Yes, no, or neither (a question, a hesitation, a change, anything else). The words of the
 * question itself (`question`, as the visitor read it) count as filler, so "yes, reset it" answers
 * "Reset the API key?" as a plain yes would; a no word the question uses for its action
 * ("Cancel order 12345?", "Stop the weekly emails?") echoes it then, so "yes, cancel it" is a yes.
 */
export function readConfirmation(message: string, question = ''): ConfirmationAnswer {
	if (message.includes('?')) return 'neither';
	const questionWords = new Set(wordsOf(question).filter((word) => !NEVER_FILLER.has(word)));
	const echoes = (words: string[]) => words.some((word) => questionWords.has(word)) && words.every((word) => questionWords.has(word) || FILLER.has(word));
	const phrases = PHRASES.filter(({ words, answer }) => answer === 'yes' || !echoes(words));
	const words = wordsOf(message);
	if (words.some((_, i) => SARCASM.some((phrase) => isSarcasmAt(words, i, phrase)))) return 'neither';
	const answers: Array<'yes' | 'no'> = [];
	let unknown = false;
	for (let i = 0; i < words.length; ) {
		const phrase = phrases.find(({ words: phraseWords }) => phraseWords.every((word, k) => words[i + k] === word));
		if (phrase) {
			answers.push(phrase.answer);
			i += phrase.words.length;
		} else {
			if (!FILLER.has(words[i]) && !questionWords.has(words[i])) unknown = true;
			i++;
		}
	}
	if (answers.length === 0 || (answers.includes('yes') && answers.includes('no'))) return 'neither';
	if (answers[0] === 'yes') return unknown ? 'neither' : 'yes';
	if (!unknown) return 'no';
	return startsWithNo(words, phrases) && !words.some((word) => HESITATION.has(word)) ? 'no' : 'neither';
}

/** "no, wait…" is a pause, not a no. */
const HESITATION = new Set(['wait', 'hold', 'hang', 'moment', 'sec', 'second', 'minute', 'think']);

/** Whether the answer opens with a no phrase ("no, …", "oh nope, …", "don't …"), fillers aside. */
function startsWithNo(words: string[], phrases: typeof PHRASES): boolean {
	const start = words.findIndex((word) => !FILLER.has(word));
	const first = phrases.find(({ words: phraseWords }) => phraseWords.every((word, k) => words[start + k] === word));
	return first?.answer === 'no';
}

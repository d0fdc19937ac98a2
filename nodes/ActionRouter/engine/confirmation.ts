/**
 * Reading a visitor's answer to a confirmation question ("Reset the API key for
 * ada@example.com?"). An action with a side effect runs only on a clear yes, so a yes is read
 * conservatively: every word of the answer must be a known yes word, a polite filler or a word
 * of the question, with no no in it. A no costs nothing (nothing runs), so an answer that starts
 * with one is a no whatever follows ("no, I changed my mind"), unless it also holds a yes or a
 * pause ("no, wait", "nein, warte").
 * "yes please", "go ahead", "yep 👍", "ja, bitte" are yes; "no thanks", "don't" are no; "yeah right", "wait", "not yet",
 * "yes but change the email" and any question are neither, and the router asks again.
 *
 * The words are each language's own (shared/languages): an answer is read in English and the
 * turn's language together, because visitors mix them. An answer that only another built-in
 * language reads ("oui" in a turn taken for English: a word or two says little about its
 * language) counts when it holds a yes or no of that language's own and the languages that read
 * it agree: another language's fillers alone never turn an answer into a yes. Words that change
 * an answer's sense ("not", "aber", "mais") and pauses count in every language, so a reading
 * elsewhere never overlooks them.
 */
import { LANGUAGES, type Texts, textsFor } from '../../shared/languages';
import { lazy } from '../../shared/lazy';

export type ConfirmationAnswer = 'yes' | 'no' | 'neither';

/** Lower case, composed accents, one apostrophe; the Turkish İ lower-cased to i, without the dot it gets elsewhere. */
function normalisePhrase(text: string): string {
	return text.normalize('NFC').replace(/\u0130/g, 'i').toLowerCase().replace(/[’`]/g, "'");
}

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
		.replace(/[^\p{L}\p{M}\p{N}'\p{Extended_Pictographic}]+/gu, ' ')
		.split(' ')
		.filter(Boolean)
		.map((word) => STRETCHED.find(([stretched]) => stretched.test(word))?.[1] ?? word);
}

/**
 * Yes words said to mean no ("yeah right", "sure sure") and eye-rolls: an answer holding one is
 * neither, whatever else it says, and the question is asked again. English only: elsewhere a
 * "ja klar" is as often meant as not, and is read as a yes.
 */
const SARCASM = [
	'yeah right', 'yea right', 'ya right', 'yeh right', 'yah right', 'yeah yeah', 'sure sure', 'as if', 'sure jan', 'in your dreams',
	'🙄', '🙃', '😒', '😏',
].map((phrase) => wordsOf(phrase));

/** The sarcasm phrase at word `i`, unless its "right" starts "right now" / "right away" ("yeah, right now" is eager). */
function isSarcasmAt(words: string[], i: number, phrase: string[]): boolean {
	if (!phrase.every((word, k) => words[i + k] === word)) return false;
	return !(phrase[phrase.length - 1] === 'right' && ['now', 'away'].includes(words[i + phrase.length]));
}

/** Words of every built-in language, gathered on the first confirmation read (not when n8n loads the node). */
const everyLanguage = (list: (words: Texts['confirmation']) => string[]) =>
	lazy(() => new Set(LANGUAGES.flatMap((language) => list(textsFor(language).confirmation)).map(normalisePhrase)));

/**
 * Words that change an answer's sense: never filler, and never echoes of the question, even
 * when the question has them ("You will no longer get them": "no" is still a no).
 */
const NEVER_FILLER = everyLanguage((words) => words.neverFiller);
/** "no, wait…" is a pause, not a no. */
const HESITATION = everyLanguage((words) => words.hesitation);

interface Phrase {
	words: string[];
	answer: 'yes' | 'no';
	/** The language's own, not English's: what a reading in another language than the turn's needs. */
	native: boolean;
}
/** The words an answer is read with: a language's and English, phrases longest first (multi-word ones win over their words). */
interface Reading {
	phrases: Phrase[];
	filler: Set<string>;
}

const readings = new Map<Texts, Reading>();

function readingIn(language: string): Reading {
	const texts = textsFor(language);
	let reading = readings.get(texts);
	if (!reading) {
		const english = textsFor('en').confirmation;
		const lists = [english, texts.confirmation];
		const inEnglish = new Set([...english.yes, ...english.no].map((phrase) => wordsOf(phrase).join(' ')));
		const phrase = (text: string, answer: 'yes' | 'no'): Phrase => {
			const words = wordsOf(text);
			return { words, answer, native: !inEnglish.has(words.join(' ')) };
		};
		const own = [...texts.confirmation.yes.map((text) => phrase(text, 'yes')), ...texts.confirmation.no.map((text) => phrase(text, 'no'))];
		// Where the turn's language reads a word otherwise than English, its reading wins: the Vietnamese "k" is no, not "ok".
		const ownWords = new Set(own.map(({ words }) => words.join(' ')));
		const englishOnly = [...english.yes.map((text) => phrase(text, 'yes')), ...english.no.map((text) => phrase(text, 'no'))].filter(
			({ words }) => texts.confirmation === english || !ownWords.has(words.join(' ')),
		);
		const phrases = texts.confirmation === english ? englishOnly : [...englishOnly, ...own];
		reading = {
			phrases: phrases.filter(({ words }) => words.length > 0).sort((a, b) => b.words.length - a.words.length),
			filler: new Set(lists.flatMap((words) => words.filler).map(normalisePhrase)),
		};
		readings.set(texts, reading);
	}
	return reading;
}

/**
 * Yes, no, or neither (a question, a hesitation, a change, anything else). The words of the
 * question itself (`question`, as the visitor read it) count as filler, so "yes, reset it" answers
 * "Reset the API key?" as a plain yes would; a no word the question uses for its action
 * ("Cancel order 12345?", "Stop the weekly emails?") echoes it then, so "yes, cancel it" is a yes.
 * `language`: the turn's (ISO 639-1).
 */
export function readConfirmation(message: string, question = '', language = 'en'): ConfirmationAnswer {
	if (/[?？؟¿]/.test(message)) return 'neither';
	const words = wordsOf(message);
	if (words.some((_, i) => SARCASM.some((phrase) => isSarcasmAt(words, i, phrase)))) return 'neither';
	const questionWords = new Set(wordsOf(question).filter((word) => !NEVER_FILLER().has(word)));
	const turn = readingIn(language);
	const { answer } = readWith(turn, words, questionWords);
	if (answer !== 'neither') return answer;
	const elsewhere = new Set(
		LANGUAGES.map(readingIn)
			.filter((reading) => reading !== turn)
			.map((reading) => readWith(reading, words, questionWords))
			.filter((found) => found.answer !== 'neither' && found.native)
			.map((found) => found.answer),
	);
	return elsewhere.size === 1 ? [...elsewhere][0] : 'neither';
}

/** The answer in one reading, and whether a phrase of the language's own (not English) is in it. */
function readWith({ phrases: all, filler }: Reading, words: string[], questionWords: Set<string>): { answer: ConfirmationAnswer; native: boolean } {
	const echoes = (phrase: string[]) => phrase.some((word) => questionWords.has(word)) && phrase.every((word) => questionWords.has(word) || filler.has(word));
	const phrases = all.filter(({ words: phrase, answer }) => answer === 'yes' || !echoes(phrase));
	const found: Phrase[] = [];
	let unknown = false;
	for (let i = 0; i < words.length; ) {
		const phrase = phrases.find(({ words: phraseWords }) => phraseWords.every((word, k) => words[i + k] === word));
		if (phrase) {
			found.push(phrase);
			i += phrase.words.length;
		} else {
			if (NEVER_FILLER().has(words[i]) || (!filler.has(words[i]) && !questionWords.has(words[i]))) unknown = true;
			i++;
		}
	}
	const native = found.some((phrase) => phrase.native);
	const answers = found.map((phrase) => phrase.answer);
	const as = (answer: ConfirmationAnswer) => ({ answer, native });
	if (answers.length === 0 || (answers.includes('yes') && answers.includes('no'))) return as('neither');
	if (answers[0] === 'yes') return as(unknown ? 'neither' : 'yes');
	if (!unknown) return as('no');
	return as(startsWithNo(words, phrases, filler) && !words.some((word) => HESITATION().has(word)) ? 'no' : 'neither');
}

/** Whether the answer opens with a no phrase ("no, …", "oh nope, …", "don't …"), fillers aside. */
function startsWithNo(words: string[], phrases: Phrase[], filler: Set<string>): boolean {
	const start = words.findIndex((word) => !filler.has(word));
	const first = phrases.find(({ words: phraseWords }) => phraseWords.every((word, k) => words[start + k] === word));
	return first?.answer === 'no';
}

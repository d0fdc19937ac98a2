import { tokenize } from '../../nodes/ActionRouter/engine/intent/normalize';
import { SpellingCorrector } from '../../nodes/ActionRouter/engine/intent/spelling';
import { defaultWordVectors } from '../../nodes/ActionRouter/engine/intent/word-vectors';

describe('SpellingCorrector', () => {
	const texts = ['where is my package', 'track my order', 'unsubscribe me from the newsletter', 'my card was declined', 'reset my password'].map((text) => tokenize(text));
	const vectors = defaultWordVectors();
	const corrector = new SpellingCorrector(texts, (word) => vectors.has(word));

	it.each([
		['pakcage', 'package'],
		['wheres', 'where'],
		['newsleter', 'newsletter'],
		['unsubscirbe', 'unsubscribe'],
		['pasword', 'password'],
		['ordr', 'order'],
	])('reads %p as %p', (typo, word) => {
		expect(corrector.correction(typo)).toBe(word);
	});

	it('leaves alone the words of the training texts and the words the vector table knows', () => {
		expect(corrector.correction('package')).toBeNull();
		// "cart" is one letter from "card" but a word in its own right.
		expect(vectors.has('cart')).toBe(true);
		expect(corrector.correction('cart')).toBeNull();
	});

	it('leaves alone short words, words too far from any, and words whose first letter differs', () => {
		expect(corrector.correction('trk')).toBeNull();
		// One edit at most below 6 letters: "trakc" (two letters swapped) is two from "track",
		// "trakk" one.
		expect(corrector.correction('trakk')).toBe('track');
		expect(corrector.correction('trakc')).toBeNull();
		expect(corrector.correction('pakcagezz')).toBeNull();
		expect(corrector.correction('ackage')).toBeNull();
	});

	it('corrects the tokens of a message and keeps the others as they are', () => {
		const tokens = tokenize('wheres my pakcage 123');
		const fixed = corrector.correct(tokens);
		expect(fixed.map((t) => t.word)).toEqual(['where', 'my', 'package', '0']);
		expect(fixed[2].stem).toBe('packag');
		// Nothing to correct: the same array back, no copy.
		const clean = tokenize('where is my package');
		expect(corrector.correct(clean)).toBe(clean);
	});

	it('without a word list, corrects any word the training texts do not have', () => {
		const plain = new SpellingCorrector(texts, () => false);
		expect(plain.correction('cart')).toBe('card');
	});
});

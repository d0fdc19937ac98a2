/**
 * Martin Porter's 1980 English stemmer ("An algorithm for suffix stripping"), written out
 * here rather than pulled in as a dependency: it is ~100 lines, and the intent model only
 * needs "reset", "resetting" and "resets" to meet on one word feature. Character n-grams
 * catch what the stemmer misses (irregular forms, typos).
 *
 * Input: one lower-case word of a-z letters. Words of up to two letters are left alone.
 */

/** True when word[i] is a consonant in Porter's sense ('y' after a consonant is a vowel). */
function isConsonant(word: string, i: number): boolean {
	const c = word[i];
	if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
	if (c === 'y') return i === 0 || !isConsonant(word, i - 1);
	return true;
}

/** Porter's m: the number of vowel-consonant sequences in the stem. */
function measure(stem: string): number {
	let m = 0;
	let i = 0;
	const n = stem.length;
	while (i < n && isConsonant(stem, i)) i++;
	while (i < n) {
		while (i < n && !isConsonant(stem, i)) i++;
		if (i >= n) break;
		while (i < n && isConsonant(stem, i)) i++;
		m++;
	}
	return m;
}

function hasVowel(stem: string): boolean {
	for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
	return false;
}

function endsWithDoubleConsonant(word: string): boolean {
	const n = word.length;
	return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Porter's *o: consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "how"). */
function endsCvc(word: string): boolean {
	const n = word.length;
	if (n < 3) return false;
	const last = word[n - 1];
	return isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1) && last !== 'w' && last !== 'x' && last !== 'y';
}

/** Replaces the first matching suffix when the remaining stem's measure passes `minMeasure`. */
function replaceSuffix(word: string, rules: ReadonlyArray<readonly [string, string]>, minMeasure: number): string {
	for (const [suffix, replacement] of rules) {
		if (!word.endsWith(suffix)) continue;
		const stem = word.slice(0, word.length - suffix.length);
		return measure(stem) > minMeasure ? stem + replacement : word;
	}
	return word;
}

function step1a(word: string): string {
	if (word.endsWith('sses')) return word.slice(0, -2);
	if (word.endsWith('ies')) return word.slice(0, -2);
	if (word.endsWith('ss')) return word;
	if (word.endsWith('s')) return word.slice(0, -1);
	return word;
}

function step1b(word: string): string {
	if (word.endsWith('eed')) return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word;
	let stem: string | undefined;
	if (word.endsWith('ed') && hasVowel(word.slice(0, -2))) stem = word.slice(0, -2);
	else if (word.endsWith('ing') && hasVowel(word.slice(0, -3))) stem = word.slice(0, -3);
	if (stem === undefined) return word;
	if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
	if (endsWithDoubleConsonant(stem) && !/[lsz]$/.test(stem)) return stem.slice(0, -1);
	if (measure(stem) === 1 && endsCvc(stem)) return stem + 'e';
	return stem;
}

function step1c(word: string): string {
	return word.endsWith('y') && hasVowel(word.slice(0, -1)) ? word.slice(0, -1) + 'i' : word;
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
	['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
	['abli', 'able'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
	['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
	['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'],
];

const STEP3: ReadonlyArray<readonly [string, string]> = [
	['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];

const STEP4 = [
	'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent',
	'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
];

function step4(word: string): string {
	// Longest suffix first, as Porter's table is ordered by the penultimate letter.
	const suffix = STEP4.filter((s) => word.endsWith(s)).sort((a, b) => b.length - a.length)[0];
	if (suffix === undefined) return word;
	const stem = word.slice(0, word.length - suffix.length);
	if (measure(stem) <= 1) return word;
	if (suffix === 'ion' && !/[st]$/.test(stem)) return word;
	return stem;
}

function step5(word: string): string {
	if (word.endsWith('e')) {
		const stem = word.slice(0, -1);
		const m = measure(stem);
		if (m > 1 || (m === 1 && !endsCvc(stem))) word = stem;
	}
	if (measure(word) > 1 && endsWithDoubleConsonant(word) && word.endsWith('l')) word = word.slice(0, -1);
	return word;
}

export function porterStem(word: string): string {
	if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
	let w = step1c(step1b(step1a(word)));
	w = replaceSuffix(w, STEP2, 0);
	w = replaceSuffix(w, STEP3, 0);
	return step5(step4(w));
}

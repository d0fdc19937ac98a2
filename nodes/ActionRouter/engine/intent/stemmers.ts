/**
 * Word stems per language: Porter for English (the model's tuned path, stemmer.ts), the
 * Snowball stemmers of `@orama/stemmers` for the other languages it has, and the word itself
 * where there is none (Chinese and Japanese words do not inflect; any other language still
 * meets its inflections through character n-grams). Never an English stem on another
 * language's word.
 */
import { porterStem } from './stemmer';

type Stemmer = (word: string) => string;

type Module = { stemmer: Stemmer };

/**
 * ISO 639-1 code → its Snowball stemmer, required on first use: a router only ever loads the
 * stemmers of its own languages. Spelled out, so that a scan of the package sees every module.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const SNOWBALL: Readonly<Record<string, () => Module>> = {
	ar: () => require('@orama/stemmers/arabic') as Module,
	bg: () => require('@orama/stemmers/bulgarian') as Module,
	da: () => require('@orama/stemmers/danish') as Module,
	de: () => require('@orama/stemmers/german') as Module,
	el: () => require('@orama/stemmers/greek') as Module,
	es: () => require('@orama/stemmers/spanish') as Module,
	fi: () => require('@orama/stemmers/finnish') as Module,
	fr: () => require('@orama/stemmers/french') as Module,
	ga: () => require('@orama/stemmers/irish') as Module,
	hu: () => require('@orama/stemmers/hungarian') as Module,
	hy: () => require('@orama/stemmers/armenian') as Module,
	id: () => require('@orama/stemmers/indonesian') as Module,
	it: () => require('@orama/stemmers/italian') as Module,
	lt: () => require('@orama/stemmers/lithuanian') as Module,
	ms: () => require('@orama/stemmers/indonesian') as Module,
	nb: () => require('@orama/stemmers/norwegian') as Module,
	ne: () => require('@orama/stemmers/nepali') as Module,
	nl: () => require('@orama/stemmers/dutch') as Module,
	no: () => require('@orama/stemmers/norwegian') as Module,
	pt: () => require('@orama/stemmers/portuguese') as Module,
	ro: () => require('@orama/stemmers/romanian') as Module,
	ru: () => require('@orama/stemmers/russian') as Module,
	sr: () => require('@orama/stemmers/serbian') as Module,
	sv: () => require('@orama/stemmers/swedish') as Module,
	ta: () => require('@orama/stemmers/tamil') as Module,
	tr: () => require('@orama/stemmers/turkish') as Module,
	uk: () => require('@orama/stemmers/ukrainian') as Module,
};
/* eslint-enable @typescript-eslint/no-require-imports */

const identity: Stemmer = (word) => word;

const loaded = new Map<string, Stemmer>();

function snowball(language: string): Stemmer {
	const load = SNOWBALL[language];
	if (!load) return identity;
	let stemmer = loaded.get(language);
	if (!stemmer) loaded.set(language, (stemmer = load().stemmer));
	return stemmer;
}

export function stemmerFor(language: string): Stemmer {
	return language === 'en' ? porterStem : snowball(language);
}

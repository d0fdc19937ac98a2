/**
 * The discriminative layer: a multinomial logistic regression over word and bigram
 * features, trained at build time by plain stochastic gradient descent.
 *
 * Why it helps: similarity treats every shared word alike, while the regression learns
 * which words tell one action from its neighbours ("balance" is evidence for
 * `bill_balance` only together with "bill").
 *
 * Why "sparse": an action only gets weights for the features its own examples have. A
 * dense weight matrix would be features × actions (40 k × 1,000 floats for a big router);
 * this one is the size of the training set, and a training step costs as much as a lookup.
 *
 * Dense features: given each text's sentence vector (sentence.ts, pretrained word vectors),
 * every action also gets weights over its 100 dimensions. This is what knows that "sockets"
 * points to `plug_type` though no example says it.
 *
 * What each choice is worth, measured: BENCHMARKS.md (Action Router: the embedded intent model).
 */
import type { SparseVector } from './features';
import { Postings } from './postings';
import { balancedOrder, lcg, nearestClasses, sharedTargets, shuffle, supportOfEachClass } from './softmax-training';

export interface SoftmaxOptions {
	epochs: number;
	learningRate: number;
	/** Epoch e runs at learningRate / (1 + rateDecay · e). */
	rateDecay: number;
	/** Seed of the example order: the same configuration always builds the same model. */
	seed: number;
	/**
	 * A feature found in more actions than this ("what", "can you" in a router of 1,000
	 * actions) gets no weights: each training step would touch every action that has it,
	 * which makes big routers slow to build. The similarity expert still sees it. Up to this
	 * many actions nothing is left out, since leaving out common features costs accuracy.
	 */
	maxActionsPerFeature: number;
	/**
	 * With dense features, a training step normalises over the example's own action and this
	 * many others, the nearest by sentence-vector centroid (the ones it can be mistaken for),
	 * instead of over every action: a step then costs the same with 150 actions or 1,000.
	 */
	denseCandidates: number;
	/**
	 * Class balance, 0..1: an example of a class with n examples is seen round((mean class
	 * size / n)^balance) times an epoch (at least once), so that an action given by a name and
	 * a description weighs about as much as one with ten examples, or as a background topic.
	 * Seen again rather than given a bigger step: big steps undo the soft targets' ties.
	 */
	balance: number;
}

/** Tuned on CLINC150 valid, `balance` on small routers of CLINC150 and HWU64 valid (BENCHMARKS.md). */
export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = { epochs: 4, learningRate: 2, rateDecay: 0.3, seed: 1, maxActionsPerFeature: 150, denseCandidates: 40, balance: 1 };

export class SparseSoftmax {
	/** Scratch for one step: logits of the actions the vector shares a feature with. */
	private readonly logits: Float64Array;
	private readonly touched: Int32Array;
	private readonly seen: Uint8Array;

	private constructor(
		private readonly weights: Postings,
		private readonly classCount: number,
		/** Class k's weights over the dense features: [k · dimensions, (k + 1) · dimensions). */
		private readonly denseWeights: Float32Array | null,
		private readonly dimensions: number,
	) {
		this.logits = new Float64Array(classCount);
		this.touched = new Int32Array(classCount);
		this.seen = new Uint8Array(classCount);
	}

	/**
	 * Trains on `vectors[i]` labelled `labels[i]` (0 .. classCount - 1), and, when given, on
	 * `dense[i]` (a sentence vector, sentence.ts) too: every class gets weights for those.
	 * A text taught to several classes is learned as belonging to each in equal shares (soft
	 * targets), so that it ends up tied between them, whatever order SGD saw it in.
	 * `alwaysCompete`: classes every dense step normalises over, near or not (the background
	 * classes, which must learn to lose against every action).
	 */
	static train(
		vectors: SparseVector[],
		labels: number[],
		classCount: number,
		featureCount: number,
		options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
		dense?: Float32Array[],
		alwaysCompete: readonly number[] = [],
	): SparseSoftmax {
		const dimensions = dense && dense.length > 0 ? dense[0].length : 0;
		const model = new SparseSoftmax(
			Postings.fromRows(supportOfEachClass(vectors, labels, classCount, featureCount, options.maxActionsPerFeature), featureCount),
			classCount,
			dimensions > 0 ? new Float32Array(classCount * dimensions) : null,
			dimensions,
		);
		const order = balancedOrder(labels, classCount, options.balance);
		const random = lcg(options.seed);
		const gradient = new Float64Array(classCount);
		const targets = sharedTargets(vectors, labels);
		const nearest = dimensions > 0 ? nearestClasses(dense!, labels, classCount, options.denseCandidates) : [];
		// A step's candidates must include all its targets.
		const candidates = targets.map((target, i) =>
			dimensions === 0 ? new Int32Array(0) : Int32Array.from(new Set([...target, ...nearest[labels[i]], ...alwaysCompete])),
		);
		for (let epoch = 0; epoch < options.epochs; epoch++) {
			shuffle(order, random);
			// A decaying rate: big steps to learn the words, small ones to settle.
			const rate = options.learningRate / (1 + options.rateDecay * epoch);
			for (const i of order) {
				if (dense) {
					model.candidateStep(vectors[i], dense[i], targets[i], candidates[i], gradient, rate);
					continue;
				}
				// Only actions sharing a feature with the example have weights to move: the
				// gradient of every other one is zero, so a step never costs O(actions).
				const active = model.activeProbabilities(vectors[i], gradient);
				for (const target of targets[i]) gradient[target] -= 1 / targets[i].length;
				model.weights.descend(vectors[i], gradient, rate);
				model.release(active, gradient);
				for (const target of targets[i]) gradient[target] = 0;
			}
		}
		return model;
	}

	/** Writes P(class | vector[, dense]) for every class into `out`. */
	probabilities(vector: SparseVector, out: Float64Array, dense?: Float32Array): Float64Array {
		if (this.denseWeights && dense) return this.allProbabilities(vector, dense, out);
		const active = this.activeProbabilities(vector, out);
		let rest = 1;
		for (let t = 0; t < active; t++) rest -= out[this.touched[t]];
		// Actions sharing no feature with the message have logit 0: equal shares of the rest.
		const inactive = this.classCount - active;
		const each = inactive > 0 ? Math.max(0, rest) / inactive : 0;
		for (let k = 0; k < this.classCount; k++) if (this.seen[k] === 0) out[k] = each;
		this.release(active);
		return out;
	}

	/** With dense features every class has a logit: all of them are computed. */
	private allProbabilities(vector: SparseVector, dense: Float32Array, out: Float64Array): Float64Array {
		for (let k = 0; k < this.classCount; k++) out[k] = this.denseLogit(k, dense);
		this.addSparseLogits(vector, out, 'all');
		softmaxInPlace(out, this.classCount);
		return out;
	}

	/** One training step with dense features, normalised over `candidates` only. */
	private candidateStep(
		vector: SparseVector,
		dense: Float32Array,
		targets: readonly number[],
		candidates: Int32Array,
		gradient: Float64Array,
		rate: number,
	): void {
		const { logits, seen, dimensions } = this;
		const denseWeights = this.denseWeights!;
		for (let c = 0; c < candidates.length; c++) {
			seen[candidates[c]] = 1;
			logits[candidates[c]] = this.denseLogit(candidates[c], dense);
		}
		this.addSparseLogits(vector, logits, 'marked');
		let max = -Infinity;
		for (let c = 0; c < candidates.length; c++) if (logits[candidates[c]] > max) max = logits[candidates[c]];
		let total = 0;
		for (let c = 0; c < candidates.length; c++) total += gradient[candidates[c]] = Math.exp(logits[candidates[c]] - max);
		for (let c = 0; c < candidates.length; c++) gradient[candidates[c]] /= total;
		for (const target of targets) gradient[target] -= 1 / targets.length;
		// Rows outside the candidates have a zero gradient: the sparse step leaves them alone.
		this.weights.descend(vector, gradient, rate);
		for (let c = 0; c < candidates.length; c++) {
			const k = candidates[c];
			const step = rate * gradient[k];
			const base = k * dimensions;
			for (let d = 0; d < dimensions; d++) denseWeights[base + d] -= step * dense[d];
			gradient[k] = 0;
			seen[k] = 0;
		}
	}

	private denseLogit(k: number, dense: Float32Array): number {
		const denseWeights = this.denseWeights!;
		const base = k * this.dimensions;
		let sum = 0;
		for (let d = 0; d < this.dimensions; d++) sum += denseWeights[base + d] * dense[d];
		return sum;
	}

	/**
	 * logits[row] += x · weight(f, row) for each feature f of `vector` and each row with
	 * weights for f: the one sparse product behind prediction and both kinds of training step.
	 * Which rows: 'all'; 'marked' (`seen`, the step's candidates); or 'mark', every row it
	 * meets, started at 0, marked in `seen` and listed in `touched`. Returns the rows listed.
	 */
	private addSparseLogits(vector: SparseVector, logits: Float64Array, which: 'all' | 'marked' | 'mark'): number {
		const { starts, rows, weights } = this.weights;
		const { seen, touched } = this;
		let listed = 0;
		for (let i = 0; i < vector.ids.length; i++) {
			const id = vector.ids[i];
			if (id + 1 >= starts.length) continue;
			const x = vector.values[i];
			for (let at = starts[id]; at < starts[id + 1]; at++) {
				const row = rows[at];
				if (which !== 'all' && seen[row] === 0) {
					if (which === 'marked') continue;
					seen[row] = 1;
					touched[listed++] = row;
					logits[row] = 0;
				}
				logits[row] += x * weights[at];
			}
		}
		return listed;
	}

	/** Clears the marks (and the scratch values in `scratch`) left by activeProbabilities. */
	private release(active: number, scratch?: Float64Array): void {
		for (let t = 0; t < active; t++) {
			this.seen[this.touched[t]] = 0;
			if (scratch) scratch[this.touched[t]] = 0;
		}
	}

	/**
	 * Probabilities of the actions that share a feature with `vector`, written into `out` at
	 * their index and listed in `touched[0 .. returned count)`; `seen` marks them until
	 * release(). The others (logit 0, no bias: it adds nothing with classes of equal size) are
	 * only counted in the sum.
	 */
	private activeProbabilities(vector: SparseVector, out: Float64Array): number {
		const { logits, touched } = this;
		const active = this.addSparseLogits(vector, logits, 'mark');
		let max = 0;
		for (let t = 0; t < active; t++) if (logits[touched[t]] > max) max = logits[touched[t]];
		let sum = (this.classCount - active) * Math.exp(-max);
		for (let t = 0; t < active; t++) sum += Math.exp(logits[touched[t]] - max);
		for (let t = 0; t < active; t++) out[touched[t]] = Math.exp(logits[touched[t]] - max) / sum;
		return active;
	}
}

function softmaxInPlace(values: Float64Array, count: number): void {
	let max = -Infinity;
	for (let k = 0; k < count; k++) if (values[k] > max) max = values[k];
	let sum = 0;
	for (let k = 0; k < count; k++) sum += values[k] = Math.exp(values[k] - max);
	for (let k = 0; k < count; k++) values[k] /= sum;
}

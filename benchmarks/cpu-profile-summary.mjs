#!/usr/bin/env node
/**
 * Where a V8 CPU profile (`node --cpu-prof`) spent its time: self time by package and the
 * functions with the most self time. Used to profile n8n under the load benchmark:
 *
 *   npm run bench:load -- --connections 20 --duration 30 --modes single --flows package \
 *     --n8n-env "NODE_OPTIONS=--cpu-prof --cpu-prof-dir=/tmp/n8n-profile"
 *   node benchmarks/cpu-profile-summary.mjs /tmp/n8n-profile/<the n8n main process's file>.cpuprofile
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
	console.error('usage: node benchmarks/cpu-profile-summary.mjs <file.cpuprofile> [top=25] [regexp for the total-time list]');
	process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: the sampling interval after each sample belongs to the sampled node.
const selfMicros = new Map();
for (let i = 0; i < profile.samples.length; i += 1) {
	const delta = profile.timeDeltas[i + 1] ?? 0;
	selfMicros.set(profile.samples[i], (selfMicros.get(profile.samples[i]) ?? 0) + delta);
}

/** The package a script belongs to: this package, an npm package, Node itself, or V8's own entries. */
function packageOf(url, functionName) {
	if (!url) return `(${functionName || 'native'})`;
	if (url.startsWith('node:')) return 'node (built-in modules)';
	// The innermost node_modules folder names the package (n8n's own install may sit in a folder
	// named after this package, e.g. its cache).
	const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
	return match ? match[1] : url;
}

const byPackage = new Map();
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
	const micros = selfMicros.get(node.id) ?? 0;
	if (!micros) continue;
	total += micros;
	const { url, functionName, lineNumber } = node.callFrame;
	const owner = packageOf(url, functionName);
	byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros);
	const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : ''}`;
	byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}

// Total (inclusive) time per function: each sample counts once for every distinct function on its stack.
const parentOf = new Map();
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const functionKey = (node) => {
	const { url, functionName, lineNumber } = node.callFrame;
	return `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : ''}`;
};
const inclusive = new Map();
for (let i = 0; i < profile.samples.length; i += 1) {
	const delta = profile.timeDeltas[i + 1] ?? 0;
	const seen = new Set();
	for (let id = profile.samples[i]; id !== undefined; id = parentOf.get(id)) seen.add(functionKey(nodeById.get(id)));
	for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
}
const filter = process.argv[4] ? new RegExp(process.argv[4]) : undefined;

const percent = (micros) => `${((micros / total) * 100).toFixed(1).padStart(5)} %`;
const seconds = (micros) => `${(micros / 1e6).toFixed(2).padStart(7)} s`;
console.log(`${file}: ${seconds(total).trim()} sampled`);
console.log('\nSelf time by package');
for (const [owner, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) {
	console.log(`${percent(micros)} ${seconds(micros)}  ${owner}`);
}
console.log('\nFunctions with the most self time');
for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
	console.log(`${percent(micros)} ${seconds(micros)}  ${name}`);
}

console.log(`\nFunctions with the most total time${filter ? ` matching ${filter}` : ''}`);
for (const [name, micros] of [...inclusive].filter(([name]) => !filter || filter.test(name)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
	console.log(`${percent(micros)} ${seconds(micros)}  ${name}`);
}

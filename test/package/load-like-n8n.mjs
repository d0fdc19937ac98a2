#!/usr/bin/env node
// Loads the community packages of an n8n user folder's nodes/ the way a real n8n does at
// start-up, with that n8n's own code, and prints what it loaded as JSON. Run it with the
// Node that runs that n8n (test/package/manual-install.test.ts does, for each n8n line).
//
//   node test/package/load-like-n8n.mjs <n8n host folder> <nodes folder (~/.n8n/nodes)>
//
// What n8n does, and this script with it:
//  1. LoadNodesAndCredentials.init() (n8n/dist/load-nodes-and-credentials.js) puts its own
//     module search paths into NODE_PATH and calls Module._initPaths(): a community package's
//     `require('n8n-workflow')` then finds n8n's copy, unless a copy sits in a node_modules
//     folder above the package (~/.n8n/nodes/node_modules/n8n-workflow), which wins.
//  2. It finds the packages named n8n-nodes-* and @*/n8n-nodes-* in <nodes>/node_modules:
//     n8n 2.x with n8n-core's scanDirectoryForPackages, n8n 1.x with a glob in
//     loadNodesFromNodeModules; both make a LazyPackageDirectoryLoader per package.
//  3. loader.loadAll(): without dist/known/*.json (this package has none) it loads every node
//     and credential file that package.json's "n8n" block lists, each class through n8n-core's
//     loadClassInIsolation.
// Afterwards it reports every copy of n8n-workflow that any loaded file resolved.
import { readdirSync, realpathSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

const [hostDir, nodesDir] = process.argv.slice(2);
if (!hostDir || !nodesDir) {
	process.stderr.write('usage: node test/package/load-like-n8n.mjs <n8n host folder> <nodes folder>\n');
	process.exit(2);
}

const n8nModule = join(hostDir, 'node_modules', 'n8n', 'dist', 'load-nodes-and-credentials.js');
const requireFromN8n = createRequire(n8nModule);

// 1. n8n's NODE_PATH: the search paths of its load-nodes-and-credentials module.
process.env.NODE_PATH = [Module._nodeModulePaths(dirname(n8nModule)).join(':'), process.env.NODE_PATH].filter(Boolean).join(':');
Module._initPaths();

const core = requireFromN8n('n8n-core');
const nodeModules = join(nodesDir, 'node_modules');

// 2. The packages n8n would find.
async function findLoaders() {
	if (typeof core.scanDirectoryForPackages === 'function') return core.scanDirectoryForPackages(nodeModules); // n8n 2.x
	const names = readdirSync(nodeModules).flatMap((name) =>
		name.startsWith('@') ? readdirSync(join(nodeModules, name)).filter((inner) => inner.startsWith('n8n-nodes-')).map((inner) => `${name}/${inner}`) : name.startsWith('n8n-nodes-') ? [name] : [],
	);
	return names.map((name) => new core.LazyPackageDirectoryLoader(join(nodeModules, name))); // n8n 1.x
}

const packages = [];
for (const loader of await findLoaders()) {
	const entry = { name: loader.packageName, nodes: [], credentials: [], error: undefined };
	try {
		// 3. What n8n runs for each package.
		await loader.loadAll();
		// sourcePath: the file as package.json's n8n block names it, relative to the package.
		const sourceOf = (known) => known.sourcePath.split(sep).join('/');
		entry.nodes = Object.entries(loader.known.nodes).map(([name, known]) => ({ name, file: sourceOf(known) }));
		entry.credentials = Object.entries(loader.known.credentials).map(([name, known]) => ({ name, file: sourceOf(known) }));
		entry.nodeTypes = Object.keys(loader.nodeTypes);
	} catch (error) {
		entry.error = String((error && error.stack) || error);
	}
	packages.push(entry);
}

/** The package folder of every loaded n8n-workflow file (real paths). */
const workflowCopies = [
	...new Set(
		Object.keys(requireFromN8n.cache)
			.map((file) => /^(.*[\\/]node_modules[\\/]n8n-workflow)[\\/]/.exec(file)?.[1])
			.filter(Boolean)
			.map((dir) => realpathSync(dir)),
	),
];
const n8nOwnWorkflow = realpathSync(dirname(requireFromN8n.resolve('n8n-workflow/package.json')));

process.stdout.write(`${JSON.stringify({ node: process.version, packages, workflowCopies, n8nOwnWorkflow })}\n`);

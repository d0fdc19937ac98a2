/**
 * HTTP Action benchmark: prints figures, asserts nothing.
 *
 *   npm run bench:http [-- --executions 400 --renders 200000 --baseline <dir> ...]
 *
 * 1. Template renders per second for a typical JSON body, next to plain Handlebars (no
 *    context-aware escaping) compiled from the same template, in the same run (the median
 *    of three rounds, the variants taking turns).
 * 2. Time per request through n8n's real execution engine against a local API server on
 *    loopback: the HTTP Action node, n8n's own HTTP Request node (v4.2, from the pinned
 *    n8n install) doing the same POST, and a bare fetch() as the floor. "Added" is a node's
 *    median minus the bare request's median.
 * With --baseline (a build of another commit, scripts/build-baseline.mjs; repeatable), that
 * commit's HTTP Action and template engine are measured too, in the same rounds (as
 * httpAction@<commit>): before and after in one run.
 * The last line is all figures as one JSON object.
 */
import Handlebars from 'handlebars';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { INodeType } from 'n8n-workflow';

import { templateVariables } from '../nodes/shared/contract';
import { compileTemplate } from '../nodes/shared/templates';
import { ApiServer } from '../toolkit/servers/api-server';
import { PACKAGE, registerNodeType, runNode } from '../toolkit/servers/workflow-runner';
import { baselinesFromArguments } from './baseline';
import { prng } from './intent-data';

function argument(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const EXECUTIONS = argument('executions', 400);
const RENDERS = argument('renders', 200_000);
const WARMUP = 50;

const TURN = {
	event: 'message' as const,
	conversationId: 'conv_bench',
	chatbotId: 'bot_bench',
	message: 'Please add me to the "weekly" list, my email is ada@example.com',
	visitor: { id: 'v_1', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+447700900123' },
	metadata: { receivedAt: '2026-05-15T10:30:00Z' },
	action: { name: 'subscribe', confidence: 0.93 },
	fields: { list: 'weekly', source: 'chat', score: 42 },
};

const BODY_TEMPLATE =
	'{"email": "{{user_email}}", "name": "{{user_name}}", "list": "{{fields.list}}", "score": {{fields.score}}, "note": "{{user_message}}", "conversation": "{{conversation_id}}"}';

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]) {
	const sorted = [...samples].sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 1000) / 1000;
	return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

const RENDER_ROUNDS = 3;

/** Renders per second of each variant: the median of three rounds in which they take turns. */
function rendersPerSecond<K extends string>(renders: Record<K, () => string>): Record<K, number> {
	const names = Object.keys(renders) as K[];
	const rates = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
	for (const name of names) for (let i = 0; i < 5000; i++) renders[name]();
	for (let round = 0; round < RENDER_ROUNDS; round++) {
		for (const name of names) {
			const started = performance.now();
			for (let i = 0; i < RENDERS; i++) renders[name]();
			rates[name].push(RENDERS / ((performance.now() - started) / 1000));
		}
	}
	return Object.fromEntries(names.map((name) => [name, Math.round(percentile([...rates[name]].sort((a, b) => a - b), 50))])) as Record<K, number>;
}

/** The names in an order drawn anew each call (Fisher-Yates). */
function shuffled<T>(items: T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/**
 * Runs the variants in turn, round after round, so drift and GC hit each alike; each round in
 * another order (seeded), so that no variant always runs right after the same other one.
 */
async function timeInterleaved<K extends string>(runs: Record<K, () => Promise<unknown>>): Promise<Record<K, ReturnType<typeof stats>>> {
	const names = Object.keys(runs) as K[];
	const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
	const random = prng(1);
	for (let round = 0; round < WARMUP + EXECUTIONS; round++) {
		for (const name of shuffled(names, random)) {
			const started = performance.now();
			await runs[name]();
			if (round >= WARMUP) samples[name].push(performance.now() - started);
		}
	}
	return Object.fromEntries(names.map((name) => [name, stats(samples[name])])) as Record<K, ReturnType<typeof stats>>;
}

function loadN8nHttpRequestNode(): { version: string } {
	// npm runs scripts from the package root.
	const install = JSON.parse(execFileSync('node', ['scripts/ensure-n8n.mjs', '2'], { encoding: 'utf8' }));
	const modulePath = join(install.hostDir, 'node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require(modulePath);
	registerNodeType('n8n-nodes-base.httpRequest', new HttpRequest());
	return { version: install.n8nVersion };
}

/** The HTTP Action's workflow for one request, of the given node type. */
function httpActionRun(type: string, url: string) {
	return async () => {
		const { outputs } = await runNode({
			node: {
				name: 'HTTP Action',
				type,
				parameters: { authentication: 'none', method: 'POST', url: `${url}/subscribe`, bodyType: 'json', jsonBody: BODY_TEMPLATE },
			},
			items: [TURN],
		});
		if (outputs[0]?.length !== 1) throw new Error(`${type} did not succeed`);
	};
}

async function main() {
	const baselines = baselinesFromArguments();
	const vars = templateVariables(TURN);
	const ours = compileTemplate(BODY_TEMPLATE, 'json');
	const plain = Handlebars.compile(BODY_TEMPLATE, { noEscape: true });
	const renders: Record<string, () => string> = { contextAwarePerSecond: () => ours(vars), plainHandlebarsPerSecond: () => plain(vars) };
	for (const baseline of baselines) {
		const before = {
			...baseline.load<{ compileTemplate: typeof compileTemplate }>('nodes/shared/templates'),
			...baseline.load<{ templateVariables: typeof templateVariables }>('nodes/shared/contract'),
		};
		const theirs = before.compileTemplate(BODY_TEMPLATE, 'json');
		const theirVars = before.templateVariables(TURN);
		if (theirs(theirVars) !== ours(vars)) throw new Error(`${baseline.name} renders the body differently: not the same work to compare`);
		renders[`contextAware@${baseline.name}PerSecond`] = () => theirs(theirVars);
		const { HttpAction: BaselineHttpAction } = baseline.load<{ HttpAction: new () => INodeType }>('nodes/HttpAction/HttpAction.node');
		registerNodeType(`${baseline.name}.httpAction`, new BaselineHttpAction());
	}
	const templates = rendersPerSecond(renders);

	const { version } = loadN8nHttpRequestNode();
	const api = new ApiServer();
	await api.start();
	api.respond({ status: 200, body: { message: 'Done: you are on the weekly list.' } });

	const runs: Record<string, () => Promise<unknown>> = {
		bareFetch: async () => {
			const response = await fetch(`${api.url}/subscribe`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: TURN.visitor.email, list: TURN.fields.list }),
			});
			await response.text();
		},
		httpAction: httpActionRun(`${PACKAGE}.httpAction`, api.url),
		n8nHttpRequest: async () => {
			const { outputs } = await runNode({
				node: {
					name: 'HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						method: 'POST',
						url: `${api.url}/subscribe`,
						sendBody: true,
						specifyBody: 'json',
						jsonBody:
							'={{ JSON.stringify({ email: $json.visitor.email, name: $json.visitor.name, list: $json.fields.list, score: $json.fields.score, note: $json.message, conversation: $json.conversationId }) }}',
						options: {},
					},
				},
				items: [TURN],
			});
			if (outputs[0]?.length !== 1) throw new Error('HTTP Request did not succeed');
		},
	};
	for (const { name } of baselines) runs[`httpAction@${name}`] = httpActionRun(`${name}.httpAction`, api.url);
	const timings = await timeInterleaved(runs);
	await api.stop();

	const added = (node: ReturnType<typeof stats>) => Math.round((node.p50 - timings.bareFetch.p50) * 1000) / 1000;
	const addedMsP50 = Object.fromEntries(Object.keys(timings).filter((name) => name !== 'bareFetch').map((name) => [name, added(timings[name])]));
	const figures = {
		machine: `${process.platform} ${process.arch}, Node ${process.version}`,
		n8nHttpRequestFrom: `n8n ${version}`,
		...(baselines.length ? { baselines: baselines.map((baseline) => baseline.commit) } : {}),
		executions: EXECUTIONS,
		templates,
		requestMs: timings,
		addedMsP50,
	};

	for (const baseline of baselines) console.log(`Baseline ${baseline.name}: ${baseline.commit}`);
	const rate = (name: string) => templates[name]?.toLocaleString('en');
	console.log(
		`Template renders/s (JSON body, 6 values): context-aware ${rate('contextAwarePerSecond')}, plain Handlebars ${rate('plainHandlebarsPerSecond')}` +
			baselines.map(({ name }) => `, context-aware@${name} ${rate(`contextAware@${name}PerSecond`)}`).join(''),
	);
	console.log(`Per request through WorkflowExecute, ${EXECUTIONS} runs each (ms):`);
	for (const [name, value] of Object.entries(timings)) {
		console.log(`  ${name.padEnd(20)} p50 ${value.p50.toFixed(2)}  p99 ${value.p99.toFixed(2)}  mean ${value.mean.toFixed(2)}`);
	}
	console.log(`Added over a bare request (p50, ms): ${Object.entries(addedMsP50).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
	console.log(JSON.stringify(figures));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

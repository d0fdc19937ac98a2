/**
 * Load benchmark: prints figures; exits 1 if any run had an error
 * or broke exactly-once.
 *
 *   npm run bench:load [-- --connections 200 --duration 60 --modes single,queue --workers 2 --timeout 120]
 *
 * (The script builds first: n8n loads the package packed from dist/.)
 * For each mode (one n8n process; queue mode: main + `--workers` workers on one Redis and
 * PostgreSQL), one real n8n with both flows of benchmarks/load-scenario.ts: this package's
 * Chat Action Trigger → Action Router → HTTP Action → Chat Reply, and n8n's built-in
 * Webhook → Switch → HTTP Request → Respond to Webhook doing the same calls against the demo
 * API. After a warm-up, `--connections` scripted two-turn conversations at a time for
 * `--duration` seconds per flow (autocannon), the flows one after the other on the same n8n.
 * Latency is per turn (one HTTP request). The last line is all figures as one JSON object.
 */
import { cpSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '../toolkit/n8n/install';
import { packPackage, parseEnvPairs } from '../toolkit/n8n/n8n-instance';
import { FLOWS, type LoadResult, problems, runConversations, startLoadTarget, warmUp } from './load-scenario';

function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : fallback;
}

const CONNECTIONS = Number(argument('connections', '200'));
const DURATION_S = Number(argument('duration', '60'));
const WORKERS = Number(argument('workers', '2'));
const MODES = argument('modes', 'single,queue').split(',') as Array<'single' | 'queue'>;
/** Seconds a turn may wait for its answer before it counts as an error (a timeout). */
const TIMEOUT_S = Number(argument('timeout', '120'));
/** Flows measured, in this order, e.g. `--flows builtin,package` (default: package first); one alone for profiling. */
const FLOW_ORDER = argument('flows', FLOWS.join(','))
	.split(',')
	.filter((flow): flow is (typeof FLOWS)[number] => (FLOWS as string[]).includes(flow));
/** Extra n8n environment, e.g. `--n8n-env N8N_CONCURRENCY_PRODUCTION_LIMIT=20` (comma-separated pairs). */
const N8N_ENV = parseEnvPairs(argument('n8n-env', ''));

function row(result: LoadResult): string {
	const { errors, leads } = result;
	const errorCount = errors.transport + errors.timeouts + errors.non2xx + errors.wrongReply;
	return [
		`${result.mode}/${result.flow}`.padEnd(16),
		`${result.turnsPerS.toFixed(1)} turns/s`.padStart(15),
		`${result.conversationsPerS.toFixed(1)} conv/s`.padStart(14),
		`p50 ${result.latencyMs.p50} ms`.padStart(14),
		`p99 ${result.latencyMs.p99} ms`.padStart(14),
		`n8n CPU ${result.n8nCpuMsPerExecution.total ?? '?'} ms/execution`.padStart(26),
		`errors ${errorCount}`.padStart(10),
		`leads ${leads.total} = ${leads.exactlyOnce} completed + ${leads.inFlightAtEnd} in flight (dup ${leads.duplicated}, missing ${leads.missing + leads.mismatched}, stray ${leads.stray})`,
	].join('  ');
}

/**
 * n8n answers every request with 503 "Database is not ready!" from a failed database ping
 * (every 2 s, 5 s timeout) until the next one succeeds: what its log says during a run.
 */
function databaseHealth(log: string): string {
	const failures = log.match(/Database ping failed[^\n]*/g) ?? [];
	if (failures.length === 0) return '';
	const recoveries = (log.match(/Database connection recovered/g) ?? []).length;
	return `${failures.length} database ping failures, ${recoveries} recoveries (first: "${failures[0]}")`;
}

async function main(): Promise<void> {
	// The compiled copy looks for scripts/ (toolkit/servers/redis-server.ts runs ensure-redis.mjs)
	// and examples/demo-api.js (not compiled) relative to its own root: put them there. Copied,
	// not linked: a script reached through a link does not see itself as the main module.
	const buildRoot = join(__dirname, '..');
	if (buildRoot !== REPO_ROOT) {
		for (const folder of ['scripts', 'examples']) cpSync(join(REPO_ROOT, folder), join(buildRoot, folder), { recursive: true });
	}
	const tarball = await packPackage();

	console.log(`Load: ${CONNECTIONS} conversations at a time, ${DURATION_S} s per flow, modes ${MODES.join(', ')}`);
	console.log(`Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version} (benchmark)`);
	if (Object.keys(N8N_ENV).length > 0) console.log(`n8n environment: ${Object.entries(N8N_ENV).map(([key, value]) => `${key}=${value}`).join(' ')}`);
	const results: LoadResult[] = [];
	const ratios: Record<string, { conversationsPerS: number; p50: number; p99: number }> = {};
	let n8nInfo = '';
	for (const mode of MODES) {
		const target = await startLoadTarget({ mode, workers: WORKERS, packageTarball: tarball, env: N8N_ENV });
		n8nInfo = `n8n ${target.n8n.version} on Node ${target.n8n.nodeVersion}`;
		console.log(`\n${mode === 'queue' ? `queue mode (main + ${WORKERS} workers, PostgreSQL, Redis)` : 'single process (SQLite)'}: ${n8nInfo}`);
		try {
			await warmUp(target);
			const byFlow: Partial<Record<(typeof FLOWS)[number], LoadResult>> = {};
			for (const flow of FLOW_ORDER) {
				const logOffset = (await readFile(target.n8n.logFile, 'utf8')).length;
				const result = await runConversations(target, flow, { connections: CONNECTIONS, durationS: DURATION_S, timeoutS: TIMEOUT_S });
				byFlow[flow] = result;
				results.push(result);
				console.log(row(result));
				for (const sample of result.samples) console.log(`    unexpected: ${sample}`);
				console.log(`    n8n CPU per execution: ${Object.entries(result.n8nCpuMsPerExecution).map(([kind, ms]) => `${kind} ${ms} ms`).join(', ')}`);
				const health = databaseHealth((await readFile(target.n8n.logFile, 'utf8')).slice(logOffset));
				if (health) console.log(`    n8n main process: ${health}`);
			}
			const [ours, builtin] = [byFlow.package, byFlow.builtin];
			if (!ours || !builtin) continue; // one flow only (`--flows package`): no ratio
			// Throughput is completed conversations: turns/s would count fast error answers (503s) as work done.
			ratios[mode] = {
				conversationsPerS: Math.round((ours.conversationsPerS / builtin.conversationsPerS) * 100) / 100,
				p50: Math.round((ours.latencyMs.p50 / builtin.latencyMs.p50) * 100) / 100,
				p99: Math.round((ours.latencyMs.p99 / builtin.latencyMs.p99) * 100) / 100,
			};
			const caveat = problems(ours) || problems(builtin) ? ' (a run had errors: its latencies include the fast error answers)' : '';
			console.log(
				`${mode}: package / built-in = ${ratios[mode].conversationsPerS}× completed conversations/s, ${ratios[mode].p50}× p50, ${ratios[mode].p99}× p99${caveat}`,
			);
		} finally {
			await target.dispose();
		}
	}
	const failed = results.filter((result) => problems(result) > 0).length;
	console.log(failed ? `\n${failed} run(s) had errors or broke exactly-once` : '\nAll runs: 0 errors, exactly one lead per completed conversation');
	console.log(JSON.stringify({ connections: CONNECTIONS, durationS: DURATION_S, timeoutS: TIMEOUT_S, workers: WORKERS, n8n: n8nInfo, cores: cpus().length, results, ratios }));
	if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});

/**
 * The load benchmark's smoke size (the full size is `npm run bench:load`,
 * see BENCHMARKS.md "Load"): a few seconds of ~10 scripted two-turn conversations at a time
 * through Chat Action Trigger → Action Router (Redis) → HTTP Action → Chat Reply against the
 * demo API, and through n8n's built-in Webhook → Switch → HTTP Request → Respond to Webhook
 * doing the same calls, on one real n8n: no errors, and exactly one lead per completed
 * conversation.
 */
import { FLOWS, type LoadResult, type LoadTarget, problems, runConversations, startLoadTarget, warmUp } from '../../benchmarks/load-scenario';

const CONNECTIONS = Number(process.env.LOAD_SMOKE_CONNECTIONS || 10);
const DURATION_S = Number(process.env.LOAD_SMOKE_DURATION || 8);

let target: LoadTarget;

beforeAll(async () => {
	target = await startLoadTarget({ mode: 'single' });
	await warmUp(target);
	console.log(`Load smoke: n8n ${target.n8n.version} on Node ${target.n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => {
	await target?.dispose();
});

test.each(FLOWS)(`%s flow: ${CONNECTIONS} conversations at a time for ${DURATION_S} s: every turn answered as scripted, exactly one lead per completed conversation`, async (flow) => {
	const result: LoadResult = await runConversations(target, flow, { connections: CONNECTIONS, durationS: DURATION_S });
	console.log(`Load smoke (${flow}): ${JSON.stringify(result)}`);
	expect(result.samples).toEqual([]);
	expect(result.errors).toEqual({ transport: 0, timeouts: 0, non2xx: 0, wrongReply: 0 });
	expect(result.conversationsCompleted).toBeGreaterThan(0);
	expect(result.leads).toMatchObject({ exactlyOnce: result.conversationsCompleted, missing: 0, mismatched: 0, duplicated: 0, stray: 0 });
	expect(result.leads.total).toBe(result.conversationsCompleted + result.leads.inFlightAtEnd);
	expect(problems(result)).toBe(0);
}, 300_000);

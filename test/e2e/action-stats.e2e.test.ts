/**
 * examples/action-stats.json in a real n8n, as `npm start` runs it: a help desk whose every
 * finished request is counted in one of n8n's own Data tables, and a webhook that answers
 * which actions are asked for most (Data table → Summarize → Sort), on embedded defaults
 * (no API key, no outside service).
 *
 * On n8n 1.123 (N8N_LINE=1) the Data table node can neither create a table nor find one by
 * name, so the test does what the README tells 1.x users: create the table (through the REST
 * call the editor makes), select it in the two table nodes and delete the two Ensure nodes.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type DemoApi, startDemoApi } from '../../examples/demo-api';
import { type N8nInstance, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { resolveN8n } from '../../toolkit/n8n/install';
import { querySqlite } from '../../toolkit/n8n/sqlite';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const TABLE = 'chat_action_requests';
// Not a secret: the owner of a throwaway n8n (1.x only needs one, to create the table).
const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Action-stats-2026' };

type Node = { name: string; type: string; parameters: Record<string, unknown> };
type Workflow = { id: string; nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };

interface Reply {
	message: string;
	tags: string[];
	handoff: boolean;
}

let api: DemoApi;
let n8n: N8nInstance;
let tarball: string | undefined;

describe('which actions are asked for most (examples/action-stats.json)', () => {
	beforeAll(async () => {
		api = await startDemoApi({ port: 0, log: false });
		const credentials = (JSON.parse(readFileSync(join(EXAMPLES, 'credentials.json'), 'utf8')) as Array<{ data: object }>).map(
			(credential) => ({ ...credential, data: { ...credential.data, baseUrl: api.url } }),
		);
		const workflow = JSON.parse(readFileSync(join(EXAMPLES, 'action-stats.json'), 'utf8')) as Workflow;
		tarball = await packPackage();
		if (process.env.N8N_LINE !== '1') {
			n8n = await startN8n({ workflows: [{ ...workflow, active: true }], credentials, packageTarball: tarball });
			return;
		}
		n8n = await startN8n({ workflows: [], credentials, packageTarball: tarball, readyWebhooks: false });
		const tableId = await createTableAsTheEditorDoes(n8n.baseUrl);
		await n8n.stop();
		const file = join(n8n.userFolder, 'action-stats-1x.json');
		writeFileSync(file, JSON.stringify([withTableSelected(workflow, tableId)]));
		await n8n.cli(['import:workflow', `--input=${file}`]);
		await n8n.cli(['update:workflow', `--id=${workflow.id}`, '--active=true'], 60_000);
		await n8n.restart();
		await waitForWebhook(n8n.webhookUrl('action-stats'));
	}, 600_000);

	afterAll(async () => {
		await n8n?.dispose();
		await api?.close();
		if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
	});

	const report = async (): Promise<unknown> => {
		const response = await fetch(n8n.webhookUrl('action-stats'), { method: 'POST' });
		expect(response.status).toBe(200);
		return await response.json();
	};

	const conversation = () => {
		const conversationId = `stats-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
		return {
			say: async (message: string): Promise<Reply> => {
				const response = await fetch(n8n.webhookUrl('help-desk'), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ conversationId, message }),
				});
				expect(response.status).toBe(200);
				return (await response.json()) as Reply;
			},
		};
	};

	test('before anyone has chatted, the report is an empty list', async () => {
		expect(await report()).toEqual([]);
	}, 120_000);

	test('the report counts finished requests per action, most asked first; questions asked on the way are not counted', async () => {
		// Three order checks: one in a single message, one over two turns, one for an unknown order.
		expect((await conversation().say('Where is my order 12345?')).message).toBe('Your order 12345 is shipped.');
		const twoTurns = conversation();
		expect((await twoTurns.say('has my order shipped?')).message).toBe('What is your order number? It has 5 digits.');
		expect((await twoTurns.say('it is 23456')).message).toMatch(/^Your order 23456 is /);
		expect((await conversation().say('track my package 99999')).message).toBe('We could not find order 99999.');
		// A fourth order check, abandoned: the visitor still asked for it.
		const abandoned = conversation();
		await abandoned.say('when will my order arrive');
		await abandoned.say('never mind');

		const subscription = conversation();
		expect((await subscription.say('am I subscribed to your newsletter?')).message).toBe('Which email address should I check?');
		expect((await subscription.say('ada@example.com')).message).toBe('ada@example.com is subscribed to these lists: weekly, offers.');
		expect((await conversation().say('check my subscription for ada@example.com')).tags).toContain('action:check_subscription');

		// Asking for a person makes a ticket on the desk, and the reply names it.
		const person = await conversation().say('can I talk to a human please');
		expect(person).toMatchObject({
			message: "I've passed our conversation to a person on our team (ticket H-0001). They can see what we said so far and will answer here shortly.",
			handoff: true,
		});
		expect(person.tags).toEqual(expect.arrayContaining(['action:talk_to_human', 'handoff']));
		expect((await conversation().say('What is 2 plus 2?')).tags).toContain('router:out_of_scope');

		// Small talk is no request: not a row.
		expect((await conversation().say('hi')).tags).toContain('router:small_talk');
		expect((await conversation().say('thanks!')).tags).toContain('router:small_talk');

		// A fifth order check, handed over at the re-ask cap: it counts for the action asked for.
		const escalated = conversation();
		await escalated.say('where is my order?');
		for (const wrong of ['123', '1234', '123456']) expect((await escalated.say(wrong)).handoff).toBe(false);
		expect(await escalated.say('12')).toMatchObject({ handoff: true, message: expect.stringContaining('(ticket H-0002)') });
		expect(api.sideEffects.map((effect) => [effect.kind, effect.reason])).toEqual([
			['handoff', 'visitor_asked'],
			['handoff', 'escalated'],
		]);

		// Recording runs after the reply: wait until n8n has finished every turn's execution.
		await n8n.waitForExecutions(19, { timeoutMs: 60_000 });
		expect(await report()).toEqual([
			{ action: 'order_status', requests: 5 },
			{ action: 'check_subscription', requests: 2 },
			// Sort keeps the table's order for ties: the first recorded comes first.
			{ action: 'talk_to_human', requests: 1 },
			{ action: '(out of scope)', requests: 1 },
		]);
	}, 300_000);

	test('the table holds action names and outcomes only, never what a visitor typed', async () => {
		const install = await resolveN8n(n8n.line);
		const dbPath = join(n8n.userFolder, '.n8n', 'database.sqlite');
		const [table] = await querySqlite(install, dbPath, 'SELECT id FROM data_table WHERE name = ?', [TABLE]);
		expect(table).toBeDefined();
		// n8n keeps each Data table in an SQL table of its own, named after the table's id.
		const rows = await querySqlite(install, dbPath, `SELECT * FROM data_table_user_${String(table.id)}`);
		expect(rows).toHaveLength(9);
		const stored = JSON.stringify(rows);
		for (const typed of ['12345', 'ada@example.com', 'plus', 'never mind', 'thanks', '123456']) expect(stored).not.toContain(typed);
		expect(rows.map((row) => [row.action, row.outcome, row.reason || ''])).toEqual(
			expect.arrayContaining([
				['order_status', 'noMatch', 'cancelled'],
				['talk_to_human', 'action', ''],
				['(out of scope)', 'noMatch', 'out_of_scope'],
				['order_status', 'handoff', 'escalated'],
			]),
		);
		expect(new Set(rows.map((row) => row.outcome))).toEqual(new Set(['action', 'noMatch', 'handoff']));
		expect(rows.filter((row) => row.action === null || row.action === '')).toEqual([]);
	}, 60_000);
});

/** The owner account, then the table as the editor's "Create data table" makes it; returns its id. */
async function createTableAsTheEditorDoes(baseUrl: string): Promise<string> {
	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok) throw new Error(`Owner setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = setup.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
	const call = async (path: string, body?: object) => {
		const response = await fetch(`${baseUrl}/rest${path}`, {
			method: body ? 'POST' : 'GET',
			headers: { cookie, 'content-type': 'application/json' },
			body: body && JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: { id: string } }).data;
	};
	const project = await call('/projects/personal');
	const columns = ['action', 'outcome', 'reason'].map((name) => ({ name, type: 'string' }));
	return (await call(`/projects/${project.id}/data-tables`, { name: TABLE, columns })).id;
}

/** The README's 1.x steps: the two Ensure nodes deleted, the table picked from the list in the others. */
function withTableSelected(workflow: Workflow, tableId: string): object {
	const ensure = new Set(workflow.nodes.filter((node) => node.parameters.resource === 'table').map((node) => node.name));
	const connections = Object.fromEntries(
		Object.entries(workflow.connections)
			.filter(([from]) => !ensure.has(from))
			.map(([from, { main }]) => [
				from,
				// A connection into an Ensure node goes on to what the Ensure node fed.
				{ main: main.map((targets) => targets.flatMap((target) => (ensure.has(target.node) ? workflow.connections[target.node].main[0] : [target]))) },
			]),
	);
	const nodes = workflow.nodes
		.filter((node) => !ensure.has(node.name))
		.map((node) =>
			node.parameters.dataTableId
				? { ...node, parameters: { ...node.parameters, dataTableId: { __rl: true, mode: 'list', value: tableId, cachedResultName: TABLE } } }
				: node,
		);
	return { ...workflow, nodes, connections, active: false };
}

/** 404 until n8n has registered the production webhook after its start. */
async function waitForWebhook(url: string): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		const response = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' } });
		await response.arrayBuffer();
		if (response.ok) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`${url} was not registered within 120 s`);
}

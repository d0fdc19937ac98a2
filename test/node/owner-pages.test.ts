/**
 * The trigger's owner views through n8n's own webhook context (n8n-core's WebhookContext, as n8n
 * builds it for a request: the node's parameters with their defaults, credentials through the
 * credentials helper): who may open the pages and make owner requests, the visitor's `showWhy`
 * dropped, and the review loop with the Action Router run by n8n's WorkflowExecute: a No Match
 * kept for review, assigned on the page, adopted by the router's next execution, and the next
 * visitor's same request routed.
 */
import { WebhookContext } from 'n8n-core';
import {
	type ICredentialDataDecryptedObject,
	ICredentialsHelper,
	type IDataObject,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { ChatActionTrigger } from '../../nodes/ChatActionTrigger/ChatActionTrigger.node';
import { readReview } from '../../nodes/shared/review-record';
import { getSharedMemoryStateStore } from '../../nodes/shared/state';
import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';

const WORKFLOW_ID = 'test-workflow'; // the id runNode gives the router's workflow: the same review record
const TRIGGER = new ChatActionTrigger();
const CREDENTIALS: Record<string, ICredentialDataDecryptedObject> = {
	chatActionsBasicApi: { user: 'owner', password: 'owner-password-1' }, // test values
	chatActionsBearerApi: { token: 'owner-token-1' },
	chatActionsHeaderApi: { headerName: 'X-Owner-Key', apiKey: 'owner-key-1' },
	chatActionsHmacApi: { secret: 'hmac-secret-1' },
};

class NodeTypes implements INodeTypes {
	getByName(): INodeType {
		return TRIGGER;
	}

	getByNameAndVersion(): INodeType {
		return TRIGGER;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

class Credentials extends ICredentialsHelper {
	async getDecrypted(_data: unknown, _node: unknown, type: string) {
		return { ...CREDENTIALS[type] };
	}

	async authenticate(): Promise<never> {
		throw new Error('not used');
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

interface Answer {
	status: number;
	headers: Record<string, string>;
	body: unknown;
	result: IWebhookResponseData;
}

interface Call {
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	body?: unknown;
	query?: Record<string, string>;
}

/** One request to a trigger with these parameters, through n8n's WebhookContext. */
async function request(parameters: INode['parameters'], { method = 'POST', headers = {}, body, query = {} }: Call): Promise<Answer> {
	const verification = String(parameters.authentication ?? 'none');
	const credentialType = { basic: 'chatActionsBasicApi', bearer: 'chatActionsBearerApi', header: 'chatActionsHeaderApi', hmac: 'chatActionsHmacApi' }[verification];
	const node: INode = {
		id: 'trigger',
		name: 'Chat Action Trigger',
		type: `${PACKAGE}.chatActionTrigger`,
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: 'b7a1c2d3-0000-4000-8000-0000000000ab',
		parameters: { path: 'support', ...parameters },
		credentials: credentialType ? { [credentialType]: { id: credentialType, name: credentialType } } : {},
	};
	const workflow = new Workflow({ id: WORKFLOW_ID, name: 'Support flow', nodes: [node], connections: {}, active: true, nodeTypes: new NodeTypes() });
	const answer = { status: 200, headers: {} as Record<string, string>, body: undefined as unknown };
	const res = {
		status(code: number) {
			answer.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			answer.headers[name.toLowerCase()] = value;
			return res;
		},
		json(value: unknown) {
			answer.body = value;
			return res;
		},
		send(value: unknown) {
			answer.body = value;
			return res;
		},
	};
	const raw = Buffer.from(body === undefined ? '' : JSON.stringify(body));
	const req = {
		method,
		headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) },
		body,
		query,
		params: {},
		ip: '127.0.0.1',
		rawBody: raw,
		readRawBody: async () => undefined,
	};
	const additionalData = { credentialsHelper: new Credentials(), httpRequest: req, httpResponse: res, variables: {} } as unknown as IWorkflowExecuteAdditionalData;
	const webhookData = { webhookDescription: { name: method === 'GET' ? 'setup' : 'default' }, isTest: false } as unknown as IWebhookData;
	const ctx = new WebhookContext(workflow, workflow.getNode(node.name)!, additionalData, 'webhook', webhookData, [], null);
	const result = await TRIGGER.webhook.call(ctx);
	return { ...answer, result };
}

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const OWNER_BASIC = basic('owner', 'owner-password-1');
const started = (answer: Answer) => (answer.result.workflowData?.[0] ?? []).map((item) => item.json);

describe('the owner pages open only with their option on and behind the trigger\'s authentication', () => {
	test('off: the pages and the owner requests are not there', async () => {
		const page = await request({ authentication: 'basic' }, { method: 'GET', query: { page: 'review' }, headers: OWNER_BASIC });
		expect(page).toMatchObject({ status: 404, body: { error: { message: expect.stringContaining('Turn on "Review and Insight Pages"') } } });
		const list = await request({ authentication: 'basic' }, { body: { owner: { op: 'list' } }, headers: OWNER_BASIC });
		expect(list.status).toBe(404);
		expect(started(list)).toEqual([]);
	});

	test.each(['none', 'hmac'])('with Verification %s they are refused with what to set, and nothing starts', async (authentication) => {
		const options = { options: { ownerPages: true, playground: true, showWhy: true } };
		const page = await request({ authentication, ...options }, { method: 'GET', query: { page: 'insight' } });
		const list = await request({ authentication, ...options }, { body: { owner: { op: 'list' } } });
		for (const refused of [page, list]) {
			expect(refused.status).toBe(403);
			expect(refused.body).toEqual({ error: { status: 403, message: expect.stringContaining('set its Verification to Basic Auth, Bearer Token or API Key in a Header') } });
			expect(started(refused)).toEqual([]);
		}
	});

	test('behind Basic Auth, the page itself asks the browser for the password (so its requests carry it)', async () => {
		const parameters = { authentication: 'basic', options: { ownerPages: true, playground: true } };
		for (const query of [{ page: 'review' }, { page: 'insight' }, {}] as Array<Record<string, string>>) {
			const asked = await request(parameters, { method: 'GET', query });
			expect(asked).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Basic realm="chat"' } });
			const wrong = await request(parameters, { method: 'GET', query, headers: basic('owner', 'guess') });
			expect(wrong).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Basic realm="chat"' } });
		}
		const page = await request(parameters, { method: 'GET', query: { page: 'review' }, headers: OWNER_BASIC });
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/);
		expect(String(page.body)).toContain('<title>Review · Support flow</title>');
	});

	test('the test page without the owner views stays open as before (the chat requests are verified)', async () => {
		const page = await request({ authentication: 'basic', options: { playground: true } }, { method: 'GET' });
		expect(page.status).toBe(200);
		expect(String(page.body)).not.toContain('id="why-toggle"');
	});

	test('behind a Bearer token the page holds no data and asks for the key; an owner request without it is refused', async () => {
		const parameters = { authentication: 'bearer', options: { ownerPages: true } };
		const page = await request(parameters, { method: 'GET', query: { page: 'review' } });
		expect(page.status).toBe(200);
		expect(String(page.body)).toContain('data-auth="bearer"');
		expect(String(page.body)).toContain('<input id="key" type="password"');
		const refused = await request(parameters, { body: { owner: { op: 'list' } } });
		expect(refused).toMatchObject({ status: 401, body: { error: { message: 'Missing the Authorization header' } } });
		const wrong = await request(parameters, { body: { owner: { op: 'list' } }, headers: { Authorization: 'Bearer guess' } });
		expect(wrong.status).toBe(403);
		const list = await request(parameters, { body: { owner: { op: 'list' } }, headers: { Authorization: 'Bearer owner-token-1' } });
		expect(list).toMatchObject({ status: 200, body: { actions: expect.any(Array), notAnAction: '(not an action)', items: expect.any(Array) } });
		expect(started(list)).toEqual([]);
	});

	test("behind Header Auth the page sends the key in the credential's own header", async () => {
		const parameters = { authentication: 'header', options: { ownerPages: true, playground: true, showWhy: true } };
		const page = await request(parameters, { method: 'GET' });
		expect(String(page.body)).toContain('data-auth="header" data-key-header="X-Owner-Key"');
		expect(String(page.body)).toContain('id="why-toggle"');
		const list = await request(parameters, { body: { owner: { op: 'list' } }, headers: { 'X-Owner-Key': 'owner-key-1' } });
		expect(list.status).toBe(200);
	});

	test('an owner request the page would never send is answered 400, and an unknown item says so', async () => {
		const parameters = { authentication: 'bearer', options: { ownerPages: true } };
		const headers = { Authorization: 'Bearer owner-token-1' };
		expect(await request(parameters, { body: { owner: { op: 'drop' } }, headers })).toMatchObject({ status: 400 });
		const unknown = await request(parameters, { body: { owner: { op: 'dismiss', id: 'no-such-item' } }, headers });
		expect(unknown).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('is on the review list') } } });
	});
});

describe('showWhy is the trigger\'s to set', () => {
	const turn = { conversationId: 'conv-why-1', message: 'reset my api key', showWhy: true };

	test('a visitor\'s showWhy is dropped when Show Why is off', async () => {
		const answer = await request({ authentication: 'none', options: { playground: true } }, { body: turn });
		expect(started(answer)).toHaveLength(1);
		expect(started(answer)[0]).not.toHaveProperty('showWhy');
	});

	test('with Show Why on but no authentication the page can use, asking for it is refused with what to set', async () => {
		const answer = await request({ authentication: 'none', options: { playground: true, showWhy: true } }, { body: turn });
		expect(answer).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('Show Why on Test Page works only behind') } } });
		expect(started(answer)).toEqual([]);
	});

	test('on, verified and asked for: the turn carries showWhy; not asked for, it does not', async () => {
		const parameters = { authentication: 'basic', options: { playground: true, showWhy: true } };
		const asked = await request(parameters, { body: turn, headers: OWNER_BASIC });
		expect(started(asked)[0]).toMatchObject({ message: 'reset my api key', showWhy: true });
		const plain = await request(parameters, { body: { ...turn, showWhy: 'yes' }, headers: OWNER_BASIC });
		expect(started(plain)[0]).not.toHaveProperty('showWhy');
	});
});

const ROUTER_ACTIONS = {
	action: [
		{ name: 'reset_api_key', label: 'Reset API key', description: 'Create a new API key for the account and revoke the old one' },
		{ name: 'cancel_subscription', label: 'Cancel subscription', description: 'Cancel the paid plan at the end of the billing period' },
		{ name: 'order_status', label: 'Order status', description: 'Tell the visitor where their parcel is' },
	],
};

async function routeTurn(message: string, conversationId: string): Promise<IDataObject[][]> {
	const item = started(await request({ authentication: 'none' }, { body: { conversationId, message } }))[0] as IDataObject;
	const run = await runNode({ node: { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ROUTER_ACTIONS, options: { reviewList: true } } }, items: [item] });
	if (run.error) throw run.error;
	return run.outputs;
}

const routedTo = (outputs: IDataObject[][]) => outputs.flat().map((item) => (item.action as IDataObject | undefined)?.name ?? (item.router as IDataObject | undefined)?.outcome);

describe('the review loop through the trigger and the router', () => {
	const owner = { authentication: 'bearer', options: { ownerPages: true } };
	const headers = { Authorization: 'Bearer owner-token-1' };
	const MESSAGE = 'my integration keeps getting 401 since this morning';

	test('a No Match is listed, assigned on the page, adopted by the next execution, and routed for the next visitor', async () => {
		await routeTurn(MESSAGE, 'conv-review-1');
		const list = await request(owner, { body: { owner: { op: 'list' } }, headers });
		const items = (list.body as { items: Array<{ id: string; message: string; reason: string; status: string }> }).items;
		const item = items.find((candidate) => candidate.message === MESSAGE)!;
		expect(item).toMatchObject({ reason: 'no_match', status: 'open' });
		expect((list.body as { actions: unknown[] }).actions).toEqual(ROUTER_ACTIONS.action.map(({ name, label }) => ({ name, label })));

		const assigned = await request(owner, { body: { owner: { op: 'assign', id: item.id, action: 'reset_api_key' } }, headers });
		expect(assigned).toMatchObject({ status: 200, body: { item: { id: item.id, status: 'assigned', assigned: 'reset_api_key' } } });
		expect(started(assigned)).toEqual([{ ownerReview: true }]);

		const check = await runNode({ node: { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ROUTER_ACTIONS, options: { reviewList: true } } }, items: started(assigned) as IDataObject[] });
		expect(check.error).toBeUndefined();
		const record = await readReview(getSharedMemoryStateStore(), WORKFLOW_ID);
		expect(record.items.find((candidate) => candidate.id === item.id)).toMatchObject({ status: 'adopted' });

		expect(routedTo(await routeTurn(MESSAGE, 'conv-review-2'))).toContain('reset_api_key');

		const story = await request(owner, { body: { owner: { op: 'story', id: item.id } }, headers });
		expect(story.body).toMatchObject({ story: { stories: [{ turns: [{ say: MESSAGE, expect: 'route reset_api_key' }] }] } });
		const undone = await request(owner, { body: { owner: { op: 'undo', id: item.id } }, headers });
		expect(undone).toMatchObject({ status: 200, body: { item: { status: 'open' } } });
		expect(started(undone)).toEqual([]);
	});
});

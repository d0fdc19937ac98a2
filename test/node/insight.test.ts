/**
 * Insight through n8n's real execution engine: the Action Router with Count Outcomes counts
 * what it routes, and Chat Reply counts the routed actions it answers as completed or failed,
 * both in the flow's memory store (nodes/shared/insight.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { type ActionDay, readInsight } from '../../nodes/shared/insight';
import { getSharedMemoryStateStore } from '../../nodes/shared/state';
import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';
import { ROUTER_ACTIONS } from '../support/router-actions';

/** The workflow id the runner gives every workflow: the record is kept per workflow. */
const WORKFLOW_ID = 'test-workflow';

async function countsOf(action: string): Promise<ActionDay | undefined> {
	const record = await readInsight(getSharedMemoryStateStore(), WORKFLOW_ID);
	return record?.days[new Date().toISOString().slice(0, 10)]?.actions?.[action];
}

async function chatReply(items: IDataObject[], parameters: IDataObject = {}) {
	const { outputs, error } = await runNode({ node: { name: 'Chat Reply', type: `${PACKAGE}.chatReply`, parameters: { respond: false, ...parameters } }, items });
	if (error) throw error;
	return outputs[0];
}

/** What reaches Chat Reply after the router's output for `action` (Count Outcomes on), or after an HTTP Action's. */
const routedAction = (action: string, extra: IDataObject = {}): IDataObject => ({
	event: 'message',
	conversationId: `insight-${action}`,
	message: 'where is my order 12345?',
	action: { name: action, confidence: 0.9, trigger: 'embedded_model' },
	fields: { order_id: '12345' },
	router: { outcome: 'action', insight: true },
	reply: { message: 'Your order 12345 is shipped.', tags: [`action:${action}`] },
	...extra,
});
/** The HTTP Action's Error output: the failure reply, tagged, and the error. */
const failedAction = (action: string) =>
	routedAction(action, {
		reply: { message: 'Sorry, I could not look up your order just now.', tags: [`action:${action}`, 'action_failed'] },
		error: { kind: 'http', status: 503, message: 'The API answered 503', retryable: true, attempts: 3 },
	});

describe('Chat Reply counts what became of a routed action', () => {
	test('completed for an action answered, failed for one from the HTTP Action’s Error output', async () => {
		const output = await chatReply([routedAction('reply_counts'), failedAction('reply_counts'), routedAction('reply_counts')]);
		expect(await countsOf('reply_counts')).toEqual({ completed: 2, failed: 1 });
		expect(output.map((item) => (item.router as IDataObject).insight)).toEqual(['counted', 'counted', 'counted']);
	});

	test('a failure the flow marks itself with the tag action_failed counts failed', async () => {
		await chatReply([routedAction('own_failure', { reply: { message: 'That did not work.', tags: [] } })], { tags: 'action_failed' });
		expect(await countsOf('own_failure')).toEqual({ failed: 1 });
	});

	test('a second Chat Reply on the same path counts nothing again', async () => {
		const first = await chatReply([routedAction('counted_once')]);
		await chatReply(first);
		expect(await countsOf('counted_once')).toEqual({ completed: 1 });
	});

	test('nothing is counted for a question, for a router without Count Outcomes, or with Conversation State None', async () => {
		const output = await chatReply([
			routedAction('not_counted', { router: { outcome: 'ask', reason: 'missing_field', field: 'order_id', insight: true } }),
			routedAction('not_counted', { router: { outcome: 'action' } }),
		]);
		await chatReply([routedAction('not_counted')], { stateStore: 'none' });
		expect(await countsOf('not_counted')).toBeUndefined();
		expect(output.map((item) => (item.router as IDataObject).insight)).toEqual([true, undefined]);
	});
});

describe('the Action Router with Count Outcomes, then Chat Reply', () => {
	let conversation = 0;
	const say = async (conversationId: string, message: string) => {
		const { outputs, error } = await runNode({
			node: { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ROUTER_ACTIONS, options: { insight: true } } as never },
			items: [{ event: 'message', conversationId, message, visitor: { id: 'v1' } }],
		});
		if (error) throw error;
		return outputs.find((items) => items.length > 0)![0];
	};

	test('the router counts the request asked, its items say so, and Chat Reply counts it completed', async () => {
		const routed = await say(`router-${++conversation}`, 'Where is my order 12345?');
		expect(routed.router).toMatchObject({ outcome: 'action', insight: true });
		await chatReply([routed]);
		expect(await countsOf('order_status')).toEqual({ asked: 1, completed: 1 });
	});

	test('a collection is asked once; one left at its question shows where the visitor stopped', async () => {
		const finished = `router-${++conversation}`;
		await say(finished, 'am I subscribed to your newsletter?');
		await chatReply([await say(finished, 'ada@example.com')]);
		expect(await countsOf('check_subscription')).toEqual({ asked: 1, completed: 1 });
		await say(`router-${++conversation}`, 'check my subscription');
		expect(await countsOf('check_subscription')).toEqual({ asked: 2, completed: 1, stoppedAt: { email: 1 } });
	});
});

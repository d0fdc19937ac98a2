/**
 * The Action Router's owner side through n8n's real execution engine: the execution's custom
 * data, the review list (a message it was unsure about kept, assigned by the owner, checked
 * and learned), and the clash check holding an example that would move other messages.
 */
import { assignReviewItem, changeReview, readReview } from '../../nodes/shared/review-record';
import { getSharedMemoryStateStore } from '../../nodes/shared/state';
import { PACKAGE, runNode } from '../../toolkit/servers/workflow-runner';
import { ROUTER_ACTIONS as ACTIONS } from '../support/router-actions';

// runNode's workflow id: the review list is kept per workflow.
const WORKFLOW = 'test-workflow';
const store = getSharedMemoryStateStore();

function router(options: Record<string, unknown> = {}) {
	return { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ACTIONS, options: { threshold: 0.25, ...options } } } as never;
}

async function say(message: string, options: Record<string, unknown> = { reviewList: true }) {
	const result = await runNode({ node: router(options), items: [{ conversationId: `c-${Math.random()}`, message }] });
	const routed = result.outputs.flat()[0] as { router: { outcome: string; reason?: string }; action?: { name: string; trigger: string } };
	return { routed, metadata: result.run.data.resultData.metadata };
}

beforeEach(async () => {
	await store.forget(`~review:${WORKFLOW}`);
});

describe('the execution says what happened (custom data)', () => {
	it('names the message, the action and the outcome of the turn', async () => {
		const { metadata } = await say('has my order shipped', {});
		expect(metadata).toEqual({ message: 'has my order shipped', action: 'order_status', outcome: 'ask', reason: 'missing_field' });
	});

	it('shows a sealed message in its display form, never the words', async () => {
		const result = await runNode({
			node: { name: 'Action Router', type: `${PACKAGE}.actionRouter`, parameters: { actions: ACTIONS, personalData: 'sealed' } } as never,
			items: [{ conversationId: 'c-sealed', message: 'am I subscribed? ada@example.com' }],
			credentials: { chatActionsPersonalDataApi: { secret: 'k'.repeat(40) } },
		});
		expect(result.error).toBeUndefined();
		expect(result.run.data.resultData.metadata?.message).toMatch(/^a\*\*\* \(\d+ characters\)$/);
	});
});

describe('the review list', () => {
	it('keeps nothing unless the owner turns it on', async () => {
		await say('is my address on your mailing list', {});
		expect((await readReview(store, WORKFLOW)).items).toEqual([]);
	});

	it('keeps a No Match with its ranking and the router actions to choose from', async () => {
		const { routed } = await say('is my address on your mailing list');
		expect(routed.router).toMatchObject({ outcome: 'noMatch', reason: 'out_of_scope' });
		const record = await readReview(store, WORKFLOW);
		expect(record.items).toEqual([
			expect.objectContaining({ message: 'is my address on your mailing list', reason: 'no_match', status: 'open', turns: [{ say: 'is my address on your mailing list', expect: 'no match' }] }),
		]);
		expect(record.items[0].ranking[0].action).toBe('check_subscription');
		expect(record.actions.map((action) => action.name)).toEqual(['check_subscription', 'order_status']);
	});

	it('learns an assigned message: the next visitor with the same request is routed', async () => {
		await say('is my address on your mailing list');
		const [item] = (await readReview(store, WORKFLOW)).items;
		await assignReviewItem(store, WORKFLOW, item.id, 'check_subscription');

		const { routed } = await say('is my address on your mailing list');
		expect(routed.router.outcome).toBe('ask');
		expect(routed.action).toMatchObject({ name: 'check_subscription' });
		const record = await readReview(store, WORKFLOW);
		expect(record.items.find((entry) => entry.id === item.id)).toMatchObject({ status: 'adopted', assigned: 'check_subscription' });
		expect(record.learned).toEqual([expect.objectContaining({ text: 'is my address on your mailing list', action: 'check_subscription' })]);
	});

	it('holds an example that would move a message the router routed elsewhere, and says what would change', async () => {
		// Requests routed to order_status before: kept for the clash check.
		await say('has my order shipped');
		await say('where is my order');
		await say('is my address on your mailing list');
		const item = (await readReview(store, WORKFLOW)).items.find((entry) => entry.reason === 'no_match')!;
		expect((await readReview(store, WORKFLOW)).decisions.map((decision) => decision.action)).toEqual(['order_status', 'order_status', null]);
		// Assigned, by mistake, as an order question with an order's words: the stored order requests could move.
		await changeReview(store, WORKFLOW, (record) => ({ ...record, items: record.items.map((entry) => (entry.id === item.id ? { ...entry, message: 'has my order shipped or where is my order' } : entry)) }));
		await assignReviewItem(store, WORKFLOW, item.id, 'check_subscription');
		await runNode({ node: router({ reviewList: true }), items: [{ ownerReview: true }] });
		const checked = (await readReview(store, WORKFLOW)).items.find((entry) => entry.id === item.id)!;
		expect(checked.status).toBe('clash');
		expect(checked.changes).toContainEqual(expect.objectContaining({ message: 'has my order shipped', source: 'decision', before: 'order_status' }));
		expect((await readReview(store, WORKFLOW)).learned).toEqual([]);

		// "Adopt anyway": learned although it changes them.
		await assignReviewItem(store, WORKFLOW, item.id, 'check_subscription', true);
		await runNode({ node: router({ reviewList: true }), items: [{ ownerReview: true }] });
		expect((await readReview(store, WORKFLOW)).items.find((entry) => entry.id === item.id)).toMatchObject({ status: 'adopted' });
	});

	it('keeps a request called off right after it was routed, with the conversation up to it as its story', async () => {
		const conversationId = 'c-called-off';
		for (const message of ['hi', 'has my order shipped', 'no, cancel that']) {
			await runNode({ node: router({ reviewList: true }), items: [{ conversationId, message }] });
		}
		const item = (await readReview(store, WORKFLOW)).items.find((entry) => entry.reason === 'cancelled_after_routing');
		expect(item).toMatchObject({ message: 'has my order shipped', decided: 'order_status' });
		expect(item!.turns!.map((turn) => turn.say)).toEqual(['hi', 'has my order shipped']);
	});

	it('a nudge from the Review page routes nothing and leaves no item on any output', async () => {
		const result = await runNode({ node: router({ reviewList: true }), items: [{ ownerReview: true }] });
		expect(result.error).toBeUndefined();
		expect(result.outputs.flat()).toEqual([]);
	});
});

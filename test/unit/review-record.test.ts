import { changeOwnerRecord, readOwnerRecord, reviewRecordKey, insightRecordKey } from '../../nodes/shared/owner-records';
import {
	assignReviewItem,
	changeReview,
	dismissReviewItem,
	maskedMessage,
	NOT_AN_ACTION,
	readReview,
	type ReviewItem,
	ReviewRequestError,
	storyOfReviewItem,
	undoReviewItem,
} from '../../nodes/shared/review-record';
import { conversationStateKey, MemoryStateStore } from '../../nodes/shared/state';

const WORKFLOW = 'wf1';

function item(id: string, message: string, at = Date.now()): ReviewItem {
	return { id, at, message, reason: 'no_match', ranking: [{ action: 'reset_key', score: 0.12 }], status: 'open', turns: [{ say: message, expect: 'no match' }] };
}

async function storeWithItems(...items: ReviewItem[]): Promise<MemoryStateStore> {
	const store = new MemoryStateStore({ sweepIntervalMs: 0 });
	await changeReview(store, WORKFLOW, (record) => ({ ...record, actions: [{ name: 'reset_key', label: 'Reset API key' }, { name: 'order_status' }], items }));
	return store;
}

describe('owner records', () => {
	it('live under keys no conversation of any workflow can have', () => {
		for (const key of [reviewRecordKey(WORKFLOW), insightRecordKey(WORKFLOW)]) {
			expect(key.startsWith('~')).toBe(true);
			// A conversation's key starts with its workflow's id, which n8n makes of letters and digits.
			expect(conversationStateKey(WORKFLOW, key)).not.toBe(key);
		}
	});

	it('are changed atomically: concurrent changes keep every increment', async () => {
		const store = new MemoryStateStore({ sweepIntervalMs: 0 });
		const key = insightRecordKey(WORKFLOW);
		await Promise.all(Array.from({ length: 25 }, () => changeOwnerRecord<{ n: number }>(store, key, (current) => ({ n: (current?.n ?? 0) + 1 }), 60)));
		expect(await readOwnerRecord<{ n: number }>(store, key)).toEqual({ n: 25 });
	});
});

describe('the review list', () => {
	it('is empty for a workflow that kept nothing', async () => {
		const record = await readReview(new MemoryStateStore({ sweepIntervalMs: 0 }), WORKFLOW);
		expect(record).toEqual({ actions: [], items: [], learned: [], decisions: [], stories: [] });
	});

	it('assigns a message to one of the router actions, or to "not an action"', async () => {
		const store = await storeWithItems(item('a', 'my key stopped working'), item('b', 'what a lovely day'));
		expect(await assignReviewItem(store, WORKFLOW, 'a', 'reset_key')).toMatchObject({ status: 'assigned', assigned: 'reset_key' });
		expect(await assignReviewItem(store, WORKFLOW, 'b', NOT_AN_ACTION)).toMatchObject({ status: 'assigned', assigned: NOT_AN_ACTION });
	});

	it('refuses an action the router does not have, and a message that is not on the list', async () => {
		const store = await storeWithItems(item('a', 'my key stopped working'));
		await expect(assignReviewItem(store, WORKFLOW, 'a', 'delete_everything')).rejects.toThrow(ReviewRequestError);
		await expect(assignReviewItem(store, WORKFLOW, 'zzz', 'reset_key')).rejects.toThrow(/No message "zzz"/);
	});

	it('undo takes the learned example back and opens the message again', async () => {
		const store = await storeWithItems(item('a', 'my key stopped working'));
		await changeReview(store, WORKFLOW, (record) => ({
			...record,
			items: record.items.map((entry) => ({ ...entry, status: 'adopted', assigned: 'reset_key' })),
			learned: [{ text: 'my key stopped working', action: 'reset_key', at: 1, item: 'a' }],
		}));
		expect(await undoReviewItem(store, WORKFLOW, 'a')).toMatchObject({ status: 'open' });
		expect((await readReview(store, WORKFLOW)).learned).toEqual([]);
	});

	it('dismissing a message learns nothing from it', async () => {
		const store = await storeWithItems(item('a', 'asdfgh'));
		expect(await dismissReviewItem(store, WORKFLOW, 'a')).toMatchObject({ status: 'dismissed' });
		expect((await readReview(store, WORKFLOW)).learned).toEqual([]);
	});

	it('forgets unreviewed messages after Forget After, and keeps adopted ones with their examples', async () => {
		const now = Date.now();
		const store = await storeWithItems({ ...item('old', 'old message', now - 3_600_000) }, { ...item('kept', 'adopted one', now - 3_600_000), status: 'adopted', assigned: 'reset_key' }, item('new', 'new message', now));
		const record = await changeReview(store, WORKFLOW, (current) => current, { now, forgetAfterSeconds: 1800 });
		expect(record.items.map((entry) => entry.id)).toEqual(['kept', 'new']);
	});

	it('saves an assigned message conversation as a story whose last turn expects the assignment', async () => {
		const store = await storeWithItems({ ...item('a', 'my key stopped working'), turns: [{ say: 'hi', expect: 'topic greeting' }, { say: 'my key stopped working', expect: 'no match' }] });
		await expect(storyOfReviewItem(store, WORKFLOW, 'a')).rejects.toThrow(/Assign the message/);
		await assignReviewItem(store, WORKFLOW, 'a', 'reset_key');
		const file = await storyOfReviewItem(store, WORKFLOW, 'a');
		expect(file!.stories[0].turns).toEqual([
			{ say: 'hi', expect: 'topic greeting' },
			{ say: 'my key stopped working', expect: 'route reset_key' },
		]);
		expect((await readReview(store, WORKFLOW)).stories).toHaveLength(1);
	});
});

describe('a kept message under Personal Data: Sealed', () => {
	it('shows emails, phone numbers and long numbers masked, and the words around them', () => {
		const masked = maskedMessage('reset the key for ada@example.com, call +44 20 7946 0958 about order 123456');
		expect(masked).not.toMatch(/ada@example\.com|7946|123456/);
		expect(masked).toContain('reset the key for a***@example.com');
		expect(masked).toContain('about order');
	});
});

// The router's side of the review list (engine/review-list.ts), on the engine alone.
import { actionsFromParameters } from '../../nodes/ActionRouter/engine/actions';
import { cachedClassifier } from '../../nodes/ActionRouter/engine/intent/embedded';
import { routerOptions } from '../../nodes/ActionRouter/engine/parameters';
import { keepForReview } from '../../nodes/ActionRouter/engine/review-list';
import { processTurn, type TurnSetup } from '../../nodes/ActionRouter/engine/turn';
import { readReview } from '../../nodes/shared/review-record';
import { MemoryStateStore } from '../../nodes/shared/state';
import { ROUTER_ACTIONS } from '../support/router-actions';

test('a conversation replayed for its story never asks the chat model again', async () => {
	const actions = actionsFromParameters(ROUTER_ACTIONS.action);
	const asked: string[] = [];
	const setup: TurnSetup = {
		actions,
		...routerOptions({ threshold: 0.25 }),
		intentMode: 'llm',
		embedded: cachedClassifier(actions),
		// A chat model that matches nothing: every message is a No Match, kept for review.
		chatModel: async (message) => {
			asked.push(message);
			return { ranking: [], fields: {} };
		},
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		scope: 'wf',
	};
	const review = { store: setup.store, scope: 'wf', routerName: 'Action Router', turnSetup: setup, ttlSeconds: 1800, sealed: false };
	for (const message of ['hello there', 'is my address on your mailing list']) {
		const turn = { conversationId: 'c1', event: 'message' as const, message };
		const { json } = await processTurn(turn, setup);
		await keepForReview(review, turn, json, new Date());
	}
	expect(asked).toEqual(['hello there', 'is my address on your mailing list']);
	const [item] = (await readReview(setup.store, 'wf')).items.filter((entry) => entry.message === 'is my address on your mailing list');
	expect(item.turns!.map((turn) => turn.say)).toEqual(['hello there', 'is my address on your mailing list']);
});

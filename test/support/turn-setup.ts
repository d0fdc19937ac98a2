/** A small router for the turn tests (order status, unsubscribe), its scripted intent model and its per-turn setup. */
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import { DEFAULT_REPLIES } from '../../nodes/ActionRouter/engine/defaults';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import type { TurnSetup } from '../../nodes/ActionRouter/engine/turn';
import type { ChatTurn } from '../../nodes/shared/contract';
import { MemoryStateStore } from '../../nodes/shared/state';

export const ACTIONS: RouterAction[] = [
	{
		name: 'order_status',
		description: 'Where an order is',
		examples: ['where is my order'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'order_id', question: 'What is the order number?', type: 'regex', pattern: '\\d{5}', required: true }],
	},
	{
		name: 'unsubscribe',
		description: 'Stop the newsletter',
		examples: ['unsubscribe me'],
		triggers: { intent: true, buttonIds: [], leadCaptured: false },
		fields: [{ name: 'email', question: 'Your email?', type: 'email', required: true }],
	},
];

/** Sure about orders (0.9), unsure about anything else (0.3 for unsubscribe: above the threshold, below hybrid's 0.4). */
export const embedded: IntentClassifier = {
	rank: (message) =>
		/order/.test(message)
			? [
					{ action: 'order_status', score: 0.9 },
					{ action: 'unsubscribe', score: 0.05 },
				]
			: [
					{ action: 'unsubscribe', score: 0.3 },
					{ action: 'order_status', score: 0.1 },
				],
};

export function setup(overrides: Partial<TurnSetup> = {}): TurnSetup {
	return {
		actions: ACTIONS,
		settings: { threshold: 0.2, tieMargin: 0.05, maxReasks: 3 },
		intentMode: 'embedded',
		embedded,
		hybridBelow: 0.4,
		store: new MemoryStateStore({ sweepIntervalMs: 0 }),
		ttlSeconds: 1800,
		replies: { ...DEFAULT_REPLIES, noMatch: 'No match.', cancelled: 'Cancelled.', escalated: 'Passing you on.', stateUnavailable: 'Try again soon.' },
		scope: 'wf1',
		...overrides,
	};
}

export const say = (message: string, conversationId = 'c1'): ChatTurn => ({ event: 'message', conversationId, message });

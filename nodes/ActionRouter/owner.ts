/**
 * What the Action Router keeps for the flow's owner around its turns: the execution's custom
 * data (n8n's executions list shows and filters it), the review list and its learned examples
 * (engine/review-list.ts), and insight counts (nodes/shared/insight.ts). None of it changes what
 * a visitor gets: a store that fails here only loses a count or a review entry.
 */
import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, type IWorkflowExecutionCustomData, NodeOperationError } from 'n8n-workflow';

import { type ChatTurn, isPlainObject } from '../shared/contract';
import { insightRows, readInsight, recordRoutedTurn } from '../shared/insight';
import { stateStoreFor } from '../shared/state-store-node';
import type { LearnedExample } from '../shared/review-record';
import { checkAssignments, keepForReview, learnedExamples, type ReviewSetup } from './engine/review-list';
import type { TurnSetup } from './engine/turn';

/** n8n keeps at most 255 characters of a custom data value in its list. */
const CUSTOM_DATA_CHARACTERS = 200;

/**
 * The execution's custom data from its first routed turn (as saved: a sealed message shows in its
 * display form): message, action, outcome, reason. n8n 1.x before custom data in nodes, or a
 * context without run data (a test), has none: nothing is set then.
 */
export function describeExecution(ctx: IExecuteFunctions, saved: IDataObject): void {
	const router = isPlainObject(saved.router) ? saved.router : {};
	const action = isPlainObject(saved.action) && typeof saved.action.name === 'string' ? saved.action.name : '';
	const message = typeof saved.message === 'string' ? saved.message : '';
	const data: Record<string, string> = {
		message: message.length > CUSTOM_DATA_CHARACTERS ? `${message.slice(0, CUSTOM_DATA_CHARACTERS - 1)}…` : message,
		action,
		outcome: typeof router.outcome === 'string' ? router.outcome : '',
		reason: typeof router.reason === 'string' ? router.reason : '',
	};
	const shown = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== ''));
	try {
		customDataOf(ctx)?.setAll(shown);
	} catch {
		// No custom data here (no run data: a test context): the item still says it all.
	}
}

/** n8n 2.x gives nodes `customData`; n8n 1.x only through the expression proxy's `$execution` (as the Code node). */
function customDataOf(ctx: IExecuteFunctions): IWorkflowExecutionCustomData | undefined {
	let direct: IWorkflowExecutionCustomData | undefined;
	try {
		direct = ctx.customData;
	} catch {
		// 2.x without run data throws here; the proxy below has none either.
	}
	if (direct) return direct;
	const execution = ctx.getWorkflowDataProxy(0).$execution as { customData?: IWorkflowExecutionCustomData } | undefined;
	return execution?.customData;
}

export interface OwnerOptions {
	reviewList: boolean;
	insight: boolean;
	sealed: boolean;
}

/** The router's owner work for one execution: its setup (learned examples included) and what follows each turn. */
export interface OwnerWork {
	setup: TurnSetup;
	/** Count Outcomes is on: items say so (`router.insight`), and Chat Reply counts what the action's flow did. */
	counts: boolean;
	/** After a turn: keep it for review and count it, as the options say. */
	afterTurn(turn: ChatTurn, routed: ChatTurn, at: Date): Promise<void>;
}

/**
 * Before the turns: the assignments the owner made on the Review page are checked and adopted
 * (or held with what they would change), then the router is built with the learned examples
 * (`build`). After each turn: the review list and insight, as the options say.
 */
export async function ownerWorkFor(
	options: OwnerOptions,
	routerName: string,
	build: (learned: LearnedExample[]) => TurnSetup,
	warn: (message: string) => void,
): Promise<OwnerWork> {
	const lost = (what: string) => (error: unknown) => warn(`Action Router "${routerName}": ${what} (${(error as Error).message})`);
	let setup = build([]);
	const review: ReviewSetup = { store: setup.store, scope: setup.scope, routerName, turnSetup: setup, ttlSeconds: setup.ttlSeconds, sealed: options.sealed };
	if (options.reviewList) {
		await checkAssignments(review).catch(lost('the review list assignments could not be checked'));
		const learned = (await learnedExamples(review).catch(lost('the learned examples could not be read'))) ?? [];
		if (learned.length > 0) setup = review.turnSetup = build(learned);
	}
	return {
		setup,
		counts: options.insight,
		async afterTurn(turn, routed, at) {
			if (options.reviewList) {
				// Hybrid's chat model decided: the embedded model's own ranking shows whether they disagree.
				const byModel = isPlainObject(routed.router) && routed.router.intentSource === 'chat_model' && typeof turn.message === 'string';
				await keepForReview(review, turn, routed, at, byModel ? setup.embedded.rank(turn.message as string) : undefined).catch(lost('a message could not be kept for review'));
			}
			if (options.insight) await recordRoutedTurn(setup.store, setup.scope, routed as IDataObject, at, warn);
		},
	};
}

/** Report Insight: one item per day and action of the last *Days* (nodes/shared/insight.ts). */
export async function reportInsight(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const days = Number(ctx.getNodeParameter('insightDays', 0, 14));
	if (!Number.isInteger(days) || days < 1) throw new NodeOperationError(ctx.getNode(), `Days must be a whole number of at least 1, not ${days}`);
	const record = await readInsight(await stateStoreFor(ctx), ctx.getWorkflow().id);
	return insightRows(record, days, new Date()).map((row) => ({ json: row as unknown as IDataObject }));
}

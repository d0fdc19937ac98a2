/**
 * The owner's pages' requests (POST `{"owner": {"op": …}}` to the trigger's URL), answered by
 * the trigger itself from its Conversation State, which must be the Action Router's (the same
 * In Memory, or the same Redis): that is where the router keeps the review list and the counts.
 * None starts an execution, except an assignment: the router checks it (against its past
 * decisions and the saved stories) on its next execution, so the trigger starts one at once,
 * with the item `{ ownerReview: true }`, and answers the page without waiting for it.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { insightPage } from '../shared/insight-page';
import { readInsight } from '../shared/insight';
import {
	assignReviewItem,
	dismissReviewItem,
	NOT_AN_ACTION,
	readReview,
	type ReviewItem,
	ReviewRequestError,
	storyOfReviewItem,
	undoReviewItem,
} from '../shared/review-record';
import type { StateStore } from '../shared/state';
import { ownerProblem } from './access';
import { INSIGHT_DAY_CHOICES } from './engine/owner-pages';
import { type OwnerRequest, readOwnerRequest } from './engine/owner-access';
import { OWNER_PAGES_FEATURE, ownerPageTitle } from './page-requests';
import { Refusal, refuse } from './refusal';

type Ctx = IWebhookFunctions;

/** The item the execution after an assignment carries: the router checks the owner's assignments, routes nothing. */
const OWNER_REVIEW_ITEM = { ownerReview: true } as const;

/** Before the request is verified: the option must be on and the Verification one the pages can use. */
export function checkOwnerRequestAllowed(ctx: Ctx, options: IDataObject): void {
	if (options.ownerPages !== true) throw new Refusal(404, 'The Review and Insight pages are off. Turn on "Review and Insight Pages" in the trigger\'s options.');
	const problem = ownerProblem(ctx, OWNER_PAGES_FEATURE);
	if (problem) throw new Refusal(403, problem);
}

/** An item as the Review page shows it: what the owner decides on (its story turns stay in the store). */
function shownItem(item: ReviewItem): Omit<ReviewItem, 'turns'> {
	const shown = { ...item };
	delete shown.turns;
	return shown;
}

function answer(ctx: Ctx, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(200).json(body);
	return { noWebhookResponse: true };
}

async function perform(ctx: Ctx, options: IDataObject, request: OwnerRequest, store: StateStore): Promise<IWebhookResponseData> {
	const workflowId = ctx.getWorkflow().id;
	const id = request.id ?? '';
	switch (request.op) {
		case 'list': {
			const record = await readReview(store, workflowId);
			const items = [...record.items].sort((a, b) => b.at - a.at).map(shownItem);
			const actions = record.actions.map(({ name, label }) => ({ name, ...(label ? { label } : {}) }));
			return answer(ctx, { ...(record.router ? { router: record.router } : {}), actions, notAnAction: NOT_AN_ACTION, items } as IDataObject);
		}
		case 'assign': {
			const item = await assignReviewItem(store, workflowId, id, request.action ?? '', request.force === true);
			return { ...answer(ctx, { item: item ? shownItem(item) : null } as IDataObject), workflowData: [[{ json: { ...OWNER_REVIEW_ITEM } }]] };
		}
		case 'dismiss':
		case 'undo': {
			const item = await (request.op === 'dismiss' ? dismissReviewItem : undoReviewItem)(store, workflowId, id);
			return answer(ctx, { item: item ? shownItem(item) : null } as IDataObject);
		}
		case 'story':
			return answer(ctx, { story: ((await storyOfReviewItem(store, workflowId, id)) ?? null) as IDataObject | null });
		case 'insight': {
			const days = request.days ?? INSIGHT_DAY_CHOICES[0];
			return answer(ctx, { html: insightPage(await readInsight(store, workflowId), { title: ownerPageTitle(ctx, options), days, today: new Date() }) });
		}
	}
}

/** A verified owner request, answered from the store; one it cannot make (an unknown item or action) is answered 400. */
export async function answerOwnerRequest(ctx: Ctx, options: IDataObject, owner: unknown, store: StateStore): Promise<IWebhookResponseData> {
	const request = readOwnerRequest(owner);
	if (!request.ok) return refuse(ctx, 400, request.message);
	return await perform(ctx, options, request.request, store).catch(async (error: unknown) => {
		if (error instanceof ReviewRequestError) return refuse(ctx, 400, error.message);
		return await Promise.reject(error);
	});
}

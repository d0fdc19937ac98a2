/**
 * The pages a GET on the trigger's URL serves: the test chat page (Test Chat Page), with its Why
 * panel (Show Why on Test Page), and the owner's Review and Insight pages (?page=review,
 * ?page=insight; Review and Insight Pages). The owner's views open only behind the trigger's
 * authentication; with Basic Auth the page itself asks for it, so the browser then sends it
 * with every request the page makes. The pages hold no data: they ask with POSTs.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { commaList } from '../shared/lists';
import { BASIC_CHALLENGE, basicAuthOfPage, offersOwnerViews, ownerProblem, pageAccessFor } from './access';
import { insightFrameHeaders, insightFramePage } from './engine/owner-pages';
import { playgroundHeaders, playgroundPage } from './engine/playground';
import { reviewPage, reviewPageHeaders } from './engine/review-page';
import { Refusal } from './refusal';

type Ctx = IWebhookFunctions;

export const OWNER_PAGES_FEATURE = 'The Review and Insight pages';
export const SHOW_WHY_FEATURE = 'Show Why on Test Page';

function send(ctx: Ctx, headers: Record<string, string>, html: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(200).setHeader('Content-Type', 'text/html; charset=utf-8');
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.send(html);
	return { noWebhookResponse: true };
}

/** Basic Auth: the page answers 401 with the browser's login prompt until it is given. */
async function requireBasicAuth(ctx: Ctx): Promise<void> {
	const checked = await basicAuthOfPage(ctx);
	if (!checked.ok) throw new Refusal(401, checked.message, BASIC_CHALLENGE);
}

/** The test chat page on GET, when the option is on; with its own security headers. */
async function serveTestPage(ctx: Ctx, options: IDataObject): Promise<IWebhookResponseData> {
	if (options.playground !== true) throw new Refusal(404, 'The test chat page is off. Turn on "Test Chat Page" in the trigger\'s options.');
	if (offersOwnerViews(options)) await requireBasicAuth(ctx);
	const whyProblem = options.showWhy === true ? ownerProblem(ctx, SHOW_WHY_FEATURE) : undefined;
	const allowed = typeof options.allowedOrigins === 'string' ? commaList(options.allowedOrigins) : [];
	const page = playgroundPage({
		title: String(options.playgroundTitle || 'Chat Actions test chat'),
		access: await pageAccessFor(ctx),
		why: options.showWhy !== true ? 'off' : whyProblem ? 'needs-auth' : 'on',
		whyNote: whyProblem,
		ownerPages: options.ownerPages === true && !ownerProblem(ctx, OWNER_PAGES_FEATURE),
	});
	return send(ctx, playgroundHeaders(allowed), page);
}

/** The Review or Insight page: only with the option on and behind the trigger's authentication. */
async function serveOwnerPage(ctx: Ctx, options: IDataObject, page: 'review' | 'insight'): Promise<IWebhookResponseData> {
	if (options.ownerPages !== true) throw new Refusal(404, 'The Review and Insight pages are off. Turn on "Review and Insight Pages" in the trigger\'s options.');
	const problem = ownerProblem(ctx, OWNER_PAGES_FEATURE);
	if (problem) throw new Refusal(403, problem);
	await requireBasicAuth(ctx);
	const settings = { title: ownerPageTitle(ctx, options), access: await pageAccessFor(ctx), testPage: options.playground === true };
	return page === 'review' ? send(ctx, reviewPageHeaders(), reviewPage(settings)) : send(ctx, insightFrameHeaders(), insightFramePage(settings));
}

/** The owner's pages are titled with the workflow's name (the test page's title when it has none). */
export function ownerPageTitle(ctx: Ctx, options: IDataObject): string {
	const name = ctx.getWorkflow().name;
	return typeof name === 'string' && name.trim() !== '' ? name : String(options.playgroundTitle || 'Chat Actions');
}

/** GET: the owner's pages by their query, else the test chat page. */
export async function servePage(ctx: Ctx, options: IDataObject): Promise<IWebhookResponseData> {
	const page = (ctx.getQueryData() as Record<string, unknown>).page;
	if (page === 'review' || page === 'insight') return await serveOwnerPage(ctx, options, page);
	return await serveTestPage(ctx, options);
}

/**
 * The trigger's Verification as the request steps read it: its credential turned into what
 * engine/verification.ts checks, and the rule for the owner's views (the Why panel, the Review
 * and Insight pages), which open only behind Basic Auth, a Bearer token or a key in a header.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { type AuthenticationName, DEFAULT_HEADER_NAMES } from '../shared/authentication';
import { ownerAccessProblem } from './engine/owner-access';
import type { PageAccess } from './engine/page-kit';
import { type Verification, verifyRequest } from './engine/verification';

type Ctx = IWebhookFunctions;

export const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="chat"' };

export async function verificationFor(ctx: Ctx, authentication: AuthenticationName, windowSeconds: number): Promise<Verification> {
	switch (authentication) {
		case 'bearer': {
			const c = await ctx.getCredentials('chatActionsBearerApi');
			return { type: 'headerToken', headerName: 'Authorization', token: String(c.token) };
		}
		case 'header': {
			const c = await ctx.getCredentials('chatActionsHeaderApi');
			return { type: 'headerToken', headerName: String(c.headerName || DEFAULT_HEADER_NAMES.apiKey), token: String(c.apiKey) };
		}
		case 'basic': {
			const c = await ctx.getCredentials('chatActionsBasicApi');
			return { type: 'basic', user: String(c.user), password: String(c.password) };
		}
		case 'hmac': {
			const c = await ctx.getCredentials('chatActionsHmacApi');
			return {
				type: 'hmac',
				secret: String(c.secret),
				signatureHeader: String(c.signatureHeader || DEFAULT_HEADER_NAMES.signature),
				timestampHeader: String(c.timestampHeader || DEFAULT_HEADER_NAMES.timestamp),
				windowSeconds,
			};
		}
		default:
			return { type: 'none' };
	}
}

const chosenVerification = (ctx: Ctx): string => ctx.getNodeParameter('authentication', 'none') as string;

/** What the owner must set for `feature`, or undefined when the trigger's Verification allows it. */
export const ownerProblem = (ctx: Ctx, feature: string): string | undefined => ownerAccessProblem(feature, chosenVerification(ctx));

/** Whether the trigger offers any of the owner's views (then its pages sign in). */
export const offersOwnerViews = (options: IDataObject): boolean => options.showWhy === true || options.ownerPages === true;

/** How the trigger's pages sign their requests: the browser's Basic Auth, or a key they send in the credential's header. */
export async function pageAccessFor(ctx: Ctx): Promise<PageAccess> {
	const chosen = chosenVerification(ctx);
	if (chosen === 'bearer') return { auth: 'bearer' };
	if (chosen === 'header') {
		const c = await ctx.getCredentials('chatActionsHeaderApi');
		return { auth: 'header', keyHeader: String(c.headerName || DEFAULT_HEADER_NAMES.apiKey) };
	}
	return { auth: chosen === 'basic' ? 'basic' : 'none' };
}

/**
 * A page GET behind Basic Auth: checked here, so the browser asks for the user and password
 * once (the 401's challenge) and sends them with every request of the page after. Bearer and
 * Header Auth cannot be sent by a browser's GET: their pages hold no data and ask for the key.
 */
export async function basicAuthOfPage(ctx: Ctx): Promise<{ ok: true } | { ok: false; message: string }> {
	if (chosenVerification(ctx) !== 'basic') return { ok: true };
	// A wrong password is answered 401 too (not 403): the browser then asks again.
	return await verifyRequest(await verificationFor(ctx, 'basic', 0), ctx.getRequestObject().headers, '');
}

/** A request the trigger answers itself, with no execution: a refusal of the request's steps. */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** A request answered here with this status, message and headers; no execution starts. */
export class Refusal extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'Refusal';
	}
}

/** Answers the request here and starts no execution. */
export function refuse(ctx: IWebhookFunctions, status: number, message: string, extraHeaders: Record<string, string> = {}): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status);
	for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
	res.json({ error: { status, message } });
	return { noWebhookResponse: true };
}

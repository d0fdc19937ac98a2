import type { INodeParameters } from 'n8n-workflow';

/**
 * The registry symbol n8n 2.x keeps native webhook-field resolvers under (n8n-workflow's
 * `WEBHOOK_RESOLVERS`). With one, n8n resolves `={{$parameter["path"]}}` from the node's
 * parameters instead of evaluating it in its expression engine, a V8 isolate, on every
 * request. n8n-workflow 2.x builds these with `webhookDescriptionFields(fromParameter(...))`,
 * but n8n 1.x's n8n-workflow, which this package runs against there, has neither function
 * nor symbol: so the entries are built here, and 1.x simply ignores them.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/**
 * Webhook description fields that read the node parameter of the same name: the template
 * for the editor and n8n 1.x, the resolver (a symbol key, not in the type) for n8n 2.x.
 */
export function fieldsFromParameters<Name extends string>(...names: Name[]): Record<Name, string> {
	const templates = {} as Record<Name, string>;
	const resolvers: Record<string, { template: string; resolve: (parameters: INodeParameters) => unknown }> = {};
	for (const name of names) {
		const template = `={{$parameter["${name}"]}}`;
		templates[name] = template;
		resolvers[name] = { template, resolve: (parameters) => parameters[name] };
	}
	return { ...templates, [WEBHOOK_RESOLVERS]: resolvers };
}

const CHANNEL_DIALECTS = ['chatwoot', 'telegram', 'whatsapp'];

/**
 * The default webhook's path and response mode. The response mode is the Respond parameter,
 * except for a messaging channel's Payload Format: a channel reads no reply from the webhook's
 * answer and retries one that comes late, so it is answered at once (Chat Reply sends through
 * the channel's API).
 */
export function pathAndResponseMode(): Record<'path' | 'responseMode', string> {
	const fields = fieldsFromParameters('path') as Record<string | symbol, unknown>;
	const template = `={{${JSON.stringify(CHANNEL_DIALECTS)}.includes($parameter["dialect"]) ? "onReceived" : $parameter["responseMode"]}}`;
	const resolve = (parameters: INodeParameters) => (CHANNEL_DIALECTS.includes(String(parameters.dialect)) ? 'onReceived' : parameters.responseMode);
	const resolvers = { ...(fields[WEBHOOK_RESOLVERS] as object), responseMode: { template, resolve } };
	return { ...(fields as Record<'path', string>), responseMode: template, [WEBHOOK_RESOLVERS]: resolvers } as Record<'path' | 'responseMode', string>;
}

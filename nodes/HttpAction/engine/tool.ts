/**
 * HTTP Action as a tool of n8n's AI Agent (n8n offers it as `httpActionTool`, since the node is
 * `usableAsTool`). n8n builds the tool's input schema from the `$fromAI(key, description, type)`
 * calls it finds in the node's parameters, and runs the node with the tool call's arguments as
 * its one input item. In a Fixed-mode template, `{{ $fromAI('order_id', 'The order number',
 * 'string') }}` is read here as `{{order_id}}`: the argument, escaped for where it stands like
 * any other value. (In Expression mode n8n pastes the argument in as it is: a quote in it could
 * change a JSON body's structure.)
 */

/** `{{ $fromAI('key', …) }}` (or with three braces): the key, in quotes of any kind. */
const FROM_AI_MUSTACHE = /(\{\{\{?)\s*\$fromAI\s*\(\s*(['"`])([A-Za-z0-9_-]{1,64})\2[^{}]*?\)\s*(\}\}\}?)/g;

/** A Fixed-mode template with each `{{ $fromAI('key', …) }}` written as `{{key}}`. */
export function fromAiPlaceholders(template: string): string {
	return template.replace(FROM_AI_MUSTACHE, (_match, open: string, _quote: string, key: string, close: string) => `${open}${key}${close}`);
}

/** n8n names a node's tool variant `<name>Tool`; this is how the node knows an agent runs it. */
export function runsAsTool(nodeType: string): boolean {
	return nodeType.endsWith('Tool');
}

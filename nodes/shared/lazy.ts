/**
 * n8n requires every node and credential file of a community package when it starts, on
 * every instance, whether or not a workflow uses the nodes; a module an engine requires at its
 * top is loaded then. Heavy dependencies that only some turns need (date parsing, phone
 * numbers, templates, Redis) are required on first use instead:
 *
 *   import type * as Chrono from 'chrono-node';
 *   const chrono = lazy(() => require('chrono-node') as typeof Chrono);
 *   chrono().parse(text);
 */
export function lazy<T>(load: () => T): () => T {
	let loaded: { value: T } | undefined;
	return () => (loaded ??= { value: load() }).value;
}

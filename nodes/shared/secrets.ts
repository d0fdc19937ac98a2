/** Keeps secrets out of what a node outputs, throws or logs. */

export const HIDDEN = '**hidden**';

/** Headers whose values are credentials whatever they hold. */
const SENSITIVE_HEADERS = new Set([
	'authorization',
	'proxy-authorization',
	'cookie',
	'set-cookie',
	'x-api-key',
	'api-key',
	'x-auth-token',
]);

export function maskHeaders(headers: Record<string, string>, alsoSensitive: string[] = []): Record<string, string> {
	const extra = new Set(alsoSensitive.map((name) => name.toLowerCase()));
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => {
			const lower = name.toLowerCase();
			return [name, SENSITIVE_HEADERS.has(lower) || extra.has(lower) ? HIDDEN : value];
		}),
	);
}

/** Deeper than this, a value is replaced whole: masking never recurses without bound. */
const MAX_MASK_DEPTH = 64;

/**
 * Replaces every occurrence of each secret in a value (deeply: strings, arrays, objects,
 * keys included) with `**hidden**`. Secrets shorter than 4 characters are left alone: they
 * would mask ordinary text and are not secrets worth the name. A part nested deeper than
 * MAX_MASK_DEPTH is replaced by `**hidden**` whole, unread (with no secrets too): an API's answer
 * can nest thousands of levels, and neither masking nor n8n saving the item may overflow the stack.
 *
 * Apply it to what the flow produced (an API's answer, an error, a rendered request), not to
 * what the visitor typed: masking a visitor's own text would tell them which guess is the secret.
 */
export function maskSecrets<T>(value: T, secrets: Array<string | undefined>): T {
	const needles = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
	const maskString = (text: string) => needles.reduce((out, secret) => out.split(secret).join(HIDDEN), text);
	const walk = (node: unknown, depth: number): unknown => {
		if (typeof node === 'string') return maskString(node);
		if (typeof node !== 'object' || node === null) return node;
		if (depth >= MAX_MASK_DEPTH) return HIDDEN;
		if (Array.isArray(node)) return node.map((inner) => walk(inner, depth + 1));
		return Object.fromEntries(Object.entries(node).map(([key, inner]) => [maskString(key), walk(inner, depth + 1)]));
	};
	return walk(value, 0) as T;
}

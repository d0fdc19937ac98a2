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

/**
 * Replaces every occurrence of each secret in a value (deeply: strings, arrays, objects,
 * keys included) with `**hidden**`. Secrets shorter than 4 characters are left alone: they
 * would mask ordinary text and are not secrets worth the name.
 */
export function maskSecrets<T>(value: T, secrets: Array<string | undefined>): T {
	const needles = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
	if (needles.length === 0) return value;
	const maskString = (text: string) => needles.reduce((out, secret) => out.split(secret).join(HIDDEN), text);
	const walk = (node: unknown): unknown => {
		if (typeof node === 'string') return maskString(node);
		if (Array.isArray(node)) return node.map(walk);
		if (typeof node === 'object' && node !== null) {
			return Object.fromEntries(Object.entries(node).map(([key, inner]) => [maskString(key), walk(inner)]));
		}
		return node;
	};
	return walk(value) as T;
}

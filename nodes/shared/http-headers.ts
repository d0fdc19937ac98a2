/** Header names and values as Node's HTTP objects hold them: lower-case names, a value or a list. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** The first value of a header, by any casing of its name. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

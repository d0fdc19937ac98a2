/** A list parameter's entries: split on `separator`, trimmed, empty ones dropped. */
export function splitList(text: unknown, separator: string | RegExp): string[] {
	return String(text ?? '')
		.split(separator)
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/** "a, b,,c " → ['a', 'b', 'c']: a comma-separated parameter's entries. */
export const commaList = (text: unknown): string[] => splitList(text, ',');

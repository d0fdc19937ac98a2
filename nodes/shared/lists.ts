/** "a, b,,c " → ['a', 'b', 'c']: a comma-separated parameter as its non-empty, trimmed entries. */
export function commaList(text: unknown): string[] {
	return String(text ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}

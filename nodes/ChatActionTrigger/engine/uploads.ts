/**
 * File uploads: @n8n/chat with `allowFileUploads` posts `multipart/form-data` (`action`,
 * `sessionId`, `chatInput`, `metadata` as a JSON string, repeated `files`). n8n parses the
 * multipart body itself before the trigger runs (into `{data, files}`, files written to
 * temporary paths); this module turns that into the chat request body and checks the files
 * against the trigger's limits.
 */
import { BadChatRequest } from '../../shared/dialects';
import { splitList } from '../../shared/lists';

/** A file as n8n's multipart parser (formidable) describes it. */
export interface UploadedFile {
	filepath: string;
	originalFilename?: string | null;
	newFilename?: string;
	mimetype?: string | null;
	size: number;
}

export interface UploadLimits {
	maxFiles: number;
	maxFileSizeKb: number;
	/** MIME types or families (`image/*`); `*` allows any. */
	allowedTypes: string[];
}

/** Form fields are strings; `metadata` arrives as JSON text, and a repeated field as a list. */
export function formBody(data: unknown): Record<string, unknown> {
	const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
	const body: Record<string, unknown> = {};
	for (const [name, raw] of Object.entries(fields)) {
		const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
		if (Array.isArray(value)) throw new BadChatRequest(400, `The form field "${name}" was sent more than once`);
		body[name] = value;
	}
	for (const name of ['metadata', 'visitor', 'fields', 'contact', 'user', 'organization']) {
		const value = body[name];
		if (typeof value !== 'string' || value.trim() === '') continue;
		try {
			body[name] = JSON.parse(value);
		} catch {
			throw new BadChatRequest(400, `The form field "${name}" must be JSON`);
		}
	}
	return body;
}

/** The parsed files in the order they were sent, whatever field names the form used. */
export function uploadedFiles(files: unknown): UploadedFile[] {
	if (typeof files !== 'object' || files === null) return [];
	const list: UploadedFile[] = [];
	for (const value of Object.values(files as Record<string, unknown>)) {
		for (const file of Array.isArray(value) ? value : [value]) {
			if (typeof file === 'object' && file !== null && typeof (file as UploadedFile).filepath === 'string') list.push(file as UploadedFile);
		}
	}
	return list;
}

export function parseAllowedTypes(value: unknown): string[] {
	return splitList(String(value ?? ''), /[,\s]+/).map((type) => type.toLowerCase());
}

export function typeAllowed(mimeType: string, allowed: string[]): boolean {
	const type = mimeType.split(';')[0].trim().toLowerCase();
	return allowed.some((pattern) => pattern === '*' || pattern === '*/*' || pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))));
}

export function fileName(file: UploadedFile): string {
	return file.originalFilename || file.newFilename || 'file';
}

/**
 * Refuses what breaks the limits, naming the file: too many files or too large is 413, a
 * type not allowed is 415. The type is the one the browser declared for the file.
 */
export function checkUploads(files: UploadedFile[], limits: UploadLimits): void {
	if (files.length > limits.maxFiles) {
		throw new BadChatRequest(413, `${files.length} files were sent; this chat accepts at most ${limits.maxFiles} per message`);
	}
	for (const file of files) {
		if (file.size > limits.maxFileSizeKb * 1024) {
			throw new BadChatRequest(413, `${fileName(file)} is ${Math.ceil(file.size / 1024)} KB; this chat accepts files of at most ${limits.maxFileSizeKb} KB`);
		}
		const type = file.mimetype || 'application/octet-stream';
		if (!typeAllowed(type, limits.allowedTypes)) {
			throw new BadChatRequest(415, `${fileName(file)} is ${type}; this chat accepts ${limits.allowedTypes.join(', ')}`);
		}
	}
}

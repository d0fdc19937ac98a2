/** The trigger's side of file uploads: options read, files checked, then stored as n8n binary data. */
import type { IBinaryData, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { BadChatRequest } from '../shared/dialects';
import { TRIGGER_DEFAULTS } from './engine/defaults';
import { checkUploads, fileName, formBody, parseAllowedTypes, type UploadedFile, uploadedFiles } from './engine/uploads';

export interface FormRequest {
	body: Record<string, unknown>;
	files: UploadedFile[];
}

/** A multipart request as n8n parsed it (`{data, files}`), checked against the trigger's upload options. */
export function formRequest(parsed: unknown, options: IDataObject): FormRequest {
	const { data, files } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { data?: unknown; files?: unknown };
	const list = uploadedFiles(files);
	if (list.length > 0 && options.acceptFiles !== true) {
		throw new BadChatRequest(415, 'This chat does not accept files. Turn on "Accept Files" in the trigger\'s options.');
	}
	checkUploads(list, {
		maxFiles: Number(options.maxFiles ?? TRIGGER_DEFAULTS.maxFiles),
		maxFileSizeKb: Number(options.maxFileSize ?? TRIGGER_DEFAULTS.maxFileSizeKb),
		allowedTypes: parseAllowedTypes(options.allowedFileTypes ?? TRIGGER_DEFAULTS.allowedFileTypes),
	});
	return { body: formBody(data), files: list };
}

/**
 * Copies the files into n8n's binary data store (n8n deletes its temporary copies when the
 * trigger returns) as `data0`, `data1`…, the names n8n's Chat Trigger gives them, and lists
 * them in the turn's `files`.
 */
export async function storeFiles(
	ctx: IWebhookFunctions,
	files: UploadedFile[],
): Promise<{ binary: Record<string, IBinaryData>; files: IDataObject[] } | undefined> {
	if (files.length === 0) return undefined;
	const binary: Record<string, IBinaryData> = {};
	const listed: IDataObject[] = [];
	for (const [index, file] of files.entries()) {
		const key = `data${index}`;
		const stored = await ctx.nodeHelpers.copyBinaryFile(file.filepath, fileName(file), file.mimetype ?? undefined);
		binary[key] = stored;
		listed.push({
			fileName: stored.fileName ?? fileName(file),
			fileSize: stored.fileSize ?? String(file.size),
			mimeType: stored.mimeType,
			...(stored.fileExtension ? { fileExtension: stored.fileExtension } : {}),
			binaryKey: key,
		});
	}
	return { binary, files: listed };
}

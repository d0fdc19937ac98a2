import { BadChatRequest } from '../../nodes/shared/dialects';
import { checkUploads, formBody, parseAllowedTypes, typeAllowed, type UploadedFile, uploadedFiles } from '../../nodes/ChatActionTrigger/engine/uploads';
import { TRIGGER_DEFAULTS } from '../../nodes/ChatActionTrigger/engine/defaults';

const file = (name: string, mimetype: string, size: number): UploadedFile => ({ filepath: `/tmp/${name}`, originalFilename: name, mimetype, size });
const limits = { maxFiles: 2, maxFileSizeKb: 10, allowedTypes: parseAllowedTypes(TRIGGER_DEFAULTS.allowedFileTypes) };

function refusal(action: () => void): { status: number; message: string } | undefined {
	try {
		action();
	} catch (error) {
		if (error instanceof BadChatRequest) return { status: error.status, message: error.message };
		throw error;
	}
	return undefined;
}

describe('formBody', () => {
	test("@n8n/chat's form fields become its JSON body, metadata parsed", () => {
		expect(formBody({ action: 'sendMessage', sessionId: 's1', chatInput: 'see attached', metadata: '{"visitor":{"email":"a@b.co"}}' })).toEqual({
			action: 'sendMessage',
			sessionId: 's1',
			chatInput: 'see attached',
			metadata: { visitor: { email: 'a@b.co' } },
		});
	});
	test('metadata that is not JSON, or a field sent twice, is a 400 naming the field', () => {
		expect(refusal(() => formBody({ metadata: '{oops' }))).toEqual({ status: 400, message: 'The form field "metadata" must be JSON' });
		expect(refusal(() => formBody({ chatInput: ['a', 'b'] }))?.message).toContain('"chatInput"');
	});
});

describe('uploadedFiles', () => {
	test('one file or repeated files, in the order sent', () => {
		const a = file('a.png', 'image/png', 1);
		const b = file('b.pdf', 'application/pdf', 1);
		expect(uploadedFiles({ files: a })).toEqual([a]);
		expect(uploadedFiles({ files: [a, b] })).toEqual([a, b]);
		expect(uploadedFiles(undefined)).toEqual([]);
		expect(uploadedFiles({ files: 'not a file' })).toEqual([]);
	});
});

describe('checkUploads', () => {
	test('types: exact, a family, any', () => {
		expect(typeAllowed('image/png', ['image/*'])).toBe(true);
		expect(typeAllowed('Application/PDF; charset=binary', ['application/pdf'])).toBe(true);
		expect(typeAllowed('text/html', ['image/*', 'text/plain'])).toBe(false);
		expect(typeAllowed('application/x-msdownload', ['*'])).toBe(true);
	});
	test('files within the limits pass', () => {
		expect(refusal(() => checkUploads([file('a.png', 'image/png', 10 * 1024), file('b.csv', 'text/csv', 5)], limits))).toBeUndefined();
	});
	test('too many or too large is 413; a type not allowed is 415; each names what to fix', () => {
		expect(refusal(() => checkUploads([file('a.png', 'image/png', 1), file('b.png', 'image/png', 1), file('c.png', 'image/png', 1)], limits))).toEqual({
			status: 413,
			message: '3 files were sent; this chat accepts at most 2 per message',
		});
		expect(refusal(() => checkUploads([file('big.png', 'image/png', 10 * 1024 + 1)], limits))).toEqual({
			status: 413,
			message: 'big.png is 11 KB; this chat accepts files of at most 10 KB',
		});
		expect(refusal(() => checkUploads([file('page.html', 'text/html', 1)], limits))).toEqual({
			status: 415,
			message: 'page.html is text/html; this chat accepts image/*, application/pdf, text/plain, text/csv',
		});
		expect(refusal(() => checkUploads([{ filepath: '/tmp/x', size: 1 }], limits))?.status).toBe(415);
	});
});

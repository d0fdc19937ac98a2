import { chatText, HANDOFF_NOTE } from '../../nodes/shared/chat-text';

describe('a reply as Markdown text for text-only chats (n8n Chat Trigger, @n8n/chat)', () => {
	test('links and address buttons become Markdown links; answer buttons a numbered list', () => {
		expect(
			chatText({
				message: 'Order 12345 is on its way.',
				links: [{ label: 'Track it', url: 'https://example.com/track?id=12345' }],
				buttons: [
					{ label: 'Yes', actionId: 'confirm:yes' },
					{ label: 'Invoice (PDF)', url: 'https://example.com/invoices/a b(1).pdf' },
					{ label: 'No', actionId: 'confirm:no' },
				],
			}),
		).toBe(
			[
				'Order 12345 is on its way.',
				'[Track it](https://example.com/track?id=12345)\n[Invoice (PDF)](https://example.com/invoices/a%20b%281%29.pdf)',
				'1. Yes\n2. No',
			].join('\n\n'),
		);
	});

	test('a handoff is said unless the message already says who takes over', () => {
		expect(chatText({ message: 'Thanks, noted.', handoff: true })).toBe(`Thanks, noted.\n\n${HANDOFF_NOTE}`);
		expect(chatText({ message: "I'm passing you to a teammate.", handoff: true })).toBe("I'm passing you to a teammate.");
	});

	test('brackets in a label cannot end the link early', () => {
		expect(chatText({ message: '', links: [{ label: 'see [docs]', url: 'https://example.com' }] })).toBe('[see \\[docs\\]](https://example.com)');
	});
});

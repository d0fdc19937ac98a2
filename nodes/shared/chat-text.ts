/**
 * A reply as one Markdown text, for chats that show text only: n8n's Chat Trigger page and
 * the @n8n/chat widget (both render Markdown), and channels like Telegram. Links become
 * Markdown links; buttons that open an address too; buttons that answer become a numbered
 * list the visitor answers by number (the Action Router reads "2" as the second button); a
 * handoff is said, so the visitor knows a person will answer.
 */
import type { ChatReply } from './contract';

/** Said under a reply that hands the conversation over, unless its text already says so. */
export const HANDOFF_NOTE = '_A person from our team will take over this conversation._';

/** Text shown as Markdown link text: brackets would end it early. */
const linkText = (text: string) => text.replace(/[[\]]/g, (bracket) => `\\${bracket}`);
/** An address inside a Markdown link: spaces and parentheses would end it early. */
const linkTarget = (url: string) => url.replace(/[ ()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

export function chatText(reply: Partial<ChatReply> | undefined): string {
	if (!reply) return '';
	const parts: string[] = [];
	if (reply.message) parts.push(reply.message);
	const links = [
		...(reply.links ?? []).map((link) => ({ label: link.label, url: link.url })),
		...(reply.buttons ?? []).filter((button) => button.url).map((button) => ({ label: button.label, url: button.url! })),
	];
	if (links.length > 0) parts.push(links.map((link) => `[${linkText(link.label || link.url)}](${linkTarget(link.url)})`).join('\n'));
	const choices = (reply.buttons ?? []).filter((button) => !button.url);
	if (choices.length > 0) parts.push(choices.map((button, index) => `${index + 1}. ${button.label}`).join('\n'));
	if (reply.handoff && !/\b(?:teammate|person|human|agent|colleague)\b/i.test(reply.message ?? '')) parts.push(HANDOFF_NOTE);
	return parts.join('\n\n');
}

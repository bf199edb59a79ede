import { escapeHtml } from '../html.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../context.ts';

/**
 * A mail as it goes into the outbox: subject, plain text and HTML. Each module renders its own
 * mails (`networks/mail.ts`, `consultations/mail.ts`, `events/mail.ts`, `platform/auth/reset-mail.ts`)
 * with the layout below, in the recipient's language, when it queues them.
 */
export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

/** The one call to action a mail may carry: a button in HTML, the bare link in plain text. */
export interface MailAction {
	label: string;
	link: string;
}

/** Plain text paragraphs and at most one call-to-action link, as simple, accessible HTML. */
function layout(locale: Locale, subject: string, text: string, action: MailAction | null, footer: string): string {
	const paragraphs = text
		.split('\n\n')
		.map((p) =>
			action && p.includes(action.link)
				? `<p><a href="${escapeHtml(action.link)}" style="display:inline-block;padding:12px 20px;background:#0b5a6b;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p><p style="font-size:14px;color:#444">${escapeHtml(action.link)}</p>`
				: `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`
		)
		.join('\n');
	return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f7;font-family:Inter,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<main style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">
${paragraphs}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>
</main></body></html>`;
}

/**
 * A mail signed with the network's footer: the body's paragraphs are separated by blank lines, and
 * the paragraph that holds the action's link becomes its button in HTML.
 */
export function composeMail(
	locale: Locale,
	networkName: string,
	subject: string,
	body: string,
	action: MailAction | null
): RenderedMail {
	const footer = m.mail_footer({ network: networkName }, { locale });
	return { subject, text: `${body}\n\n-- \n${footer}`, html: layout(locale, subject, body, action, footer) };
}

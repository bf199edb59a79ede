import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../context.ts';
import { composeMail, type RenderedMail } from '../mail/layout.ts';

export interface PasswordResetMailParams {
	'password-reset': { networkName: string; link: string };
}

/** The link that sets a new password; the network's name signs it (the person's first network). */
export function passwordResetMail(locale: Locale, p: PasswordResetMailParams['password-reset']): RenderedMail {
	const o = { locale };
	return composeMail(locale, p.networkName, m.mail_reset_subject({}, o), m.mail_reset_body({ link: p.link }, o), {
		label: m.mail_reset_action({}, o),
		link: p.link
	});
}

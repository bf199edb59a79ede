import { m } from '#lib/paraglide/messages.js';
import { formatDateTime } from '../../format.ts';
import type { Role } from '../../roles.ts';
import type { Locale } from '../platform/context.ts';
import { composeMail, type RenderedMail } from '../platform/mail/layout.ts';

export interface NetworkMailParams {
	invitation: { networkName: string; inviterName: string; role: Role; link: string; expiresAt: Date; timeZone: string };
}

const roleName = (role: Role, locale: Locale) =>
	({ admin: m.role_admin, coordinator: m.role_coordinator, communicator: m.role_communicator, member: m.role_member })[
		role
	]({}, { locale });

/** An invitation to join a network in a role, with the link that accepts it and when it expires. */
export function invitationMail(locale: Locale, p: NetworkMailParams['invitation']): RenderedMail {
	const o = { locale };
	const body = m.mail_invitation_body(
		{
			inviter: p.inviterName,
			network: p.networkName,
			role: roleName(p.role, locale),
			link: p.link,
			expires: formatDateTime(p.expiresAt, locale, p.timeZone)
		},
		o
	);
	return composeMail(locale, p.networkName, m.mail_invitation_subject({ network: p.networkName }, o), body, {
		label: m.mail_invitation_action({}, o),
		link: p.link
	});
}

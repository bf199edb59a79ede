import { error } from '@sveltejs/kit';
import { requireDevMailbox } from '#lib/server/context.ts';
import { findOutboxRow } from '#lib/server/platform/mail/outbox.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = requireDevMailbox(event);
	const id = Number.parseInt(event.params.id, 10);
	const mail = Number.isSafeInteger(id) ? await findOutboxRow(ctx.db, id) : undefined;
	if (!mail) error(404, { message: 'error_not_found' });
	await ctx.audit.read({ type: 'outbox', id: String(mail.id) });
	return {
		mail: {
			id: mail.id,
			kind: mail.kind,
			to: mail.to,
			fromName: mail.fromName,
			subject: mail.subject,
			text: mail.text,
			hasHtml: mail.html !== null,
			status: mail.status,
			attempts: mail.attempts,
			lastError: mail.lastError,
			createdAt: mail.createdAt,
			sentAt: mail.sentAt,
			attachments: mail.attachments.map((a) => ({
				filename: a.filename,
				contentType: a.contentType,
				size: Math.floor((a.contentBase64.length * 3) / 4)
			}))
		}
	};
};

import { app } from '#lib/server/app.ts';
import { requireDevMailbox } from '#lib/server/context.ts';
import { countOutbox, listOutbox } from '#lib/server/platform/mail/outbox.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/**
 * The dev mailbox: the instance admin reads the outbox. Without SMTP_URL nothing is sent, so
 * this is where invitation and reset links are found on a test installation.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = requireDevMailbox(event);
	const requested = Number.parseInt(event.url.searchParams.get('page') ?? '1', 10);
	const total = await countOutbox(ctx.db);
	const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pageCount) : 1;
	const rows = await listOutbox(ctx.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	return {
		smtpConfigured: Boolean(app().config.SMTP_URL),
		page,
		pageCount,
		mails: rows.map((row) => ({
			id: row.id,
			status: row.status,
			kind: row.kind,
			to: row.to,
			subject: row.subject,
			createdAt: row.createdAt,
			sentAt: row.sentAt,
			// names and sizes only: the bytes stay in the outbox
			attachments: row.attachments.map((a) => ({
				filename: a.filename,
				size: Math.floor((a.contentBase64.length * 3) / 4)
			}))
		}))
	};
};

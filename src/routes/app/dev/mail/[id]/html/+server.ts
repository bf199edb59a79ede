import { error } from '@sveltejs/kit';
import { requireDevMailbox } from '#lib/server/context.ts';
import { findOutboxRow } from '#lib/server/platform/mail/outbox.ts';
import type { RequestHandler } from './$types';

/**
 * A mail's HTML as its own document. `sandbox` without allow-* gives it an opaque origin with no
 * scripts, forms or plugins, so a mail can never act as the app; inline styles (as mails have
 * them) are allowed, nothing is loaded from elsewhere.
 */
export const GET: RequestHandler = async (event) => {
	const ctx = requireDevMailbox(event);
	const id = Number.parseInt(event.params.id, 10);
	const mail = Number.isSafeInteger(id) ? await findOutboxRow(ctx.db, id) : undefined;
	if (!mail?.html) error(404, { message: 'error_not_found' });
	await ctx.audit.read({ type: 'outbox', id: String(mail.id) });
	return new Response(mail.html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
			'cache-control': 'no-store'
		}
	});
};

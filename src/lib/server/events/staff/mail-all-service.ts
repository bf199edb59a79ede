import { z } from 'zod';
import { m } from '#lib/paraglide/messages.js';
import type { ServiceContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/html.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import * as eventRepo from '../events-repository.ts';
import { activeStatuses, type RegistrationStatus } from '../model.ts';
import { asLocale } from '../registration/links.ts';
import * as registrationRepo from '../registrations-repository.ts';

/** A message from the organiser to everyone of an event (docs/product.md#events-staff-work). */

export const mailAllSchema = z.object({
	subject: z.string().trim().min(3, 'error_events_staff_subject_required').max(200, 'error_too_long'),
	body: z.string().trim().min(10, 'error_events_staff_body_required').max(10_000, 'error_too_long')
});
export type MailAllForm = z.infer<typeof mailAllSchema>;

/** Who a mail to everyone reaches: all but the cancelled (before the event: registered, offered, waiting). */
export const mailedStatuses: readonly RegistrationStatus[] = [...activeStatuses, 'attended', 'no_show'];

/**
 * A message from the organiser to everyone registered (and waiting): one outbox row per person,
 * all in one transaction, sent by the mail job after commit.
 */
export async function mailAllRegistrants(
	ctx: ServiceContext,
	eventId: string,
	input: MailAllForm
): Promise<Result<{ mailed: number }>> {
	await requirePermission(ctx, 'events.manage');
	const result = await ctx.db.transaction().execute(async (trx): Promise<Result<{ mailed: number }>> => {
		const event = await eventRepo.findEvent(trx, ctx.network.id, eventId);
		if (!event) return failure('error_not_found');
		const people = (await registrationRepo.listRegistrations(trx, ctx.network.id, eventId, mailedStatuses)).filter(
			(r) => r.erasedAt === null
		);
		if (!people.length) return failure('error_events_staff_nobody_to_mail');
		for (const person of people) {
			const locale = asLocale(person.locale, ctx.network.defaultLocale);
			const footer = m.mail_footer({ network: ctx.network.name }, { locale });
			const paragraphs = input.body
				.split(/\n{2,}/)
				.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
				.join('\n');
			await ctx.mail.enqueue(trx, {
				networkId: ctx.network.id,
				kind: 'event-message',
				to: person.email,
				fromName: ctx.network.name,
				subject: input.subject,
				text: `${input.body}\n\n-- \n${footer}`,
				html: `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head><body>\n${paragraphs}\n<hr>\n<p>${escapeHtml(footer)}</p>\n</body></html>`
			});
		}
		await ctx.audit.record('events.mailed_all', { type: 'event', id: eventId }, 'success', trx);
		return ok({ mailed: people.length });
	});
	if (result.ok) ctx.mail.flush();
	return result;
}

import type { Kysely } from 'kysely';
import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';

/**
 * What the audit log calls an event (its title), a theme week (its name) and a registration: the
 * event it is for, never the registrant's name or address. Only for the log (see
 * src/lib/server/audit-targets.ts); every query names the network.
 */
export async function eventTargetNames(
	db: Kysely<Database>,
	networkId: string,
	type: string,
	ids: string[],
	locale: Locale
): Promise<Map<string, string> | null> {
	if (type === 'event' || type === 'event_registrations') {
		const rows = await db
			.selectFrom('event')
			.select(['id', 'title'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.title]));
	}
	if (type === 'event_registration') {
		const rows = await db
			.selectFrom('event_registration')
			.innerJoin('event', 'event.id', 'event_registration.event_id')
			.select(['event_registration.id as id', 'event.title as title'])
			.where('event_registration.network_id', '=', networkId)
			.where('event.network_id', '=', networkId)
			.where('event_registration.id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, m.audit_target_registration_for({ title: r.title }, { locale })]));
	}
	if (type === 'event_theme_week') {
		const rows = await db
			.selectFrom('event_theme_week')
			.select(['id', 'name'])
			.where('network_id', '=', networkId)
			.where('id', 'in', ids)
			.execute();
		return new Map(rows.map((r) => [r.id, r.name]));
	}
	return null;
}

import { m } from '#lib/paraglide/messages.js';
import { consultationTargetNames } from './consultations/audit-names.ts';
import { directoryTargetNames } from './directory/audit-names.ts';
import { eventTargetNames } from './events/audit-names.ts';
import { meetingTargetNames } from './meetings/audit-names.ts';
import { auditEntityLabel, type TargetNamer } from './networks/audit-log.ts';
import { networkTargetNames } from './networks/audit-names.ts';
import { surveyTargetNames } from './surveys/audit-names.ts';
import type { ServiceContext } from './platform/context.ts';
import { can, type Permission } from './platform/permissions.ts';

/**
 * The audit log names what an entry is about as a person knows it — a consultation by its reference
 * number, a contact person or organisation by name, an event by its title, a member by name —
 * instead of "Other (contact) 81a12f6a". Entries keep opaque ids (platform/audit.ts); the names are
 * looked up when the log is shown, in the network of the log only, by the module that owns the
 * thing, and only where the reader may see that module. A thing since deleted reads "Contact
 * person (no longer exists)". This is composition: the one place that knows every module's names.
 */
const resolvers: { permission: Permission; names: typeof networkTargetNames }[] = [
	{ permission: 'network.read', names: networkTargetNames },
	{ permission: 'directory.read', names: directoryTargetNames },
	{ permission: 'events.read', names: eventTargetNames },
	{ permission: 'meetings.read', names: meetingTargetNames },
	{ permission: 'surveys.manage', names: surveyTargetNames },
	// a reference number only, never a text of the consultation; the log is for admins
	{ permission: 'audit.read', names: consultationTargetNames }
];

/** Ids that name no single thing: an export of a whole list. */
const NOT_A_THING = new Set(['list']);

/** A namer for the context's network and language: give it a page of entries, ask it per entry. */
export function auditTargetNamer(ctx: ServiceContext): TargetNamer {
	return async (entries) => {
		const idsByType = new Map<string, Set<string>>();
		for (const { entityType, entityId } of entries) {
			if (!entityType || !entityId || NOT_A_THING.has(entityId)) continue;
			if (!idsByType.has(entityType)) idsByType.set(entityType, new Set());
			idsByType.get(entityType)!.add(entityId);
		}
		const found = new Map<string, Map<string, string>>();
		const owned = new Set<string>();
		for (const [type, ids] of idsByType) {
			for (const resolver of resolvers) {
				if (!can(ctx, resolver.permission)) continue;
				const names = await resolver.names(ctx.db, ctx.network.id, type, [...ids], ctx.locale);
				if (names) {
					found.set(type, names);
					owned.add(type);
					break;
				}
			}
		}
		return (entityType, entityId) => {
			if (!entityType || !entityId || NOT_A_THING.has(entityId) || !owned.has(entityType)) return null;
			return (
				found.get(entityType)?.get(entityId) ??
				m.audit_target_gone({ type: auditEntityLabel(entityType, ctx.locale) }, { locale: ctx.locale })
			);
		};
	};
}

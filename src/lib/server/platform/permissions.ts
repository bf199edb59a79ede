import { roleAtLeast, type Role } from '../../roles.ts';
import type { ServiceContext } from './context.ts';

export { roleAtLeast, roles } from '../../roles.ts';

/** What a role may do; services check one of these first thing. */
export const permissions = {
	'network.read': 'member',
	'members.manage': 'admin',
	'settings.manage': 'admin',
	'public_pages.manage': 'communicator',
	'audit.read': 'admin',
	// Directory (docs/product.md#directory): members read it; coordinators and admins keep it up to date. The network's
	// municipalities and organisation types are settings, for admins.
	'directory.read': 'member',
	'directory.edit': 'coordinator',
	'directory.export': 'member',
	'directory.settings': 'admin',
	// Events (docs/product.md#events): members see the network's events; communicators and above run them.
	'events.read': 'member',
	'events.manage': 'communicator',
	// Team meetings (docs/product.md#team-meetings): everyone sees the calendar; what an invited member
	// sees more is decided per meeting; coordinators and admins run them.
	'meetings.read': 'member',
	'meetings.manage': 'coordinator',
	// Evaluations (docs/product.md#evaluations): communicators and above ask, read results and mark
	// quotes; nobody reads who answered what, because nothing records it (decision 023).
	'surveys.manage': 'communicator'
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof permissions;

export class PermissionDenied extends Error {
	/** A permission of the map above, or a module's own ability (e.g. `consultations.handle`). */
	readonly permission: string;
	constructor(permission: Permission | `${string}.${string}`) {
		super(`permission denied: ${permission}`);
		this.permission = permission;
	}
}

export function can(ctx: Pick<ServiceContext, 'role'>, permission: Permission): boolean {
	return roleAtLeast(ctx.role, permissions[permission]);
}

/**
 * Throws when the context's role lacks the permission, after recording the denial. Routes turn the
 * error into a 403 page; a service never continues past it.
 */
export async function requirePermission(ctx: ServiceContext, permission: Permission): Promise<void> {
	if (can(ctx, permission)) return;
	await ctx.audit.record(`permission.${permission}`, null, 'denied');
	throw new PermissionDenied(permission);
}

/** Roles that must have two-factor authentication before they reach anything in the app. */
export function roleRequiresTwoFactor(role: Role): boolean {
	return roleAtLeast(role, 'coordinator');
}

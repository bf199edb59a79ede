import { m } from '#lib/paraglide/messages.js';
import { roleAtLeast, type Role } from './roles.ts';

/**
 * The signed-in app's main navigation. Modules add their entry here when their pages exist (never
 * before: a link to a missing page is a dead end). `path` is relative to /app/{network}; `role` is
 * the lowest role that sees the entry, and should match the permission its page checks.
 */
export interface NavItem {
	id: string;
	path: string;
	role: Role;
	/** Roles above `role` that still do not see the entry (communicators have no consultations). */
	except?: Role[];
	label: () => string;
}

export const networkNavigation: NavItem[] = [
	{ id: 'overview', path: '', role: 'member', label: () => m.shell_nav_overview() },
	{
		id: 'consultations',
		path: '/consultations',
		role: 'member',
		except: ['communicator'],
		label: () => m.shell_nav_consultations()
	},
	// Staff pages only (events.manage); members find the network's events on its public pages.
	{ id: 'events', path: '/events', role: 'communicator', label: () => m.shell_nav_events() },
	// Evaluations are run by communicators and above (surveys.manage); respondents answer by link.
	{ id: 'surveys', path: '/surveys', role: 'communicator', label: () => m.shell_nav_surveys() },
	// Everyone sees the meeting calendar (meetings.read); what more a meeting shows depends on the reader.
	{ id: 'meetings', path: '/meetings', role: 'member', label: () => m.shell_nav_meetings() },
	{ id: 'directory', path: '/directory', role: 'member', label: () => m.shell_nav_directory() },
	{ id: 'members', path: '/members', role: 'admin', label: () => m.shell_nav_members() },
	{ id: 'public-pages', path: '/settings/public-pages', role: 'communicator', label: () => m.shell_nav_public_pages() },
	{ id: 'settings', path: '/settings', role: 'admin', label: () => m.shell_nav_settings() },
	{ id: 'audit', path: '/audit', role: 'admin', label: () => m.shell_nav_audit() }
];

/** Entries for the instance admin, outside any network. */
export const instanceNavigation: { id: string; path: string; label: () => string }[] = [
	{ id: 'networks', path: '/app/admin/networks', label: () => m.shell_nav_instance_networks() },
	{ id: 'mail', path: '/app/dev/mail', label: () => m.shell_nav_instance_mail() }
];

/** The entries a role sees, in order. */
export function navigationFor(role: Role): NavItem[] {
	return networkNavigation.filter((item) => roleAtLeast(role, item.role) && !item.except?.includes(role));
}

/**
 * Whether an entry is the current page: the overview only on its own path, others also on the
 * pages below them (but "settings" not on "settings/public-pages", which has its own entry).
 */
export function isCurrent(item: NavItem, base: string, pathname: string): boolean {
	const target = base + item.path;
	if (item.path === '') return pathname === target;
	if (pathname === target) return true;
	if (!pathname.startsWith(`${target}/`)) return false;
	return !networkNavigation.some(
		(other) => other !== item && other.path.startsWith(`${item.path}/`) && pathname.startsWith(base + other.path)
	);
}

/** A role's name in the page's language. */
export function roleLabel(role: Role): string {
	return {
		admin: m.role_admin,
		coordinator: m.role_coordinator,
		communicator: m.role_communicator,
		member: m.role_member
	}[role]();
}

import { describe, expect, it } from 'vitest';
import { can, roleAtLeast, roleRequiresTwoFactor } from './permissions.ts';

describe('roles and permissions', () => {
	it('gives each role what the roles below it have', () => {
		expect(roleAtLeast('admin', 'coordinator')).toBe(true);
		expect(roleAtLeast('coordinator', 'communicator')).toBe(true);
		expect(roleAtLeast('communicator', 'coordinator')).toBe(false);
		expect(roleAtLeast('member', 'member')).toBe(true);
	});

	it('lets only admins manage members, settings and read the audit log', () => {
		for (const permission of ['members.manage', 'settings.manage', 'audit.read'] as const) {
			expect(can({ role: 'admin' }, permission)).toBe(true);
			expect(can({ role: 'coordinator' }, permission)).toBe(false);
		}
	});

	it('lets communicators edit the public pages but not members', () => {
		expect(can({ role: 'communicator' }, 'public_pages.manage')).toBe(true);
		expect(can({ role: 'member' }, 'public_pages.manage')).toBe(false);
	});

	it('requires two-factor for admins and coordinators only', () => {
		expect(roleRequiresTwoFactor('admin')).toBe(true);
		expect(roleRequiresTwoFactor('coordinator')).toBe(true);
		expect(roleRequiresTwoFactor('communicator')).toBe(false);
		expect(roleRequiresTwoFactor('member')).toBe(false);
	});
});

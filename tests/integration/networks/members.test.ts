import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole, getMember, listMembers, setMemberActive } from '#lib/server/networks/service.ts';
import { findMember } from '#lib/server/networks/repository.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { newMember, newNetwork, newSession, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('members and roles on %s', (dialect) => {
	let handle: TestDatabase;
	let network: NetworkRef;
	let admin: TestMember;
	let ctx: ServiceContext;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		network = await newNetwork(handle.db);
		admin = await newMember(handle.db, network.id, { role: 'admin', name: 'Anna Admin' });
		ctx = serviceContext(handle.db, { network, user: admin.user, role: 'admin' });
	});
	afterAll(async () => handle.cleanup());

	const auditOf = (entityId: string) =>
		handle.db.selectFrom('audit_event').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();

	it('lists members with role, two-factor state and activity', async () => {
		const bo = await newMember(handle.db, network.id, {
			role: 'coordinator',
			name: 'Bo Samordnare',
			twoFactorEnabled: true
		});
		const { members } = await listMembers(ctx);
		expect(members.find((m) => m.membershipId === bo.membershipId)).toMatchObject({
			name: 'Bo Samordnare',
			email: bo.user.email,
			role: 'coordinator',
			twoFactorEnabled: true,
			active: true,
			deactivatedAt: null
		});
		expect(members.every((m) => m.joinedAt instanceof Date)).toBe(true);
	});

	it('changes a role and audits the change', async () => {
		const person = await newMember(handle.db, network.id, { role: 'member' });
		expect(await changeRole(ctx, person.membershipId, 'communicator')).toEqual({ ok: true, value: undefined });
		expect((await findMember(handle.db, network.id, person.membershipId))?.role).toBe('communicator');
		const audit = await auditOf(person.membershipId);
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			action: 'member.role_changed.communicator',
			entity_type: 'membership',
			actor_user_id: admin.user.userId,
			network_id: network.id,
			outcome: 'success',
			client_address: '192.0.2.10'
		});
		// The same role again changes and records nothing.
		expect((await changeRole(ctx, person.membershipId, 'communicator')).ok).toBe(true);
		expect(await auditOf(person.membershipId)).toHaveLength(1);
	});

	it('never leaves the network without an active admin', async () => {
		const lone = await newNetwork(handle.db);
		const only = await newMember(handle.db, lone.id, { role: 'admin' });
		const loneCtx = serviceContext(handle.db, { network: lone, user: only.user, role: 'admin' });
		expect(await changeRole(loneCtx, only.membershipId, 'member')).toEqual({ ok: false, error: 'error_last_admin' });
		expect((await findMember(handle.db, lone.id, only.membershipId))?.role).toBe('admin');
		const second = await newMember(handle.db, lone.id, { role: 'admin' });
		expect((await changeRole(loneCtx, only.membershipId, 'member')).ok).toBe(true);
		const secondCtx = serviceContext(handle.db, { network: lone, user: second.user, role: 'admin' });
		expect(await changeRole(secondCtx, second.membershipId, 'coordinator')).toEqual({
			ok: false,
			error: 'error_last_admin'
		});
		// A deactivated admin does not count.
		const third = await newMember(handle.db, lone.id, { role: 'admin', active: false });
		expect(await changeRole(secondCtx, second.membershipId, 'coordinator')).toEqual({
			ok: false,
			error: 'error_last_admin'
		});
		expect((await getMember(secondCtx, third.membershipId)).ok).toBe(true);
	});

	it('ends every session of a deactivated member at once, and audits it', async () => {
		const person = await newMember(handle.db, network.id, { role: 'member' });
		await newSession(handle.db, person.user.userId);
		await newSession(handle.db, person.user.userId);
		const adminSession = await newSession(handle.db, admin.user.userId);
		expect(await setMemberActive(ctx, person.membershipId, false)).toEqual({ ok: true, value: undefined });
		expect(
			await handle.db.selectFrom('session').select('id').where('userId', '=', person.user.userId).execute()
		).toHaveLength(0);
		expect(await handle.db.selectFrom('session').select('id').where('id', '=', adminSession).execute()).toHaveLength(1);
		const member = await findMember(handle.db, network.id, person.membershipId);
		expect(member).toMatchObject({ active: false });
		expect(member?.deactivatedAt).toBeInstanceOf(Date);
		expect((await auditOf(person.membershipId)).map((a) => a.action)).toEqual(['member.deactivated']);

		expect(await setMemberActive(ctx, person.membershipId, true)).toEqual({ ok: true, value: undefined });
		expect(await findMember(handle.db, network.id, person.membershipId)).toMatchObject({
			active: true,
			deactivatedAt: null
		});
		expect((await auditOf(person.membershipId)).map((a) => a.action)).toEqual([
			'member.deactivated',
			'member.reactivated'
		]);
	});

	it('does not let admins deactivate themselves or the last admin', async () => {
		expect(await setMemberActive(ctx, admin.membershipId, false)).toEqual({
			ok: false,
			error: 'error_cannot_deactivate_self'
		});
		const lone = await newNetwork(handle.db);
		const only = await newMember(handle.db, lone.id, { role: 'admin' });
		const instance = await newMember(handle.db, lone.id, { role: 'coordinator' });
		// An admin acting through another admin's context still cannot remove the last admin.
		const other = serviceContext(handle.db, { network: lone, user: instance.user, role: 'admin' });
		expect(await setMemberActive(other, only.membershipId, false)).toEqual({ ok: false, error: 'error_last_admin' });
	});
});

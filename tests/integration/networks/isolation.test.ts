import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	changeRole,
	getMember,
	inviteMember,
	listMembers,
	listPublicTexts,
	revokeInvitation,
	savePublicText,
	setMemberActive,
	updateSettings
} from '#lib/server/networks/service.ts';
import { browseAuditLog, exportAuditLog } from '#lib/server/networks/audit-log.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import type { Role } from '#lib/roles.ts';
import { newMember, newNetwork, newSession, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const origin = 'https://samverkan.test';

describe.each(testDialects)('tenant isolation and permissions on %s', (dialect) => {
	let handle: TestDatabase;
	let networkA: NetworkRef;
	let networkB: NetworkRef;
	let adminA: TestMember;
	let ctxA: ServiceContext;
	let memberB: TestMember;
	let adminB: TestMember;
	let invitationB: string;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		networkA = await newNetwork(handle.db, { name: 'Nätverk A' });
		networkB = await newNetwork(handle.db, { name: 'Nätverk B' });
		adminA = await newMember(handle.db, networkA.id, { role: 'admin' });
		adminB = await newMember(handle.db, networkB.id, { role: 'admin' });
		memberB = await newMember(handle.db, networkB.id, { role: 'member' });
		ctxA = serviceContext(handle.db, { network: networkA, user: adminA.user, role: 'admin' });
		const ctxB = serviceContext(handle.db, { network: networkB, user: adminB.user, role: 'admin' });
		const invited = await inviteMember(ctxB, { email: 'b-invite@example.org', role: 'member', origin });
		if (!invited.ok) throw new Error('setup failed');
		invitationB = invited.value.invitationId;
		await newSession(handle.db, memberB.user.userId);
	});
	afterAll(async () => handle.cleanup());

	async function snapshot() {
		const [membership, invitation, session] = await Promise.all([
			handle.db.selectFrom('membership').selectAll().where('network_id', '=', networkB.id).orderBy('id').execute(),
			handle.db.selectFrom('invitation').selectAll().where('network_id', '=', networkB.id).orderBy('id').execute(),
			handle.db.selectFrom('session').selectAll().where('userId', '=', memberB.user.userId).execute()
		]);
		return { membership, invitation, session };
	}

	it("answers 'not found' for another network's membership and invitation ids, and changes nothing", async () => {
		const before = await snapshot();
		expect(await changeRole(ctxA, memberB.membershipId, 'admin')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await changeRole(ctxA, adminB.membershipId, 'member')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await setMemberActive(ctxA, memberB.membershipId, false)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await setMemberActive(ctxA, memberB.membershipId, true)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await getMember(ctxA, memberB.membershipId)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await revokeInvitation(ctxA, invitationB)).toEqual({ ok: false, error: 'error_not_found' });
		// The same answer as for ids that do not exist at all.
		expect(await changeRole(ctxA, 'no-such-id', 'admin')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await revokeInvitation(ctxA, 'no-such-id')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await snapshot()).toEqual(before);
	});

	it("never lists another network's members, invitations, texts or audit events", async () => {
		const ctxB = serviceContext(handle.db, { network: networkB, user: adminB.user, role: 'admin' });
		await savePublicText(ctxB, { kind: 'description', locale: 'sv', body: 'Text för B' });
		const { members, invitations } = await listMembers(ctxA);
		expect(members.map((m) => m.membershipId)).toEqual([adminA.membershipId]);
		expect(invitations).toEqual([]);
		expect(await listPublicTexts(ctxA)).toEqual([]);
		const log = await browseAuditLog(ctxA, {}, 1);
		expect(log.rows.every((row) => row.actorUserId !== adminB.user.userId)).toBe(true);
		expect(log.actors.map((a) => a.userId)).not.toContain(adminB.user.userId);
		expect(await exportAuditLog(ctxA, {})).not.toContain(adminB.user.userId);
	});

	it('changes only its own network when saving settings', async () => {
		await updateSettings(ctxA, { ...networkA, name: 'Nätverk A, nytt namn' });
		const b = await handle.db
			.selectFrom('network')
			.select('name')
			.where('id', '=', networkB.id)
			.executeTakeFirstOrThrow();
		expect(b.name).toBe('Nätverk B');
	});

	it.each<Role>(['member', 'communicator', 'coordinator'])(
		'refuses a %s to manage members, and records the refusal',
		async (role) => {
			const person = await newMember(handle.db, networkA.id, { role });
			const target = await newMember(handle.db, networkA.id, { role: 'member' });
			const ctx = serviceContext(handle.db, { network: networkA, user: person.user, role });
			const before = await handle.db
				.selectFrom('membership')
				.selectAll()
				.where('network_id', '=', networkA.id)
				.orderBy('id')
				.execute();
			await expect(listMembers(ctx)).rejects.toBeInstanceOf(PermissionDenied);
			await expect(inviteMember(ctx, { email: 'x@example.org', role: 'admin', origin })).rejects.toBeInstanceOf(
				PermissionDenied
			);
			await expect(changeRole(ctx, target.membershipId, 'admin')).rejects.toBeInstanceOf(PermissionDenied);
			await expect(changeRole(ctx, person.membershipId, 'admin')).rejects.toBeInstanceOf(PermissionDenied);
			await expect(setMemberActive(ctx, target.membershipId, false)).rejects.toBeInstanceOf(PermissionDenied);
			await expect(updateSettings(ctx, { ...networkA })).rejects.toBeInstanceOf(PermissionDenied);
			await expect(browseAuditLog(ctx, {}, 1)).rejects.toBeInstanceOf(PermissionDenied);
			await expect(exportAuditLog(ctx, {})).rejects.toBeInstanceOf(PermissionDenied);
			expect(
				await handle.db
					.selectFrom('membership')
					.selectAll()
					.where('network_id', '=', networkA.id)
					.orderBy('id')
					.execute()
			).toEqual(before);
			expect(
				await handle.db.selectFrom('invitation').select('id').where('email', '=', 'x@example.org').execute()
			).toHaveLength(0);
			const denied = await handle.db
				.selectFrom('audit_event')
				.selectAll()
				.where('actor_user_id', '=', person.user.userId)
				.where('outcome', '=', 'denied')
				.orderBy('id')
				.execute();
			expect(denied.map((d) => d.action)).toEqual([
				'permission.members.manage',
				'permission.members.manage',
				'permission.members.manage',
				'permission.members.manage',
				'permission.members.manage',
				'permission.settings.manage',
				'permission.audit.read',
				'permission.audit.read'
			]);
			expect(denied.every((d) => d.network_id === networkA.id)).toBe(true);
		}
	);

	it('lets a communicator edit the public pages but a member not', async () => {
		const communicator = await newMember(handle.db, networkA.id, { role: 'communicator' });
		const ctx = serviceContext(handle.db, { network: networkA, user: communicator.user, role: 'communicator' });
		expect((await savePublicText(ctx, { kind: 'privacy', locale: 'nb', body: 'Personvern' })).ok).toBe(true);
		expect(await listPublicTexts(ctx)).toEqual([{ kind: 'privacy', locale: 'nb', body: 'Personvern' }]);
		// An empty text goes back to the default.
		expect((await savePublicText(ctx, { kind: 'privacy', locale: 'nb', body: '' })).ok).toBe(true);
		expect(await listPublicTexts(ctx)).toEqual([]);
		const member = await newMember(handle.db, networkA.id, { role: 'member' });
		const memberCtx = serviceContext(handle.db, { network: networkA, user: member.user, role: 'member' });
		await expect(savePublicText(memberCtx, { kind: 'privacy', locale: 'sv', body: 'x' })).rejects.toBeInstanceOf(
			PermissionDenied
		);
	});
});

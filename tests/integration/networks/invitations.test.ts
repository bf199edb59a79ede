import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	acceptInvitation,
	INVITATION_VALID_DAYS,
	inviteMember,
	listMembers,
	previewInvitation,
	revokeInvitation
} from '#lib/server/networks/service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { enqueueMail } from '#lib/server/platform/mail/outbox.ts';
import {
	newMember,
	newNetwork,
	newUser,
	serviceContext,
	TEST_PASSWORD,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const origin = 'https://samverkan.test';
const DAY = 24 * 3600_000;

describe.each(testDialects)('invitations on %s', (dialect) => {
	let handle: TestDatabase;
	let network: NetworkRef;
	let admin: TestMember;
	let ctx: ServiceContext;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		network = await newNetwork(handle.db, { name: 'Kompetensteamet Norrbotten' });
		admin = await newMember(handle.db, network.id, { role: 'admin', name: 'Anna Admin' });
		ctx = serviceContext(handle.db, { network, user: admin.user, role: 'admin' });
	});
	afterAll(async () => handle.cleanup());

	/** Invites and returns the token from the queued mail, as the invited person would find it. */
	async function invite(
		email: string,
		role: 'member' | 'coordinator' | 'admin' | 'communicator' = 'member',
		context = ctx
	) {
		const result = await inviteMember(context, { email, role, origin });
		expect(result.ok).toBe(true);
		const mail = await handle.db
			.selectFrom('outbox')
			.selectAll()
			.where('recipient', '=', email.toLowerCase())
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		const link = /https:\/\/samverkan\.test\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body);
		expect(link).not.toBeNull();
		return { invitationId: result.ok ? result.value.invitationId : '', token: link![1], mail };
	}

	it('queues the invitation mail with its link, in the network language, from the network', async () => {
		const { mail, invitationId } = await invite('Ny.Person@Example.org');
		expect(mail).toMatchObject({
			kind: 'invitation',
			status: 'pending',
			from_name: 'Kompetensteamet Norrbotten',
			network_id: network.id
		});
		expect(mail.subject).toBe('Inbjudan till Kompetensteamet Norrbotten');
		expect(mail.text_body).toContain('Anna Admin');
		expect(mail.html_body).toContain('href="https://samverkan.test/invite/');
		const row = await handle.db
			.selectFrom('invitation')
			.selectAll()
			.where('id', '=', invitationId)
			.executeTakeFirstOrThrow();
		expect(row.email).toBe('ny.person@example.org');
		// Only the hash of the token is stored.
		expect(mail.text_body).not.toContain(row.token_hash);
		const audit = await handle.db.selectFrom('audit_event').selectAll().where('entity_id', '=', invitationId).execute();
		expect(audit.map((a) => a.action)).toEqual(['member.invited']);
		expect((ctx.mail as unknown as { flushed: number }).flushed).toBeGreaterThan(0);
	});

	it('writes neither invitation nor mail when the mail cannot be queued (one transaction)', async () => {
		const failing: ServiceContext = {
			...ctx,
			mail: {
				enqueue: async (db, mail) => {
					await enqueueMail(db, mail);
					throw new Error('outbox unavailable');
				},
				flush: () => {}
			}
		};
		await expect(inviteMember(failing, { email: 'rollback@example.org', role: 'member', origin })).rejects.toThrow(
			'outbox unavailable'
		);
		expect(
			await handle.db.selectFrom('invitation').select('id').where('email', '=', 'rollback@example.org').execute()
		).toHaveLength(0);
		expect(
			await handle.db.selectFrom('outbox').select('id').where('recipient', '=', 'rollback@example.org').execute()
		).toHaveLength(0);
	});

	it('shows the network and role, then lets a new person choose a name and password', async () => {
		const { token } = await invite('kalle@example.org', 'coordinator');
		const preview = await previewInvitation(handle.db, token, new Date());
		expect(preview).toMatchObject({
			ok: true,
			value: { email: 'kalle@example.org', role: 'coordinator', hasAccount: false }
		});
		if (preview.ok) expect(preview.value.network.id).toBe(network.id);

		const weak = await acceptInvitation(
			handle.db,
			token,
			{ name: 'Kalle', password: 'kalle@example.org123', locale: 'sv' },
			new Date()
		);
		expect(weak).toMatchObject({ ok: false, field: 'password' });
		const noName = await acceptInvitation(
			handle.db,
			token,
			{ name: ' ', password: TEST_PASSWORD, locale: 'sv' },
			new Date()
		);
		expect(noName).toMatchObject({ ok: false, error: 'error_name_required', field: 'name' });

		const accepted = await acceptInvitation(
			handle.db,
			token,
			{ name: 'Kalle Karlsson', password: TEST_PASSWORD, locale: 'sv' },
			new Date()
		);
		expect(accepted).toMatchObject({ ok: true, value: { newUser: true } });
		const { members } = await listMembers(ctx);
		expect(members.find((m) => m.email === 'kalle@example.org')).toMatchObject({
			name: 'Kalle Karlsson',
			role: 'coordinator',
			active: true
		});
	});

	it('is single use, even when accepted twice at the same moment', async () => {
		const { token } = await invite('dubbel@example.org');
		const input = { name: 'Dubbel Klick', password: TEST_PASSWORD, locale: 'sv' as const };
		const results = await Promise.all([
			acceptInvitation(handle.db, token, input, new Date()),
			acceptInvitation(handle.db, token, input, new Date())
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ error: 'error_invitation_used' });
		const users = await handle.db.selectFrom('user').select('id').where('email', '=', 'dubbel@example.org').execute();
		expect(users).toHaveLength(1);
		const memberships = await handle.db
			.selectFrom('membership')
			.select('id')
			.where('user_id', '=', users[0].id)
			.execute();
		expect(memberships).toHaveLength(1);
		const again = await acceptInvitation(handle.db, token, input, new Date());
		expect(again).toEqual({ ok: false, error: 'error_invitation_used' });
		expect(await previewInvitation(handle.db, token, new Date())).toEqual({
			ok: false,
			error: 'error_invitation_used'
		});
	});

	it('expires after seven days', async () => {
		const { token } = await invite('sen@example.org');
		const almost = new Date(Date.now() + INVITATION_VALID_DAYS * DAY - 60_000);
		expect((await previewInvitation(handle.db, token, almost)).ok).toBe(true);
		const after = new Date(Date.now() + INVITATION_VALID_DAYS * DAY + 60_000);
		expect(await previewInvitation(handle.db, token, after)).toEqual({ ok: false, error: 'error_invitation_expired' });
		const result = await acceptInvitation(
			handle.db,
			token,
			{ name: 'För Sen', password: TEST_PASSWORD, locale: 'sv' },
			after
		);
		expect(result).toEqual({ ok: false, error: 'error_invitation_expired' });
		expect(
			await handle.db.selectFrom('user').select('id').where('email', '=', 'sen@example.org').execute()
		).toHaveLength(0);
	});

	it('can be revoked, once, and is then no longer listed or usable', async () => {
		const { token, invitationId } = await invite('angrad@example.org');
		expect((await listMembers(ctx)).invitations.map((i) => i.id)).toContain(invitationId);
		expect(await revokeInvitation(ctx, invitationId)).toEqual({ ok: true, value: undefined });
		expect(await revokeInvitation(ctx, invitationId)).toEqual({ ok: false, error: 'error_not_found' });
		expect((await listMembers(ctx)).invitations.map((i) => i.id)).not.toContain(invitationId);
		expect(await previewInvitation(handle.db, token, new Date())).toEqual({
			ok: false,
			error: 'error_invitation_used'
		});
		const audit = await handle.db
			.selectFrom('audit_event')
			.select('action')
			.where('entity_id', '=', invitationId)
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['member.invited', 'member.invitation_revoked']);
	});

	it('keeps only the newest link when a person is invited again', async () => {
		const first = await invite('igen@example.org');
		const second = await invite('igen@example.org', 'communicator');
		expect(await previewInvitation(handle.db, first.token, new Date())).toEqual({
			ok: false,
			error: 'error_invitation_used'
		});
		expect(await previewInvitation(handle.db, second.token, new Date())).toMatchObject({
			ok: true,
			value: { role: 'communicator' }
		});
	});

	it('rejects an unknown token', async () => {
		expect(await previewInvitation(handle.db, 'no-such-token', new Date())).toEqual({
			ok: false,
			error: 'error_invitation_invalid'
		});
	});

	it('refuses to invite someone who is already a member', async () => {
		const existing = await newMember(handle.db, network.id, { role: 'member' });
		expect(await inviteMember(ctx, { email: existing.user.email, role: 'member', origin })).toEqual({
			ok: false,
			error: 'error_already_member',
			field: 'email'
		});
		const inactive = await newMember(handle.db, network.id, { role: 'member', active: false });
		expect(await inviteMember(ctx, { email: inactive.user.email, role: 'member', origin })).toMatchObject({
			error: 'error_member_deactivated'
		});
	});

	it('asks a person with an account to sign in first, then adds the membership to that account', async () => {
		const other = await newNetwork(handle.db);
		const person = await newMember(handle.db, other.id, { role: 'member', email: 'finns@example.org' });
		const { token } = await invite('finns@example.org', 'communicator');
		expect(await previewInvitation(handle.db, token, new Date())).toMatchObject({
			ok: true,
			value: { hasAccount: true }
		});
		expect(await acceptInvitation(handle.db, token, { locale: 'sv' }, new Date())).toEqual({
			ok: false,
			error: 'error_invitation_sign_in_first'
		});
		const stranger = await newUser(handle.db);
		expect(
			await acceptInvitation(handle.db, token, { locale: 'sv', signedInUserId: stranger.userId }, new Date())
		).toEqual({
			ok: false,
			error: 'error_invitation_sign_in_first'
		});
		const accepted = await acceptInvitation(
			handle.db,
			token,
			{ locale: 'sv', signedInUserId: person.user.userId },
			new Date()
		);
		expect(accepted).toMatchObject({ ok: true, value: { userId: person.user.userId, newUser: false } });
		const memberships = await handle.db
			.selectFrom('membership')
			.select(['network_id', 'role'])
			.where('user_id', '=', person.user.userId)
			.execute();
		expect(memberships).toHaveLength(2);
		expect(memberships.find((m) => m.network_id === network.id)?.role).toBe('communicator');
	});
});

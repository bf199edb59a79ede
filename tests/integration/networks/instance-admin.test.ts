import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	acceptInvitation,
	closeNetwork,
	createNetworkWithAdmin,
	InstanceAdminRequired,
	listNetworksForInstanceAdmin,
	networksOfUser,
	previewInvitation
} from '#lib/server/networks/service.ts';
import { findOpenNetworkBySlug, listOpenNetworks } from '#lib/server/networks/repository.ts';
import {
	actorContext,
	newMember,
	newNetwork,
	newUser,
	TEST_PASSWORD,
	type TestUser
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const input = {
	name: 'Kompetensteamet Troms',
	slug: 'troms',
	country: 'NO' as const,
	timeZone: 'Europe/Oslo',
	defaultLocale: 'nb' as const,
	contactEmail: 'kontakt@troms.example',
	contactPhone: null,
	referencePrefix: 'TRO',
	adminEmail: 'forste.admin@troms.example',
	origin: 'https://samverkan.test'
};

describe.each(testDialects)('instance administration on %s', (dialect) => {
	let handle: TestDatabase;
	let instanceAdmin: TestUser;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		instanceAdmin = await newUser(handle.db, { isInstanceAdmin: true, twoFactorEnabled: true, name: 'Ingrid Instans' });
	});
	afterAll(async () => handle.cleanup());

	it('creates a network and invites its first admin in Norwegian, without becoming a member', async () => {
		const ctx = actorContext(handle.db, { user: instanceAdmin });
		const result = await createNetworkWithAdmin(ctx, input);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.network).toMatchObject({
			slug: 'troms',
			country: 'NO',
			timeZone: 'Europe/Oslo',
			defaultLocale: 'nb'
		});
		const mail = await handle.db
			.selectFrom('outbox')
			.selectAll()
			.where('recipient', '=', 'forste.admin@troms.example')
			.executeTakeFirstOrThrow();
		expect(mail.subject).toBe('Invitasjon til Kompetensteamet Troms');
		const token = /\/nb\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
		expect(await previewInvitation(handle.db, token, new Date())).toMatchObject({ ok: true, value: { role: 'admin' } });
		expect(await networksOfUser(handle.db, instanceAdmin.userId)).toEqual([]);
		const audit = await handle.db
			.selectFrom('audit_event')
			.select(['action', 'network_id', 'actor_user_id'])
			.where('network_id', '=', result.value.network.id)
			.orderBy('id')
			.execute();
		expect(audit).toEqual([
			{ action: 'network.created', network_id: result.value.network.id, actor_user_id: instanceAdmin.userId },
			{ action: 'member.invited', network_id: result.value.network.id, actor_user_id: instanceAdmin.userId }
		]);
		const accepted = await acceptInvitation(
			handle.db,
			token,
			{ name: 'Første Admin', password: TEST_PASSWORD, locale: 'nb' },
			new Date()
		);
		expect(accepted.ok).toBe(true);
	});

	it('refuses a taken address name and creates nothing', async () => {
		const ctx = actorContext(handle.db, { user: instanceAdmin });
		const before = await handle.db.selectFrom('invitation').select('id').execute();
		expect(await createNetworkWithAdmin(ctx, { ...input, adminEmail: 'annan@example.org' })).toEqual({
			ok: false,
			error: 'error_slug_taken',
			field: 'slug'
		});
		expect(await handle.db.selectFrom('invitation').select('id').execute()).toHaveLength(before.length);
	});

	it('lists every network for the instance admin only', async () => {
		const ctx = actorContext(handle.db, { user: instanceAdmin });
		const list = await listNetworksForInstanceAdmin(ctx);
		expect(list.find((n) => n.network.slug === 'troms')).toMatchObject({ activeMembers: 1, closedAt: null });
		const someone = await newUser(handle.db);
		await expect(listNetworksForInstanceAdmin(actorContext(handle.db, { user: someone }))).rejects.toBeInstanceOf(
			InstanceAdminRequired
		);
		await expect(
			createNetworkWithAdmin(actorContext(handle.db, { user: someone }), { ...input, slug: 'nope' })
		).rejects.toBeInstanceOf(InstanceAdminRequired);
		const denied = await handle.db
			.selectFrom('audit_event')
			.select('action')
			.where('actor_user_id', '=', someone.userId)
			.where('outcome', '=', 'denied')
			.execute();
		expect(denied).toHaveLength(2);
	});

	it('closes a network: it leaves the public list, its pages, its members’ switcher and its invitations', async () => {
		const network = await newNetwork(handle.db, { slug: 'stangs' });
		const member = await newMember(handle.db, network.id, { role: 'admin' });
		const ctx = actorContext(handle.db, { user: instanceAdmin });
		const other = await createNetworkWithAdmin(ctx, { ...input, slug: 'stangs-2', adminEmail: 'x@stangs.example' });
		expect(other.ok).toBe(true);
		const mail = await handle.db
			.selectFrom('outbox')
			.select('text_body')
			.where('recipient', '=', 'x@stangs.example')
			.executeTakeFirstOrThrow();
		const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];

		expect(await closeNetwork(ctx, network.id)).toEqual({ ok: true, value: undefined });
		expect(await closeNetwork(ctx, network.id)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await findOpenNetworkBySlug(handle.db, 'stangs')).toBeUndefined();
		expect((await listOpenNetworks(handle.db)).map((n) => n.slug)).not.toContain('stangs');
		expect(await networksOfUser(handle.db, member.user.userId)).toEqual([]);
		expect((await listNetworksForInstanceAdmin(ctx)).find((n) => n.network.id === network.id)?.closedAt).toBeInstanceOf(
			Date
		);

		if (other.ok) await closeNetwork(ctx, other.value.network.id);
		expect(await previewInvitation(handle.db, token, new Date())).toEqual({
			ok: false,
			error: 'error_invitation_invalid'
		});
		await expect(closeNetwork(actorContext(handle.db, { user: member.user }), network.id)).rejects.toBeInstanceOf(
			InstanceAdminRequired
		);
	});
});

/**
 * The handler right of a network's first (or last) admin (decision 015): an admin may take it
 * themselves while nobody else handles the network's consultations — whichever way the network got
 * its first admin — and the self-grant is audited and shown to later admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasConsultationAbility } from '#lib/server/consultations/access.ts';
import { getConsultation } from '#lib/server/consultations/consultations-service.ts';
import { listConsultations } from '#lib/server/consultations/list-service.ts';
import { handlerSettings, mayTakeHandlerRight, setAdminHandler } from '#lib/server/consultations/handlers-service.ts';
import {
	acceptInvitation,
	changeRole,
	createNetworkWithAdmin,
	runFirstSetup,
	setMemberActive
} from '#lib/server/networks/service.ts';
import { findMemberByUser } from '#lib/server/networks/repository.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { findUserById } from '#lib/server/platform/auth/user-repository.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	actorContext,
	newConsultation,
	newMember,
	newNetwork,
	newUser,
	serviceContext,
	TEST_PASSWORD,
	unique,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('the first handler of a network on %s', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());

	const ctxOf = (network: NetworkRef, member: TestMember, now = new Date()) =>
		serviceContext(handle.db, { network, user: member.user, role: member.role, now });

	async function auditOf(networkId: string, action: string) {
		return handle.db
			.selectFrom('audit_event')
			.select(['actor_user_id', 'entity_id', 'outcome'])
			.where('network_id', '=', networkId)
			.where('action', '=', action)
			.execute();
	}

	async function actorOf(userId: string) {
		const user = (await findUserById(handle.db, userId))!;
		return { ...user, userId: user.id, sessionId: null };
	}

	/** The admin takes the right; then the network's consultations, texts included, are readable. */
	async function takesRightAndReads(ctx: ServiceContext) {
		expect(await hasConsultationAbility(ctx, 'handle')).toBe(false);
		expect(await mayTakeHandlerRight(ctx)).toBe(true);
		expect(await setAdminHandler(ctx, ctx.actor.userId, true)).toEqual({ ok: true, value: undefined });
		// A new context, as the next request has: the handler flag is read once per context.
		const after = { ...ctx };
		const consultation = await newConsultation(handle.db, ctx.network);
		const read = await getConsultation(after, consultation.reference);
		expect(read.ok && read.value.question).toBe(consultation.question);
		const list = await listConsultations(after, {});
		expect(JSON.stringify(list)).toContain(consultation.reference);
		expect(await auditOf(ctx.network.id, 'consultations.handler_self_granted')).toEqual([
			{ actor_user_id: ctx.actor.userId, entity_id: ctx.actor.userId, outcome: 'success' }
		]);
	}

	it('lets the admin created by first-run setup take the right and read consultations', async () => {
		const result = await runFirstSetup(
			handle.db,
			{
				admin: { name: 'Ingrid Lindqvist', email: `ingrid-${unique()}@example.org`, password: TEST_PASSWORD },
				network: {
					slug: `norrbotten-${unique()}`,
					name: 'Kompetensteamet Norrbotten',
					country: 'SE',
					timeZone: 'Europe/Stockholm',
					defaultLocale: 'sv',
					contactEmail: 'kontakt@example.org',
					contactPhone: null,
					referencePrefix: 'NBT'
				},
				locale: 'sv'
			},
			new Date()
		);
		if (!result.ok) throw new Error(result.error);
		const ctx = serviceContext(handle.db, {
			network: result.value.network,
			user: await actorOf(result.value.userId),
			role: 'admin'
		});
		await takesRightAndReads(ctx);
	});

	it('lets the first admin of a network an instance admin created take the right', async () => {
		const instanceAdmin = await newUser(handle.db, { isInstanceAdmin: true, twoFactorEnabled: true });
		const email = `forste-${unique()}@example.no`;
		const created = await createNetworkWithAdmin(actorContext(handle.db, { user: instanceAdmin }), {
			slug: `troms-${unique()}`,
			name: 'Kompetanseteamet Troms',
			country: 'NO',
			timeZone: 'Europe/Oslo',
			defaultLocale: 'nb',
			contactEmail: 'kontakt@example.no',
			contactPhone: null,
			referencePrefix: 'TRO',
			adminEmail: email,
			origin: 'https://samverkan.test'
		});
		if (!created.ok) throw new Error(created.error);
		const mail = await handle.db
			.selectFrom('outbox')
			.select('text_body')
			.where('recipient', '=', email)
			.executeTakeFirstOrThrow();
		const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
		const accepted = await acceptInvitation(
			handle.db,
			token,
			{ name: 'Første Admin', password: TEST_PASSWORD, locale: 'nb' },
			new Date()
		);
		if (!accepted.ok) throw new Error(accepted.error);
		await takesRightAndReads(
			serviceContext(handle.db, {
				network: created.value.network,
				user: await actorOf(accepted.value.userId),
				role: 'admin'
			})
		);
	});

	it('refuses the self-grant while a coordinator handles, audits the refusal, and allows it once the last one leaves', async () => {
		const network = await newNetwork(handle.db);
		const admin = await newMember(handle.db, network.id, { role: 'admin' });
		const coordinator = await newMember(handle.db, network.id, { role: 'coordinator' });
		const other = await newMember(handle.db, network.id, { role: 'coordinator' });
		const adminCtx = () => ctxOf(network, admin);

		expect(await mayTakeHandlerRight(adminCtx())).toBe(false);
		expect(await setAdminHandler(adminCtx(), admin.user.userId, true)).toEqual({
			ok: false,
			error: 'error_consultations_handler_self'
		});
		expect(await auditOf(network.id, 'consultations.handler_self_granted')).toEqual([
			{ actor_user_id: admin.user.userId, entity_id: admin.user.userId, outcome: 'denied' }
		]);

		// One coordinator is deactivated, the other becomes a member: nobody handles any more.
		expect((await setMemberActive(adminCtx(), coordinator.membershipId, false)).ok).toBe(true);
		expect(await mayTakeHandlerRight(adminCtx())).toBe(false);
		expect((await changeRole(adminCtx(), other.membershipId, 'member')).ok).toBe(true);
		expect(await mayTakeHandlerRight(adminCtx())).toBe(true);
		expect((await setAdminHandler(adminCtx(), admin.user.userId, true)).ok).toBe(true);
		expect(await hasConsultationAbility(adminCtx(), 'handle')).toBe(true);
		// Already a handler: nothing more to take.
		expect(await mayTakeHandlerRight(adminCtx())).toBe(false);
	});

	it('refuses the self-grant while another admin handles, and lets an admin give up their own right', async () => {
		const network = await newNetwork(handle.db);
		const first = await newMember(handle.db, network.id, { role: 'admin', name: 'Anna Första' });
		const second = await newMember(handle.db, network.id, { role: 'admin', name: 'Bertil Andra' });
		expect((await setAdminHandler(ctxOf(network, first), first.user.userId, true)).ok).toBe(true);
		expect(await mayTakeHandlerRight(ctxOf(network, second))).toBe(false);
		expect(await setAdminHandler(ctxOf(network, second), second.user.userId, true)).toMatchObject({
			ok: false,
			error: 'error_consultations_handler_self'
		});
		// The first admin gives the right up; now the second may take it.
		expect((await setAdminHandler(ctxOf(network, first), first.user.userId, false)).ok).toBe(true);
		expect(await mayTakeHandlerRight(ctxOf(network, second))).toBe(true);
	});

	it('shows later admins who granted the right and when: the admin themselves, or another admin', async () => {
		const network = await newNetwork(handle.db);
		const now = new Date('2026-03-02T09:30:00Z');
		const first = await newMember(handle.db, network.id, { role: 'admin', name: 'Anna Första' });
		expect((await setAdminHandler(ctxOf(network, first, now), first.user.userId, true)).ok).toBe(true);
		const later = await newMember(handle.db, network.id, { role: 'admin', name: 'Bertil Senare' });
		expect((await setAdminHandler(ctxOf(network, first, now), later.user.userId, true)).ok).toBe(true);

		const seen = await handlerSettings(ctxOf(network, later));
		expect(seen.find((h) => h.userId === first.user.userId)).toMatchObject({
			flagged: true,
			grantedAt: now,
			grantedBy: { userId: first.user.userId, name: 'Anna Första' }
		});
		expect(seen.find((h) => h.userId === later.user.userId)).toMatchObject({
			flagged: true,
			grantedBy: { userId: first.user.userId, name: 'Anna Första' }
		});
		expect(await auditOf(network.id, 'consultations.handler_added')).toEqual([
			{ actor_user_id: first.user.userId, entity_id: later.user.userId, outcome: 'success' }
		]);
	});

	it('keeps the right to admins: a coordinator or member cannot take it, and another network sees nothing', async () => {
		const network = await newNetwork(handle.db);
		const admin = await newMember(handle.db, network.id, { role: 'admin' });
		const member = await newMember(handle.db, network.id, { role: 'member' });
		await expect(setAdminHandler(ctxOf(network, member), member.user.userId, true)).rejects.toBeInstanceOf(
			PermissionDenied
		);
		expect(await mayTakeHandlerRight(ctxOf(network, member))).toBe(false);
		// An admin of another network cannot make this admin a handler.
		const elsewhere = await newNetwork(handle.db);
		const foreign = await newMember(handle.db, elsewhere.id, { role: 'admin' });
		expect(await setAdminHandler(ctxOf(elsewhere, foreign), admin.user.userId, true)).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		expect(await findMemberByUser(handle.db, elsewhere.id, admin.user.userId)).toBeUndefined();
	});
});

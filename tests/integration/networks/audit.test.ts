import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, auditActionLabel, browseAuditLog, exportAuditLog } from '#lib/server/networks/audit-log.ts';
import { recordAudit } from '#lib/server/platform/audit.ts';
import { listAuditEvents } from '#lib/server/platform/audit-repository.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { CSV_BOM, parseCsv } from '#lib/server/platform/csv.ts';
import { newMember, newNetwork, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('audit log listing and export on %s', (dialect) => {
	let handle: TestDatabase;
	let network: NetworkRef;
	let admin: TestMember;
	let bo: TestMember;
	let ctx: ServiceContext;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		network = await newNetwork(handle.db, { timeZone: 'Europe/Stockholm' });
		admin = await newMember(handle.db, network.id, { role: 'admin', name: 'Anna Admin' });
		bo = await newMember(handle.db, network.id, { role: 'coordinator', name: '=Bo "Formel" Berg' });
		ctx = serviceContext(handle.db, { network, user: admin.user, role: 'admin', locale: 'sv' });
		const at = (iso: string) => new Date(iso);
		const base = { networkId: network.id, clientAddress: '192.0.2.7' };
		// 1 March 2026 in Stockholm is 28 February 23:00 UTC until 1 March 23:00 UTC.
		await recordAudit(handle.db, {
			...base,
			action: 'member.invited',
			actorUserId: admin.user.userId,
			entityType: 'invitation',
			entityId: 'i1',
			at: at('2026-02-28T22:59:00Z')
		});
		await recordAudit(handle.db, {
			...base,
			action: 'member.role_changed.coordinator',
			actorUserId: admin.user.userId,
			entityType: 'membership',
			entityId: 'm1',
			at: at('2026-02-28T23:00:00Z')
		});
		await recordAudit(handle.db, {
			...base,
			action: 'member.deactivated',
			actorUserId: admin.user.userId,
			entityType: 'membership',
			entityId: 'm2',
			at: at('2026-03-01T12:00:00Z')
		});
		await recordAudit(handle.db, {
			...base,
			action: 'permission.members.manage',
			actorUserId: bo.user.userId,
			outcome: 'denied',
			at: at('2026-03-01T22:59:59Z')
		});
		await recordAudit(handle.db, {
			...base,
			action: 'consultation.read',
			actorUserId: bo.user.userId,
			entityType: 'consultation',
			entityId: 'c1',
			at: at('2026-03-02T08:00:00Z')
		});
		await recordAudit(handle.db, { ...base, action: 'member_x', actorUserId: null, at: at('2026-03-02T09:00:00Z') });
		// Another network's event never shows.
		const other = await newNetwork(handle.db);
		await recordAudit(handle.db, {
			action: 'member.invited',
			networkId: other.id,
			actorUserId: admin.user.userId,
			at: at('2026-03-01T10:00:00Z')
		});
	});
	afterAll(async () => handle.cleanup());

	const actions = (rows: { action: string }[]) => rows.map((r) => r.action);

	it('lists the network events newest first, with the actor name', async () => {
		const { rows, total, actors, pageCount } = await browseAuditLog(ctx, {}, 1);
		expect(total).toBe(6);
		expect(pageCount).toBe(1);
		expect(actions(rows)).toEqual([
			'member_x',
			'consultation.read',
			'permission.members.manage',
			'member.deactivated',
			'member.role_changed.coordinator',
			'member.invited'
		]);
		expect(rows[1]).toMatchObject({
			actorName: '=Bo "Formel" Berg',
			entityType: 'consultation',
			entityId: 'c1',
			outcome: 'success',
			clientAddress: '192.0.2.7'
		});
		expect(rows[0].actorName).toBeNull();
		expect(rows[0].occurredAt).toBeInstanceOf(Date);
		expect(actors.map((a) => a.name).sort()).toEqual(['=Bo "Formel" Berg', 'Anna Admin']);
	});

	it('filters by action prefix, literally', async () => {
		expect(actions((await browseAuditLog(ctx, { action: 'member.' }, 1)).rows)).toEqual([
			'member.deactivated',
			'member.role_changed.coordinator',
			'member.invited'
		]);
		// '_' is not a wildcard: 'member_' does not match 'member.…'.
		expect(actions((await browseAuditLog(ctx, { action: 'member_' }, 1)).rows)).toEqual(['member_x']);
		expect(actions((await browseAuditLog(ctx, { action: 'consultation.read' }, 1)).rows)).toEqual([
			'consultation.read'
		]);
	});

	it('filters by actor and outcome', async () => {
		expect(actions((await browseAuditLog(ctx, { actor: bo.user.userId }, 1)).rows)).toEqual([
			'consultation.read',
			'permission.members.manage'
		]);
		expect(actions((await browseAuditLog(ctx, { outcome: 'denied' }, 1)).rows)).toEqual(['permission.members.manage']);
		expect((await browseAuditLog(ctx, { outcome: 'failure' }, 1)).total).toBe(0);
	});

	it('filters by whole days in the network time zone', async () => {
		const day = await browseAuditLog(ctx, { from: '2026-03-01', to: '2026-03-01' }, 1);
		expect(actions(day.rows)).toEqual([
			'permission.members.manage',
			'member.deactivated',
			'member.role_changed.coordinator'
		]);
		expect(actions((await browseAuditLog(ctx, { to: '2026-02-28' }, 1)).rows)).toEqual(['member.invited']);
		expect(actions((await browseAuditLog(ctx, { from: '2026-03-02' }, 1)).rows)).toEqual([
			'member_x',
			'consultation.read'
		]);
	});

	it('pages through many events', async () => {
		const many = await newNetwork(handle.db);
		const start = Date.parse('2026-05-01T00:00:00Z');
		for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
			await recordAudit(handle.db, {
				action: 'test.event',
				networkId: many.id,
				entityId: String(i),
				at: new Date(start + i * 1000)
			});
		}
		const manyCtx = serviceContext(handle.db, { network: many, user: admin.user, role: 'admin' });
		const first = await browseAuditLog(manyCtx, {}, 1);
		const second = await browseAuditLog(manyCtx, {}, 2);
		expect(first.total).toBe(AUDIT_PAGE_SIZE + 5);
		expect(first.pageCount).toBe(2);
		expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
		expect(first.rows[0].entityId).toBe(String(AUDIT_PAGE_SIZE + 4));
		expect(second.rows.map((r) => r.entityId)).toEqual(['4', '3', '2', '1', '0']);
		const direct = await listAuditEvents(handle.db, many.id, {}, { limit: 2, offset: 0 });
		expect(direct.rows.map((r) => r.entityId)).toEqual([String(AUDIT_PAGE_SIZE + 4), String(AUDIT_PAGE_SIZE + 3)]);
	});

	it('exports the filtered events as Excel-ready CSV, neutralising formulas, and logs the export', async () => {
		const csv = await exportAuditLog(ctx, { action: 'member.', from: '2026-03-01' });
		expect(csv.startsWith(CSV_BOM)).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(
			csv
				.slice(1)
				.split('\r\n')
				.slice(0, -1)
				.every((line) => !line.includes('\n'))
		).toBe(true);
		const [header, ...rows] = parseCsv(csv);
		expect(header).toEqual([
			'Tid',
			'Utförd av',
			'Användar-id',
			'Händelse',
			'Händelsekod',
			'Gäller',
			'Namn eller nummer',
			'Objekttyp',
			'Objekt-id',
			'Utfall',
			'IP-adress',
			'Anrops-id'
		]);
		expect(rows).toHaveLength(2);
		expect(rows[0]).toEqual([
			'2026-03-01 13:00:00',
			'Anna Admin',
			admin.user.userId,
			'En medlem inaktiverades',
			'member.deactivated',
			'Medlemskap',
			'',
			'membership',
			'm2',
			'Lyckades',
			'192.0.2.7',
			''
		]);
		expect(rows[1][3]).toBe('Rollen ändrades till Samordnare');
		expect(rows[1][0]).toBe('2026-03-01 00:00:00');

		const denied = parseCsv(await exportAuditLog(ctx, { outcome: 'denied' }));
		expect(denied[1][1]).toBe(`'=Bo "Formel" Berg`);
		expect(denied[1][3]).toBe('Åtkomst nekad (hantera medlemmar)');
		expect(denied[1][9]).toBe('Nekad');

		const exports = await handle.db
			.selectFrom('audit_event')
			.selectAll()
			.where('network_id', '=', network.id)
			.where('action', '=', 'export')
			.execute();
		expect(exports).toHaveLength(2);
		expect(exports[0]).toMatchObject({
			entity_type: 'audit_event',
			actor_user_id: admin.user.userId,
			outcome: 'success'
		});
	});

	it('labels known actions in every language and shows unknown codes as they are', () => {
		expect(auditActionLabel('member.invited', 'nb')).toBe('En person ble invitert');
		expect(auditActionLabel('member.role_changed.admin', 'en')).toBe('The role was changed to Administrator');
		expect(auditActionLabel('something.new', 'sv')).toBe('something.new');
	});
});

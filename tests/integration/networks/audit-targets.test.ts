// The audit log names what an entry is about as a person knows it, looked up when the log is
// shown (src/lib/server/audit-targets.ts): in the log's own network only, and "no longer exists"
// for a thing deleted since — or one of another network, whose name must never show.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTargetNamer } from '#lib/server/audit-targets.ts';
import { browseAuditLog, exportAuditLog } from '#lib/server/networks/audit-log.ts';
import { recordAudit } from '#lib/server/platform/audit.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { parseCsv } from '#lib/server/platform/csv.ts';
import {
	newConsultation,
	newEvent,
	newMember,
	newNetwork,
	newOrganisation,
	serviceContext,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('names of audit targets on %s', (dialect) => {
	let handle: TestDatabase;
	let network: NetworkRef;
	let admin: TestMember;
	let ctx: ServiceContext;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		network = await newNetwork(handle.db, { referencePrefix: 'NBT' });
		const other = await newNetwork(handle.db);
		admin = await newMember(handle.db, network.id, { role: 'admin', name: 'Anna Admin' });
		const karin = await newMember(handle.db, network.id, { role: 'member', name: 'Karin Nilsson' });
		ctx = serviceContext(handle.db, { network, user: admin.user, role: 'admin', locale: 'sv' });
		ids.organisation = (await newOrganisation(handle.db, network.id, { name: 'Socialtjänsten Kiruna' })).id;
		ids.foreign = (await newOrganisation(handle.db, other.id, { name: 'Hemlig organisation' })).id;
		const consultation = await newConsultation(handle.db, network);
		ids.consultation = consultation.id;
		ids.reference = consultation.reference;
		ids.event = (await newEvent(handle.db, network, { title: 'Hedersrelaterat våld – grundkurs' })).id;
		ids.membership = karin.membershipId;
		const entries: [string, string, string][] = [
			['directory.organisation_updated', 'organisation', ids.organisation],
			['directory.organisation_updated', 'organisation', ids.foreign],
			['directory.contact_deleted', 'contact', randomUUID()],
			['consultations.updated', 'consultation', ids.consultation],
			['events.published', 'event', ids.event],
			['member.role_changed.coordinator', 'membership', ids.membership],
			['export', 'contact', 'list']
		];
		for (const [i, [action, entityType, entityId]] of entries.entries()) {
			await recordAudit(handle.db, {
				action,
				networkId: network.id,
				actorUserId: admin.user.userId,
				entityType,
				entityId,
				at: new Date(Date.UTC(2026, 2, 1, 8, i))
			});
		}
	});
	afterAll(async () => {
		await handle?.cleanup();
	});

	it('shows a name, a reference number or a title, and "no longer exists" for what is gone or elsewhere', async () => {
		const log = await browseAuditLog(ctx, {}, 1, auditTargetNamer(ctx));
		const named = Object.fromEntries(log.rows.map((row) => [`${row.action} ${row.entityId}`, row.targetName]));
		expect(named[`directory.organisation_updated ${ids.organisation}`]).toBe('Socialtjänsten Kiruna');
		expect(named[`consultations.updated ${ids.consultation}`]).toBe(ids.reference);
		expect(ids.reference).toMatch(/^NBT-/);
		expect(named[`events.published ${ids.event}`]).toBe('Hedersrelaterat våld – grundkurs');
		expect(named[`member.role_changed.coordinator ${ids.membership}`]).toBe('Karin Nilsson');
		// another network's organisation: its name never shows
		expect(named[`directory.organisation_updated ${ids.foreign}`]).toBe('Organisation (finns inte längre)');
		expect(JSON.stringify(log.rows)).not.toContain('Hemlig organisation');
		expect(log.rows.find((r) => r.action === 'directory.contact_deleted')?.targetName).toBe(
			'Kontaktperson (finns inte längre)'
		);
		// an export of a whole list names no single thing
		expect(named['export list']).toBeNull();
	});

	it('puts the readable action and target in the CSV, with the codes in their own columns', async () => {
		const csv = await exportAuditLog(ctx, {}, auditTargetNamer(ctx));
		const [header, ...rows] = parseCsv(csv);
		const column = (name: string) => header.indexOf(name);
		const row = rows.find((r) => r[column('Händelsekod')] === 'events.published') ?? [];
		expect(row[column('Händelse')]).toBe('Ett evenemang publicerades');
		expect(row[column('Namn eller nummer')]).toBe('Hedersrelaterat våld – grundkurs');
		expect(row[column('Gäller')]).toBe('Evenemang');
		expect(row.join(';')).toContain(ids.event);
	});
});

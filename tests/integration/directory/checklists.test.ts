import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addChecklistItem,
	checklistItems,
	checklistOverview,
	DEFAULT_CHECKLIST_KEYS,
	municipalityChecklist,
	renameChecklistItem,
	saveChecklistStatus,
	setChecklistItemHidden
} from '#lib/server/directory/checklist-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { addNetworkMunicipalities, newMember, newNetwork, serviceContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('collaboration checklists (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let other: NetworkRef;
	let admin: ServiceContext;
	let coord: ServiceContext;
	let reader: ServiceContext;
	let otherAdmin: ServiceContext;
	let ownerId: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'NO' });
		other = await newNetwork(db, {});
		const a = await newMember(db, network.id, { role: 'admin' });
		const c = await newMember(db, network.id, { role: 'coordinator' });
		const r = await newMember(db, network.id, { role: 'member' });
		const o = await newMember(db, other.id, { role: 'admin' });
		ownerId = r.user.userId;
		admin = serviceContext(db, { network, user: a.user, role: 'admin', locale: 'nb' });
		coord = serviceContext(db, { network, user: c.user, role: 'coordinator', locale: 'nb' });
		reader = serviceContext(db, { network, user: r.user, role: 'member', locale: 'en' });
		otherAdmin = serviceContext(db, { network: other, user: o.user, role: 'admin' });
		await addNetworkMunicipalities(db, network.id, ['NO-0301', 'NO-4204']);
		await addNetworkMunicipalities(db, other.id, ['SE-2580']);
	});
	afterAll(() => database.cleanup());

	it('creates the translated default items on first use, once', async () => {
		const [first, second] = await Promise.all([checklistItems(admin), checklistItems(admin)]);
		expect(first.map((i) => i.key)).toEqual([...DEFAULT_CHECKLIST_KEYS]);
		expect(second).toHaveLength(DEFAULT_CHECKLIST_KEYS.length);
		expect(first[1].label).toBe('Kontaktpersoner i politiet');
		const list = await municipalityChecklist(reader, 'NO-0301');
		expect(list.ok && list.value.rows[1].item.label).toBe('Contact persons at the police');
		expect(list.ok && list.value.rows.every((r) => r.status === 'missing')).toBe(true);
	});

	it('saves status, owner, date and note, and counts progress per municipality and network', async () => {
		const items = await checklistItems(admin);
		const save = (municipalityId: string, itemId: string, status: 'in_place' | 'in_progress') =>
			saveChecklistStatus(coord, municipalityId, {
				itemId,
				status,
				ownerUserId: ownerId,
				checkedOn: '2026-11-01',
				note: 'Rutin finnes',
				link: 'https://example.no/rutine'
			});
		expect((await save('NO-0301', items[0].id, 'in_place')).ok).toBe(true);
		expect((await save('NO-0301', items[1].id, 'in_place')).ok).toBe(true);
		expect((await save('NO-0301', items[1].id, 'in_progress')).ok).toBe(true);
		expect((await save('NO-4204', items[2].id, 'in_place')).ok).toBe(true);
		const list = await municipalityChecklist(reader, 'NO-0301');
		if (!list.ok) throw new Error('not found');
		expect(list.value.progress).toEqual({ inPlace: 1, total: 8 });
		expect(list.value.rows[0]).toMatchObject({
			status: 'in_place',
			ownerUserId: ownerId,
			checkedOn: '2026-11-01',
			link: 'https://example.no/rutine'
		});
		const overview = await checklistOverview(reader);
		expect(overview.network).toEqual({ inPlace: 2, total: 16 });
		expect(overview.rows.find((r) => r.id === 'NO-0301')).toMatchObject({ inPlace: 1, inProgress: 1, total: 8 });

		// A municipality that does not take part is listed, but does not count in the network's progress.
		await addNetworkMunicipalities(database.db, network.id, ['NO-1103'], { participating: false });
		const withOther = await checklistOverview(reader);
		expect(withOther.rows.map((r) => r.id)).toContain('NO-1103');
		expect(withOther.network).toEqual({ inPlace: 2, total: 16 });
		// Hidden items leave the lists and the counts.
		await setChecklistItemHidden(admin, items[0].id, true);
		expect((await checklistOverview(reader)).network).toEqual({ inPlace: 1, total: 14 });
		await setChecklistItemHidden(admin, items[0].id, false);
	});

	it('lets admins add and rename items; a renamed default goes back to its translation', async () => {
		const added = await addChecklistItem(admin, 'Kontakt med kommunens SLT-koordinator');
		expect(added.ok).toBe(true);
		const items = await checklistItems(admin);
		expect(items.at(-1)?.label).toBe('Kontakt med kommunens SLT-koordinator');
		await renameChecklistItem(admin, items[0].id, 'Barnevernet');
		expect((await checklistItems(admin))[0]).toMatchObject({ label: 'Barnevernet', renamed: true });
		await renameChecklistItem(admin, items[0].id, null);
		expect((await checklistItems(admin))[0]).toMatchObject({ renamed: false });
		if (added.ok) expect(await renameChecklistItem(admin, added.value, null)).toMatchObject({ field: 'label' });
	});

	it('keeps editing to coordinators and item settings to admins', async () => {
		const items = await checklistItems(admin);
		const input = {
			itemId: items[0].id,
			status: 'in_place' as const,
			ownerUserId: null,
			checkedOn: null,
			note: null,
			link: null
		};
		await expect(saveChecklistStatus(reader, 'NO-0301', input)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(addChecklistItem(coord, 'Nytt punkt')).rejects.toBeInstanceOf(PermissionDenied);
		expect(await saveChecklistStatus(coord, 'NO-0301', { ...input, ownerUserId: 'nobody' })).toMatchObject({
			field: 'ownerUserId'
		});
	});

	it("answers another network's items and municipalities with not found and changes nothing", async () => {
		const items = await checklistItems(admin);
		const before = await municipalityChecklist(reader, 'NO-0301');
		const input = {
			itemId: items[0].id,
			status: 'missing' as const,
			ownerUserId: null,
			checkedOn: null,
			note: null,
			link: null
		};
		expect(await saveChecklistStatus(otherAdmin, 'SE-2580', input)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await saveChecklistStatus(otherAdmin, 'NO-0301', input)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await municipalityChecklist(otherAdmin, 'NO-0301')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await renameChecklistItem(otherAdmin, items[0].id, 'Kapret')).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		expect(await setChecklistItemHidden(otherAdmin, items[0].id, true)).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		expect(await municipalityChecklist(reader, 'NO-0301')).toEqual(before);
	});
});

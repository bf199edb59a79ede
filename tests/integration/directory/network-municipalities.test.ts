import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addCounty,
	addMunicipality,
	listNetworkMunicipalities,
	municipalityChoices,
	removeMunicipality,
	saveParticipation,
	setParticipation
} from '#lib/server/directory/municipalities-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newMember, newNetwork, newOrganisation, serviceContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('network municipalities on %s', (dialect) => {
	let handle: TestDatabase;
	let network: NetworkRef;
	let other: NetworkRef;
	let admin: ServiceContext;
	let member: ServiceContext;
	let otherAdmin: ServiceContext;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		network = await newNetwork(handle.db, { name: 'Kompetensteamet Norrbotten' });
		other = await newNetwork(handle.db, { name: 'Annat nätverk' });
		const a = await newMember(handle.db, network.id, { role: 'admin' });
		const m = await newMember(handle.db, network.id, { role: 'member' });
		const b = await newMember(handle.db, other.id, { role: 'admin' });
		admin = serviceContext(handle.db, { network, user: a.user, role: 'admin' });
		member = serviceContext(handle.db, { network, user: m.user, role: 'member' });
		otherAdmin = serviceContext(handle.db, { network: other, user: b.user, role: 'admin' });
	});
	afterAll(async () => handle.cleanup());

	it('adds exactly the 14 municipalities of Norrbottens län, once', async () => {
		const choices = await municipalityChoices(admin);
		const norrbotten = choices.counties.find((c) => c.name === 'Norrbottens län');
		expect(norrbotten).toMatchObject({ total: 14, added: 0 });
		expect(await addCounty(admin, norrbotten!.code)).toEqual({ ok: true, value: 14 });
		const list = await listNetworkMunicipalities(member);
		expect(list).toHaveLength(14);
		expect(new Set(list.map((m) => m.countyName))).toEqual(new Set(['Norrbottens län']));
		expect(list.map((m) => m.name)).toContain('Luleå');
		expect(list.every((m) => !m.participating && m.joinedOn === null)).toBe(true);
		// Again: nothing new, nothing duplicated.
		expect(await addCounty(admin, norrbotten!.code)).toEqual({ ok: true, value: 0 });
		expect(await listNetworkMunicipalities(member)).toHaveLength(14);
		expect((await municipalityChoices(admin)).available.some((m) => m.id === 'SE-2580')).toBe(false);
		// Other networks are untouched.
		expect(await listNetworkMunicipalities(otherAdmin)).toHaveLength(0);
	});

	it("refuses an unknown county and another country's municipality", async () => {
		expect(await addCounty(admin, '99')).toMatchObject({ ok: false, field: 'county' });
		expect(await addMunicipality(admin, 'NO-0301')).toMatchObject({ ok: false, field: 'municipalityId' });
		expect(await addMunicipality(admin, 'SE-2580')).toEqual({
			ok: false,
			error: 'error_directory_municipality_already_added',
			field: 'municipalityId'
		});
	});

	it('adds one municipality and marks participation with the date joined', async () => {
		expect(await addMunicipality(admin, 'SE-0180')).toEqual({ ok: true, value: undefined });
		expect(await setParticipation(admin, 'SE-0180', true, '2025-09-01')).toMatchObject({ ok: true });
		const stockholm = (await listNetworkMunicipalities(member)).find((m) => m.id === 'SE-0180');
		expect(stockholm).toMatchObject({ name: 'Stockholm', participating: true, joinedOn: '2025-09-01' });
		expect(await setParticipation(admin, 'SE-0180', false, '2025-09-01')).toMatchObject({ ok: true });
		expect((await listNetworkMunicipalities(member)).find((m) => m.id === 'SE-0180')).toMatchObject({
			participating: false,
			joinedOn: null
		});
		const audit = await handle.db
			.selectFrom('audit_event')
			.select(['action', 'entity_id'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'directory.municipality_updated')
			.execute();
		expect(audit).toHaveLength(2);
	});

	it('saves every row of the participation form at once and audits only what changed', async () => {
		const rows = (await listNetworkMunicipalities(admin)).map((m) => ({
			municipalityId: m.id,
			participating: m.participating,
			joinedOn: m.joinedOn
		}));
		const set = (id: string, participating: boolean, joinedOn: string | null) =>
			rows.map((row) => (row.municipalityId === id ? { ...row, participating, joinedOn } : row));
		const audited = async () =>
			(
				await handle.db
					.selectFrom('audit_event')
					.select('entity_id')
					.where('network_id', '=', network.id)
					.where('action', '=', 'directory.municipality_updated')
					.execute()
			).map((row) => row.entity_id);
		const before = await audited();
		const many = set('SE-2580', true, '2025-09-01')
			.map((row) => (row.municipalityId === 'SE-2581' ? { ...row, participating: true, joinedOn: null } : row))
			.map((row) => (row.municipalityId === 'SE-2584' ? { ...row, participating: true, joinedOn: '2024-01-15' } : row));
		expect(await saveParticipation(admin, many)).toEqual({ ok: true, value: { changed: 3 } });
		const after = await listNetworkMunicipalities(member);
		expect(
			after
				.filter((m) => m.participating)
				.map((m) => m.id)
				.sort()
		).toEqual(['SE-2580', 'SE-2581', 'SE-2584']);
		expect(after.find((m) => m.id === 'SE-2581')?.joinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect((await audited()).slice(before.length).sort()).toEqual(['SE-2580', 'SE-2581', 'SE-2584']);
		// The same form again changes nothing and records nothing.
		const again = after.map((m) => ({ municipalityId: m.id, participating: m.participating, joinedOn: m.joinedOn }));
		expect(await saveParticipation(admin, again)).toEqual({ ok: true, value: { changed: 0 } });
		expect(await audited()).toHaveLength(before.length + 3);
	});

	it('refuses the whole form when one joining day is after today, and saves nothing', async () => {
		const today = admin.now.toISOString().slice(0, 10);
		const tomorrow = new Date(admin.now.getTime() + 36 * 3600_000).toISOString().slice(0, 10);
		const rows = (await listNetworkMunicipalities(admin)).map((m) => ({
			municipalityId: m.id,
			participating: true,
			joinedOn: m.id === 'SE-2583' ? tomorrow : today
		}));
		const before = await listNetworkMunicipalities(admin);
		expect(await saveParticipation(admin, rows)).toEqual({
			ok: false,
			error: 'error_form_summary',
			errors: { 'joinedOn-SE-2583': 'error_directory_joined_in_future' }
		});
		expect(await listNetworkMunicipalities(admin)).toEqual(before);
		// A row of another network is not found, and nothing is saved either.
		expect(
			await saveParticipation(admin, [{ municipalityId: 'SE-0114', participating: true, joinedOn: null }])
		).toEqual({ ok: false, error: 'error_not_found' });
		await expect(saveParticipation(member, [])).rejects.toBeInstanceOf(PermissionDenied);
	});

	it('removes a municipality nothing refers to, and explains why not otherwise', async () => {
		await newOrganisation(handle.db, network.id, { municipalityId: 'SE-2580', name: 'Socialtjänsten Luleå' });
		const refused = await removeMunicipality(admin, 'SE-2580');
		expect(refused).toMatchObject({
			ok: false,
			error: 'error_directory_municipality_in_use',
			references: { organisations: 1, representatives: 0, checklist: 0 }
		});
		expect(await removeMunicipality(admin, 'SE-0180')).toEqual({ ok: true, value: undefined });
		const ids = (await listNetworkMunicipalities(member)).map((m) => m.id);
		expect(ids).toContain('SE-2580');
		expect(ids).not.toContain('SE-0180');
	});

	it('answers not found for ids outside the network, and changes nothing', async () => {
		await addMunicipality(otherAdmin, 'SE-0114');
		expect(await setParticipation(admin, 'SE-0114', true, null)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await removeMunicipality(admin, 'SE-0114')).toEqual({ ok: false, error: 'error_not_found' });
		expect(await listNetworkMunicipalities(otherAdmin)).toEqual([
			expect.objectContaining({ id: 'SE-0114', participating: false })
		]);
	});

	it('lets members read but not change the list, and records the denial', async () => {
		await expect(addCounty(member, '25')).rejects.toBeInstanceOf(PermissionDenied);
		await expect(setParticipation(member, 'SE-2580', true, null)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(municipalityChoices(member)).rejects.toBeInstanceOf(PermissionDenied);
		const denied = await handle.db
			.selectFrom('audit_event')
			.select(['action', 'outcome'])
			.where('network_id', '=', network.id)
			.where('actor_user_id', '=', member.actor.userId)
			.execute();
		expect(denied).toContainEqual({ action: 'permission.directory.settings', outcome: 'denied' });
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationSchema } from '#lib/server/directory/organisation-forms.ts';
import {
	addOrganisationType,
	browseOrganisations,
	createOrganisation,
	deleteOrganisationType,
	getOrganisation,
	listOrganisationOptions,
	listOrganisations,
	listOrganisationTypes,
	organisationTypeLabels,
	renameOrganisationType,
	resetOrganisationTypeName,
	setOrganisationActive,
	setOrganisationTypeHidden,
	updateOrganisation
} from '#lib/server/directory/organisations-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	addNetworkMunicipalities,
	newMember,
	newNetwork,
	newOrganisation,
	serviceContext
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

function input(fields: Record<string, string>) {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	const parsed = parseFormData(data, organisationSchema);
	if (!parsed.ok) throw new Error(`invalid test input: ${JSON.stringify(parsed.failure.errors)}`);
	return parsed.data;
}

describe.each(testDialects)('organisation types and organisations on %s', (dialect) => {
	let handle: TestDatabase;
	let network: NetworkRef;
	let norwegian: NetworkRef;
	let admin: ServiceContext;
	let coordinator: ServiceContext;
	let member: ServiceContext;
	let norwegianAdmin: ServiceContext;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		network = await newNetwork(handle.db, { name: 'Kompetensteamet Norrbotten' });
		norwegian = await newNetwork(handle.db, { name: 'Kompetanseteamet Oslo', country: 'NO' });
		const a = await newMember(handle.db, network.id, { role: 'admin' });
		const c = await newMember(handle.db, network.id, { role: 'coordinator' });
		const m = await newMember(handle.db, network.id, { role: 'member' });
		const n = await newMember(handle.db, norwegian.id, { role: 'admin' });
		admin = serviceContext(handle.db, { network, user: a.user, role: 'admin' });
		coordinator = serviceContext(handle.db, { network, user: c.user, role: 'coordinator' });
		member = serviceContext(handle.db, { network, user: m.user, role: 'member' });
		norwegianAdmin = serviceContext(handle.db, { network: norwegian, user: n.user, role: 'admin', locale: 'nb' });
		await addNetworkMunicipalities(handle.db, network.id, ['SE-2580', 'SE-2584'], { joinedOn: '2025-01-01' });
		await addNetworkMunicipalities(handle.db, norwegian.id, ['NO-0301']);
	});
	afterAll(async () => handle.cleanup());

	describe('types', () => {
		it('creates the defaults once, translated, with the Norwegian institutions only in Norwegian networks', async () => {
			const first = await listOrganisationTypes(member);
			const again = await listOrganisationTypes(member);
			expect(again.map((t) => t.id)).toEqual(first.map((t) => t.id));
			expect(first).toHaveLength(14);
			expect(first[0]).toMatchObject({ key: 'social_services', label: 'Socialtjänst', hidden: false, usage: 0 });
			expect(first.map((t) => t.key)).not.toContain('child_welfare');
			const inEnglish = await listOrganisationTypes({ ...member, locale: 'en' });
			expect(inEnglish.find((t) => t.key === 'shelter')?.label).toBe("Women's and girls' shelter");

			const norwegianTypes = await listOrganisationTypes(norwegianAdmin);
			expect(norwegianTypes).toHaveLength(16);
			expect(norwegianTypes.find((t) => t.key === 'child_welfare')?.label).toBe('Barnevern');
			expect(norwegianTypes.find((t) => t.key === 'preschool')?.label).toBe('Barnehage');
			const rows = await handle.db
				.selectFrom('organisation_type')
				.select('id')
				.where('network_id', '=', network.id)
				.execute();
			expect(rows).toHaveLength(14);
		});

		it('renames a default (keeping its key), restores it, hides and shows it', async () => {
			const police = (await listOrganisationTypes(admin)).find((t) => t.key === 'police')!;
			expect(await renameOrganisationType(admin, police.id, 'Polisen, region Nord')).toEqual({
				ok: true,
				value: undefined
			});
			const renamed = (await listOrganisationTypes({ ...admin, locale: 'en' })).find((t) => t.id === police.id)!;
			expect(renamed).toMatchObject({
				key: 'police',
				label: 'Polisen, region Nord',
				renamed: true,
				defaultLabel: 'Police'
			});
			expect(await renameOrganisationType(admin, police.id, 'skola')).toEqual({
				ok: false,
				error: 'error_directory_type_name_taken',
				field: 'name'
			});
			await resetOrganisationTypeName(admin, police.id);
			expect((await listOrganisationTypes(admin)).find((t) => t.id === police.id)?.label).toBe('Polis');

			await setOrganisationTypeHidden(admin, police.id, true);
			expect((await organisationTypeLabels(member))[police.id]).toEqual({
				label: 'Polis',
				hidden: true,
				expected: true,
				key: 'police'
			});
			// A hidden type is not offered for new organisations.
			const refused = await createOrganisation(
				coordinator,
				input({ name: 'Polisen i Luleå', typeId: police.id, municipality: 'SE-2580' })
			);
			expect(refused).toEqual({ ok: false, error: 'error_directory_type_required', field: 'typeId' });
			await setOrganisationTypeHidden(admin, police.id, false);
			expect((await organisationTypeLabels(member))[police.id].hidden).toBe(false);
		});

		it('adds a type, deletes it while unused, and refuses to delete one in use', async () => {
			const added = await addOrganisationType(admin, 'Tolkförmedling');
			expect(added.ok).toBe(true);
			const id = added.ok ? added.value : '';
			expect((await listOrganisationTypes(admin)).at(-1)).toMatchObject({ id, key: null, label: 'Tolkförmedling' });
			await newOrganisation(handle.db, network.id, { typeId: id, municipalityId: 'SE-2580' });
			expect(await deleteOrganisationType(admin, id)).toEqual({
				ok: false,
				error: 'error_directory_type_in_use',
				count: 1
			});
			expect((await listOrganisationTypes(admin)).find((t) => t.id === id)?.usage).toBe(1);

			const unused = await addOrganisationType(admin, 'Bibliotek');
			const unusedId = unused.ok ? unused.value : '';
			expect(await deleteOrganisationType(admin, unusedId)).toEqual({ ok: true, value: undefined });
			expect((await listOrganisationTypes(admin)).some((t) => t.id === unusedId)).toBe(false);
			const school = (await listOrganisationTypes(admin)).find((t) => t.key === 'school')!;
			expect(await deleteOrganisationType(admin, school.id)).toMatchObject({
				ok: false,
				error: 'error_directory_type_default_delete'
			});
		});

		it('leaves type settings to admins', async () => {
			await expect(addOrganisationType(coordinator, 'Något')).rejects.toBeInstanceOf(PermissionDenied);
			const types = await listOrganisationTypes(member);
			await expect(setOrganisationTypeHidden(member, types[0].id, true)).rejects.toBeInstanceOf(PermissionDenied);
		});
	});

	describe('organisations', () => {
		let types: Record<string, string>;
		beforeAll(async () => {
			types = Object.fromEntries((await listOrganisationTypes(admin)).map((t) => [t.key ?? t.label, t.id]));
		});

		it('creates an organisation with a normalised switchboard, and lists, filters and shows it', async () => {
			const created = await createOrganisation(
				coordinator,
				input({
					name: 'Socialtjänsten Luleå',
					typeId: types.social_services,
					municipality: 'SE-2580',
					visitingAddress: 'Skeppsbrogatan 1, Luleå',
					switchboard: '0920-45 30 00',
					email: 'Socialtjansten@Lulea.se',
					website: 'https://www.lulea.se',
					notes: ''
				})
			);
			expect(created.ok).toBe(true);
			const id = created.ok ? created.value : '';
			const shown = await getOrganisation(member, id);
			expect(shown.ok && shown.value.organisation).toMatchObject({
				name: 'Socialtjänsten Luleå',
				scope: 'municipal',
				municipalityId: 'SE-2580',
				municipalityName: 'Luleå',
				switchboard: '+46920453000',
				email: 'socialtjansten@lulea.se',
				website: 'https://www.lulea.se',
				notes: null,
				active: true
			});
			expect(shown.ok && shown.value.contacts).toEqual([]);

			const regional = await createOrganisation(
				coordinator,
				input({ name: 'Region Norrbotten', typeId: types.region, municipality: 'regional' })
			);
			expect(regional.ok).toBe(true);

			expect(
				(await listOrganisations(member, { municipality: 'SE-2580', typeId: types.social_services })).map((o) => o.id)
			).toEqual([id]);
			expect((await listOrganisations(member, { municipality: 'regional' })).map((o) => o.name)).toEqual([
				'Region Norrbotten'
			]);
			expect((await listOrganisations(member, { q: 'SOCIALTJÄNSTEN' })).map((o) => o.id)).toContain(id);
			expect(await listOrganisations(member, { q: '100%' })).toEqual([]);
			// Nordic letters in another case match too, on both databases.
			expect((await listOrganisations(member, { q: 'socialtjänsten' })).map((o) => o.id)).toContain(id);
			expect((await listOrganisations(member, { q: 'REGION NORR' })).map((o) => o.name)).toEqual(['Region Norrbotten']);
			expect((await listOrganisationOptions(member)).find((o) => o.id === id)).toEqual({
				id,
				name: 'Socialtjänsten Luleå',
				municipalityName: 'Luleå',
				active: true
			});

			const audit = await handle.db
				.selectFrom('audit_event')
				.select(['action', 'entity_type'])
				.where('entity_id', '=', id)
				.execute();
			expect(audit).toEqual([{ action: 'directory.organisation_created', entity_type: 'organisation' }]);
		});

		it("refuses a bad switchboard, another network's municipality, and bad form input", async () => {
			expect(
				await createOrganisation(
					coordinator,
					input({ name: 'Skolan', typeId: types.school, municipality: 'SE-2580', switchboard: '123' })
				)
			).toEqual({ ok: false, error: 'error_directory_phone_invalid', field: 'switchboard' });
			expect(
				await createOrganisation(coordinator, input({ name: 'Skolan', typeId: types.school, municipality: 'NO-0301' }))
			).toEqual({ ok: false, error: 'error_directory_municipality_required', field: 'municipality' });
			const data = new FormData();
			data.set('name', 'S');
			data.set('typeId', types.school);
			data.set('municipality', 'SE-2580');
			data.set('email', 'inte-en-adress');
			data.set('website', 'javascript:alert(1)');
			const parsed = parseFormData(data, organisationSchema);
			expect(parsed.ok).toBe(false);
			expect(!parsed.ok && parsed.failure.errors).toEqual({
				// "S" is typed, but too short: the message says how long a name must be
				name: 'error_too_short_min|min=2',
				email: 'error_email_invalid',
				website: 'error_directory_website_invalid'
			});
			expect(!parsed.ok && parsed.failure.values.email).toBe('inte-en-adress');
		});

		it('edits, deactivates and reactivates, auditing each change', async () => {
			const org = await newOrganisation(handle.db, network.id, { municipalityId: 'SE-2584', typeKey: 'school' });
			const updated = await updateOrganisation(
				coordinator,
				org.id,
				input({
					name: 'Kiruna gymnasium',
					typeId: types.school,
					municipality: 'SE-2584',
					switchboard: '+47 22 00 00 00'
				})
			);
			expect(updated).toEqual({ ok: true, value: undefined });
			expect(await setOrganisationActive(coordinator, org.id, false)).toEqual({ ok: true, value: undefined });
			const after = await getOrganisation(member, org.id);
			expect(after.ok && after.value.organisation).toMatchObject({
				name: 'Kiruna gymnasium',
				switchboard: '+4722000000',
				active: false
			});
			expect((await listOrganisations(member, { active: true })).some((o) => o.id === org.id)).toBe(false);
			expect((await listOrganisations(member, { active: false })).map((o) => o.id)).toContain(org.id);
			await setOrganisationActive(admin, org.id, true);
			const actions = (
				await handle.db
					.selectFrom('audit_event')
					.select('action')
					.where('entity_id', '=', org.id)
					.orderBy('id')
					.execute()
			).map((r) => r.action);
			expect(actions).toEqual([
				'directory.organisation_updated',
				'directory.organisation_deactivated',
				'directory.organisation_reactivated'
			]);
		});

		it("answers not found for another network's organisations and changes nothing", async () => {
			const theirs = await newOrganisation(handle.db, norwegian.id, {
				municipalityId: 'NO-0301',
				name: 'Barnevernet Oslo',
				typeKey: 'child_welfare'
			});
			const before = await handle.db
				.selectFrom('organisation')
				.selectAll()
				.where('id', '=', theirs.id)
				.executeTakeFirstOrThrow();
			expect(await getOrganisation(admin, theirs.id)).toEqual({ ok: false, error: 'error_not_found' });
			expect(
				await updateOrganisation(
					admin,
					theirs.id,
					input({ name: 'Kapad', typeId: types.school, municipality: 'SE-2580' })
				)
			).toEqual({ ok: false, error: 'error_not_found' });
			expect(await setOrganisationActive(admin, theirs.id, false)).toEqual({ ok: false, error: 'error_not_found' });
			// Their type cannot be used here either, nor ours changed through theirs.
			expect(
				await createOrganisation(admin, input({ name: 'Blandning', typeId: theirs.typeId, municipality: 'SE-2580' }))
			).toMatchObject({ ok: false, field: 'typeId' });
			expect(await renameOrganisationType(admin, theirs.typeId, 'Kapad')).toEqual({
				ok: false,
				error: 'error_not_found'
			});
			expect(await deleteOrganisationType(admin, theirs.typeId)).toEqual({ ok: false, error: 'error_not_found' });
			expect((await listOrganisations(admin)).some((o) => o.id === theirs.id)).toBe(false);
			const after = await handle.db
				.selectFrom('organisation')
				.selectAll()
				.where('id', '=', theirs.id)
				.executeTakeFirstOrThrow();
			expect(after).toEqual(before);
		});

		it('pages the filtered list in hundreds, keeping the filters', async () => {
			for (let i = 0; i < 101; i += 1)
				await newOrganisation(handle.db, network.id, {
					name: `Sidtest ${String(i).padStart(3, '0')}`,
					municipalityId: 'SE-2584'
				});
			const first = await browseOrganisations(member, { q: 'sidtest' }, 1);
			expect(first).toMatchObject({ total: 101, page: 1, pages: 2 });
			expect(first.organisations).toHaveLength(100);
			const second = await browseOrganisations(member, { q: 'sidtest' }, 2);
			expect(second.organisations.map((o) => o.name)).toEqual(['Sidtest 100']);
			expect((await browseOrganisations(member, { q: 'sidtest' }, 99)).page).toBe(2);
		});

		it('lets members read but not edit, and records the denial', async () => {
			const org = await newOrganisation(handle.db, network.id, { municipalityId: 'SE-2580' });
			await expect(
				createOrganisation(member, input({ name: 'Nytt', typeId: types.school, municipality: 'SE-2580' }))
			).rejects.toBeInstanceOf(PermissionDenied);
			await expect(setOrganisationActive(member, org.id, false)).rejects.toBeInstanceOf(PermissionDenied);
			const denied = await handle.db
				.selectFrom('audit_event')
				.select(['action', 'outcome'])
				.where('actor_user_id', '=', member.actor.userId)
				.where('outcome', '=', 'denied')
				.execute();
			expect(denied).toContainEqual({ action: 'permission.directory.edit', outcome: 'denied' });
			const shown = await getOrganisation(member, org.id);
			expect(shown.ok && shown.value.organisation.active).toBe(true);
		});
	});
});

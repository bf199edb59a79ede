import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFormSchema } from '#lib/server/directory/contact-forms.ts';
import { coverage, createContact, setRepresentative } from '#lib/server/directory/contacts-service.ts';
import { listOrganisationTypes, setExpectedTypes } from '#lib/server/directory/organisations-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	addNetworkMunicipalities,
	ensureOrganisationTypes,
	newMember,
	newNetwork,
	newOrganisation,
	serviceContext
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('coverage (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let coord: ServiceContext;
	let types: Record<string, string>;

	async function contact(organisationId: string, name: string, lastVerifiedOn = '') {
		const result = await createContact(
			coord,
			contactFormSchema.parse({
				name,
				organisationId,
				function: '',
				phone: '',
				email: '',
				memberUserId: '',
				lastVerifiedOn,
				notes: '',
				active: 'on'
			})
		);
		if (!result.ok) throw new Error(result.error);
		return result.value;
	}

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		const coordinator = await newMember(db, network.id, { role: 'coordinator' });
		coord = {
			...serviceContext(db, { network, user: coordinator.user, role: 'coordinator' }),
			now: new Date('2026-11-23T12:00:00Z')
		};
		types = await ensureOrganisationTypes(db, network.id);
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2581']);
		await addNetworkMunicipalities(db, network.id, ['SE-2582'], { participating: false });
		const social = await newOrganisation(db, network.id, { typeKey: 'social_services', municipalityId: 'SE-2580' });
		const police = await newOrganisation(db, network.id, { typeKey: 'police', municipalityId: 'SE-2580' });
		const closed = await newOrganisation(db, network.id, {
			typeKey: 'youth_clinic',
			municipalityId: 'SE-2580',
			active: false
		});
		const regional = await newOrganisation(db, network.id, { typeKey: 'region', municipalityId: null });
		const anna = await contact(social.id, 'Anna Ek', '2026-10-01');
		await contact(police.id, 'Bo Ek', '2024-05-01');
		await contact(closed.id, 'Cia Ek', '2026-10-01');
		await contact(regional.id, 'Dan Ek', '2026-10-01');
		await setRepresentative(coord, anna, 'SE-2580', 'primary');
		const piteaSchool = await newOrganisation(db, network.id, { typeKey: 'school', municipalityId: 'SE-2581' });
		await contact(piteaSchool.id, 'Eva Ek');
	});
	afterAll(() => database.cleanup());

	it('shows representatives, present and missing types and verification per municipality', async () => {
		const { rows, cutoff } = await coverage(coord);
		expect(cutoff).toBe('2025-11-23');
		expect(rows.map((r) => r.id)).toEqual(['SE-2582', 'SE-2580', 'SE-2581']);
		const lulea = rows.find((r) => r.id === 'SE-2580')!;
		expect(lulea.primary?.name).toBe('Anna Ek');
		expect(lulea.typesPresent.map((t) => t.id).sort()).toEqual([types.social_services, types.police].sort());
		// By default the network expects social services, school, police and health care (decision 018):
		// only those are missing, not every type of the directory.
		expect(lulea.typesMissing.map((t) => t.id)).toEqual([types.school, types.health_care]);
		expect(lulea.overdueCount).toBe(1);
		expect(lulea.oldestVerifiedOn).toBe('2024-05-01');
		expect(lulea.newestVerifiedOn).toBe('2026-10-01');
		const pitea = rows.find((r) => r.id === 'SE-2581')!;
		expect(pitea.hasRepresentative).toBe(false);
		expect(pitea.overdueCount).toBe(1);
	});

	it('lists as missing only the types the network chooses to expect, and audits the choice', async () => {
		const admin = serviceContext(database.db, {
			network,
			user: (await newMember(database.db, network.id, { role: 'admin' })).user,
			role: 'admin'
		});
		expect(await setExpectedTypes(admin, [types.social_services, types.youth_clinic])).toEqual({ ok: true, value: 4 });
		const { rows } = await coverage(coord);
		const lulea = rows.find((r) => r.id === 'SE-2580')!;
		// The inactive youth clinic does not count: the expected type is missing.
		expect(lulea.typesMissing.map((t) => t.id)).toEqual([types.youth_clinic]);
		expect(rows.find((r) => r.id === 'SE-2581')!.typesMissing.map((t) => t.id)).toEqual([
			types.social_services,
			types.youth_clinic
		]);
		expect((await listOrganisationTypes(coord)).filter((t) => t.expected).map((t) => t.key)).toEqual([
			'social_services',
			'youth_clinic'
		]);
		const audited = await database.db
			.selectFrom('audit_event')
			.select(['action', 'entity_id'])
			.where('network_id', '=', network.id)
			.where('action', 'in', ['directory.type_expected', 'directory.type_not_expected'])
			.execute();
		expect(audited).toHaveLength(4);
		// The same choice again changes nothing; an unknown type is refused; coordinators may not choose.
		expect(await setExpectedTypes(admin, [types.youth_clinic, types.social_services])).toEqual({ ok: true, value: 0 });
		expect(await setExpectedTypes(admin, ['not-a-type'])).toEqual({ ok: false, error: 'error_not_found' });
		await expect(setExpectedTypes(coord, [])).rejects.toBeInstanceOf(PermissionDenied);
		// Another network's type is not found either.
		const other = await newNetwork(database.db, { country: 'SE' });
		const otherTypes = await ensureOrganisationTypes(database.db, other.id);
		expect(await setExpectedTypes(admin, [otherTypes.police])).toEqual({ ok: false, error: 'error_not_found' });
	});

	it('filters participating municipalities without a fixed representative', async () => {
		const { rows } = await coverage(coord, { withoutRepresentative: true });
		expect(rows.map((r) => r.id)).toEqual(['SE-2581']);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFormSchema, type ContactForm } from '#lib/server/directory/contact-forms.ts';
import {
	createContact,
	deleteContact,
	getContact,
	listContacts,
	markContactVerified,
	removeRepresentative,
	setRepresentative,
	updateContact
} from '#lib/server/directory/contacts-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newMember, newNetwork, newOrganisation, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

function form(values: Partial<Record<keyof ContactForm, string>>): ContactForm {
	return contactFormSchema.parse({
		name: 'Anna Berg',
		organisationId: '',
		function: '',
		phone: '',
		email: '',
		memberUserId: '',
		lastVerifiedOn: '',
		notes: '',
		active: 'on',
		...values
	});
}

describe.each(testDialects)('contact persons (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let other: NetworkRef;
	let coordinator: TestMember;
	let member: TestMember;
	let coord: ServiceContext;
	let reader: ServiceContext;
	let otherCoord: ServiceContext;
	let orgId: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		other = await newNetwork(db, { country: 'NO' });
		coordinator = await newMember(db, network.id, { role: 'coordinator', twoFactorEnabled: true });
		member = await newMember(db, network.id, { role: 'member' });
		const otherCoordinator = await newMember(db, other.id, { role: 'coordinator' });
		coord = serviceContext(db, { network, user: coordinator.user, role: 'coordinator' });
		reader = serviceContext(db, { network, user: member.user, role: 'member' });
		otherCoord = serviceContext(db, { network: other, user: otherCoordinator.user, role: 'coordinator' });
		orgId = (await newOrganisation(db, network.id, { name: 'Socialtjänsten Luleå', municipalityId: 'SE-2580' })).id;
	});
	afterAll(() => database.cleanup());

	it('creates, reads, updates and deletes a contact, with every change audited', async () => {
		const created = await createContact(
			coord,
			form({
				name: 'Åsa Öberg',
				organisationId: orgId,
				function: 'Kontaktperson för hedersrelaterade ärenden',
				phone: '0920-45 30 00',
				email: 'Asa.Oberg@Example.se',
				memberUserId: member.user.userId,
				lastVerifiedOn: '2026-01-15'
			})
		);
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		const read = await getContact(reader, created.value);
		expect(read.ok && read.value).toMatchObject({
			name: 'Åsa Öberg',
			phone: '+46920453000',
			phoneFormatted: '0920-45 30 00',
			email: 'asa.oberg@example.se',
			organisationName: 'Socialtjänsten Luleå',
			municipalityName: 'Luleå',
			memberName: member.user.name,
			lastVerifiedOn: '2026-01-15'
		});
		expect((await updateContact(coord, created.value, form({ name: 'Åsa Lind', organisationId: orgId }))).ok).toBe(
			true
		);
		const updated = await getContact(reader, created.value);
		expect(updated.ok && updated.value.name).toBe('Åsa Lind');
		expect(updated.ok && updated.value.phone).toBeNull();
		expect((await deleteContact(coord, created.value)).ok).toBe(true);
		expect(await getContact(reader, created.value)).toEqual({ ok: false, error: 'error_not_found' });
		const actions = await database.db
			.selectFrom('audit_event')
			.select('action')
			.where('entity_id', '=', created.value)
			.orderBy('id')
			.execute();
		expect(actions.map((a) => a.action)).toEqual([
			'directory.contact_created',
			'directory.contact_updated',
			'directory.contact_deleted'
		]);
	});

	it('refuses bad phone numbers, foreign organisations and non-members, saving nothing', async () => {
		const before = await listContacts(reader, {});
		expect(await createContact(coord, form({ organisationId: orgId, phone: '12' }))).toEqual({
			ok: false,
			error: 'error_contacts_phone_invalid',
			field: 'phone'
		});
		const foreignOrg = await newOrganisation(database.db, other.id, {});
		expect(await createContact(coord, form({ organisationId: foreignOrg.id }))).toMatchObject({
			field: 'organisationId'
		});
		const outsider = await newMember(database.db, other.id, {});
		expect(
			await createContact(coord, form({ organisationId: orgId, memberUserId: outsider.user.userId }))
		).toMatchObject({ field: 'memberUserId' });
		expect((await listContacts(reader, {})).total).toBe(before.total);
	});

	it('validates the form: required name and organisation, e-mail and date', () => {
		const parsed = contactFormSchema.safeParse({
			name: 'A',
			organisationId: '',
			function: '',
			phone: '',
			email: 'nope',
			memberUserId: '',
			lastVerifiedOn: '2026-02-30',
			notes: ''
		});
		expect(parsed.success).toBe(false);
		const fields = parsed.error?.issues.map((i) => [i.path[0], i.message]);
		expect(fields).toEqual(
			expect.arrayContaining([
				['name', 'error_name_required'],
				['organisationId', 'error_contacts_organisation_required'],
				['email', 'error_email_invalid'],
				['lastVerifiedOn', 'error_contacts_date_invalid']
			])
		);
	});

	it('keeps one primary representative per municipality: a new primary makes the old one a deputy', async () => {
		const a = await createContact(coord, form({ name: 'Primär Ett', organisationId: orgId }));
		const b = await createContact(coord, form({ name: 'Primär Två', organisationId: orgId }));
		if (!a.ok || !b.ok) throw new Error('setup');
		expect(await setRepresentative(coord, a.value, 'SE-2580', 'primary')).toEqual({
			ok: true,
			value: { demoted: null }
		});
		expect(await setRepresentative(coord, b.value, 'SE-2580', 'primary')).toEqual({
			ok: true,
			value: { demoted: { contactId: a.value, name: 'Primär Ett' } }
		});
		const reps = await database.db
			.selectFrom('representative')
			.select(['contact_id', 'kind'])
			.where('network_id', '=', network.id)
			.where('municipality_id', '=', 'SE-2580')
			.execute();
		expect(reps.filter((r) => r.kind === 'primary').map((r) => r.contact_id)).toEqual([b.value]);
		expect(reps.find((r) => r.contact_id === a.value)?.kind).toBe('deputy');
		// A municipality the network does not have is refused.
		expect(await setRepresentative(coord, a.value, 'SE-0114', 'deputy')).toMatchObject({ field: 'municipalityId' });
		expect((await removeRepresentative(coord, a.value, 'SE-2580')).ok).toBe(true);
		const contact = await getContact(reader, b.value);
		expect(contact.ok && contact.value.representatives).toEqual([
			expect.objectContaining({ municipalityId: 'SE-2580', kind: 'primary' })
		]);
	});

	it('leaves inactive contacts out of the list and exports unless asked, and never makes them representatives', async () => {
		const created = await createContact(coord, form({ name: 'Vilande Kontakt', organisationId: orgId, active: '' }));
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		expect((await listContacts(reader, { name: 'Vilande' })).total).toBe(0);
		expect((await listContacts(reader, { name: 'Vilande', inactive: true })).total).toBe(1);
		expect(await setRepresentative(coord, created.value, 'SE-2580', 'primary')).toMatchObject({
			ok: false,
			error: 'error_contacts_representative_inactive'
		});
	});

	it('marks a contact verified today in the network time zone', async () => {
		const c = await createContact(coord, form({ organisationId: orgId }));
		if (!c.ok) throw new Error('setup');
		const ctx = { ...coord, now: new Date('2026-03-28T23:30:00Z') };
		expect(await markContactVerified(ctx, c.value)).toEqual({ ok: true, value: '2026-03-29' });
	});

	it('lets members read but not change', async () => {
		await expect(createContact(reader, form({ organisationId: orgId }))).rejects.toBeInstanceOf(PermissionDenied);
		const list = await listContacts(reader, {});
		await expect(markContactVerified(reader, list.contacts[0].id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(deleteContact(reader, list.contacts[0].id)).rejects.toBeInstanceOf(PermissionDenied);
	});

	it("answers another network's contact ids with not found and changes nothing", async () => {
		const c = await createContact(
			coord,
			form({ name: 'Bara Här', organisationId: orgId, lastVerifiedOn: '2025-01-01' })
		);
		if (!c.ok) throw new Error('setup');
		const otherOrg = await newOrganisation(database.db, other.id, {});
		expect(await getContact(otherCoord, c.value)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await updateContact(otherCoord, c.value, form({ organisationId: otherOrg.id }))).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		expect(await markContactVerified(otherCoord, c.value)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await deleteContact(otherCoord, c.value)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await setRepresentative(otherCoord, c.value, 'SE-2580', 'primary')).toEqual({
			ok: false,
			error: 'error_not_found'
		});
		const still = await getContact(reader, c.value);
		expect(still.ok && still.value).toMatchObject({ name: 'Bara Här', lastVerifiedOn: '2025-01-01' });
		expect((await listContacts(otherCoord, { name: 'Bara Här' })).total).toBe(0);
	});

	it('searches and filters by name, organisation, type, municipality and function, with paging', async () => {
		const police = await newOrganisation(database.db, network.id, {
			name: 'Polisen Piteå',
			typeKey: 'police',
			municipalityId: 'SE-2581'
		});
		for (let i = 0; i < 60; i++)
			await createContact(
				coord,
				form({
					name: `Polis ${String(i).padStart(2, '0')}`,
					organisationId: police.id,
					function: i % 2 ? 'Utredare' : ''
				})
			);
		const byMunicipality = await listContacts(reader, { municipalityId: 'SE-2581' });
		expect(byMunicipality.total).toBe(60);
		expect(byMunicipality.contacts).toHaveLength(50);
		expect(byMunicipality.pageCount).toBe(2);
		expect(byMunicipality.contacts[0].typeLabel).not.toBe('');
		const page2 = await listContacts(reader, { municipalityId: 'SE-2581', page: 2 });
		expect(page2.contacts.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Polis ${50 + i}`));
		expect((await listContacts(reader, { municipalityId: 'SE-2581', sort: '-name' })).contacts[0].name).toBe(
			'Polis 59'
		);
		expect((await listContacts(reader, { typeId: police.typeId })).total).toBe(60);
		expect((await listContacts(reader, { function: 'utred' })).total).toBe(30);
		expect((await listContacts(reader, { organisation: 'polisen' })).total).toBe(60);
		expect((await listContacts(reader, { name: 'polis 0' })).total).toBe(10);
		// Wildcards typed by someone are plain characters.
		expect((await listContacts(reader, { name: '%' })).total).toBe(0);
		expect((await listContacts(reader, { name: 'bara', overdue: true })).total).toBe(1);
		// Case does not matter for Nordic letters either, on both databases.
		await createContact(coord, form({ name: 'ÆRLIG Øvergård', organisationId: orgId, function: 'Rådgiver [a*b]?' }));
		expect((await listContacts(reader, { name: 'ærlig øver' })).total).toBe(1);
		expect((await listContacts(reader, { function: 'RÅDGIVER [A*B]?' })).total).toBe(1);
		expect((await listContacts(reader, { function: 'r.dgiver' })).total).toBe(0);
	});
});

import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFormSchema } from '#lib/server/directory/contact-forms.ts';
import {
	createContact,
	exportContactsCsv,
	exportContactsVcard,
	exportContactVcard
} from '#lib/server/directory/contacts-service.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import { newMember, newNetwork, newOrganisation, serviceContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe.each(testDialects)('contact exports (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let other: NetworkRef;
	let reader: ServiceContext;
	let otherReader: ServiceContext;
	let contactId: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		other = await newNetwork(db, {});
		const c = await newMember(db, network.id, { role: 'coordinator' });
		const r = await newMember(db, network.id, { role: 'member' });
		const o = await newMember(db, other.id, { role: 'member' });
		const coord = serviceContext(db, { network, user: c.user, role: 'coordinator' });
		reader = serviceContext(db, { network, user: r.user, role: 'member', locale: 'sv' });
		otherReader = serviceContext(db, { network: other, user: o.user, role: 'member' });
		const org = await newOrganisation(db, network.id, { name: 'Socialtjänsten; Luleå', municipalityId: 'SE-2580' });
		const police = await newOrganisation(db, network.id, {
			name: 'Polisen',
			typeKey: 'police',
			municipalityId: 'SE-2581'
		});
		const base = { function: '', phone: '', email: '', memberUserId: '', lastVerifiedOn: '', notes: '', active: 'on' };
		const created = await createContact(
			coord,
			contactFormSchema.parse({
				...base,
				name: 'Åsa Öberg',
				organisationId: org.id,
				function: 'Kontaktperson, hedersrelaterat våld',
				phone: '0920-45 30 00',
				email: 'asa@example.se'
			})
		);
		if (!created.ok) throw new Error(created.error);
		contactId = created.value;
		await createContact(
			coord,
			contactFormSchema.parse({ ...base, name: '=SUM(1)', organisationId: org.id, function: '@home' })
		);
		await createContact(coord, contactFormSchema.parse({ ...base, name: 'Per Polis', organisationId: police.id }));
	});
	afterAll(() => database.cleanup());

	it('exports the filtered list as CSV that csv-parse reads back, and audits it', async () => {
		const text = await exportContactsCsv(reader, { municipalityId: 'SE-2580' });
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text.endsWith('\r\n')).toBe(true);
		const rows = parse(text, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
		expect(rows[0]).toEqual([
			'Namn',
			'Organisation',
			'Typ',
			'Kommun',
			'Funktion',
			'Telefon arbete',
			'E-post arbete',
			'Senast kontrollerad'
		]);
		expect(rows).toHaveLength(3);
		expect(rows[1]).toEqual(["'=SUM(1)", 'Socialtjänsten; Luleå', 'Socialtjänst', 'Luleå', "'@home", '', '', '']);
		expect(rows[2].slice(0, 7)).toEqual([
			'Åsa Öberg',
			'Socialtjänsten; Luleå',
			'Socialtjänst',
			'Luleå',
			'Kontaktperson, hedersrelaterat våld',
			'0920-45 30 00',
			'asa@example.se'
		]);
		const audit = await database.db
			.selectFrom('audit_event')
			.select(['action', 'entity_type', 'entity_id'])
			.where('network_id', '=', network.id)
			.where('action', '=', 'export')
			.execute();
		expect(audit).toContainEqual({ action: 'export', entity_type: 'contact', entity_id: 'csv:2' });
	});

	it('exports one contact and the filtered list as vCard 4.0 that ical.js reads back', async () => {
		const one = await exportContactVcard(reader, contactId);
		if (!one.ok) throw new Error(one.error);
		const [kind, props] = ICAL.parse(one.value) as [string, [string, Record<string, string>, string, string][]];
		expect(kind).toBe('vcard');
		const get = (name: string) => props.find((p) => p[0] === name);
		expect(get('fn')?.[3]).toBe('Åsa Öberg');
		expect(get('org')?.[3]).toBe('Socialtjänsten; Luleå');
		expect(get('title')?.[3]).toBe('Kontaktperson, hedersrelaterat våld');
		expect(get('tel')?.[3]).toBe('tel:+46920453000');
		const list = ICAL.parse(await exportContactsVcard(reader, {})) as unknown[];
		expect(list).toHaveLength(3);
		expect(list.every((card) => Array.isArray(card) && card[0] === 'vcard')).toBe(true);
		expect(await exportContactVcard(otherReader, contactId)).toEqual({ ok: false, error: 'error_not_found' });
		expect(await exportContactsVcard(otherReader, {})).toBe('');
	});
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistItems, saveChecklistStatus } from '#lib/server/directory/checklist-service.ts';
import { contactFormSchema } from '#lib/server/directory/contact-forms.ts';
import { createContact, getContact, updateContact } from '#lib/server/directory/contacts-service.ts';
import { todayIn } from '#lib/server/platform/time.ts';
import { eventFormSchema } from '#lib/server/events/forms.ts';
import { createEvent } from '#lib/server/events/staff/events-service.ts';
import { createThemeWeek } from '#lib/server/events/theme-weeks.ts';
import { themeWeekFormSchema } from '#lib/server/events/theme-week-forms.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import {
	addNetworkMunicipalities,
	newMember,
	newNetwork,
	newOrganisation,
	serviceContext
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * Days that record something done — a contact last verified, a checklist item checked — are never
 * after today in the network's time zone, and an event of a theme week starts on one of its days.
 * Property cases put "now" around midnight in Stockholm, where UTC's day and the network's differ.
 */

const MINUTE = 60_000;
/** Midnight of 1 April 2027 in Stockholm (summer time), ± up to three hours. */
const nearMidnight = fc
	.integer({ min: -180, max: 180 })
	.map((m) => new Date(Date.UTC(2027, 2, 31, 22, 0) + m * MINUTE));

function nextDay(day: string): string {
	const date = new Date(`${day}T12:00:00Z`);
	date.setUTCDate(date.getUTCDate() + 1);
	return date.toISOString().slice(0, 10);
}

describe.each(testDialects)('date limits of the directory and events (%s)', (dialect) => {
	let database: TestDatabase;
	let network: NetworkRef;
	let coord: ServiceContext;
	let comm: ServiceContext;
	let orgId: string;

	const contact = (lastVerifiedOn: string) =>
		contactFormSchema.parse({
			name: 'Anna Berg',
			organisationId: orgId,
			function: '',
			phone: '',
			email: '',
			memberUserId: '',
			lastVerifiedOn,
			notes: '',
			active: 'on'
		});

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		const db = database.db;
		network = await newNetwork(db, { country: 'SE' });
		const c = await newMember(db, network.id, { role: 'coordinator' });
		const m = await newMember(db, network.id, { role: 'communicator' });
		coord = serviceContext(db, { network, user: c.user, role: 'coordinator' });
		comm = serviceContext(db, { network, user: m.user, role: 'communicator' });
		orgId = (await newOrganisation(db, network.id, { name: 'Socialtjänsten Luleå', municipalityId: 'SE-2580' })).id;
		await addNetworkMunicipalities(db, network.id, ['SE-2581']);
	});
	afterAll(() => database.cleanup());

	const contactCount = async () =>
		Number(
			(
				await database.db
					.selectFrom('contact')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('network_id', '=', network.id)
					.executeTakeFirstOrThrow()
			).n
		);

	it("accepts a contact verified today and refuses tomorrow, in the network's day, saving nothing", async () => {
		await fc.assert(
			fc.asyncProperty(nearMidnight, async (now) => {
				const ctx = { ...coord, now };
				const today = todayIn(network.timeZone, now);
				const before = await contactCount();
				expect(await createContact(ctx, contact(nextDay(today)))).toEqual({
					ok: false,
					error: 'error_contacts_verified_in_future',
					field: 'lastVerifiedOn'
				});
				expect(await contactCount()).toBe(before);
				const created = await createContact(ctx, contact(today));
				expect(created.ok).toBe(true);
				if (!created.ok) return;
				expect(await updateContact(ctx, created.value, contact(nextDay(today)))).toMatchObject({
					ok: false,
					field: 'lastVerifiedOn'
				});
				const read = await getContact(ctx, created.value);
				expect(read.ok && read.value.lastVerifiedOn).toBe(today);
			}),
			{ numRuns: 12 }
		);
	});

	it('refuses a checklist item checked after today', async () => {
		const a = await newMember(database.db, network.id, { role: 'admin' });
		const [item] = await checklistItems(serviceContext(database.db, { network, user: a.user, role: 'admin' }));
		await fc.assert(
			fc.asyncProperty(nearMidnight, async (now) => {
				const ctx = { ...coord, now };
				const today = todayIn(network.timeZone, now);
				const input = { itemId: item.id, status: 'in_place' as const, ownerUserId: null, note: null, link: null };
				expect(await saveChecklistStatus(ctx, 'SE-2581', { ...input, checkedOn: nextDay(today) })).toEqual({
					ok: false,
					error: 'error_contacts_checked_in_future',
					field: 'checkedOn'
				});
				expect(await saveChecklistStatus(ctx, 'SE-2581', { ...input, checkedOn: today })).toEqual({
					ok: true,
					value: undefined
				});
			}),
			{ numRuns: 8 }
		);
	});

	it("starts an event of a theme week on one of the week's days", async () => {
		const week = await createThemeWeek(
			comm,
			themeWeekFormSchema.parse({ name: 'En vecka fri från våld', startsOn: '2099-11-22', endsOn: '2099-11-26' })
		);
		if (!week.ok) throw new Error(week.error);
		const event = (startAt: string) =>
			eventFormSchema.parse({
				title: 'Föreläsning',
				type: 'training',
				format: 'digital',
				videoLink: 'https://video.example.org/m/1',
				startAt,
				endAt: `${nextDay(startAt.slice(0, 10))}T01:00`,
				themeWeekId: week.value
			});
		for (const [startAt, inside] of [
			['2099-11-21T23:59', false],
			['2099-11-22T00:00', true],
			['2099-11-26T23:00', true],
			['2099-11-27T00:00', false]
		] as const) {
			const result = await createEvent(comm, event(startAt));
			if (inside) expect(result.ok).toBe(true);
			else expect(result).toEqual({ ok: false, error: 'error_events_outside_theme_week', field: 'themeWeekId' });
		}
	});
});

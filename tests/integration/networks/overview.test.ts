/**
 * The start page's figures, per block, through the services it calls: the getting-started steps and
 * their done state, a member's own questions, the next events with seats left, a person's own
 * registrations (and nobody else's), and the directory's gaps — each limited to the network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownQuestionsSummary } from '#lib/server/consultations/list-service.ts';
import { handlingStatus, setAdminHandler } from '#lib/server/consultations/handlers-service.ts';
import { checklistItems, saveChecklistStatus } from '#lib/server/directory/checklist-service.ts';
import { contactFormSchema } from '#lib/server/directory/contact-forms.ts';
import { createContact, setRepresentative } from '#lib/server/directory/contacts-service.ts';
import { directoryOverview } from '#lib/server/directory/overview.ts';
import { registrationFormSchema } from '#lib/server/events/forms.ts';
import { ownRegistrations, upcomingEventsSummary } from '#lib/server/events/overview.ts';
import { registerForEvent } from '#lib/server/events/registration/service.ts';
import { gettingStarted } from '#lib/server/networks/getting-started.ts';
import { inviteMember, savePublicText, updateSettings } from '#lib/server/networks/service.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import {
	addNetworkMunicipalities,
	newConsultation,
	newEvent,
	newMember,
	newNetwork,
	newOrganisation,
	serviceContext,
	visitorContext,
	type TestMember
} from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const DAY = 86_400_000;

describe.each(testDialects)('the start page’s figures on %s', (dialect) => {
	let database: TestDatabase;
	const ctxOf = (network: NetworkRef, member: TestMember, now = new Date()) =>
		serviceContext(database.db, { network, user: member.user, role: member.role, now });

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
	});
	afterAll(async () => database.cleanup());

	it('lists the getting-started steps as undone for a new network, and done once each is done', async () => {
		const db = database.db;
		const network = await newNetwork(db);
		const admin = await newMember(db, network.id, { role: 'admin' });
		const ctx = () => ctxOf(network, admin);
		expect(await gettingStarted(ctx())).toEqual([
			{ step: 'invite', done: false },
			{ step: 'settings', done: false },
			{ step: 'public_pages', done: false }
		]);
		expect(await handlingStatus(ctx())).toEqual({ someoneHandles: false, mayTake: true });

		expect(
			(await inviteMember(ctx(), { email: 'ny@example.org', role: 'coordinator', origin: 'https://x.test' })).ok
		).toBe(true);
		const { name, timeZone, defaultLocale, contactEmail, contactPhone, referencePrefix } = network;
		const settings = { name, timeZone, defaultLocale, contactEmail, contactPhone, referencePrefix };
		expect((await updateSettings(ctx(), settings)).ok).toBe(true);
		expect((await savePublicText(ctx(), { kind: 'description', locale: 'sv', body: 'Om oss.' })).ok).toBe(true);
		expect((await setAdminHandler(ctx(), admin.user.userId, true)).ok).toBe(true);
		expect((await gettingStarted(ctx())).every((s) => s.done)).toBe(true);
		expect(await handlingStatus(ctx())).toEqual({ someoneHandles: true, mayTake: false });

		// A communicator has the public pages step only; a member has none.
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		expect(await gettingStarted(ctxOf(network, communicator))).toEqual([{ step: 'public_pages', done: true }]);
		const member = await newMember(db, network.id, { role: 'member' });
		await expect(gettingStarted(ctxOf(network, member))).rejects.toBeInstanceOf(PermissionDenied);
		// Another network's steps are its own.
		const other = await newNetwork(db);
		const otherAdmin = await newMember(db, other.id, { role: 'admin' });
		expect((await gettingStarted(ctxOf(other, otherAdmin))).some((s) => s.done)).toBe(false);
	});

	it('counts a member’s own open and answered questions, not other people’s', async () => {
		const db = database.db;
		const network = await newNetwork(db);
		const member = await newMember(db, network.id, { role: 'member' });
		const someoneElse = await newMember(db, network.id, { role: 'member' });
		const coordinator = await newMember(db, network.id, { role: 'coordinator' });
		await newConsultation(db, network, { source: 'member', askerUserId: member.user.userId });
		await newConsultation(db, network, { source: 'member', askerUserId: member.user.userId, status: 'answered' });
		await newConsultation(db, network, { source: 'member', askerUserId: member.user.userId, status: 'closed' });
		await newConsultation(db, network, { source: 'member', askerUserId: someoneElse.user.userId });
		expect(await ownQuestionsSummary(ctxOf(network, member))).toEqual({ open: 2, answered: 1 });
		// Handlers get the dashboard instead; communicators ask nothing.
		expect(await ownQuestionsSummary(ctxOf(network, coordinator))).toBeNull();
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		expect(await ownQuestionsSummary(ctxOf(network, communicator))).toBeNull();
	});

	it('shows the next three published public events with the seats left, and a person’s own registrations only', async () => {
		const db = database.db;
		const now = new Date();
		const network = await newNetwork(db);
		const member = await newMember(db, network.id, { role: 'member', email: 'maja.nilsson@example.org' });
		const at = (days: number) => new Date(now.getTime() + days * DAY);
		const full = await newEvent(db, network, { title: 'Fullt', capacity: 1, startAt: at(5), endAt: at(5.1) });
		const seats = await newEvent(db, network, { title: 'Tio platser', capacity: 10, startAt: at(2), endAt: at(2.1) });
		await newEvent(db, network, { title: 'Obegränsat', startAt: at(9), endAt: at(9.1) });
		await newEvent(db, network, { title: 'Senare', startAt: at(40), endAt: at(40.1) });
		await newEvent(db, network, { title: 'Utkast', status: 'draft', startAt: at(1), endAt: at(1.1) });
		await newEvent(db, network, { title: 'Förbi', startAt: at(-3), endAt: at(-2.9) });
		const elsewhere = await newNetwork(db);
		const foreign = await newEvent(db, elsewhere, { title: 'Annat nätverk', startAt: at(1), endAt: at(1.1) });

		const pub = visitorContext(db, network, { now });
		const register = (eventId: string, email: string, net = pub) =>
			registerForEvent(net, eventId, registrationFormSchema.parse({ name: 'Maja', email, consent: 'on' }));
		expect((await register(full.id, 'MAJA.Nilsson@example.org')).ok).toBe(true);
		expect((await register(seats.id, 'annan@example.org')).ok).toBe(true);
		expect((await register(seats.id, 'tredje@example.org')).ok).toBe(true);
		expect((await register(foreign.id, 'maja.nilsson@example.org', visitorContext(db, elsewhere, { now }))).ok).toBe(
			true
		);

		const ctx = ctxOf(network, member, now);
		const events = await upcomingEventsSummary(ctx);
		expect(events.map((e) => [e.title, e.seatsLeft, e.full])).toEqual([
			['Tio platser', 8, false],
			['Fullt', 0, true],
			['Obegränsat', null, false]
		]);
		expect((await ownRegistrations(ctx)).map((r) => [r.title, r.status])).toEqual([['Fullt', 'registered']]);
		// Someone else in the network sees none of Maja's.
		const someoneElse = await newMember(db, network.id, { role: 'member' });
		expect(await ownRegistrations(ctxOf(network, someoneElse, now))).toEqual([]);
	});

	it('counts overdue verifications, participating municipalities without a representative and checklist gaps', async () => {
		const db = database.db;
		const network = await newNetwork(db, { country: 'SE' });
		const admin = await newMember(db, network.id, { role: 'admin' });
		const coordinator = await newMember(db, network.id, { role: 'coordinator' });
		const coord = ctxOf(network, coordinator, new Date('2026-11-23T12:00:00Z'));
		await addNetworkMunicipalities(db, network.id, ['SE-2580', 'SE-2581']);
		await addNetworkMunicipalities(db, network.id, ['SE-2582'], { participating: false });
		const organisation = await newOrganisation(db, network.id, { municipalityId: 'SE-2580' });
		const contact = async (name: string, lastVerifiedOn: string) => {
			const result = await createContact(
				coord,
				contactFormSchema.parse({
					name,
					organisationId: organisation.id,
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
		};
		const anna = await contact('Anna Aktuell', '2026-10-01');
		await contact('Bo Gammal', '2024-01-10');
		await contact('Cilla Aldrig', '');
		await setRepresentative(coord, anna, 'SE-2580', 'primary');
		const items = await checklistItems(ctxOf(network, admin));
		const visible = items.filter((i) => !i.hidden).length;
		expect(
			(
				await saveChecklistStatus(coord, 'SE-2580', {
					itemId: items[0].id,
					status: 'in_place',
					ownerUserId: coordinator.user.userId,
					checkedOn: '2026-11-01',
					note: '',
					link: ''
				})
			).ok
		).toBe(true);

		expect(await directoryOverview(coord)).toEqual({
			overdueVerifications: 2,
			withoutRepresentative: 1,
			checklistGaps: 2 * visible - 1
		});
		const member = await newMember(db, network.id, { role: 'member' });
		await expect(directoryOverview(ctxOf(network, member))).rejects.toBeInstanceOf(PermissionDenied);
		const other = await newNetwork(db);
		const otherCoordinator = await newMember(db, other.id, { role: 'coordinator' });
		expect(await directoryOverview(ctxOf(other, otherCoordinator))).toEqual({
			overdueVerifications: 0,
			withoutRepresentative: 0,
			checklistGaps: 0
		});
	});
});

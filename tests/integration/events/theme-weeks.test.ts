import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { themeWeekFormSchema, type ThemeWeekFormInput } from '#lib/server/events/theme-week-forms.ts';
import {
	createThemeWeek,
	deleteThemeWeek,
	listThemeWeeks,
	publicThemeWeek,
	themeWeekFormValues,
	themeWeekOfEvent,
	upcomingPublicThemeWeeks,
	updateThemeWeek
} from '#lib/server/events/theme-weeks.ts';
import { eventVersion } from '#lib/server/events/public/repository.ts';
import { publicEvent } from '#lib/server/events/public/service.ts';
import { versionOf } from '#lib/server/events/render-cache.ts';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { parseFormData } from '#lib/server/platform/http.ts';
import { PermissionDenied } from '#lib/server/platform/permissions.ts';
import { newEvent, newMember, newNetwork, serviceContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

function week(values: Partial<ThemeWeekFormInput> = {}) {
	return themeWeekFormSchema.parse({
		name: 'En vecka fri från våld',
		description: 'Föreläsningar och samtal.\n\nRunt om i länet.',
		startsOn: '2099-11-22',
		endsOn: '2099-11-26',
		...values
	});
}

function form(values: Record<string, string>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(values)) data.set(key, value);
	return data;
}

describe.each(testDialects)('events: theme weeks (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;
	let comm: ServiceContext;
	let admin: ServiceContext;
	let memberCtx: ServiceContext;
	let otherComm: ServiceContext;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
		const communicator = await newMember(db, network.id, { role: 'communicator' });
		const adminMember = await newMember(db, network.id, { role: 'admin' });
		const member = await newMember(db, network.id, { role: 'member' });
		const otherCommunicator = await newMember(db, other.id, { role: 'communicator' });
		comm = serviceContext(db, { network, user: communicator.user, role: 'communicator' });
		admin = serviceContext(db, { network, user: adminMember.user, role: 'admin' });
		memberCtx = serviceContext(db, { network, user: member.user, role: 'member' });
		otherComm = serviceContext(db, { network: other, user: otherCommunicator.user, role: 'communicator' });
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	const assign = (eventId: string, weekId: string | null) =>
		db
			.updateTable('event')
			.set({ theme_week_id: weekId })
			.where('network_id', '=', network.id)
			.where('id', '=', eventId)
			.execute();

	const auditOf = (id: string) =>
		db
			.selectFrom('audit_event')
			.select(['action', 'outcome', 'network_id'])
			.where('entity_type', '=', 'event_theme_week')
			.where('entity_id', '=', id)
			.orderBy('id')
			.execute();

	it('validates the form: name required, real days, last day not before the first; keeps what was typed', () => {
		const bad = parseFormData(
			form({ name: '  ', description: 'Text', startsOn: '2099-11-26', endsOn: '2099-11-22' }),
			themeWeekFormSchema
		);
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		expect(bad.failure.errors).toEqual({
			name: 'error_events_weeks_name_required',
			endsOn: 'error_events_weeks_ends_before_starts'
		});
		expect(bad.failure.values).toMatchObject({ description: 'Text', startsOn: '2099-11-26' });

		const days = parseFormData(
			form({ name: 'Vecka', startsOn: '2099-02-30', endsOn: 'nästa fredag' }),
			themeWeekFormSchema
		);
		expect(days.ok ? {} : days.failure.errors).toEqual({
			startsOn: 'error_events_weeks_day_invalid',
			endsOn: 'error_events_weeks_day_invalid'
		});

		// One day is a week too; an empty description is none.
		const single = parseFormData(
			form({ name: 'Dag', description: '', startsOn: '2099-11-22', endsOn: '2099-11-22' }),
			themeWeekFormSchema
		);
		expect(single.ok && single.data).toEqual({
			name: 'Dag',
			description: null,
			startsOn: '2099-11-22',
			endsOn: '2099-11-22'
		});
	});

	it('creates, lists with the number of events, edits, and audits each change', async () => {
		const id = unwrap(await createThemeWeek(comm, week()));
		const values = unwrap(await themeWeekFormValues(comm, id));
		expect(values.values).toEqual({
			name: 'En vecka fri från våld',
			description: 'Föreläsningar och samtal.\n\nRunt om i länet.',
			startsOn: '2099-11-22',
			endsOn: '2099-11-26'
		});
		expect(values.events).toBe(0);

		const event = await newEvent(db, network, { startAt: new Date('2099-11-23T09:00:00Z') });
		await assign(event.id, id);
		const listed = (await listThemeWeeks(comm)).find((w) => w.id === id);
		expect(listed).toMatchObject({ name: 'En vecka fri från våld', startsOn: '2099-11-22', events: 1 });

		unwrap(await updateThemeWeek(admin, id, week({ name: 'Veckan mot våld', description: '', endsOn: '2099-11-28' })));
		expect(unwrap(await themeWeekFormValues(comm, id)).week).toMatchObject({
			name: 'Veckan mot våld',
			description: null,
			endsOn: '2099-11-28'
		});
		expect(await auditOf(id)).toEqual([
			{ action: 'events.theme_week_created', outcome: 'success', network_id: network.id },
			{ action: 'events.theme_week_updated', outcome: 'success', network_id: network.id }
		]);
	});

	it('a renamed or moved week makes the cached pages of its events stale', async () => {
		const id = unwrap(await createThemeWeek(comm, week()));
		const event = await newEvent(db, network, { startAt: new Date('2099-11-23T09:00:00Z') });
		const version = async () => versionOf((await eventVersion(db, network.slug, event.id))!, new Date()).content;
		const alone = await version();
		await assign(event.id, id);
		const inWeek = await version();
		expect(inWeek).not.toBe(alone);
		unwrap(await updateThemeWeek(comm, id, week({ name: 'Veckan mot våld' })));
		const renamed = await version();
		expect(renamed).not.toBe(inWeek);
		unwrap(await updateThemeWeek(comm, id, week({ name: 'Veckan mot våld', endsOn: '2099-11-28' })));
		expect(await version()).not.toBe(renamed);
	});

	it('refuses new days that would leave one of its events outside the week, and saves nothing', async () => {
		const id = unwrap(await createThemeWeek(comm, week({ name: 'Flyttad vecka' })));
		// 23:30 UTC on the 25th is already the 26th in Stockholm: the boundary is the network's day.
		const event = await newEvent(db, network, { startAt: new Date('2099-11-25T23:30:00Z') });
		await assign(event.id, id);
		expect(await updateThemeWeek(comm, id, week({ name: 'Flyttad vecka', endsOn: '2099-11-25' }))).toEqual({
			ok: false,
			error: 'error_events_weeks_events_outside',
			field: 'startsOn'
		});
		expect(
			await updateThemeWeek(comm, id, week({ name: 'Flyttad vecka', startsOn: '2099-11-27', endsOn: '2099-11-30' }))
		).toMatchObject({ ok: false });
		expect(unwrap(await themeWeekFormValues(comm, id)).week).toMatchObject({
			startsOn: '2099-11-22',
			endsOn: '2099-11-26'
		});
		unwrap(
			await updateThemeWeek(comm, id, week({ name: 'Flyttad vecka', startsOn: '2099-11-26', endsOn: '2099-11-26' }))
		);
	});

	it('refuses to delete a week that has events, and deletes it once it has none', async () => {
		const id = unwrap(await createThemeWeek(comm, week({ name: 'Upptagen vecka' })));
		const event = await newEvent(db, network, { status: 'draft' });
		await assign(event.id, id);
		expect(await deleteThemeWeek(comm, id)).toEqual({ ok: false, error: 'error_events_weeks_in_use' });
		expect((await themeWeekFormValues(comm, id)).ok).toBe(true);

		await assign(event.id, null);
		unwrap(await deleteThemeWeek(comm, id));
		expect(await themeWeekFormValues(comm, id)).toMatchObject({ ok: false, error: 'error_not_found' });
		expect((await auditOf(id)).map((a) => [a.action, a.outcome])).toEqual([
			['events.theme_week_created', 'success'],
			['events.theme_week_deleted', 'failure'],
			['events.theme_week_deleted', 'success']
		]);
	});

	it('answers another network "not found" and refuses members', async () => {
		const id = unwrap(await createThemeWeek(comm, week({ name: 'Vår vecka' })));
		const notFound = { ok: false, error: 'error_not_found' };
		expect(await themeWeekFormValues(otherComm, id)).toMatchObject(notFound);
		expect(await updateThemeWeek(otherComm, id, week({ name: 'Kapad' }))).toMatchObject(notFound);
		expect(await deleteThemeWeek(otherComm, id)).toMatchObject(notFound);
		expect((await listThemeWeeks(otherComm)).map((w) => w.id)).not.toContain(id);
		expect(unwrap(await themeWeekFormValues(comm, id)).week.name).toBe('Vår vecka');

		await expect(listThemeWeeks(memberCtx)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(createThemeWeek(memberCtx, week())).rejects.toBeInstanceOf(PermissionDenied);
		await expect(themeWeekFormValues(memberCtx, id)).rejects.toBeInstanceOf(PermissionDenied);
		await expect(updateThemeWeek(memberCtx, id, week())).rejects.toBeInstanceOf(PermissionDenied);
		await expect(deleteThemeWeek(memberCtx, id)).rejects.toBeInstanceOf(PermissionDenied);
		expect(unwrap(await themeWeekFormValues(comm, id)).week.name).toBe('Vår vecka');
	});

	it('shows a week publicly through its public, published activities only', async () => {
		const id = unwrap(await createThemeWeek(comm, week({ name: 'Publik vecka' })));
		const now = new Date();
		// No public activity yet: not on the list, no page.
		const draft = await newEvent(db, network, { status: 'draft', title: 'Utkastet' });
		const members = await newEvent(db, network, { visibility: 'members', title: 'Bara för medlemmar' });
		await assign(draft.id, id);
		await assign(members.id, id);
		expect((await upcomingPublicThemeWeeks(db, network, now)).map((w) => w.id)).not.toContain(id);
		expect(await publicThemeWeek(db, network, id, now)).toMatchObject({ ok: false });

		const open = await newEvent(db, network, { title: 'Öppningsföreläsning' });
		await assign(open.id, id);
		const shown = (await upcomingPublicThemeWeeks(db, network, now)).find((w) => w.id === id);
		expect(shown).toMatchObject({ name: 'Publik vecka', startsOn: '2099-11-22', endsOn: '2099-11-26' });
		expect(shown?.events.map((e) => e.title)).toEqual(['Öppningsföreläsning']);
		const page = unwrap(await publicThemeWeek(db, network, id, now));
		expect(page.events.map((e) => e.id)).toEqual([open.id]);
		expect(page.description).toBe('Föreläsningar och samtal.\n\nRunt om i länet.');

		// The event page names its week.
		const view = unwrap(await publicEvent(db, network, open.id, now, 'sv'));
		expect(await themeWeekOfEvent(db, network, view.themeWeekId)).toMatchObject({ id, name: 'Publik vecka' });
		// Another network knows neither the week nor its page.
		expect(await publicThemeWeek(db, other, id, now)).toMatchObject({ ok: false });
		expect(await themeWeekOfEvent(db, other, id)).toBeNull();
		expect((await upcomingPublicThemeWeeks(db, other, now)).map((w) => w.id)).not.toContain(id);

		// A week that is over is no longer among the upcoming ones, but its page stays.
		const past = unwrap(
			await createThemeWeek(comm, week({ name: 'Förra året', startsOn: '2000-11-20', endsOn: '2000-11-24' }))
		);
		const old = await newEvent(db, network, { startAt: new Date('2000-11-21T09:00:00Z') });
		await assign(old.id, past);
		expect((await upcomingPublicThemeWeeks(db, network, now)).map((w) => w.id)).not.toContain(past);
		expect((await publicThemeWeek(db, network, past, now)).ok).toBe(true);
	});
});

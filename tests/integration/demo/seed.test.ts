import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	databaseIsEmpty,
	DEMO_PASSWORD,
	NORRBOTTEN_MUNICIPALITIES,
	seedDemo,
	type DemoSignIn
} from '#lib/server/demo/seed.ts';
import { DEMO_FOLLOW_UP_CODE, UNREACHED } from '#lib/server/demo/consultations.ts';
import { consultationColumns } from '#lib/server/consultations/encrypted-columns.ts';
import { utcToZoned } from '#lib/server/platform/time.ts';
import { listEvents } from '#lib/server/events/events-repository.ts';
import { countByStatus, listRegistrations } from '#lib/server/events/registrations-repository.ts';
import { registrationState } from '#lib/server/events/registration/service.ts';
import { anonymousStatus } from '#lib/server/consultations/anonymous-service.ts';
import { createAuditor } from '#lib/server/platform/audit.ts';
import { createAuth, type Auth } from '#lib/server/platform/auth/better-auth.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import { createKeyring, generateDataKey } from '#lib/server/platform/crypto.ts';
import { decryptColumn } from '#lib/server/platform/encrypted-fields.ts';
import { checkPasswordPolicy } from '#lib/server/platform/auth/password.ts';
import { listOpenNetworks } from '#lib/server/networks/index.ts';
import { quotableAnswers, surveyResults } from '#lib/server/surveys/results-service.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { serviceContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const appSecret = 'demo-secret-demo-secret-demo-secret-0123';
// Passed explicitly, so that no test reads (or creates) the key file of a data directory.
const keyring = createKeyring(generateDataKey());

describe.each(testDialects)('demo data (%s)', (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	let signIns: DemoSignIn[];

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({ db: handle.db, dialect, secret: appSecret, baseURL: 'http://localhost:3000' });
		signIns = await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', keyring });
	}, 60_000);
	afterAll(async () => handle.cleanup());

	it('has Norrbotten with its 14 municipalities, 10 taking part', () => {
		expect(NORRBOTTEN_MUNICIPALITIES).toHaveLength(14);
		expect(NORRBOTTEN_MUNICIPALITIES.filter((m) => m.participating)).toHaveLength(10);
	});

	it('creates both networks with people in every role and the instance admin', async () => {
		const networks = await handle.db
			.selectFrom('network')
			.select(['slug', 'country', 'reference_prefix'])
			.orderBy('slug')
			.execute();
		expect(networks).toEqual([
			{ slug: 'agder', country: 'NO', reference_prefix: 'AGD' },
			{ slug: 'norrbotten', country: 'SE', reference_prefix: 'NBT' }
		]);
		const roles = new Set(signIns.filter((s) => s.network === 'norrbotten').map((s) => s.role));
		expect(roles).toEqual(new Set(['admin', 'coordinator', 'communicator', 'member']));
		expect(signIns.filter((s) => s.role === 'instance-admin')).toHaveLength(1);
		for (const s of signIns) {
			expect(
				checkPasswordPolicy(s.password, {
					email: s.email,
					networkNames: ['Kompetensteamet Norrbotten', 'Nettverk mot vold i Agder']
				})
			).toBeNull();
			if (s.role === 'admin' || s.role === 'coordinator' || s.role === 'instance-admin')
				expect(s.totpSecret).toMatch(/^[A-Z2-7]+$/);
			expect(s.email).toMatch(/@[a-z0-9.-]+\.example\.(se|no)$/);
		}
		const texts = await handle.db.selectFrom('network_text').select('kind').execute();
		expect(texts.length).toBeGreaterThan(3);
		const audit = await handle.db.selectFrom('audit_event').select('action').execute();
		expect(audit.length).toBeGreaterThan(5);
		const outbox = await handle.db.selectFrom('outbox').select(['kind', 'status']).execute();
		expect(outbox).toEqual([{ kind: 'invitation', status: 'pending' }]);
	});

	it('gives a coordinator a working password and authenticator secret', async () => {
		const johan = signIns.find((s) => s.email.startsWith('johan.nilsson'))!;
		const jar = new CookieJar();
		const signIn = await auth.api.signInEmail({
			body: { email: johan.email, password: DEMO_PASSWORD },
			headers: jar.headers(),
			returnHeaders: true
		});
		expect(signIn.response).toMatchObject({ twoFactorRedirect: true });
		jar.absorb(signIn.headers);
		const code = (OTPAuth.URI.parse(johan.totpUri!) as OTPAuth.TOTP).generate();
		jar.absorb((await auth.api.verifyTOTP({ body: { code }, headers: jar.headers(), returnHeaders: true })).headers);
		expect((await auth.api.getSession({ headers: jar.headers() }))?.user.email).toBe(johan.email);
	});

	it('refuses to seed a database that is not empty', async () => {
		expect(await databaseIsEmpty(handle.db)).toBe(false);
		await expect(seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', keyring })).rejects.toThrow(/empty/);
	});
});

describe.each(testDialects)('demo directory (%s)', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		await seedDemo(handle.db, {
			appSecret,
			origin: 'http://localhost:3000',
			keyring,
			now: new Date('2026-11-23T10:00:00Z')
		});
	}, 60_000);
	afterAll(async () => handle.cleanup());

	const norrbotten = async () =>
		(await handle.db.selectFrom('network').select('id').where('slug', '=', 'norrbotten').executeTakeFirstOrThrow()).id;

	it('has about 150 contacts in organisations of every type', async () => {
		const networkId = await norrbotten();
		const contacts = await handle.db
			.selectFrom('contact')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('network_id', '=', networkId)
			.executeTakeFirstOrThrow();
		expect(Number(contacts.n)).toBeGreaterThanOrEqual(140);
		expect(Number(contacts.n)).toBeLessThanOrEqual(160);
		const unusedTypes = await handle.db
			.selectFrom('organisation_type')
			.select('key')
			.where('network_id', '=', networkId)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom('organisation')
							.select('organisation.id')
							.whereRef('organisation.type_id', '=', 'organisation_type.id')
					)
				)
			)
			.execute();
		expect(unusedTypes).toEqual([]);
	});

	it('leaves exactly two participating municipalities without a fixed representative', async () => {
		const networkId = await norrbotten();
		const rows = await handle.db
			.selectFrom('network_municipality')
			.innerJoin('municipality', 'municipality.id', 'network_municipality.municipality_id')
			.select('municipality.name')
			.where('network_municipality.network_id', '=', networkId)
			.where('network_municipality.participating', '=', 1)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom('representative')
							.select('representative.contact_id')
							.whereRef('representative.municipality_id', '=', 'network_municipality.municipality_id')
							.where('representative.kind', '=', 'primary')
					)
				)
			)
			.orderBy('municipality.name')
			.execute();
		expect(rows.map((r) => r.name)).toEqual(['Haparanda', 'Jokkmokk']);
	});

	it('has contacts overdue for verification and checklists partly filled', async () => {
		const networkId = await norrbotten();
		const overdue = await handle.db
			.selectFrom('contact')
			.select('id')
			.where('network_id', '=', networkId)
			.where('last_verified_on', '<', '2025-11-23')
			.execute();
		expect(overdue.length).toBeGreaterThan(5);
		const statuses = await handle.db
			.selectFrom('checklist_status')
			.select('status')
			.where('network_id', '=', networkId)
			.execute();
		const kinds = new Set(statuses.map((s) => s.status));
		expect(kinds).toEqual(new Set(['in_place', 'in_progress', 'missing']));
		// 10 municipalities × 8 items, not all filled in.
		expect(statuses.length).toBeGreaterThan(20);
		expect(statuses.length).toBeLessThan(80);
	});
});

describe.each(testDialects)('demo consultations (%s)', (dialect) => {
	const now = new Date('2026-11-23T10:00:00Z');
	let handle: TestDatabase;
	let networkId: string;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', keyring, now });
		networkId = (
			await handle.db.selectFrom('network').select('id').where('slug', '=', 'norrbotten').executeTakeFirstOrThrow()
		).id;
	}, 60_000);
	afterAll(async () => handle.cleanup());

	const inPeriod = (from: string, to: string) =>
		handle.db
			.selectFrom('consultation as c')
			.leftJoin('municipality as mu', 'mu.id', 'c.municipality_id')
			.leftJoin('organisation_type as ot', 'ot.id', 'c.organisation_type_id')
			.select([
				'c.id',
				'c.source',
				'c.channel',
				'c.status',
				'mu.name as municipality',
				'ot.key as asker',
				(eb) =>
					eb
						.exists(
							eb
								.selectFrom('consultation_topic_link as tl')
								.innerJoin('consultation_topic as t', 't.id', 'tl.topic_id')
								.select('tl.topic_id')
								.whereRef('tl.consultation_id', '=', 'c.id')
								.where('t.key', '=', 'honour')
						)
						.as('honour')
			])
			.where('c.network_id', '=', networkId)
			.where('c.received_on', '>=', from)
			.where('c.received_on', '<=', to)
			.execute();

	// The three whole half-years of the two years before 2026-11-23.
	it.each([
		['2025-01-01', '2025-06-30'],
		['2025-07-01', '2025-12-31'],
		['2026-01-01', '2026-06-30']
	])('has about 25 a half-year (%s – %s), from 8 of 10 municipalities, ~80 %% about honour', async (from, to) => {
		const rows = await inPeriod(from, to);
		expect(rows.length).toBeGreaterThanOrEqual(22);
		expect(rows.length).toBeLessThanOrEqual(28);
		const reached = new Set(rows.map((r) => r.municipality).filter((m) => m !== null));
		const participating = NORRBOTTEN_MUNICIPALITIES.filter((m) => m.participating).map((m) => m.name);
		expect([...reached].sort()).toEqual(participating.filter((m) => !UNREACHED.includes(m)).sort());
		const honour = rows.filter((r) => Boolean(r.honour)).length / rows.length;
		expect(honour).toBeGreaterThanOrEqual(0.72);
		expect(honour).toBeLessThanOrEqual(0.88);
		const askers = rows.map((r) => r.asker);
		const socialServices = askers.filter((a) => a === 'social_services').length;
		expect(socialServices).toBeGreaterThan(rows.length / 3);
		expect(socialServices).toBeGreaterThan(askers.filter((a) => a === 'school').length);
		expect(askers).toContain('school');
		const channels = rows.map((r) => r.channel);
		expect(channels.filter((c) => c === 'email' || c === 'phone').length).toBeGreaterThan(rows.length * 0.6);
	});

	it('spans two years up to now, old ones closed, recent ones open and the coordinator’s', async () => {
		const all = await handle.db
			.selectFrom('consultation as c')
			.leftJoin('user as u', 'u.id', 'c.assignee_user_id')
			.select([
				'c.received_on',
				'c.status',
				'c.source',
				'c.asker_user_id',
				'c.follow_up_on',
				'c.first_answered_at',
				'c.text_erased_at',
				'c.question_encrypted',
				'u.email'
			])
			.where('c.network_id', '=', networkId)
			.orderBy('c.received_on')
			.execute();
		expect(all.length).toBeGreaterThanOrEqual(95);
		expect(all.length).toBeLessThanOrEqual(106);
		expect(all[0].received_on >= '2024-11-20').toBe(true);
		expect(all.at(-1)!.received_on <= '2026-11-23').toBe(true);
		const old = all.filter((c) => c.received_on < '2026-06-01');
		expect(old.filter((c) => c.status === 'closed').length).toBeGreaterThan(old.length * 0.8);
		expect(old.some((c) => c.status === 'answered')).toBe(true);
		const open = all.filter((c) => c.status === 'new' || c.status === 'in_progress');
		expect(open.length).toBeGreaterThanOrEqual(3);
		expect(open.every((c) => c.received_on >= '2026-10-20')).toBe(true);
		expect(open.some((c) => c.email === 'aino.keskitalo@lansstyrelsen-bd.example.se')).toBe(true);
		// Exactly one overdue follow-up, as the dashboard counts it.
		expect(all.filter((c) => c.status !== 'closed' && c.follow_up_on && c.follow_up_on < '2026-11-23')).toHaveLength(1);
		expect(all.filter((c) => c.follow_up_on && c.follow_up_on > '2026-11-23').length).toBeGreaterThan(0);
		// Members asked a few in the app, and got answers; one came through the anonymous form.
		const members = all.filter((c) => c.source === 'member');
		expect(members.length).toBe(4);
		expect(members.every((c) => c.asker_user_id !== null && c.first_answered_at !== null)).toBe(true);
		expect(all.filter((c) => c.source === 'anonymous')).toHaveLength(1);
		// Texts of those closed more than 12 months ago are erased; the rest are there.
		expect(all.some((c) => c.text_erased_at !== null && c.question_encrypted === null)).toBe(true);
		expect(all.filter((c) => c.received_on > '2026-01-01').every((c) => c.question_encrypted !== null)).toBe(true);
	});

	it('answers a few days after receipt, with a work log of advice, referrals and time spent', async () => {
		const answered = await handle.db
			.selectFrom('consultation')
			.select(['received_on', 'first_answered_at'])
			.where('network_id', '=', networkId)
			.where('first_answered_at', 'is not', null)
			.execute();
		const days = answered
			.map((c) => (Date.parse(String(c.first_answered_at)) - Date.parse(`${c.received_on}T00:00:00Z`)) / 86_400_000)
			.sort((a, b) => a - b);
		const median = days[Math.floor(days.length / 2)];
		expect(median).toBeGreaterThanOrEqual(1);
		expect(median).toBeLessThanOrEqual(7);
		const log = await handle.db
			.selectFrom('consultation_log')
			.select(['kind', 'minutes_spent', 'referral_type_id', 'referral_organisation_id', 'text_encrypted'])
			.where('network_id', '=', networkId)
			.execute();
		const kinds = new Set(log.map((l) => l.kind));
		for (const kind of ['advice', 'referral', 'team_meeting', 'follow_up']) expect(kinds).toContain(kind);
		// Handlers record their time; the entries a team meeting writes (the day, no text) carry none.
		const byHandlers = log.filter((l) => l.kind !== 'team_meeting' || l.text_encrypted !== null);
		expect(byHandlers.every((l) => (l.minutes_spent ?? 0) > 0)).toBe(true);
		expect(log.some((l) => l.referral_organisation_id !== null)).toBe(true);
		expect(log.some((l) => l.referral_type_id !== null)).toBe(true);
		const transitions = await handle.db
			.selectFrom('consultation_transition')
			.select(['from_status', 'to_status'])
			.where('network_id', '=', networkId)
			.execute();
		// Reopened once: closed → in progress.
		expect(transitions.some((t) => t.from_status === 'closed' && t.to_status === 'in_progress')).toBe(true);
	});

	it('encrypts the texts under the keyring it was given, and the anonymous asker can read the answer', async () => {
		const row = await handle.db
			.selectFrom('consultation')
			.select(['id', 'reference', 'question_encrypted'])
			.where('network_id', '=', networkId)
			.where('source', '=', 'anonymous')
			.executeTakeFirstOrThrow();
		const question = decryptColumn(
			keyring,
			consultationColumns,
			'question_encrypted',
			{ networkId, recordId: row.id },
			row.question_encrypted
		);
		expect(question).toMatch(/fritidsgård/);
		const network = await handle.db
			.selectFrom('network')
			.selectAll()
			.where('id', '=', networkId)
			.executeTakeFirstOrThrow();
		const ref: NetworkRef = {
			id: network.id,
			slug: network.slug,
			name: network.name,
			country: network.country as 'SE',
			timeZone: network.time_zone,
			defaultLocale: network.default_locale as 'sv',
			contactEmail: network.contact_email,
			contactPhone: network.contact_phone,
			referencePrefix: network.reference_prefix
		};
		const status = await anonymousStatus(
			{
				db: handle.db,
				network: ref,
				now,
				locale: 'sv',
				keyring,
				mail: { enqueue: async () => 0, flush: () => undefined },
				audit: createAuditor(handle.db, { networkId }),
				clientAddress: null,
				requestId: null,
				publicOrigin: 'http://localhost:3000'
			},
			row.reference,
			DEMO_FOLLOW_UP_CODE
		);
		expect(status.ok && status.value.answer).toMatch(/orosanmälan/);
	});
});

describe.each(testDialects)('demo events (%s)', (dialect) => {
	const now = new Date('2026-11-23T10:00:00Z');
	let handle: TestDatabase;
	let networkId: string;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', keyring, now });
		networkId = (
			await handle.db.selectFrom('network').select('id').where('slug', '=', 'norrbotten').executeTakeFirstOrThrow()
		).id;
	}, 60_000);
	afterAll(async () => handle.cleanup());

	const eventsOf = () =>
		listEvents(handle.db, networkId).then((events) => events.filter((e) => e.status === 'published'));

	it('has the digital training of 5 May with about 260 registered and about 200 attended', async () => {
		const training = (await eventsOf()).find((e) => e.type === 'training' && e.format === 'digital')!;
		expect(utcToZoned(training.startAt, 'Europe/Stockholm')).toBe('2026-05-05T09:00');
		expect(training.title).toMatch(/[Hh]edersrelaterat våld/);
		const counts = await countByStatus(handle.db, networkId, training.id);
		const total = Object.values(counts).reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThanOrEqual(250);
		expect(total).toBeLessThanOrEqual(270);
		expect(counts.attended).toBeGreaterThanOrEqual(190);
		expect(counts.attended).toBeLessThanOrEqual(210);
		expect(training.seatsTaken).toBe(counts.attended + counts.no_show + counts.registered);
		const registrations = await listRegistrations(handle.db, networkId, training.id);
		const participating = new Set(NORRBOTTEN_MUNICIPALITIES.filter((m) => m.participating).map((m) => `SE-${m.code}`));
		const municipalities = new Set(registrations.map((r) => r.municipalityId));
		expect(municipalities.size).toBeGreaterThanOrEqual(8);
		expect([...municipalities].every((m) => m !== null && participating.has(m))).toBe(true);
		expect(new Set(registrations.map((r) => r.organisationTypeId)).size).toBeGreaterThanOrEqual(6);
		expect(registrations.every((r) => /@[a-z0-9.-]+\.example\.se$/.test(r.email))).toBe(true);
		expect(new Set(registrations.map((r) => r.email)).size).toBe(registrations.length);
	});

	it('has the next training on 27 October, on site and online, with registration open', async () => {
		const next = (await eventsOf()).find((e) => e.type === 'training' && e.format === 'hybrid')!;
		expect(utcToZoned(next.startAt, 'Europe/Stockholm')).toBe('2027-10-27T09:00');
		expect(registrationState(next, now)).toBe('open');
		expect(next.address).toMatch(/Luleå/);
		expect(next.seatsTaken).toBeGreaterThan(0);
		expect(next.seatsTakenOnSite).toBeLessThanOrEqual(next.capacityOnSite!);
	});

	it('has the theme week "En vecka fri från våld", 22–26 November, with five activities', async () => {
		const week = await handle.db
			.selectFrom('event_theme_week')
			.selectAll()
			.where('network_id', '=', networkId)
			.executeTakeFirstOrThrow();
		expect(week).toMatchObject({ name: 'En vecka fri från våld', starts_on: '2026-11-22', ends_on: '2026-11-26' });
		const activities = (await eventsOf()).filter((e) => e.themeWeekId === week.id);
		expect(activities).toHaveLength(5);
		expect(activities.every((e) => e.type === 'theme_week_activity')).toBe(true);
		const days = activities.map((e) => utcToZoned(e.startAt, 'Europe/Stockholm').slice(0, 10)).sort();
		expect(days).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
	});
});

describe.each(testDialects)('demo team meetings (%s)', (dialect) => {
	const now = new Date('2026-11-23T10:00:00Z');
	let handle: TestDatabase;
	let networkId: string;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', keyring, now });
		networkId = (
			await handle.db.selectFrom('network').select('id').where('slug', '=', 'norrbotten').executeTakeFirstOrThrow()
		).id;
	}, 120_000);
	afterAll(async () => handle.cleanup());

	it('has two years of fortnightly Tuesday meetings at 09.00, one cancelled and one moved across the spring change', async () => {
		const meetings = await handle.db
			.selectFrom('meeting')
			.select(['start_at', 'status', 'edited', 'series_day'])
			.where('network_id', '=', networkId)
			.orderBy('start_at')
			.execute();
		const past = meetings.filter((m) => new Date(m.start_at) < now);
		expect(past.length).toBeGreaterThan(30);
		expect(meetings.some((m) => new Date(m.start_at) > now)).toBe(true);
		expect(meetings.filter((m) => m.status === 'cancelled')).toHaveLength(1);
		const moved = meetings.filter((m) => Boolean(m.edited) && m.status === 'scheduled');
		expect(moved).toHaveLength(1);
		expect(utcToZoned(new Date(moved[0].start_at), 'Europe/Stockholm').slice(11)).toBe('09:00');
		expect(utcToZoned(new Date(moved[0].start_at), 'Europe/Stockholm').slice(0, 10) > moved[0].series_day).toBe(true);
		for (const m of meetings) expect(utcToZoned(new Date(m.start_at), 'Europe/Stockholm').slice(11)).toBe('09:00');
	});

	it('has attendance on every meeting held, most members coming regularly, and approved minutes', async () => {
		const marks = await handle.db
			.selectFrom('meeting_attendance')
			.select(['status', 'membership_id'])
			.where('network_id', '=', networkId)
			.where('status', 'is not', null)
			.execute();
		const present = marks.filter((m) => m.status === 'present').length;
		expect(present / marks.length).toBeGreaterThan(0.7);
		const approved = await handle.db
			.selectFrom('meeting')
			.select('id')
			.where('network_id', '=', networkId)
			.where('minutes_approved_revision', 'is not', null)
			.execute();
		expect(approved.length).toBeGreaterThan(25);
	});

	it('links consultations discussed at the meetings by reference, each with a dated log entry', async () => {
		const links = await handle.db
			.selectFrom('meeting_consultation as mc')
			.innerJoin('consultation_log as log', (join) =>
				join.onRef('log.consultation_id', '=', 'mc.consultation_id').on('log.kind', '=', 'team_meeting')
			)
			.select(['mc.meeting_id', 'mc.consultation_id', 'log.text_encrypted'])
			.where('mc.network_id', '=', networkId)
			.execute();
		expect(new Set(links.map((l) => l.meeting_id)).size).toBeGreaterThan(10);
		expect(links.some((l) => l.text_encrypted === null)).toBe(true);
	});
});

describe.each(testDialects)('demo evaluations (%s)', (dialect) => {
	const now = new Date('2026-11-23T10:00:00Z');
	let handle: TestDatabase;
	let network: NetworkRef;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		await seedDemo(handle.db, { appSecret, origin: 'http://localhost:3000', keyring, now });
		const row = await handle.db
			.selectFrom('network')
			.selectAll()
			.where('slug', '=', 'norrbotten')
			.executeTakeFirstOrThrow();
		network = (await listOpenNetworks(handle.db)).find((n) => n.id === row.id)!;
	}, 120_000);
	afterAll(async () => handle.cleanup());

	const staff = async () => {
		const user = await handle.db
			.selectFrom('user')
			.selectAll()
			.where('email', '=', 'johan.nilsson@lansstyrelsen-bd.example.se')
			.executeTakeFirstOrThrow();
		const ctx = serviceContext(handle.db, {
			network,
			user: {
				userId: user.id,
				email: user.email,
				name: user.name,
				isInstanceAdmin: false,
				twoFactorEnabled: true,
				sessionId: null,
				locale: 'sv'
			},
			role: 'coordinator',
			now
		});
		// The keys the demo wrote its texts with.
		return { ...ctx, keyring };
	};

	it('has the spring and autumn team-meeting evaluations, closed, most answering "always" or "often"', async () => {
		const surveys = await handle.db
			.selectFrom('survey')
			.select(['id', 'title', 'status', 'template_key'])
			.where('network_id', '=', network.id)
			.where('template_key', '=', 'meeting_usefulness')
			.orderBy('opened_on')
			.execute();
		expect(surveys.map((s) => s.title)).toEqual([
			'Kompetensteamets träffar hösten 2025',
			'Kompetensteamets träffar våren 2026'
		]);
		expect(surveys.every((s) => s.status === 'closed')).toBe(true);
		const { results, comparison } = unwrapResult(await surveyResults(await staff(), surveys[1].id));
		expect(results.shown).toBe(true);
		const useful = results.questions.find((q) => q.questionId === 'useful');
		expect(useful?.type === 'choice' && useful.topTwoShare).toBeGreaterThan(0.6);
		expect(comparison.some((c) => c.questionId === 'useful')).toBe(true);
	});

	it('has the evaluation of the 5 May digital training, answered by most of its 200 attendees, with a quotable answer', async () => {
		const survey = await handle.db
			.selectFrom('survey')
			.select(['id'])
			.where('network_id', '=', network.id)
			.where('template_key', '=', 'digital_training')
			.executeTakeFirstOrThrow();
		const ctx = await staff();
		const { results } = unwrapResult(await surveyResults(ctx, survey.id));
		expect(results.answered).toBeGreaterThan(120);
		expect(results.answered).toBeLessThan(200);
		const quotes = await quotableAnswers(ctx, '2026-01-01', '2026-12-31');
		expect(quotes.map((q) => q.text)).toContain(
			'Äntligen fick jag verktyg för att våga fråga. Jag tar med mig skyddsbedömningen till vårt arbetslag.'
		);
	});
});

function unwrapResult<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

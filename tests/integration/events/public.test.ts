import ICAL from 'ical.js';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, PublicContext } from '#lib/server/platform/context.ts';
import { registrationFormSchema, type RegistrationFormInput } from '#lib/server/events/forms.ts';
import { publicEventFile, publicFeedFile } from '#lib/server/events/calendar/feeds.ts';
import { eventVersion } from '#lib/server/events/public/repository.ts';
import { safeDescription } from '#lib/server/events/public/sanitise.ts';
import { listPublicEvents, publicEvent } from '#lib/server/events/public/service.ts';
import { cancelRegistration, registerForEvent, registrationByToken } from '#lib/server/events/registration/service.ts';
import { RenderCache, responseOf, versionOf } from '#lib/server/events/render-cache.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import type { MailAttachment } from '#lib/server/platform/mail/outbox.ts';
import { newEvent, newNetwork, visitorContext } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ORIGIN = 'https://samverkan.example.org';
const VIDEO = 'https://video.example.org/m/secret-42';

function publicContext(db: Kysely<Database>, network: NetworkRef): PublicContext {
	return visitorContext(db, network, { clientAddress: null, origin: ORIGIN });
}

const form = (values: Partial<RegistrationFormInput> = {}) =>
	registrationFormSchema.parse({
		name: 'Anna Andersson',
		email: `anna-${Math.random().toString(36).slice(2)}@example.org`,
		consent: 'on',
		...values
	});

async function mailsTo(db: Kysely<Database>, email: string) {
	const rows = await db
		.selectFrom('outbox')
		.select(['kind', 'text_body', 'attachments'])
		.where('recipient', '=', email)
		.orderBy('id')
		.execute();
	return rows.map((r) => ({
		kind: r.kind,
		text: r.text_body,
		attachments: (r.attachments
			? typeof r.attachments === 'string'
				? JSON.parse(r.attachments)
				: r.attachments
			: []) as MailAttachment[]
	}));
}

function tokenIn(text: string): string {
	const match = /\/events\/registration\/([A-Za-z0-9_-]+)/.exec(text);
	if (!match) throw new Error('no personal link');
	return match[1];
}

function vevents(ics: string) {
	return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

describe.each(testDialects)('public events (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let other: NetworkRef;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		other = await newNetwork(db);
	}, 60_000);
	afterAll(async () => {
		await database?.cleanup();
	});

	it('attaches an invite that ical.js reads with the right start, and promotes the waiting with theirs', async () => {
		// 2 November 2027, 09:00 in Stockholm: after the change back to winter time (UTC+1).
		const startAt = new Date('2027-11-02T08:00:00Z');
		const event = await newEvent(db, network, { capacity: 1, startAt, videoLink: VIDEO });
		const pub = publicContext(db, network);
		const first = form();
		const second = form({ name: 'Bo Berg' });
		const a = await registerForEvent(pub, event.id, first);
		const b = await registerForEvent(pub, event.id, second);
		expect(a).toMatchObject({ ok: true, value: { status: 'registered' } });
		expect(b).toMatchObject({ ok: true, value: { status: 'waiting', position: 1 } });

		const [confirmation] = await mailsTo(db, first.email);
		expect(confirmation.kind).toBe('event-registered');
		expect(confirmation.attachments).toHaveLength(1);
		const invite = Buffer.from(confirmation.attachments[0].contentBase64, 'base64').toString('utf8');
		expect(confirmation.attachments[0].contentType).toMatch(/^text\/calendar/);
		const [vevent] = vevents(invite);
		expect(vevent.startDate.toJSDate().toISOString()).toBe(startAt.toISOString());
		expect(invite).toContain('DTSTART;TZID=Europe/Stockholm:20271102T090000');
		expect(vevent.startDate.hour).toBe(9);
		expect(vevent.description).toContain(VIDEO);
		expect((await mailsTo(db, second.email))[0].attachments).toHaveLength(0);

		const cancelled = await cancelRegistration(pub, tokenIn(confirmation.text));
		expect(cancelled).toEqual({ ok: true, value: { promoted: 1 } });
		const promoted = (await mailsTo(db, second.email)).at(-1)!;
		expect(promoted.kind).toBe('event-promoted');
		expect(promoted.attachments).toHaveLength(1);
		const status = await registrationByToken(pub, tokenIn(promoted.text));
		expect(status).toMatchObject({ ok: true, value: { registration: { status: 'registered' } } });
	});

	it('a registration on the Finnish pages gets its mails, link and cancellation in Finnish', async () => {
		const event = await newEvent(db, network, { title: 'Hedersrelaterat våld – grundutbildning', capacity: 1 });
		const pub = { ...publicContext(db, network), locale: 'fi' as const };
		const aino = form({ name: 'Aino Virtanen' });
		const pekka = form({ name: 'Pekka Niemi' });
		expect(await registerForEvent(pub, event.id, aino)).toMatchObject({ ok: true, value: { status: 'registered' } });
		expect(await registerForEvent(pub, event.id, pekka)).toMatchObject({ ok: true, value: { status: 'waiting' } });
		const [confirmation] = await mailsTo(db, aino.email);
		expect(confirmation.text).toContain('Olet ilmoittautunut tapahtumaan Hedersrelaterat våld – grundutbildning');
		expect(confirmation.text).toContain(`${ORIGIN}/fi/${network.slug}/events/registration/`);
		expect(confirmation.text).toContain('Tämän viestin lähetti Samverkan');
		const [waiting] = await mailsTo(db, pekka.email);
		expect(waiting.text).toContain('olet jonotuslistalla sijalla 1');
		// Later mails use the language stored with the registration, whatever page the change came from.
		const swedishPage = publicContext(db, network);
		expect(await cancelRegistration(swedishPage, tokenIn(confirmation.text))).toMatchObject({ ok: true });
		const promoted = (await mailsTo(db, pekka.email)).at(-1)!;
		expect(promoted.kind).toBe('event-promoted');
		expect(promoted.text).toContain('Tapahtumasta Hedersrelaterat våld – grundutbildning');
	});

	it('never puts the video link in the public feed, the public .ics or the public page', async () => {
		const event = await newEvent(db, network, { title: 'Digital grundutbildning', videoLink: VIDEO });
		await newEvent(db, network, { title: 'Medlemsträff', visibility: 'members' });
		await newEvent(db, network, { title: 'Utkast', status: 'draft' });
		const feed = await publicFeedFile(publicContext(db, network));
		expect(feed.content).not.toContain(VIDEO);
		const summaries = vevents(feed.content).map((e) => e.summary);
		expect(summaries).toContain('Digital grundutbildning');
		expect(summaries).not.toContain('Medlemsträff');
		expect(summaries).not.toContain('Utkast');
		const file = await publicEventFile(publicContext(db, network), event.id);
		if (!file.ok) throw new Error(file.error);
		expect(file.value.content).not.toContain(VIDEO);
		const view = await publicEvent(db, network, event.id, new Date(), 'sv');
		expect(JSON.stringify(view)).not.toContain(VIDEO);
		// Another network's id is not found.
		expect(await publicEvent(db, other, event.id, new Date(), 'sv')).toMatchObject({ ok: false });
		expect(await publicEventFile(publicContext(db, other), event.id)).toMatchObject({ ok: false });
	});

	it('lists upcoming and past public events, by type and month', async () => {
		const own = await newNetwork(db);
		const now = new Date();
		const soon = await newEvent(db, own, { type: 'conference', startAt: new Date(now.getTime() + 5 * 86_400_000) });
		const past = await newEvent(db, own, { type: 'training', startAt: new Date(now.getTime() - 40 * 86_400_000) });
		const all = await listPublicEvents(db, own, now);
		expect(all.upcoming.map((e) => e.id)).toEqual([soon.id]);
		expect(all.past.map((e) => e.id)).toEqual([past.id]);
		expect(JSON.stringify(all)).not.toContain('video.example.org');
		const conferences = await listPublicEvents(db, own, now, { type: 'conference' });
		expect([...conferences.upcoming, ...conferences.past].map((e) => e.id)).toEqual([soon.id]);
		const month = all.months.at(0)!;
		const byMonth = await listPublicEvents(db, own, now, { month });
		expect([...byMonth.upcoming, ...byMonth.past].length).toBeGreaterThan(0);
	});

	it('keys the render cache on the event version and gives each hit a new nonce', async () => {
		const event = await newEvent(db, network, { capacity: 3 });
		const before = await eventVersion(db, network.slug, event.id);
		expect(before).toBeDefined();
		const cache = new RenderCache();
		const key = RenderCache.key(network.slug, event.id, 'sv');
		const v1 = versionOf(before!, new Date());
		cache.set(key, {
			status: 200,
			headers: [
				['content-type', 'text/html'],
				['content-security-policy', "script-src 'self' 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='"]
			],
			body: '<script nonce="AAAAAAAAAAAAAAAAAAAAAA==">x</script>',
			nonce: 'AAAAAAAAAAAAAAAAAAAAAA==',
			...v1
		});
		const hit = cache.get(key, v1);
		expect(hit).toBeDefined();
		const response = responseOf(hit!, 'GET');
		const csp = response.headers.get('content-security-policy')!;
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		expect(nonce).not.toBe('AAAAAAAAAAAAAAAAAAAAAA==');
		expect(await response.text()).toBe(`<script nonce="${nonce}">x</script>`);

		// A registration changes the seats: still served for a moment, then re-rendered.
		await registerForEvent(publicContext(db, network), event.id, form());
		const v2 = versionOf((await eventVersion(db, network.slug, event.id))!, new Date());
		expect(v2.seats).not.toBe(v1.seats);
		expect(v2.content).toBe(v1.content);
		expect(cache.get(key, v2, Date.now() + 60_000)).toBeUndefined();
		expect(await eventVersion(db, other.slug, event.id)).toBeUndefined();
	});

	it('sanitises the description', () => {
		expect(safeDescription('<p onclick="x()">Hej<script>alert(1)</script></p><a href="javascript:x">l</a>')).toBe(
			'<p>Hej</p><a rel="noopener noreferrer">l</a>'
		);
	});
});

import { randomUUID } from 'node:crypto';
import { insertContact } from '../directory/contacts-repository.ts';
import { listOrganisationOptionRows } from '../directory/organisations-repository.ts';
import { addAgendaItem, addTemplateItem, carryOverOpenItems } from '../meetings/agenda-service.ts';
import { addGuests, markAttendance } from '../meetings/attendance-service.ts';
import { seriesArrayFields, seriesFormSchema } from '../meetings/forms.ts';
import { listMeetingsOfSeries } from '../meetings/meetings-repository.ts';
import { editMeeting, setMeetingCancelled } from '../meetings/meetings-service.ts';
import { approveMinutes, saveMinutes } from '../meetings/minutes-service.ts';
import { linkConsultation } from '../meetings/consultation-links-service.ts';
import { listConsultations } from '../consultations/list-repository.ts';
import { LAST_WEEK_OF_MONTH } from '../meetings/model.ts';
import { addDays, nthWeekdayOfMonth, weekdayOf } from '../meetings/recurrence.ts';
import { createSeries } from '../meetings/series-service.ts';
import { listMembers } from '../networks/repository.ts';
import { createAuditor } from '../platform/audit.ts';
import type { ServiceContext } from '../platform/context.ts';
import { parseFormData } from '../platform/http.ts';
import { todayIn, utcToZoned } from '../platform/time.ts';
import type { DemoContext } from './seed.ts';
import { joiningTransaction } from './transaction.ts';

/**
 * Kompetensteamet Norrbotten's team meetings: every other Tuesday, 09.00–11.00 at the County
 * Administrative Board in Luleå and by video, in spring and autumn terms over two years up to half a
 * year ahead of `ctx.now` (no meetings in summer or over Christmas). One meeting was cancelled, one
 * was moved by a week across the spring daylight-saving change. Most members come regularly; two
 * municipalities never send anyone. Past meetings have attendance, a few guests, agendas with items
 * carried on, and approved minutes. Made through the module's own services, as a coordinator would,
 * with mail switched off: the invitations went out long ago.
 */

const NORRBOTTEN = 'norrbotten';
const COORDINATOR = 'johan.nilsson@lansstyrelsen-bd.example.se';

/** Where each demo member works: their municipality's organisation of this kind in the directory. */
const WORKPLACES: Record<string, { municipality: string; word: RegExp }> = {
	'erik.ohman@socialtjansten.lulea.example.se': { municipality: 'Luleå', word: /social/i },
	'lena.pekkari@elevhalsan.kiruna.example.se': { municipality: 'Kiruna', word: /skol|elev/i },
	'anders.lindberg@polisen-nord.example.se': { municipality: 'Luleå', word: /polis/i },
	'fatima.hassan@kvinnojouren-pitea.example.se': { municipality: 'Piteå', word: /jour/i },
	'lars-erik.marklund@boden.example.se': { municipality: 'Boden', word: /social/i },
	'elin.sandstrom@gallivare.example.se': { municipality: 'Gällivare', word: /social/i }
};

/** How often each member comes: most regularly, one now and then. */
const PRESENCE: Record<string, number> = {
	'erik.ohman@socialtjansten.lulea.example.se': 0.95,
	'lena.pekkari@elevhalsan.kiruna.example.se': 0.85,
	'anders.lindberg@polisen-nord.example.se': 0.7,
	'fatima.hassan@kvinnojouren-pitea.example.se': 0.9,
	'lars-erik.marklund@boden.example.se': 0.45,
	'elin.sandstrom@gallivare.example.se': 0.8
};

/** A deterministic "random" in [0, 1) from two numbers, so the demo is the same every time. */
const chance = (a: number, b: number) => ((((a * 7919 + b * 104729) % 1000) + 1000) % 1000) / 1000;

/** Every other Tuesday of the spring (mid-January to mid-June) and autumn (late August to mid-December) terms. */
function termTuesdays(from: string, to: string): string[] {
	const days: string[] = [];
	let day = addDays(from, (2 - weekdayOf(from) + 7) % 7);
	for (; day <= to; day = addDays(day, 14)) {
		const md = day.slice(5);
		if ((md >= '01-12' && md <= '06-15') || (md >= '08-20' && md <= '12-15')) days.push(day);
	}
	return days;
}

export async function seedMeetings(ctx: DemoContext): Promise<void> {
	const network = ctx.networks.get(NORRBOTTEN);
	if (!network) throw new Error('demo: no Norrbotten network');
	const db = joiningTransaction(ctx.db);
	const coordinator = ctx.userId(COORDINATOR);
	const staff = (now: Date): ServiceContext => ({
		db,
		actor: {
			userId: coordinator,
			email: COORDINATOR,
			name: 'Johan Nilsson',
			isInstanceAdmin: false,
			twoFactorEnabled: true,
			sessionId: null,
			locale: 'sv'
		},
		network,
		role: 'coordinator',
		now,
		locale: 'sv',
		audit: createAuditor(db, { networkId: network.id, actorUserId: coordinator, clientAddress: null, requestId: null }),
		mail: { enqueue: async () => 0, flush: () => {} },
		keyring: ctx.keyring,
		clientAddress: null,
		requestId: null,
		publicOrigin: ctx.origin
	});

	// Members are linked to their workplace in the directory, so attendance counts by municipality.
	const organisations = await listOrganisationOptionRows(db, network.id);
	for (const [email, where] of Object.entries(WORKPLACES)) {
		const organisation =
			organisations.find((o) => o.municipalityName === where.municipality && where.word.test(o.name)) ??
			organisations.find((o) => o.municipalityName === where.municipality);
		if (!organisation) continue;
		await insertContact(
			db,
			network.id,
			randomUUID(),
			{
				name: email.split('@')[0].replace(/[.-]/g, ' '),
				organisationId: organisation.id,
				function: null,
				phone: null,
				email,
				memberUserId: ctx.userId(email),
				lastVerifiedOn: todayIn(network.timeZone, ctx.now),
				notes: null,
				active: true
			},
			ctx.now
		);
	}

	const today = todayIn(network.timeZone, ctx.now);
	const first = `${Number(today.slice(0, 4)) - 2}-01-01`;
	const dates = termTuesdays(first, addDays(today, 180));
	const data = new FormData();
	for (const [key, value] of Object.entries({
		title: 'Kompetensteamets möte',
		description: 'Aktuella frågor från kommunerna, frågeställningar och planering.',
		recurrence: 'dates',
		firstDay: dates[0],
		dates: dates.join('\n'),
		startTime: '09:00',
		endTime: '11:00',
		place: 'Länsstyrelsen, Stationsgatan 5, Luleå',
		videoLink: 'https://video.example.se/kompetensteamet/motet',
		audience: 'all'
	}))
		data.set(key, value);
	const form = parseFormData(data, seriesFormSchema, { arrayFields: seriesArrayFields });
	if (!form.ok) throw new Error(`demo: series form ${JSON.stringify(form.failure.errors)}`);
	const created = await createSeries(staff(ctx.now), form.data);
	if (!created.ok) throw new Error(`demo: series ${created.error}`);
	const { seriesId } = created.value;
	const template = await addTemplateItem(staff(ctx.now), seriesId, {
		title: 'Aktuella frågor från kommunerna',
		owner: null,
		minutes: 45,
		notes: null
	});
	if (!template.ok) throw new Error(`demo: template ${template.error}`);

	const meetings = await listMeetingsOfSeries(db, network.id, seriesId);
	const past = meetings.filter((m) => m.endAt < ctx.now);

	// One meeting moved a week later, across the spring change to summer time; one cancelled.
	const springChange = past.find((m) => {
		const change = nthWeekdayOfMonth(Number(m.seriesDay.slice(0, 4)), 3, 7, LAST_WEEK_OF_MONTH);
		return m.seriesDay < change && addDays(m.seriesDay, 7) > change;
	});
	if (springChange) {
		const at = new Date(springChange.startAt.getTime() - 3600_000);
		const moved = await editMeeting(staff(at), springChange.id, {
			title: springChange.title,
			day: addDays(springChange.seriesDay, 7),
			startTime: '09:00',
			endTime: '11:00',
			place: springChange.place,
			videoLink: springChange.videoLink,
			sequence: springChange.sequence
		});
		if (!moved.ok) throw new Error(`demo: move ${moved.error}`);
	}
	const cancelled = past.find((m) => m.seriesDay.slice(5, 7) === '11' && m.id !== springChange?.id);
	if (cancelled) await setMeetingCancelled(staff(cancelled.startAt), cancelled.id, cancelled.sequence, true);

	const members = (await listMembers(db, network.id)).filter((m) => m.active && m.role !== 'communicator');
	const held = (await listMeetingsOfSeries(db, network.id, seriesId)).filter(
		(m) => m.endAt < ctx.now && m.status === 'scheduled'
	);
	// The consultations of the fortnight before each meeting: some are raised there, by reference.
	const consultations = await listConsultations(db, network.id, {}, { sort: 'received', limit: 10_000, offset: 0 });
	for (const [n, meeting] of held.entries()) {
		const after = staff(new Date(meeting.endAt.getTime() + 3600_000));
		const marks = members.map((member, k) => {
			const presence = PRESENCE[member.email] ?? 0.9;
			const roll = chance(n, k);
			return {
				membershipId: member.membershipId,
				status:
					roll < presence ? ('present' as const) : roll < presence + 0.05 ? ('absent' as const) : ('excused' as const),
				reason: null
			};
		});
		const marked = await markAttendance(after, meeting.id, marks);
		if (!marked.ok) throw new Error(`demo: attendance ${marked.error}`);
		if (n % 5 === 2)
			await addGuests(after, meeting.id, { organisationTypeId: null, municipalityId: null, count: 1 + (n % 3) });
		await addAgendaItem(staff(new Date(meeting.startAt.getTime() - 7 * 86_400_000)), meeting.id, {
			title: n % 4 === 0 ? 'Rutin vid oro för tvångsäktenskap' : 'Planering av höstens utbildning',
			owner: null,
			minutes: 20,
			notes: null
		});
		if (n % 4 === 0) await carryOverOpenItems(after, meeting.id);
		const day = utcToZoned(meeting.startAt, network.timeZone).slice(0, 10);
		const minutes = [
			`# Kompetensteamets möte ${day}`,
			`Närvarande: ${marks.filter((mark) => mark.status === 'present').length} av ${marks.length}.`,
			'# Aktuella frågor',
			'- Två frågeställningar om oro för tvångsäktenskap diskuterades, utan uppgifter om personer.',
			'- Skolornas rutiner inför sommarlovet.',
			'# Beslut',
			'Nästa möte enligt planen.'
		].join('\n\n');
		const day14Before = addDays(day, -14);
		const raised = consultations.filter((c) => c.receivedOn >= day14Before && c.receivedOn < day).slice(0, 2);
		for (const consultation of raised) {
			const linked = await linkConsultation(after, meeting.id, { reference: consultation.reference });
			if (!linked.ok) throw new Error(`demo: consultation discussed ${linked.error}`);
		}
		const saved = await saveMinutes(after, meeting.id, { body: minutes, baseRevision: 0 });
		if (!saved.ok) throw new Error(`demo: minutes ${saved.error}`);
		if (n < held.length - 1) await approveMinutes(after, meeting.id, saved.value);
	}
}

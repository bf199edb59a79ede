import { randomUUID } from 'node:crypto';
import { todayIn, zonedToUtc } from '../platform/time.ts';
import { listTypes } from '../directory/organisations-repository.ts';
import { timestamp } from '../platform/db/values.ts';
import { type EventFormat, type EventType, type RegistrationStatus } from '../events/model.ts';
import { newToken } from '../events/registration/links.ts';
import * as partsRepo from '../events/event-parts-repository.ts';
import * as eventRepo from '../events/events-repository.ts';
import * as registrationRepo from '../events/registrations-repository.ts';
import { insertThemeWeek } from '../events/theme-weeks-repository.ts';
import type { DemoContext } from './seed.ts';
import { NORRBOTTEN_MUNICIPALITIES } from './seed.ts';

/**
 * The demo events of Kompetensteamet Norrbotten, after the team's newsletter:
 * the digital training on honour-related violence and oppression of 5 May (about 260 registered,
 * about 200 attended), the next training on 27 October with registration open (on site in Luleå
 * and online), and the theme week "En vecka fri från våld", 22–26 November, of five activities.
 * The dates are those of the year that makes the training past and the others not yet over at
 * `ctx.now`. Registrants are invented, from the network's municipalities and organisation types,
 * with example.se addresses; no mail is queued (they were "sent" long ago). Deterministic but for
 * ids and the personal-link tokens, which must not be guessable even in a demo.
 */

const NORRBOTTEN = 'norrbotten';
const ZONE = 'Europe/Stockholm';
const VIDEO_LINK = 'https://video.example.se/kompetensteamet/utbildning';
const COORDINATOR = 'johan.nilsson@lansstyrelsen-bd.example.se';

const FIRST_NAMES = [
	'Anna',
	'Karin',
	'Elin',
	'Sofia',
	'Linnea',
	'Emma',
	'Ida',
	'Johanna',
	'Malin',
	'Erik',
	'Lars',
	'Mikael',
	'Anders',
	'Niklas',
	'Jonas',
	'Henrik',
	'Mattias',
	'Oskar',
	'Aino',
	'Kaisa',
	'Tuomas',
	'Ristin',
	'Nils-Ante',
	'Amina',
	'Hodan',
	'Ahmad',
	'Dilan',
	'Yusuf',
	'Maja',
	'Petra',
	'Helena',
	'Stina'
];
const LAST_NAMES = [
	'Lindberg',
	'Johansson',
	'Lundqvist',
	'Öberg',
	'Berglund',
	'Forsberg',
	'Nordström',
	'Engström',
	'Sandberg',
	'Lindström',
	'Nyström',
	'Strand',
	'Isaksson',
	'Lahti',
	'Niemi',
	'Kuoksu',
	'Sarri',
	'Labba',
	'Omar',
	'Yilmaz',
	'Ali',
	'Marklund',
	'Burman',
	'Holmgren',
	'Wiklund',
	'Granström',
	'Eriksson',
	'Lidström',
	'Hedman'
];

/** Who comes to the team's trainings: mostly social services and schools. */
const TYPE_CYCLE = [
	'social_services',
	'school',
	'social_services',
	'police',
	'social_services',
	'school',
	'health_care',
	'shelter',
	'social_services',
	'refugee_reception',
	'school',
	'youth_clinic',
	'preschool',
	'ngo',
	'region',
	'social_services'
];

const TYPE_ORGANISATION: Record<string, (municipality: string) => string> = {
	social_services: (m) => `Socialtjänsten, ${m} kommun`,
	school: (m) => `Elevhälsan, ${m} kommun`,
	preschool: (m) => `Förskolan, ${m} kommun`,
	police: () => 'Polisområde Norrbotten',
	health_care: (m) => `Hälsocentralen i ${m}`,
	youth_clinic: (m) => `Ungdomsmottagningen i ${m}`,
	shelter: (m) => `Kvinnojouren i ${m}`,
	refugee_reception: (m) => `Mottagning av nyanlända, ${m} kommun`,
	ngo: (m) => `Föreningen Tjejzonen ${m}`,
	region: () => 'Region Norrbotten'
};

/** The larger towns send more people. */
const MUNICIPALITY_CYCLE = [
	'Luleå',
	'Piteå',
	'Boden',
	'Kiruna',
	'Luleå',
	'Gällivare',
	'Kalix',
	'Piteå',
	'Älvsbyn',
	'Luleå',
	'Haparanda',
	'Arvidsjaur',
	'Jokkmokk',
	'Boden',
	'Luleå',
	'Kiruna'
];

const ascii = (value: string) =>
	value
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

interface Planned {
	title: string;
	descriptionHtml: string;
	type: EventType;
	format: EventFormat;
	start: string;
	end: string;
	address?: string;
	capacity?: number;
	capacityOnSite?: number;
	capacityDigital?: number;
	registrationClosesAt?: string;
	reminderDays?: number;
	reminderHours?: number;
	dataRetentionMonths?: number;
	themeWeekId?: string;
	targetAudience?: string;
	speakers?: partsRepo.SpeakerValues[];
	/** Registrations: how many, and the status of the i-th (in order of registration). */
	registrations: number;
	statusOf?: (i: number) => RegistrationStatus;
	/** When the first and the last of them registered. */
	registeredFrom: Date;
	registeredTo: Date;
}

export async function seedEvents(ctx: DemoContext): Promise<void> {
	const network = ctx.networks.get(NORRBOTTEN);
	if (!network) throw new Error('demo: the events step needs the Norrbotten network');
	const { db, now } = ctx;
	const today = todayIn(ZONE, now);
	const year = Number(today.slice(0, 4));
	const local = (y: number, monthDay: string, time: string) => zonedToUtc(`${y}-${monthDay}T${time}`, ZONE);
	const days = (n: number) => n * 24 * 3600_000;

	// The training of 5 May is the last one before now; 27 October and the theme week the next ones
	// not yet over.
	const pastYear = local(year, '05-05', '12:00') <= now ? year : year - 1;
	const nextTrainingYear = local(year, '10-27', '09:00') > now ? year : year + 1;
	const themeYear = `${year}-11-26` >= today ? year : year + 1;

	const typeIds = new Map((await listTypes(db, network.id)).map((t) => [t.key, t.id]));
	const municipalityIds = new Map(NORRBOTTEN_MUNICIPALITIES.map((m) => [m.name, `SE-${m.code}`]));
	const coordinator = ctx.userId(COORDINATOR);

	let personIndex = 0;
	async function addEvent(plan: Planned): Promise<string> {
		const id = randomUUID();
		const startAt = zonedToUtc(plan.start, ZONE);
		const createdAt = new Date(Math.min(plan.registeredFrom.getTime(), startAt.getTime()) - days(14));
		const hybrid = plan.format === 'hybrid';
		await eventRepo.insertEvent(
			db,
			network!.id,
			id,
			{
				title: plan.title,
				descriptionHtml: plan.descriptionHtml,
				type: plan.type,
				format: plan.format,
				videoLink: plan.format === 'on_site' ? null : VIDEO_LINK,
				address: plan.format === 'digital' ? null : (plan.address ?? null),
				startAt,
				endAt: zonedToUtc(plan.end, ZONE),
				targetAudience: plan.targetAudience ?? null,
				capacity: hybrid ? null : (plan.capacity ?? null),
				capacityOnSite: hybrid ? (plan.capacityOnSite ?? null) : null,
				capacityDigital: hybrid ? (plan.capacityDigital ?? null) : null,
				registrationOpensAt: null,
				registrationClosesAt: plan.registrationClosesAt ? zonedToUtc(plan.registrationClosesAt, ZONE) : null,
				visibility: 'public',
				language: 'sv',
				contactUserId: coordinator,
				themeWeekId: plan.themeWeekId ?? null,
				promotionMode: 'automatic',
				offerHours: 24,
				reminderDays: plan.reminderDays ?? null,
				reminderHours: plan.reminderHours ?? null,
				dataRetentionMonths: plan.dataRetentionMonths ?? 6
			},
			coordinator,
			createdAt
		);
		await eventRepo.setEventStatus(db, network!.id, id, 'draft', 'published', new Date(createdAt.getTime() + days(1)));
		if (plan.speakers?.length)
			await partsRepo.replaceSpeakers(
				db,
				network!.id,
				id,
				plan.speakers.map((s) => ({ ...s, id: randomUUID() }))
			);
		const counters = { seatsTaken: 0, seatsTakenOnSite: 0, seatsTakenDigital: 0, waitingLast: 0 };
		const span = plan.registeredTo.getTime() - plan.registeredFrom.getTime();
		const emails = new Set<string>();
		for (let i = 0; i < plan.registrations; i++) {
			const n = personIndex++;
			const first = FIRST_NAMES[(n * 7) % FIRST_NAMES.length];
			const last = LAST_NAMES[(n * 11 + Math.floor(n / FIRST_NAMES.length)) % LAST_NAMES.length];
			const municipality = MUNICIPALITY_CYCLE[(n * 5) % MUNICIPALITY_CYCLE.length];
			const typeKey = TYPE_CYCLE[(n * 3) % TYPE_CYCLE.length];
			let email = `${ascii(first)}.${ascii(last)}@${ascii(municipality)}.example.se`;
			for (let k = 2; emails.has(email); k++)
				email = `${ascii(first)}.${ascii(last)}${k}@${ascii(municipality)}.example.se`;
			emails.add(email);
			const participation =
				plan.format === 'hybrid'
					? n % 3 === 0
						? 'on_site'
						: 'digital'
					: plan.format === 'digital'
						? 'digital'
						: 'on_site';
			const status = plan.statusOf?.(i) ?? 'registered';
			if (status !== 'cancelled' && status !== 'waiting') {
				counters.seatsTaken += 1;
				if (participation === 'on_site') counters.seatsTakenOnSite += 1;
				else counters.seatsTakenDigital += 1;
			}
			const at = new Date(plan.registeredFrom.getTime() + Math.round((span * i) / Math.max(1, plan.registrations - 1)));
			await registrationRepo.insertRegistration(
				db,
				network!.id,
				id,
				{
					id: randomUUID(),
					name: `${first} ${last}`,
					email,
					organisation: TYPE_ORGANISATION[typeKey]!(municipality),
					organisationTypeId: typeIds.get(typeKey) ?? null,
					municipalityId: municipalityIds.get(municipality) ?? null,
					needsDiet: participation === 'on_site' && n % 9 === 4 ? 'Vegetariskt' : null,
					needsAccess: participation === 'on_site' && n % 23 === 7 ? 'Hörslinga' : null,
					participation,
					consent: true,
					newsletterOptIn: n % 4 === 1,
					locale: 'sv',
					userId: null,
					status,
					waitingPosition: null,
					tokenHash: newToken().hash,
					offerExpiresAt: null
				},
				at
			);
			if (status === 'cancelled')
				await db
					.updateTable('event_registration')
					.set({ cancelled_at: timestamp(new Date(at.getTime() + days(3))) })
					.where('network_id', '=', network!.id)
					.where('event_id', '=', id)
					.where('email', '=', email)
					.execute();
		}
		await eventRepo.setSeatCounters(db, network!.id, id, counters);
		return id;
	}

	// The past digital training: 262 registered, 200 attended, 47 did not show, 15 cancelled.
	// Kept for twelve months (not the default six): attendance certificates are asked for all year.
	const pastStart = local(pastYear, '05-05', '09:00');
	await addEvent({
		title: 'Hedersrelaterat våld och förtryck – digital grundutbildning',
		descriptionHtml:
			'<p>En förmiddag om hedersrelaterat våld och förtryck: vad det är, hur det kan visa sig i skolan och i socialtjänstens ärenden, och hur du gör en första bedömning.</p>' +
			'<h2>Innehåll</h2><ul><li>Hedersnormer och kollektiva strukturer</li><li>Tecken att vara uppmärksam på</li><li>Skyddsbedömning och samverkan med polis</li><li>Lagstiftningen: barnäktenskap, könsstympning, utreseförbud</li></ul>' +
			'<p>Utbildningen är kostnadsfri för yrkesverksamma i länet.</p>',
		type: 'training',
		format: 'digital',
		start: `${pastYear}-05-05T09:00`,
		end: `${pastYear}-05-05T12:00`,
		capacity: 300,
		reminderDays: 2,
		reminderHours: 2,
		dataRetentionMonths: 12,
		targetAudience: 'Yrkesverksamma i socialtjänst, skola, hälso- och sjukvård, polis och ideell sektor i Norrbotten',
		speakers: [
			{
				name: 'Leila Karimi',
				title: 'Utvecklingsledare',
				organisation: 'Länsstyrelsen i Norrbottens län',
				bio: 'Har arbetat med hedersrelaterat våld och förtryck i socialtjänsten i femton år.'
			},
			{
				name: 'Mats Engman',
				title: 'Kommunpolis',
				organisation: 'Polisområde Norrbotten',
				bio: 'Arbetar med brott i nära relationer och samverkan med skola och socialtjänst.'
			}
		],
		registrations: 262,
		// Every 17th cancelled (15 of 262); of those who came, 200 attended and 47 did not show.
		statusOf: (() => {
			let kept = 0;
			return (i: number): RegistrationStatus => {
				if (i % 17 === 16) return 'cancelled';
				kept += 1;
				return kept % 21 === 0 || kept % 7 === 3 || kept === 246 ? 'no_show' : 'attended';
			};
		})(),
		registeredFrom: new Date(pastStart.getTime() - days(40)),
		registeredTo: new Date(pastStart.getTime() - days(1))
	});

	// The next training, registration open: on site in Luleå and online.
	const nextStart = local(nextTrainingYear, '10-27', '09:00');
	await addEvent({
		title: 'Negativ social kontroll och hedersrelaterat våld – fördjupning',
		descriptionHtml:
			'<p>En dag för dig som har gått grundutbildningen och möter hedersrelaterat våld och förtryck i ditt arbete.</p>' +
			'<h2>Program</h2><ol><li>Negativ social kontroll – när blir det våld?</li><li>Fallövningar i grupp</li><li>Att samtala med barn och unga</li><li>Samverkan i Norrbotten: vem gör vad?</li></ol>' +
			'<p>Frågor? Mejla <a href="mailto:kompetensteamet@lansstyrelsen-bd.example.se">kompetensteamet</a>.</p>',
		type: 'training',
		format: 'hybrid',
		start: `${nextTrainingYear}-10-27T09:00`,
		end: `${nextTrainingYear}-10-27T16:00`,
		address: 'Kulturens hus, Skeppsbrogatan 17, Luleå',
		capacityOnSite: 60,
		capacityDigital: 200,
		registrationClosesAt: `${nextTrainingYear}-10-22T23:59`,
		reminderDays: 3,
		reminderHours: 2,
		targetAudience: 'Yrkesverksamma som gått grundutbildningen',
		speakers: [
			{
				name: 'Leila Karimi',
				title: 'Utvecklingsledare',
				organisation: 'Länsstyrelsen i Norrbottens län',
				bio: null
			}
		],
		registrations: 74,
		registeredFrom: new Date(Math.min(now.getTime(), nextStart.getTime()) - days(21)),
		registeredTo: new Date(Math.min(now.getTime(), nextStart.getTime()) - days(1))
	});

	// The theme week, five activities, one a day.
	const themeWeekId = randomUUID();
	await insertThemeWeek(
		db,
		network.id,
		themeWeekId,
		{
			name: 'En vecka fri från våld',
			description:
				'Länets kommuner, polisen, regionen och kvinnojourerna uppmärksammar arbetet mot våld med föreläsningar, seminarier och samtal runt om i Norrbotten.',
			startsOn: `${themeYear}-11-22`,
			endsOn: `${themeYear}-11-26`
		},
		new Date(now.getTime() - days(60))
	);
	const activities: (Omit<Planned, 'type' | 'registeredFrom' | 'registeredTo' | 'themeWeekId'> & { day: string })[] = [
		{
			day: '11-22',
			title: 'Öppningsföreläsning: Våld i nära relationer – att se tecknen',
			descriptionHtml:
				'<p>Temaveckan öppnar med en föreläsning om hur våld i nära relationer kan upptäckas tidigt.</p>',
			format: 'digital',
			start: 'T13:00',
			end: 'T14:30',
			registrations: 48
		},
		{
			day: '11-23',
			title: 'Frukostseminarium: Hedersrelaterat våld i skolan',
			descriptionHtml: '<p>För elevhälsa och skolledning. Frukost från 07.30.</p>',
			format: 'on_site',
			address: 'Stadshuset, Sundsgatan 29, Piteå',
			start: 'T08:00',
			end: 'T09:30',
			capacity: 40,
			registrations: 31
		},
		{
			day: '11-24',
			title: 'Samverkansträff: kvinnojourer och socialtjänst',
			descriptionHtml: '<p>Hur vi tillsammans ger stöd till våldsutsatta – erfarenheter från Boden och Luleå.</p>',
			format: 'on_site',
			address: 'Bodens kommunhus, Kyrkgatan 24, Boden',
			start: 'T13:00',
			end: 'T16:00',
			capacity: 30,
			registrations: 22
		},
		{
			day: '11-25',
			title: 'Film och samtal på Orange day',
			descriptionHtml:
				'<p>På den internationella dagen mot våld mot kvinnor visar vi en dokumentär och samtalar efteråt med kvinnojouren.</p>',
			format: 'on_site',
			address: 'Folkets hus, Föreningsgatan 15, Kiruna',
			start: 'T18:00',
			end: 'T20:30',
			capacity: 80,
			registrations: 37
		},
		{
			day: '11-26',
			title: 'Webbinarium: Våldsbejakande extremism och negativ social kontroll',
			descriptionHtml: '<p>Temaveckan avslutas med ett webbinarium om var gränserna går och vart du vänder dig.</p>',
			format: 'digital',
			start: 'T10:00',
			end: 'T11:30',
			registrations: 55
		}
	];
	for (const activity of activities) {
		const start = `${themeYear}-${activity.day}${activity.start}`;
		const startAt = zonedToUtc(start, ZONE);
		const registeredTo = new Date(Math.min(now.getTime(), startAt.getTime()) - days(1));
		await addEvent({
			...activity,
			type: 'theme_week_activity',
			start,
			end: `${themeYear}-${activity.day}${activity.end}`,
			themeWeekId,
			reminderDays: 1,
			// Activities over by now: those who came are marked, a few did not.
			statusOf: startAt < now ? (i) => (i % 8 === 3 ? 'no_show' : 'attended') : undefined,
			registeredFrom: new Date(registeredTo.getTime() - days(20)),
			registeredTo
		});
	}
}

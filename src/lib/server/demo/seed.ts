import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as networkRepository from '../networks/repository.ts';
import { hashToken, invitationLink } from '../networks/service.ts';
import type { Role } from '../../roles.ts';
import type { NetworkTextKind } from '../networks/tables.ts';
import { recordAudit } from '../platform/audit.ts';
import { hashPassword } from '../platform/auth/password.ts';
import { enrolTwoFactor, totpUri } from '../platform/auth/two-factor-seed.ts';
import { countUsers, insertUserWithPassword } from '../platform/auth/user-repository.ts';
import type { Locale, NetworkRef } from '../platform/context.ts';
import type { Keyring } from '../platform/crypto.ts';
import { dataKeyring } from '../platform/data-keys.ts';
import type { Database } from '../platform/db/schema.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { invitationMail } from '../networks/mail.ts';
import { seedConsultations } from './consultations.ts';
import { seedEvents } from './events.ts';
import { seedMeetings } from './meetings.ts';
import { seedSurveys } from './surveys.ts';
import { seedNorrbottenDirectory as seedDirectory } from './directory.ts';

/**
 * Demo data: a network modelled on a Swedish county competence team against violence
 * ("Kompetensteamet Norrbotten") and a small Norwegian one, with people in every role. Every person,
 * address and organisation here is invented; the e-mail domains are subdomains of example.se/.no.
 *
 * The seed is a list of steps that run in order in one transaction. Modules add their own demo data
 * by appending a step (consultations, meetings, trainings, …) that reads what earlier steps made
 * from the context: `ctx.networks.get('norrbotten')`, `ctx.userId('johan.nilsson@…')`.
 */

/** The one password of every demo account, so a tester can switch roles quickly. */
export const DEMO_PASSWORD = 'Midnattssol över Luleälven';

/**
 * Norrbottens län's 14 municipalities (SCB codes), ten of them taking part in the team. A constant
 * for the demo only: the directory module brings the official lists and will take these from there.
 */
export const NORRBOTTEN_MUNICIPALITIES: readonly { code: string; name: string; participating: boolean }[] = [
	{ code: '2505', name: 'Arvidsjaur', participating: true },
	{ code: '2506', name: 'Arjeplog', participating: false },
	{ code: '2510', name: 'Jokkmokk', participating: true },
	{ code: '2513', name: 'Överkalix', participating: false },
	{ code: '2514', name: 'Kalix', participating: true },
	{ code: '2518', name: 'Övertorneå', participating: false },
	{ code: '2521', name: 'Pajala', participating: false },
	{ code: '2523', name: 'Gällivare', participating: true },
	{ code: '2560', name: 'Älvsbyn', participating: true },
	{ code: '2580', name: 'Luleå', participating: true },
	{ code: '2581', name: 'Piteå', participating: true },
	{ code: '2582', name: 'Boden', participating: true },
	{ code: '2583', name: 'Haparanda', participating: true },
	{ code: '2584', name: 'Kiruna', participating: true }
];

export type DemoRole = Role | 'instance-admin';

/** A way into the demo, printed by `npm run demo`. */
export interface DemoSignIn {
	role: DemoRole;
	network: string | null;
	name: string;
	/** What the person does, in the language of their network. */
	title: string;
	email: string;
	password: string;
	totpSecret: string | null;
	totpUri: string | null;
}

export interface DemoContext {
	db: Kysely<Database>;
	appSecret: string;
	/** Where links in demo mails point, e.g. http://localhost:3000. */
	origin: string;
	now: Date;
	/** The data keys the demo's encrypted texts are written under: those the app will read them with. */
	keyring: Keyring;
	networks: Map<string, NetworkRef>;
	signIns: DemoSignIn[];
	/** The id of a demo person by e-mail; throws for an unknown address (a typo in a step). */
	userId(email: string): string;
	users: Map<string, string>;
}

export interface DemoStep {
	name: string;
	run(ctx: DemoContext): Promise<void>;
}

const DAY = 24 * 3600_000;

interface DemoPerson {
	name: string;
	email: string;
	title: string;
	locale: Locale;
	instanceAdmin?: boolean;
	twoFactor?: boolean;
	memberships: { network: string; role: Role; active?: boolean }[];
}

const NORRBOTTEN = 'norrbotten';
const AGDER = 'agder';

const people: DemoPerson[] = [
	{
		name: 'Tove Sundström',
		email: 'tove.sundstrom@drift.example.se',
		title: 'Driftansvarig för installationen',
		locale: 'sv',
		instanceAdmin: true,
		twoFactor: true,
		memberships: []
	},
	{
		name: 'Maria Lindqvist',
		email: 'maria.lindqvist@lansstyrelsen-bd.example.se',
		title: 'Enhetschef, Länsstyrelsen i Norrbottens län',
		locale: 'sv',
		twoFactor: true,
		memberships: [
			{ network: NORRBOTTEN, role: 'admin' },
			{ network: AGDER, role: 'member' }
		]
	},
	{
		name: 'Johan Nilsson',
		email: 'johan.nilsson@lansstyrelsen-bd.example.se',
		title: 'Samordnare, Kompetensteamet Norrbotten',
		locale: 'sv',
		twoFactor: true,
		memberships: [{ network: NORRBOTTEN, role: 'coordinator' }]
	},
	{
		name: 'Aino Keskitalo',
		email: 'aino.keskitalo@lansstyrelsen-bd.example.se',
		title: 'Samordnare, Kompetensteamet Norrbotten',
		locale: 'sv',
		twoFactor: true,
		memberships: [{ network: NORRBOTTEN, role: 'coordinator' }]
	},
	{
		name: 'Sara Lundberg',
		email: 'sara.lundberg@lansstyrelsen-bd.example.se',
		title: 'Kommunikatör, Kompetensteamet Norrbotten',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'communicator' }]
	},
	{
		name: 'Erik Öhman',
		email: 'erik.ohman@socialtjansten.lulea.example.se',
		title: 'Socialsekreterare, barn och unga, Luleå kommun',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member' }]
	},
	{
		name: 'Lena Pekkari',
		email: 'lena.pekkari@elevhalsan.kiruna.example.se',
		title: 'Skolkurator, Kiruna kommun',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member' }]
	},
	{
		name: 'Anders Lindberg',
		email: 'anders.lindberg@polisen-nord.example.se',
		title: 'Kommunpolis, polisområde Norrbotten',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member' }]
	},
	{
		name: 'Fatima Hassan',
		email: 'fatima.hassan@kvinnojouren-pitea.example.se',
		title: 'Verksamhetsledare, Kvinnojouren i Piteå',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member' }]
	},
	{
		name: 'Lars-Erik Marklund',
		email: 'lars-erik.marklund@boden.example.se',
		title: 'Enhetschef, mottagning av nyanlända, Bodens kommun',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member' }]
	},
	{
		name: 'Elin Sandström',
		email: 'elin.sandstrom@gallivare.example.se',
		title: 'Familjebehandlare, Gällivare kommun',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member' }]
	},
	{
		name: 'Per Wikström',
		email: 'per.wikstrom@kalix.example.se',
		title: 'Tidigare representant, Kalix kommun (avslutad)',
		locale: 'sv',
		memberships: [{ network: NORRBOTTEN, role: 'member', active: false }]
	},
	{
		name: 'Ingrid Haugland',
		email: 'ingrid.haugland@statsforvalteren-agder.example.no',
		title: 'Seniorrådgiver, Statsforvalteren i Agder',
		locale: 'nb',
		twoFactor: true,
		memberships: [{ network: AGDER, role: 'admin' }]
	},
	{
		name: 'Ole Kristian Berntsen',
		email: 'ole.kristian.berntsen@kristiansand.example.no',
		title: 'Koordinator, Kristiansand kommune',
		locale: 'nb',
		twoFactor: true,
		memberships: [{ network: AGDER, role: 'coordinator' }]
	},
	{
		name: 'Siri Tveit',
		email: 'siri.tveit@barnevernet-arendal.example.no',
		title: 'Barnevernskonsulent, Arendal kommune',
		locale: 'nb',
		memberships: [{ network: AGDER, role: 'member' }]
	}
];

const participating = NORRBOTTEN_MUNICIPALITIES.filter((m) => m.participating).map((m) => m.name);

const norrbottenTexts: Record<NetworkTextKind, Partial<Record<Locale, string>>> = {
	description: {
		sv: `Kompetensteamet Norrbotten stödjer yrkesverksamma i länet i arbetet mot hedersrelaterat våld och förtryck, våld i nära relationer, negativ social kontroll och våldsbejakande extremism.

## Det här gör vi
- Tar emot frågor och ger konsultation i enskilda ärenden, avidentifierat.
- Håller kompetensteamsträffar varannan vecka för representanter från socialtjänst, skola, polis, kvinnojourer och mottagande av nyanlända.
- Anordnar utbildningar varje termin och temaveckan En vecka fri från våld.

## Kommuner som deltar
${participating.join(', ')}.

Teamet drivs av Länsstyrelsen i Norrbottens län tillsammans med länets kommuner.`,
		en: `The Norrbotten competence team supports professionals in the county in their work against honour-related violence and oppression, violence in close relationships, negative social control and violent extremism.

## What we do
- Answer questions and give advice on individual cases, de-identified.
- Hold team meetings every other week for representatives of social services, schools, police, shelters and refugee reception.
- Run trainings every term and the theme week "A week free from violence".

## Participating municipalities
${participating.join(', ')}.`,
		nb: `Kompetanseteamet i Norrbotten støtter fagfolk i fylket i arbeidet mot æresrelatert vold og undertrykkelse, vold i nære relasjoner, negativ sosial kontroll og voldelig ekstremisme.

## Deltakende kommuner
${participating.join(', ')}.`
	},
	contact: {
		sv: `Ring eller mejla oss vardagar 8–16. Skriv aldrig personuppgifter om den det gäller i mejlet.

Telefon: 0920-12 34 56
E-post: kompetensteamet@lansstyrelsen-bd.example.se

Vid akut fara: ring 112.`
	},
	accessibility: {},
	privacy: {}
};

const agderTexts: Partial<Record<NetworkTextKind, Partial<Record<Locale, string>>>> = {
	description: {
		nb: `Nettverk mot vold i Agder samler kommunene i Agder, politiet, barnevernet og krisesentrene i arbeidet mot vold i nære relasjoner, negativ sosial kontroll og æresrelatert vold.

Nettverket har fagsamlinger hver måned og deler opptak av forelesninger og intervjuer som kan brukes i kompetanseheving og undervisning.`,
		en: `The Agder network against violence brings together the municipalities of Agder, the police, child welfare services and the crisis centres.`
	}
};

async function addPeople(ctx: DemoContext): Promise<void> {
	for (const person of people) {
		const id = randomUUID();
		const joined = new Date(ctx.now.getTime() - 120 * DAY);
		await insertUserWithPassword(
			ctx.db,
			{
				id,
				name: person.name,
				email: person.email,
				passwordHash: await hashPassword(DEMO_PASSWORD),
				isInstanceAdmin: person.instanceAdmin,
				locale: person.locale
			},
			joined
		);
		ctx.users.set(person.email, id);
		const twoFactor = person.twoFactor
			? await enrolTwoFactor(ctx.db, ctx.appSecret, id, { stableSeed: `samverkan-demo:${person.email}` })
			: null;
		for (const membership of person.memberships) {
			const network = ctx.networks.get(membership.network);
			if (!network) throw new Error(`demo: unknown network ${membership.network}`);
			const membershipId = randomUUID();
			await networkRepository.insertMembership(
				ctx.db,
				{ id: membershipId, networkId: network.id, userId: id, role: membership.role },
				joined
			);
			if (membership.active === false) {
				await networkRepository.setMembershipActive(
					ctx.db,
					network.id,
					membershipId,
					false,
					new Date(ctx.now.getTime() - 20 * DAY)
				);
			}
		}
		const main = person.memberships[0];
		ctx.signIns.push({
			role: person.instanceAdmin ? 'instance-admin' : main!.role,
			network: main?.network ?? null,
			name: person.name,
			title: person.title,
			email: person.email,
			password: DEMO_PASSWORD,
			totpSecret: twoFactor?.totpSecret ?? null,
			totpUri: twoFactor ? totpUri(twoFactor.totpSecret, person.email) : null
		});
	}
}

async function addNetwork(
	ctx: DemoContext,
	network: Omit<NetworkRef, 'id'>,
	texts: Partial<Record<NetworkTextKind, Partial<Record<Locale, string>>>>
): Promise<void> {
	const id = randomUUID();
	await networkRepository.insertNetwork(ctx.db, { id, ...network }, new Date(ctx.now.getTime() - 180 * DAY));
	for (const [kind, byLocale] of Object.entries(texts) as [NetworkTextKind, Partial<Record<Locale, string>>][]) {
		for (const [locale, body] of Object.entries(byLocale) as [Locale, string][]) {
			await networkRepository.upsertNetworkText(
				ctx.db,
				id,
				{ kind, locale, body },
				null,
				new Date(ctx.now.getTime() - 90 * DAY)
			);
		}
	}
	ctx.networks.set(network.slug, { id, ...network });
}

/** An open invitation with its mail in the outbox, so the member list and the dev mailbox show one. */
async function addInvitation(
	ctx: DemoContext,
	slug: string,
	inviterEmail: string,
	email: string,
	role: Role
): Promise<void> {
	const network = ctx.networks.get(slug)!;
	const inviterId = ctx.userId(inviterEmail);
	const inviter = people.find((p) => p.email === inviterEmail)!;
	const token = randomBytes(32).toString('base64url');
	const sentAt = new Date(ctx.now.getTime() - 2 * DAY);
	const expiresAt = new Date(sentAt.getTime() + 7 * DAY);
	const invitationId = randomUUID();
	await networkRepository.insertInvitation(
		ctx.db,
		{
			id: invitationId,
			networkId: network.id,
			email,
			role,
			tokenHash: hashToken(token),
			invitedBy: inviterId,
			expiresAt
		},
		sentAt
	);
	const mail = invitationMail(network.defaultLocale, {
		networkName: network.name,
		inviterName: inviter.name,
		role,
		link: invitationLink(ctx.origin, token, network.defaultLocale),
		expiresAt,
		timeZone: network.timeZone
	});
	await enqueueMail(
		ctx.db,
		{ networkId: network.id, kind: 'invitation', to: email, fromName: network.name, ...mail },
		sentAt
	);
	await recordAudit(ctx.db, {
		action: 'member.invited',
		networkId: network.id,
		actorUserId: inviterId,
		entityType: 'invitation',
		entityId: invitationId,
		at: sentAt
	});
}

/** A plausible recent history for the audit log page. */
async function addAuditHistory(ctx: DemoContext): Promise<void> {
	const nbt = ctx.networks.get(NORRBOTTEN)!;
	const at = (daysAgo: number, hour: number) => new Date(ctx.now.getTime() - daysAgo * DAY + hour * 3600_000);
	const maria = ctx.userId('maria.lindqvist@lansstyrelsen-bd.example.se');
	const johan = ctx.userId('johan.nilsson@lansstyrelsen-bd.example.se');
	const per = ctx.userId('per.wikstrom@kalix.example.se');
	// The log names what an entry is about (src/lib/server/audit-targets.ts): point at real rows.
	const membershipOf = async (userId: string) =>
		(
			await ctx.db
				.selectFrom('membership')
				.select('id')
				.where('network_id', '=', nbt.id)
				.where('user_id', '=', userId)
				.executeTakeFirst()
		)?.id ?? randomUUID();
	const events: {
		action: string;
		actor: string | null;
		entity?: [string, string];
		daysAgo: number;
		outcome?: 'success' | 'failure' | 'denied';
	}[] = [
		{
			action: 'instance.setup',
			actor: ctx.userId('tove.sundstrom@drift.example.se'),
			entity: ['network', nbt.id],
			daysAgo: 180
		},
		{ action: 'member.invitation_accepted', actor: johan, entity: ['invitation', randomUUID()], daysAgo: 119 },
		{
			action: 'member.role_changed.coordinator',
			actor: maria,
			entity: ['membership', await membershipOf(johan)],
			daysAgo: 118
		},
		{ action: 'network.public_text_changed', actor: maria, entity: ['network_text', 'description:sv'], daysAgo: 90 },
		{ action: 'signin.failed', actor: null, daysAgo: 21, outcome: 'failure' },
		{ action: 'member.deactivated', actor: maria, entity: ['membership', await membershipOf(per)], daysAgo: 20 },
		{ action: 'signin.success', actor: johan, entity: ['user', johan], daysAgo: 1 },
		{ action: 'signin.success', actor: maria, entity: ['user', maria], daysAgo: 0 }
	];
	for (const [i, event] of events.entries()) {
		await recordAudit(ctx.db, {
			action: event.action,
			networkId: nbt.id,
			actorUserId: event.actor,
			entityType: event.entity?.[0] ?? null,
			entityId: event.entity?.[1] ?? null,
			outcome: event.outcome ?? 'success',
			clientAddress: '192.0.2.' + (10 + i),
			at: at(event.daysAgo, 8 + (i % 8))
		});
	}
}

export const demoSteps: DemoStep[] = [
	{
		name: 'networks',
		run: async (ctx) => {
			await addNetwork(
				ctx,
				{
					slug: NORRBOTTEN,
					name: 'Kompetensteamet Norrbotten',
					country: 'SE',
					timeZone: 'Europe/Stockholm',
					defaultLocale: 'sv',
					contactEmail: 'kompetensteamet@lansstyrelsen-bd.example.se',
					contactPhone: '0920-12 34 56',
					referencePrefix: 'NBT'
				},
				norrbottenTexts
			);
			await addNetwork(
				ctx,
				{
					slug: AGDER,
					name: 'Nettverk mot vold i Agder',
					country: 'NO',
					timeZone: 'Europe/Oslo',
					defaultLocale: 'nb',
					contactEmail: 'nettverk@statsforvalteren-agder.example.no',
					contactPhone: '38 17 60 00',
					referencePrefix: 'AGD'
				},
				agderTexts
			);
		}
	},
	{ name: 'people', run: addPeople },
	{
		name: 'invitations',
		run: (ctx) =>
			addInvitation(
				ctx,
				NORRBOTTEN,
				'maria.lindqvist@lansstyrelsen-bd.example.se',
				'kurator@haparanda.example.se',
				'member'
			)
	},
	{ name: 'audit history', run: addAuditHistory },
	// A function, not the step object: directory.ts imports this module too.
	{ name: 'directory', run: (ctx) => seedDirectory(ctx) },
	{ name: 'consultations', run: (ctx) => seedConsultations(ctx) },
	{ name: 'events', run: (ctx) => seedEvents(ctx) },
	{ name: 'meetings', run: (ctx) => seedMeetings(ctx) },
	{ name: 'surveys', run: (ctx) => seedSurveys(ctx) }
];

/** True when the database holds no people and no networks yet (`cli demo` seeds only then). */
export async function databaseIsEmpty(db: Kysely<Database>): Promise<boolean> {
	const networks = await db.selectFrom('network').select('id').limit(1).execute();
	return networks.length === 0 && (await countUsers(db)) === 0;
}

/**
 * Fills an empty, migrated database with the demo, all or nothing, and returns a sign-in per person.
 */
export async function seedDemo(
	db: Kysely<Database>,
	options: { appSecret: string; origin: string; now?: Date; steps?: DemoStep[]; keyring?: Keyring }
): Promise<DemoSignIn[]> {
	if (!(await databaseIsEmpty(db))) throw new Error('the demo only seeds an empty database');
	return db.transaction().execute(async (trx) => {
		const users = new Map<string, string>();
		const ctx: DemoContext = {
			db: trx,
			appSecret: options.appSecret,
			origin: options.origin,
			now: options.now ?? new Date(),
			// This process's keys by default (the CLI's); `npm run demo` passes those of its own data directory.
			keyring: options.keyring ?? dataKeyring(),
			networks: new Map(),
			signIns: [],
			users,
			userId(email) {
				const id = users.get(email);
				if (!id) throw new Error(`demo: no person ${email}`);
				return id;
			}
		};
		for (const step of options.steps ?? demoSteps) await step.run(ctx);
		return ctx.signIns;
	});
}

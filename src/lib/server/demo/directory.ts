import { randomUUID } from 'node:crypto';
import { upsertStatus, ensureItems, listItems } from '../directory/checklist-repository.ts';
import { DEFAULT_CHECKLIST_KEYS } from '../directory/checklist-service.ts';
import { insertContact, upsertRepresentative } from '../directory/contacts-repository.ts';
import { insertNetworkMunicipalities } from '../directory/municipalities-repository.ts';
import { ensureDefaultTypes, insertOrganisation, listTypes } from '../directory/organisations-repository.ts';
import type { ChecklistStatus, OrganisationScope } from '../directory/tables.ts';
import type { DemoContext } from './seed.ts';
import { NORRBOTTEN_MUNICIPALITIES } from './seed.ts';

/**
 * The demo directory of Kompetensteamet Norrbotten (docs/product.md#directory): all 14 municipalities of the county, ten
 * taking part; organisations of every type; about 150 invented contact persons; fixed
 * representatives everywhere but in two participating municipalities; checklists partly filled; and
 * some contacts overdue for verification. Deterministic, so the demo looks the same after a reset.
 */

// Area codes of the participating municipalities, for realistic switchboard numbers.
const AREA_CODES: Record<string, string> = {
	Arvidsjaur: '960',
	Jokkmokk: '971',
	Kalix: '923',
	Gällivare: '970',
	Älvsbyn: '929',
	Luleå: '920',
	Piteå: '911',
	Boden: '921',
	Haparanda: '922',
	Kiruna: '980'
};

const FIRST_NAMES = [
	'Anna',
	'Maria',
	'Karin',
	'Elin',
	'Sofia',
	'Linnea',
	'Emma',
	'Ida',
	'Johanna',
	'Hanna',
	'Sara',
	'Malin',
	'Erik',
	'Lars',
	'Mikael',
	'Johan',
	'Anders',
	'Per',
	'Niklas',
	'Jonas',
	'Henrik',
	'Daniel',
	'Mattias',
	'Oskar',
	'Aino',
	'Kaisa',
	'Pirjo',
	'Tuomas',
	'Nils-Ante',
	'Ristin',
	'Amina',
	'Hodan',
	'Ahmad',
	'Dilan',
	'Mariam',
	'Yusuf'
];
const LAST_NAMES = [
	'Lindberg',
	'Nilsson',
	'Johansson',
	'Lundqvist',
	'Öberg',
	'Berglund',
	'Sundström',
	'Forsberg',
	'Nordström',
	'Engström',
	'Holmgren',
	'Wikström',
	'Lindström',
	'Åström',
	'Keskitalo',
	'Pekkari',
	'Niemi',
	'Labba',
	'Kuoljok',
	'Sarri',
	'Heikki',
	'Rova',
	'Ali',
	'Hassan',
	'Karimi',
	'Yilmaz',
	'Abdi',
	'Omar'
];

interface OrganisationPlan {
	type: string;
	name: (municipality: string) => string;
	domain: (slug: string) => string;
	functions: string[];
	/** How many contacts (repeating the functions). */
	contacts: number;
	/** Only in some municipalities (every n-th), to leave gaps in the coverage view. */
	every?: number;
}

const MUNICIPAL_ORGANISATIONS: OrganisationPlan[] = [
	{
		type: 'social_services',
		name: (m) => `Socialtjänsten ${m} kommun, individ- och familjeomsorgen`,
		domain: (s) => `socialtjansten.${s}.example.se`,
		functions: [
			'Kontaktperson för hedersrelaterade ärenden',
			'Enhetschef barn och unga',
			'Socialsekreterare, mottagningen',
			'Familjebehandlare'
		],
		contacts: 4
	},
	{
		type: 'school',
		name: (m) => `Elevhälsan ${m}`,
		domain: (s) => `elevhalsan.${s}.example.se`,
		functions: ['Skolkurator', 'Rektor, gymnasieskolan', 'Skolsköterska'],
		contacts: 3
	},
	{
		type: 'preschool',
		name: (m) => `Förskoleverksamheten ${m}`,
		domain: (s) => `forskolan.${s}.example.se`,
		functions: ['Verksamhetschef förskola'],
		contacts: 1,
		every: 2
	},
	{
		type: 'police',
		name: (m) => `Polisen, lokalpolisområde ${m}`,
		domain: () => `polisen-nord.example.se`,
		functions: ['Kommunpolis', 'Utredare, brott i nära relation'],
		contacts: 2
	},
	{
		type: 'health_care',
		name: (m) => `Hälsocentralen ${m}`,
		domain: () => `regionnorrbotten.example.se`,
		functions: ['Kurator', 'Distriktssköterska'],
		contacts: 1
	},
	{
		type: 'youth_clinic',
		name: (m) => `Ungdomsmottagningen ${m}`,
		domain: () => `regionnorrbotten.example.se`,
		functions: ['Barnmorska', 'Kurator, ungdomsmottagningen'],
		contacts: 2,
		every: 2
	},
	{
		type: 'shelter',
		name: (m) => `Kvinno- och tjejjouren i ${m}`,
		domain: (s) => `jouren-${s}.example.se`,
		functions: ['Ordförande', 'Jourkvinna, stödsamtal'],
		contacts: 2,
		every: 2
	},
	{
		type: 'refugee_reception',
		name: (m) => `Flyktingmottagningen ${m}`,
		domain: (s) => `integration.${s}.example.se`,
		functions: ['Integrationshandläggare'],
		contacts: 1,
		every: 3
	},
	{
		type: 'ngo',
		name: (m) => `Röda Korset ${m}`,
		domain: () => `rodakorset-nb.example.se`,
		functions: ['Verksamhetsledare'],
		contacts: 1,
		every: 3
	}
];

const REGIONAL_ORGANISATIONS: {
	type: string;
	name: string;
	scope: OrganisationScope;
	domain: string;
	functions: string[];
}[] = [
	{
		type: 'county_board',
		name: 'Länsstyrelsen i Norrbottens län',
		scope: 'regional',
		domain: 'lansstyrelsen-bd.example.se',
		functions: ['Utvecklingsledare, mäns våld mot kvinnor', 'Samordnare hedersrelaterat våld']
	},
	{
		type: 'region',
		name: 'Region Norrbotten, barn- och ungdomspsykiatrin',
		scope: 'regional',
		domain: 'regionnorrbotten.example.se',
		functions: ['Enhetschef BUP', 'Psykolog']
	},
	{
		type: 'asylum_reception',
		name: 'Migrationsverket, mottagningsenheten Norrbotten',
		scope: 'regional',
		domain: 'migrationsverket.example.se',
		functions: ['Handläggare, mottagning']
	},
	{
		type: 'ngo',
		name: 'Rädda Barnen Norrbotten',
		scope: 'regional',
		domain: 'raddabarnen-nb.example.se',
		functions: ['Regionsamordnare']
	},
	{
		type: 'religious_community',
		name: 'Svenska kyrkan, Luleå stift',
		scope: 'regional',
		domain: 'svenskakyrkan-lulea.example.se',
		functions: ['Diakon']
	},
	{
		type: 'other',
		name: 'Nationellt centrum mot hedersrelaterat våld (demo)',
		scope: 'national',
		domain: 'hedersvald.example.se',
		functions: ['Utbildare']
	}
];

/** Participating municipalities that have no fixed representative in the demo (the coverage view shows them). */
const WITHOUT_REPRESENTATIVE = new Set(['Haparanda', 'Jokkmokk']);

const slugOf = (name: string) => name.toLowerCase().replaceAll('å', 'a').replaceAll('ä', 'a').replaceAll('ö', 'o');

const emailLocal = (name: string) =>
	slugOf(name)
		.replace(/[^a-z]+/g, '.')
		.replace(/^\.|\.$/g, '');

function isoDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

export async function seedNorrbottenDirectory(ctx: DemoContext): Promise<void> {
	const network = ctx.networks.get('norrbotten');
	if (!network) throw new Error('demo: the directory step needs the Norrbotten network');
	const { db, now } = ctx;
	const daysAgo = (n: number) => new Date(now.getTime() - n * 24 * 3600_000);

	// The whole county, ten municipalities taking part since the team started.
	const byName = new Map(NORRBOTTEN_MUNICIPALITIES.map((m) => [m.name, `SE-${m.code}`]));
	const participating = NORRBOTTEN_MUNICIPALITIES.filter((m) => m.participating);
	for (const [index, m] of participating.entries()) {
		await insertNetworkMunicipalities(
			db,
			network.id,
			[`SE-${m.code}`],
			{ participating: true, joinedOn: isoDay(daysAgo(900 - index * 40)) },
			now
		);
	}
	const others = NORRBOTTEN_MUNICIPALITIES.filter((m) => !m.participating).map((m) => `SE-${m.code}`);
	await insertNetworkMunicipalities(db, network.id, others, { participating: false, joinedOn: null }, now);

	// The default organisation types.
	await ensureDefaultTypes(db, network.id);
	const typeId = new Map((await listTypes(db, network.id)).map((t) => [t.key, t.id]));
	const typeOf = (key: string) => {
		const id = typeId.get(key);
		if (!id) throw new Error(`demo: no organisation type ${key}`);
		return id;
	};

	// A deterministic sequence, so every reset of the demo gives the same directory.
	let counter = 0;
	const next = () => counter++;
	const personName = () => {
		const i = next();
		return `${FIRST_NAMES[(i * 7) % FIRST_NAMES.length]} ${LAST_NAMES[(i * 11) % LAST_NAMES.length]}`;
	};
	// Every seventh contact was last checked more than a year ago; a few never.
	const verifiedOn = (i: number) =>
		i % 13 === 5 ? null : isoDay(daysAgo(i % 7 === 3 ? 400 + (i % 90) : 10 + ((i * 17) % 300)));

	const addContacts = async (
		organisationId: string,
		domain: string,
		functions: string[],
		count: number,
		phonePrefix: string
	): Promise<string[]> => {
		const ids: string[] = [];
		for (let k = 0; k < count; k++) {
			const i = counter;
			const name = personName();
			const id = randomUUID();
			const mobile = i % 2 === 0;
			await insertContact(
				db,
				network.id,
				id,
				{
					name,
					organisationId,
					function: functions[k % functions.length],
					phone: mobile
						? `+4670${String(2000000 + i * 7919).slice(-7)}`
						: `${phonePrefix}${String(100000 + i * 37).slice(-6)}`,
					email: `${emailLocal(name)}@${domain}`,
					memberUserId: null,
					lastVerifiedOn: verifiedOn(i),
					notes: null,
					active: true
				},
				now
			);
			ids.push(id);
		}
		return ids;
	};

	// Organisations of every type in the participating municipalities, and their contacts.
	const socialServicesContacts = new Map<string, string[]>();
	for (const [mIndex, m] of participating.entries()) {
		const municipalityId = byName.get(m.name)!;
		const area = AREA_CODES[m.name] ?? '920';
		for (const plan of MUNICIPAL_ORGANISATIONS) {
			if (plan.every && mIndex % plan.every !== 0) continue;
			const domain = plan.domain(slugOf(m.name));
			const organisationId = await insertOrganisation(
				db,
				network.id,
				{
					name: plan.name(m.name),
					typeId: typeOf(plan.type),
					scope: 'municipal',
					municipalityId,
					visitingAddress: `${['Storgatan', 'Kungsgatan', 'Skolgatan', 'Rådhusgatan'][mIndex % 4]} ${3 + mIndex * 2}, ${m.name}`,
					switchboard: `+46${area}${String(450000 + mIndex * 1000).slice(-6)}`,
					email: `info@${domain}`,
					website: `https://${domain}`,
					notes: null
				},
				now
			);
			const ids = await addContacts(organisationId, domain, plan.functions, plan.contacts, `+46${area}`);
			if (plan.type === 'social_services') socialServicesContacts.set(municipalityId, ids);
		}
	}
	for (const organisation of REGIONAL_ORGANISATIONS) {
		const organisationId = await insertOrganisation(
			db,
			network.id,
			{
				name: organisation.name,
				typeId: typeOf(organisation.type),
				scope: organisation.scope,
				municipalityId: null,
				visitingAddress: 'Stationsgatan 5, Luleå',
				switchboard: '+46920960000',
				email: `info@${organisation.domain}`,
				website: `https://${organisation.domain}`,
				notes: null
			},
			now
		);
		await addContacts(
			organisationId,
			organisation.domain,
			organisation.functions,
			organisation.functions.length + 1,
			'+46920'
		);
	}

	// Fixed representatives: social services' contact person, with a deputy in the larger towns.
	for (const [municipalityId, ids] of socialServicesContacts) {
		const name = participating.find((m) => `SE-${m.code}` === municipalityId)!.name;
		if (WITHOUT_REPRESENTATIVE.has(name)) continue;
		await upsertRepresentative(db, network.id, municipalityId, ids[0], 'primary', now);
		if (['Luleå', 'Piteå', 'Boden', 'Kiruna'].includes(name)) {
			await upsertRepresentative(db, network.id, municipalityId, ids[1], 'deputy', now);
		}
	}

	// Checklists, further along in some municipalities than in others.
	await ensureItems(db, network.id, DEFAULT_CHECKLIST_KEYS);
	const items = await listItems(db, network.id);
	const owner = ctx.userId('johan.nilsson@lansstyrelsen-bd.example.se');
	const statuses: ChecklistStatus[] = ['in_place', 'in_progress', 'missing'];
	for (const [mIndex, m] of participating.entries()) {
		const filled = Math.max(0, items.length - mIndex);
		for (const [iIndex, item] of items.slice(0, filled).entries()) {
			const status = statuses[(mIndex + iIndex) % 3];
			await upsertStatus(
				db,
				network.id,
				`SE-${m.code}`,
				item.id,
				{
					status,
					ownerUserId: owner,
					checkedOn: status === 'missing' ? null : isoDay(daysAgo(20 + mIndex * 9 + iIndex)),
					note:
						item.key === 'consultation_routine' && status !== 'missing'
							? 'Rutinen beskriver hur skolan rådgör avidentifierat med socialtjänstens mottagning.'
							: null,
					link: null
				},
				owner,
				now
			);
		}
	}
}

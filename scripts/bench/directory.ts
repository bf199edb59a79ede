// npm run bench -- directory: the directory's contact list with 50 000 contacts and 5 000
// organisations in one network (the directory’s performance target). Builds the data set on a temporary SQLite
// database made by the real migrations, then times the service call behind the filtered list page
// and prints p50/p95/p99 server time. Fails (exit 1) when p95 is 100 ms or more.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { coverage, listContacts } from '../../src/lib/server/directory/contacts-service.ts';
import { ensureDefaultTypes, listTypes } from '../../src/lib/server/directory/organisations-repository.ts';
import { insertNetwork } from '../../src/lib/server/networks/repository.ts';
import { createAuditor } from '../../src/lib/server/platform/audit.ts';
import { createKeyring, generateDataKey } from '../../src/lib/server/platform/crypto.ts';
import type { NetworkRef, ServiceContext } from '../../src/lib/server/platform/context.ts';
import { openDatabase } from '../../src/lib/server/platform/db/index.ts';
import { prepareDatabase } from '../../src/lib/server/prepare.ts';

const ORGANISATIONS = 5_000;
const CONTACTS = 50_000;
const RUNS = 280;
const TARGET_P95_MS = 100;

const dir = mkdtempSync(path.join(tmpdir(), 'samverkan-bench-directory-'));
const handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'bench.db') });
const db = handle.db;

try {
	let started = performance.now();
	await prepareDatabase(db, { dialect: 'sqlite', secret: 'bench-secret-'.repeat(4), baseURL: 'http://localhost' });
	const network: NetworkRef = {
		id: randomUUID(),
		slug: 'bench',
		name: 'Bench',
		country: 'SE',
		timeZone: 'Europe/Stockholm',
		defaultLocale: 'sv',
		contactEmail: 'bench@example.org',
		contactPhone: null,
		referencePrefix: 'KT'
	};
	const now = new Date();
	await insertNetwork(db, network, now);
	await ensureDefaultTypes(db, network.id);
	const types = (await listTypes(db, network.id)).map((t) => t.id);
	const municipalities = (
		await db.selectFrom('municipality').select('id').where('country', '=', 'SE').orderBy('id').limit(60).execute()
	).map((m) => m.id);

	// A deterministic pseudo-random sequence, so every run measures the same data.
	let seed = 42;
	const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const first = [
		'Anna',
		'Erik',
		'Maria',
		'Lars',
		'Karin',
		'Anders',
		'Sara',
		'Johan',
		'Eva',
		'Per',
		'Fatima',
		'Ali',
		'Åsa',
		'Ingrid',
		'Mohammed',
		'Leila',
		'Nils',
		'Sofia',
		'Ola',
		'Kari'
	];
	const last = [
		'Andersson',
		'Johansson',
		'Karlsson',
		'Nilsson',
		'Eriksson',
		'Larsson',
		'Olsson',
		'Persson',
		'Svensson',
		'Gustafsson',
		'Lindberg',
		'Öberg',
		'Hansen',
		'Berg',
		'Haddad',
		'Lind',
		'Holm',
		'Ek',
		'Sandberg',
		'Nyström'
	];
	const functions = [
		'Socialsekreterare',
		'Kontaktperson för hedersrelaterade ärenden',
		'Enhetschef',
		'Kurator',
		'Skolsköterska',
		'Polisinspektör',
		'Barnmorska',
		'Samordnare',
		null
	];
	const orgWords = [
		'Socialtjänsten',
		'Polisen',
		'Ungdomsmottagningen',
		'Kvinnojouren',
		'Vårdcentralen',
		'Skolan',
		'Föreningen',
		'Familjecentralen'
	];

	await db
		.insertInto('network_municipality')
		.values(
			municipalities.map((id, i) => ({
				network_id: network.id,
				municipality_id: id,
				participating: i % 5 === 0 ? 0 : 1,
				joined_on: null,
				created_at: now.toISOString()
			}))
		)
		.execute();

	const ts = now.toISOString();
	const organisations: string[] = [];
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < ORGANISATIONS; i += 500) {
			const batch = Array.from({ length: 500 }, (_, j) => {
				const id = randomUUID();
				organisations.push(id);
				const municipal = random() > 0.1;
				return {
					id,
					network_id: network.id,
					name: `${pick(orgWords)} ${i + j}`,
					type_id: pick(types),
					municipality_id: municipal ? pick(municipalities) : null,
					scope: municipal ? 'municipal' : 'regional',
					active: random() > 0.05 ? 1 : 0,
					created_at: ts,
					updated_at: ts
				} as const;
			});
			await trx.insertInto('organisation').values(batch).execute();
		}
	});
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < CONTACTS; i += 500) {
			const batch = Array.from({ length: 500 }, () => {
				const name = `${pick(first)} ${pick(last)}`;
				const day =
					random() > 0.2
						? `202${Math.floor(random() * 7)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`
						: null;
				return {
					id: randomUUID(),
					network_id: network.id,
					name,
					organisation_id: pick(organisations),
					function: pick(functions),
					phone: `+46920${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`,
					email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.se`,
					member_user_id: null,
					last_verified_on: day,
					notes: null,
					active: 1,
					created_at: ts,
					updated_at: ts
				};
			});
			await trx.insertInto('contact').values(batch).execute();
		}
	});
	await db.executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } } as never).catch(() => undefined);
	console.log(
		`data set: ${ORGANISATIONS} organisations, ${CONTACTS} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`
	);

	const ctx: ServiceContext = {
		db,
		actor: {
			userId: randomUUID(),
			email: 'bench@example.org',
			name: 'Bench',
			isInstanceAdmin: false,
			twoFactorEnabled: false,
			sessionId: null,
			locale: 'sv'
		},
		network,
		role: 'member',
		now,
		locale: 'sv',
		audit: createAuditor(db, { networkId: network.id }),
		mail: { enqueue: async () => 0, flush: () => undefined },
		keyring: createKeyring(generateDataKey()),
		clientAddress: null,
		requestId: null,
		publicOrigin: 'http://localhost'
	};

	// What people do on the list page: open it, page on, search a name, pick a municipality or type.
	const filters: [string, Parameters<typeof listContacts>[1]][] = [
		['no filter', {}],
		['no filter, page 400', { page: 400 }],
		['no filter, sorted Ö–A', { sort: '-name' }],
		['name "ander"', { name: 'ander' }],
		['name "öberg"', { name: 'öberg' }],
		['municipality', { municipalityId: municipalities[3] }],
		['type', { typeId: types[0] }],
		['function "heders"', { function: 'heders' }],
		['organisation "kvinnojour"', { organisation: 'kvinnojour' }],
		['municipality + type + name', { municipalityId: municipalities[7], typeId: types[2], name: 'an' }],
		['overdue', { overdue: true }]
	];
	for (const [, filter] of filters) await listContacts(ctx, filter); // warm up
	const all: number[] = [];
	const per = new Map<string, number[]>();
	for (let i = 0; i < RUNS; i++) {
		const [label, filter] = filters[i % filters.length];
		started = performance.now();
		const result = await listContacts(ctx, filter);
		const ms = performance.now() - started;
		if (i < filters.length) console.log(`  ${label}: ${result.total} matches`);
		all.push(ms);
		per.set(label, [...(per.get(label) ?? []), ms]);
	}
	const quantile = (values: number[], q: number) => {
		const sorted = [...values].sort((a, b) => a - b);
		return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	};
	for (const [label, values] of per)
		console.log(
			`  ${label.padEnd(28)} p50 ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms`
		);
	const p95 = quantile(all, 0.95);
	console.log(
		`directory list (${RUNS} calls): p50 ${quantile(all, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${quantile(all, 0.99).toFixed(1)} ms (target p95 < ${TARGET_P95_MS} ms)`
	);
	// For information: the coverage page reads every contact of the network's municipalities.
	const coverageTimes: number[] = [];
	for (let i = 0; i < 20; i++) {
		started = performance.now();
		await coverage(ctx);
		coverageTimes.push(performance.now() - started);
	}
	console.log(
		`coverage page (20 calls): p50 ${quantile(coverageTimes, 0.5).toFixed(1)} ms, p95 ${quantile(coverageTimes, 0.95).toFixed(1)} ms`
	);
	process.exitCode = p95 < TARGET_P95_MS ? 0 : 1;
} finally {
	await handle.destroy();
	rmSync(dir, { recursive: true, force: true });
}

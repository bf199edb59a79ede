// npm run bench -- meetings: 200 networks, each with ten years of fortnightly team meetings and 30
// invited (≈ 1.5 M attendance rows; the targets of docs/product.md#team-meetings). Builds the data set
// with bulk inserts (not through the services) on a temporary SQLite database made by the real
// migrations, and on PostgreSQL beside it when BENCH_POSTGRES_URL (or TEST_DATABASE_URL) names a
// database (a schema of its own is made and dropped), then times
//   (a) the attendance statistics of the last whole half-year of one network (target p95 < 50 ms),
//   (b) a member's calendar feed (target p95 < 20 ms): the feed service as a calendar app's fetch
//       reaches it (`feedByToken`: the token looked up, the member's meetings over the feed's window,
//       the iCalendar text written), for members whose feed was made through `createFeed`,
//   (c) the meeting page service, read by an invited member (target p95 < 30 ms),
// and prints a table of figures with PASS or MISS per target. Exits 0 unless something crashed: a
// MISS is a finding to act on, not a broken build.
// BENCH_MEETINGS_NETWORKS (200), BENCH_MEETINGS_YEARS (10), BENCH_MEETINGS_INVITED (30) change the
// size, BENCH_MEETINGS_RUNS (200) the calls per figure; BENCH_POSTGRES=0 skips PostgreSQL and
// BENCH_SQLITE=0 SQLite; BENCH_MEETINGS_KEEP=1 keeps the PostgreSQL schema (and prints its name) to
// look into; BENCH_EXPLAIN=1 prints SQLite's plan of every statement the statistics run.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { insertNetworkMunicipalities } from '../../src/lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes, listTypes } from '../../src/lib/server/directory/organisations-repository.ts';
import { createFeed, feedByToken } from '../../src/lib/server/meetings/calendar-service.ts';
import { meetingPage } from '../../src/lib/server/meetings/meetings-service.ts';
import { meetingStatistics } from '../../src/lib/server/meetings/statistics-service.ts';
import { insertNetwork } from '../../src/lib/server/networks/repository.ts';
import { createAuditor } from '../../src/lib/server/platform/audit.ts';
import type { NetworkRef, PublicContext, ServiceContext } from '../../src/lib/server/platform/context.ts';
import { createKeyring, generateDataKey } from '../../src/lib/server/platform/crypto.ts';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/lib/server/platform/db/index.ts';
import { optimizeDatabase } from '../../src/lib/server/platform/db/optimize.ts';
import type { Database } from '../../src/lib/server/platform/db/schema.ts';
import { halfPeriod } from '../../src/lib/server/platform/periods.ts';
import { todayIn, zonedToUtc } from '../../src/lib/server/platform/time.ts';
import { prepareDatabase } from '../../src/lib/server/prepare.ts';

const NETWORKS = Number(process.env.BENCH_MEETINGS_NETWORKS ?? 200);
const YEARS = Number(process.env.BENCH_MEETINGS_YEARS ?? 10);
const INVITED = Number(process.env.BENCH_MEETINGS_INVITED ?? 30);
const RUNS = Number(process.env.BENCH_MEETINGS_RUNS ?? 200);
const TARGETS = { statistics: 50, feed: 20, page: 30 };
const TIME_ZONE = 'Europe/Stockholm';
const DAY_MS = 24 * 3600_000;

const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL;
const withPostgres = process.env.BENCH_POSTGRES !== '0' && !!postgresUrl?.startsWith('postgres');

// A deterministic pseudo-random sequence, so every run measures the same data.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const addDays = (day: string, days: number) =>
	new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

type Cell = string | number | boolean | null;
type ColumnType = 'text' | 'integer' | 'timestamptz' | 'boolean';

/**
 * Inserts many rows fast on either dialect: SQLite through one prepared multi-row statement inside
 * the caller's transaction; PostgreSQL with one `insert … select from unnest(…)` per 5 000 rows (an
 * array parameter per column, so a statement carries thousands of rows with a handful of parameters).
 */
function bulkInserter(handle: DatabaseHandle) {
	if (handle.dialect === 'sqlite') {
		const raw = handle.sqlite!.raw;
		const statements = new Map<string, ReturnType<typeof raw.prepare>>();
		return async (table: string, columns: [string, ColumnType][], rows: Cell[][]) => {
			const names = columns.map(([name]) => `"${name}"`).join(', ');
			const one = `(${columns.map(() => '?').join(', ')})`;
			const size = Math.max(1, Math.floor(30_000 / columns.length));
			for (let offset = 0; offset < rows.length; offset += size) {
				const chunk = rows.slice(offset, offset + size);
				const key = `${table}:${chunk.length}`;
				let statement = statements.get(key);
				if (!statement) {
					statement = raw.prepare(`insert into "${table}" (${names}) values ${chunk.map(() => one).join(', ')}`);
					statements.set(key, statement);
				}
				statement.run(...chunk.flat().map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
			}
		};
	}
	return async (table: string, columns: [string, ColumnType][], rows: Cell[][]) => {
		for (let offset = 0; offset < rows.length; offset += 5_000) {
			const chunk = rows.slice(offset, offset + 5_000);
			const arrays = columns.map(([, type], i) => sql`${chunk.map((row) => row[i])}::${sql.raw(type)}[]`);
			await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.id(name)))})
				select * from unnest(${sql.join(arrays)})`.execute(handle.db);
		}
	};
}

interface BuiltNetwork {
	network: NetworkRef;
	coordinatorUserId: string;
	members: { userId: string; membershipId: string }[];
	meetingIds: string[];
}

async function build(handle: DatabaseHandle, now: Date): Promise<BuiltNetwork[]> {
	const { db } = handle;
	const insert = bulkInserter(handle);
	const today = todayIn(TIME_ZONE, now);
	const stamp = now.toISOString();
	// Ten years of meetings ending about a year ahead: the rolling horizon the daily job keeps.
	const lastDay = addDays(today, 365);
	const firstDay = addDays(lastDay, -YEARS * 365);
	const municipalities = (
		await db.selectFrom('municipality').select('id').where('country', '=', 'SE').orderBy('id').execute()
	).map((m) => m.id);
	const built: BuiltNetwork[] = [];
	const sqliteRaw = handle.sqlite?.raw;
	if (sqliteRaw) {
		// A build, not the app: no fsync per transaction, a large page cache.
		sqliteRaw.exec('PRAGMA synchronous = OFF');
		sqliteRaw.exec('PRAGMA cache_size = -1000000');
	}
	let attendanceRows = 0;
	let meetingRows = 0;
	for (let n = 0; n < NETWORKS; n++) {
		const network: NetworkRef = {
			id: randomUUID(),
			slug: `bench-${n}`,
			name: `Kompetensteamet ${n}`,
			country: 'SE',
			timeZone: TIME_ZONE,
			defaultLocale: 'sv',
			contactEmail: `bench-${n}@example.org`,
			contactPhone: null,
			referencePrefix: 'KT'
		};
		await insertNetwork(db, network, now);
		await ensureDefaultTypes(db, network.id);
		const types = (await listTypes(db, network.id)).map((t) => t.id);
		// A county of a dozen municipalities, ten of them taking part.
		const own = municipalities.slice(
			(n * 7) % (municipalities.length - 12),
			((n * 7) % (municipalities.length - 12)) + 12
		);
		await insertNetworkMunicipalities(db, network.id, own.slice(0, 10), { participating: true, joinedOn: null }, now);
		await insertNetworkMunicipalities(db, network.id, own.slice(10), { participating: false, joinedOn: null }, now);

		if (sqliteRaw) sqliteRaw.exec('begin');
		const people = Array.from({ length: INVITED + 1 }, (_, i) => ({
			userId: randomUUID(),
			membershipId: randomUUID(),
			role: i === 0 ? 'coordinator' : i === 1 ? 'admin' : 'member',
			// Most come regularly, some now and then (the demo's shape).
			comes: i % 7 === 0 ? 0.35 : 0.75 + random() * 0.22,
			municipality: own[i % 10],
			type: types[i % 6]
		}));
		await insert(
			'user',
			[
				['id', 'text'],
				['name', 'text'],
				['email', 'text'],
				['emailVerified', 'boolean'],
				['createdAt', 'timestamptz'],
				['updatedAt', 'timestamptz'],
				['twoFactorEnabled', 'boolean'],
				['isInstanceAdmin', 'boolean']
			],
			people.map((p, i) => [p.userId, `Person ${n}-${i}`, `p${n}-${i}@example.org`, true, stamp, stamp, false, false])
		);
		await insert(
			'membership',
			[
				['id', 'text'],
				['network_id', 'text'],
				['user_id', 'text'],
				['role', 'text'],
				['active', 'boolean'],
				['created_at', 'timestamptz']
			],
			people.map((p) => [p.membershipId, network.id, p.userId, p.role, true, stamp])
		);
		// Two series of five years each (a series may run at most five years), everyone but the coordinator invited.
		const invited = people.slice(1);
		const seriesIds = [randomUUID(), randomUUID()];
		const half = addDays(firstDay, Math.floor((YEARS * 365) / 2));
		await insert(
			'meeting_series',
			[
				['id', 'text'],
				['network_id', 'text'],
				['title', 'text'],
				['recurrence', 'text'],
				['interval_weeks', 'integer'],
				['weekday', 'integer'],
				['first_day', 'text'],
				['last_day', 'text'],
				['start_time', 'text'],
				['end_time', 'text'],
				['place', 'text'],
				['audience', 'text'],
				['version', 'integer'],
				['created_at', 'timestamptz'],
				['updated_at', 'timestamptz']
			],
			seriesIds.map((id, i) => [
				id,
				network.id,
				'Kompetensteamets möte',
				'weekly',
				2,
				2,
				i === 0 ? firstDay : half,
				i === 0 ? addDays(half, -1) : lastDay,
				'09:00',
				'11:00',
				'Länsstyrelsen, sal 3',
				'all',
				1,
				stamp,
				stamp
			])
		);
		const meetings: Cell[][] = [];
		const attendance: Cell[][] = [];
		const guests: Cell[][] = [];
		const meetingIds: string[] = [];
		// Every other Tuesday at 09:00 in Stockholm, summer and winter time alike.
		let day = addDays(firstDay, (9 - new Date(`${firstDay}T12:00:00Z`).getUTCDay()) % 7);
		for (; day <= lastDay; day = addDays(day, 14)) {
			const id = randomUUID();
			const start = zonedToUtc(`${day}T09:00`, TIME_ZONE);
			const cancelled = random() < 0.04;
			const past = start < now;
			meetingIds.push(id);
			meetings.push([
				id,
				network.id,
				day < half ? seriesIds[0] : seriesIds[1],
				day,
				'Kompetensteamets möte',
				start.toISOString(),
				new Date(start.getTime() + 2 * 3600_000).toISOString(),
				'Länsstyrelsen, sal 3',
				'https://video.example.se/kt',
				cancelled ? 'cancelled' : 'scheduled',
				false,
				0,
				stamp,
				stamp
			]);
			for (const p of invited) {
				const r = random();
				const status =
					past && !cancelled
						? r < p.comes
							? 'present'
							: r < p.comes + 0.1
								? 'excused'
								: 'absent'
						: r < 0.05
							? 'excused'
							: null;
				attendance.push([
					network.id,
					id,
					p.membershipId,
					status,
					status !== null && status !== 'present' && !past,
					status ? stamp : null,
					status ? p.type : null,
					status ? p.municipality : null
				]);
			}
			if (past && !cancelled && random() < 0.3)
				guests.push([
					randomUUID(),
					network.id,
					id,
					types[Math.floor(random() * types.length)],
					own[Math.floor(random() * 12)],
					1 + Math.floor(random() * 3)
				]);
		}
		await insert(
			'meeting',
			[
				['id', 'text'],
				['network_id', 'text'],
				['series_id', 'text'],
				['series_day', 'text'],
				['title', 'text'],
				['start_at', 'timestamptz'],
				['end_at', 'timestamptz'],
				['place', 'text'],
				['video_link', 'text'],
				['status', 'text'],
				['edited', 'boolean'],
				['sequence', 'integer'],
				['created_at', 'timestamptz'],
				['updated_at', 'timestamptz']
			],
			meetings
		);
		await insert(
			'meeting_attendance',
			[
				['network_id', 'text'],
				['meeting_id', 'text'],
				['membership_id', 'text'],
				['status', 'text'],
				['self_announced', 'boolean'],
				['marked_at', 'timestamptz'],
				['organisation_type_id', 'text'],
				['municipality_id', 'text']
			],
			attendance
		);
		await insert(
			'meeting_guest',
			[
				['id', 'text'],
				['network_id', 'text'],
				['meeting_id', 'text'],
				['organisation_type_id', 'text'],
				['municipality_id', 'text'],
				['count', 'integer']
			],
			guests
		);
		if (sqliteRaw) sqliteRaw.exec('commit');
		attendanceRows += attendance.length;
		meetingRows += meetings.length;
		built.push({
			network,
			coordinatorUserId: people[0].userId,
			members: invited.map((p) => ({ userId: p.userId, membershipId: p.membershipId })),
			meetingIds
		});
	}
	if (sqliteRaw) sqliteRaw.exec('PRAGMA synchronous = FULL');
	console.log(
		`  ${NETWORKS} networks, ${meetingRows.toLocaleString('en')} meetings, ${attendanceRows.toLocaleString('en')} attendance rows`
	);
	return built;
}

function context(db: Kysely<Database>, network: NetworkRef, userId: string, role: ServiceContext['role'], now: Date) {
	return {
		db,
		actor: {
			userId,
			email: `${userId}@example.org`,
			name: 'Bench',
			isInstanceAdmin: false,
			twoFactorEnabled: false,
			sessionId: null,
			locale: 'sv'
		},
		network,
		role,
		now,
		locale: 'sv',
		audit: createAuditor(db, { networkId: network.id }),
		mail: { enqueue: async () => 0, flush: () => undefined },
		keyring: createKeyring(generateDataKey()),
		clientAddress: null,
		requestId: null,
		publicOrigin: 'http://localhost'
	} satisfies ServiceContext;
}

/** What a calendar app's fetch of the feed runs with: no one signed in, a client address. */
function visitor(db: Kysely<Database>, network: NetworkRef, now: Date): PublicContext {
	return {
		db,
		network,
		now,
		locale: 'sv',
		keyring: createKeyring(generateDataKey()),
		mail: { enqueue: async () => 0, flush: () => undefined },
		audit: createAuditor(db, { networkId: network.id, actorUserId: null, clientAddress: '198.51.100.7' }),
		clientAddress: '198.51.100.7',
		requestId: null,
		publicOrigin: 'http://localhost'
	};
}

interface Figures {
	dialect: DialectName;
	buildSeconds: number;
	statistics: number[];
	feed: number[];
	page: number[];
	feedRows: number;
}

async function measure(handle: DatabaseHandle, label: string): Promise<Figures> {
	const now = new Date();
	let started = performance.now();
	await prepareDatabase(handle.db, {
		dialect: handle.dialect,
		secret: 'bench-secret-'.repeat(4),
		baseURL: 'http://localhost'
	});
	console.log(`${label}: building …`);
	const networks = await build(handle, now);
	// What the app does at every start and once a day (SQLite); PostgreSQL's autovacuum would analyse
	// the freshly loaded tables on its own a little later.
	if (handle.dialect === 'sqlite') await optimizeDatabase(handle.db);
	else await sql`analyze`.execute(handle.db);
	const buildSeconds = (performance.now() - started) / 1000;
	console.log(`  built in ${buildSeconds.toFixed(1)} s`);

	const today = todayIn(TIME_ZONE, now);
	const [year, month] = today.split('-').map(Number);
	const lastHalf = month <= 6 ? halfPeriod('half_year', year - 1, 2) : halfPeriod('half_year', year, 1);
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];

	if (process.env.BENCH_EXPLAIN && handle.sqlite) {
		const sqlite = handle.sqlite;
		const prepare = sqlite.prepare.bind(sqlite);
		const captured: string[] = [];
		sqlite.prepare = (text: string) => {
			captured.push(text);
			return prepare(text);
		};
		const n = networks[0];
		await meetingStatistics(context(handle.db, n.network, n.coordinatorUserId, 'coordinator', now), lastHalf);
		sqlite.prepare = prepare;
		for (const text of captured) {
			const parameters = (text.match(/\?/g) ?? []).map(() => null);
			const plan = handle.sqlite.raw.prepare(`explain query plan ${text}`).all(...parameters) as { detail: string }[];
			console.log(`   ${text.slice(0, 160)}\n${plan.map((row) => `      ${row.detail}`).join('\n')}`);
		}
	}

	// (a) The statistics of the last whole half-year, each call for a network picked at random.
	const statistics: number[] = [];
	for (let i = 0; i < RUNS + 10; i++) {
		const n = pick(networks);
		const ctx = context(handle.db, n.network, n.coordinatorUserId, 'coordinator', now);
		started = performance.now();
		const stats = await meetingStatistics(ctx, lastHalf);
		if (i >= 10) statistics.push(performance.now() - started);
		if (stats.meetings.held === 0) throw new Error('the half-year has no meetings: the data set is wrong');
	}
	// (b) A member's feed, as a calendar app fetches it: feeds made for a hundred members first.
	// Making a feed again replaces its address, so each member's latest token is the one kept.
	const made = new Map<string, { network: NetworkRef; token: string }>();
	for (let i = 0; i < 100; i++) {
		const n = pick(networks);
		const member = pick(n.members);
		const { url } = await createFeed(context(handle.db, n.network, member.userId, 'member', now));
		made.set(member.membershipId, { network: n.network, token: url.slice(url.lastIndexOf('/') + 1, -'.ics'.length) });
	}
	const feeds = [...made.values()];
	const feed: number[] = [];
	let feedRows = 0;
	for (let i = 0; i < RUNS + 10; i++) {
		const { network, token } = pick(feeds);
		started = performance.now();
		const answer = await feedByToken(visitor(handle.db, network, now), token);
		if (i >= 10) feed.push(performance.now() - started);
		if (!answer.ok) throw new Error(`the feed answered ${answer.status}`);
		feedRows = (answer.file.content.match(/BEGIN:VEVENT/g) ?? []).length;
	}
	// (c) The meeting page as an invited member opens it.
	const page: number[] = [];
	for (let i = 0; i < RUNS + 10; i++) {
		const n = pick(networks);
		const member = pick(n.members);
		const ctx = context(handle.db, n.network, member.userId, 'member', now);
		started = performance.now();
		const result = await meetingPage(ctx, pick(n.meetingIds));
		if (i >= 10) page.push(performance.now() - started);
		if (!result.ok || result.value.access !== 'invited') throw new Error('the meeting page did not open as invited');
	}
	return { dialect: handle.dialect, buildSeconds, statistics, feed, page, feedRows };
}

const results: Figures[] = [];
if (process.env.BENCH_SQLITE !== '0') {
	const dir = mkdtempSync(path.join(tmpdir(), 'samverkan-bench-meetings-'));
	const sqliteHandle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'bench.db') });
	try {
		results.push(await measure(sqliteHandle, 'SQLite'));
	} finally {
		await sqliteHandle.destroy();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (withPostgres) {
	const schema = `bench_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: postgresUrl });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	const url = new URL(postgresUrl!);
	url.searchParams.set('options', `-c search_path=${schema}`);
	const pgHandle = openDatabase({ dialect: 'postgres', url: url.toString() }, { poolSize: 10 });
	try {
		results.push(await measure(pgHandle, 'PostgreSQL'));
	} finally {
		await pgHandle.destroy();
		if (process.env.BENCH_MEETINGS_KEEP) console.log(`PostgreSQL schema kept: ${schema}`);
		else await admin.query(`drop schema ${schema} cascade`);
		await admin.end();
	}
} else console.log('PostgreSQL: skipped (set BENCH_POSTGRES_URL or TEST_DATABASE_URL to a postgres:// URL)');

const rows: [string, keyof typeof TARGETS][] = [
	['half-year attendance statistics', 'statistics'],
	['member calendar feed (service)', 'feed'],
	['meeting page (service)', 'page']
];
console.log(`\n${RUNS} calls per figure, each for a network (and member, meeting) picked at random`);
console.log(
	`${'figure'.padEnd(34)}${results.map((r) => `${r.dialect} p50`.padStart(14) + `${r.dialect} p95`.padStart(14)).join('')}  target p95`
);
for (const [label, key] of rows)
	console.log(
		`${label.padEnd(34)}${results.map((r) => ms(quantile(r[key], 0.5)).padStart(14) + ms(quantile(r[key], 0.95)).padStart(14)).join('')}  < ${TARGETS[key]} ms`
	);
console.log(`(a member's feed holds ${results[0].feedRows} meetings)`);
for (const r of results)
	for (const [label, key] of rows) {
		const p95 = quantile(r[key], 0.95);
		console.log(`${p95 < TARGETS[key] ? 'PASS' : 'MISS'} ${r.dialect}: ${label} p95 ${ms(p95)} < ${TARGETS[key]} ms`);
	}

// npm run bench -- consultations: one network with 1 000 000 consultations over ten years
// (its performance target). Builds the data set on a temporary SQLite database made by the real migrations, then
// times the service calls behind the statistics page (a half-year, target < 200 ms) and behind the
// filtered list (a mix of the filters people use, target p95 < 100 ms), and prints PASS or MISS per
// target. Exits 0 unless something crashed: a MISS is a finding to act on, not a broken build.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { consultationColumns } from '../../src/lib/server/consultations/encrypted-columns.ts';
import { formatReference } from '../../src/lib/server/consultations/model.ts';
import { halfPeriod } from '../../src/lib/server/platform/periods.ts';
import { ensureDefaultTopics, listTopics } from '../../src/lib/server/consultations/settings-repository.ts';
import { listConsultations } from '../../src/lib/server/consultations/list-service.ts';
import { consultationStatistics } from '../../src/lib/server/consultations/statistics-service.ts';
import { todayIn } from '../../src/lib/server/platform/time.ts';
import { insertNetworkMunicipalities } from '../../src/lib/server/directory/municipalities-repository.ts';
import { ensureDefaultTypes, listTypes } from '../../src/lib/server/directory/organisations-repository.ts';
import { insertNetwork } from '../../src/lib/server/networks/repository.ts';
import { createAuditor } from '../../src/lib/server/platform/audit.ts';
import { insertUserWithPassword } from '../../src/lib/server/platform/auth/user-repository.ts';
import { createKeyring, generateDataKey } from '../../src/lib/server/platform/crypto.ts';
import type { NetworkRef, ServiceContext } from '../../src/lib/server/platform/context.ts';
import { openDatabase } from '../../src/lib/server/platform/db/index.ts';
import { optimizeDatabase } from '../../src/lib/server/platform/db/optimize.ts';
import { prepareDatabase } from '../../src/lib/server/prepare.ts';
import { encryptColumn } from '../../src/lib/server/platform/encrypted-fields.ts';

const CONSULTATIONS = Number(process.env.BENCH_CONSULTATIONS ?? 1_000_000);
const YEARS = 10;
const COORDINATORS = 12;
const MEMBERS = 400;
/** Every n-th question is encrypted for real; see the build below. */
const ENCRYPT_EVERY = 20;
const STATISTICS_RUNS = 20;
const LIST_ROUNDS = 15;
const TARGET_STATISTICS_MS = 200;
const TARGET_LIST_P95_MS = 100;

const DAY_MS = 24 * 3600_000;
const dir = mkdtempSync(path.join(tmpdir(), 'samverkan-bench-consultations-'));
const handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'bench.db') });
const db = handle.db;

// A deterministic pseudo-random sequence, so every run measures the same data.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
/** Picks from [value, weight] pairs. */
function weighted<T>(pairs: readonly (readonly [T, number])[]): () => T {
	const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
	return () => {
		let r = random() * total;
		for (const [value, weight] of pairs) if ((r -= weight) < 0) return value;
		return pairs[pairs.length - 1][0];
	};
}
const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const addDays = (day: string, days: number) =>
	new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

try {
	let started = performance.now();
	let started2 = started;
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
	const today = todayIn(network.timeZone, now);
	await insertNetwork(db, network, now);
	await ensureDefaultTypes(db, network.id);
	await ensureDefaultTopics(db, network.id);
	const types = new Map((await listTypes(db, network.id)).map((t) => [t.key ?? t.id, t.id]));
	const topics = new Map((await listTopics(db, network.id)).map((t) => [t.key ?? t.id, t.id]));
	// A county: fourteen municipalities, twelve taking part, the larger towns asking more.
	const municipalities = (
		await db.selectFrom('municipality').select('id').where('country', '=', 'SE').orderBy('id').limit(14).execute()
	).map((m) => m.id);
	await insertNetworkMunicipalities(
		db,
		network.id,
		municipalities.slice(0, 12),
		{ participating: true, joinedOn: null },
		now
	);
	await insertNetworkMunicipalities(
		db,
		network.id,
		municipalities.slice(12),
		{ participating: false, joinedOn: null },
		now
	);
	const users = async (count: number, kind: string) => {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const id = randomUUID();
			await insertUserWithPassword(
				db,
				{ id, name: `${kind} ${i}`, email: `${kind}.${i}@example.org`, passwordHash: 'not-a-hash' },
				now
			);
			ids.push(id);
		}
		return ids;
	};
	const coordinators = await users(COORDINATORS, 'coordinator');
	const members = await users(MEMBERS, 'member');

	const pickMunicipality = weighted<string | null>([
		...municipalities.slice(0, 12).map((id, i) => [id, 24 / (i + 2)] as const),
		[municipalities[12], 0.3],
		[null, 1]
	]);
	const pickType = weighted<string | null>([
		[types.get('social_services')!, 50],
		[types.get('school')!, 20],
		[types.get('ngo')!, 8],
		[types.get('police')!, 5],
		[types.get('health_care')!, 4],
		[types.get('youth_clinic')!, 3],
		[types.get('shelter')!, 3],
		[types.get('preschool')!, 2],
		[types.get('refugee_reception')!, 2],
		[null, 3]
	]);
	const pickSource = weighted([
		['staff', 80],
		['member', 15],
		['anonymous', 5]
	] as const);
	const pickStaffChannel = weighted([
		['email', 45],
		['phone', 35],
		['team_meeting', 14],
		['in_person', 4],
		['other', 2]
	] as const);
	const pickFunction = weighted<string | null>([
		['Socialsekreterare', 30],
		['Skolkurator', 15],
		['Enhetschef', 8],
		['Familjebehandlare', 8],
		['Kurator', 6],
		['Rektor', 5],
		['Kommunpolis', 4],
		['Verksamhetsledare', 4],
		[null, 20]
	]);
	const pickCaseType = weighted([
		['one_person', 60],
		['siblings', 10],
		['parent_with_children', 12],
		['whole_family', 8],
		['general', 8],
		[null, 2]
	] as const);
	const pickAge = weighted([
		['age_0_12', 15],
		['age_13_17', 45],
		['age_18_25', 20],
		['age_26_plus', 10],
		['unknown', 8],
		[null, 2]
	] as const);
	const pickGender = weighted([
		['girl_woman', 70],
		['boy_man', 20],
		['other', 1],
		['unknown', 7],
		[null, 2]
	] as const);
	const pickPerpetrator = weighted([
		['parents', 45],
		['siblings', 10],
		['partner', 12],
		['relatives', 12],
		['community', 5],
		['unknown', 8],
		[null, 8]
	] as const);
	const pickUrgency = weighted([
		['acute', 5],
		['high', 20],
		['normal', 75]
	] as const);
	const pickAssignee = weighted(coordinators.map((id, i) => [id, 12 / (i + 1)] as const));
	const honour = topics.get('honour')!;
	const pickSecondTopic = weighted(
		(
			[
				['social_control', 20],
				['forced_marriage', 10],
				['abroad', 8],
				['threats', 12],
				['physical_violence', 10],
				['close_relationships', 15],
				['sexual_violence', 5],
				['fgm', 2],
				['extremism', 2],
				['trafficking', 1],
				['other', 5]
			] as const
		).map(([key, weight]) => [topics.get(key)!, weight] as const)
	);

	// Texts: encrypting a million values one by one takes about half a minute here (≈ 33 µs each), so
	// every ENCRYPT_EVERY-th question (and its answer) is encrypted for real under its own record id,
	// and the rows in between store one of those ciphertexts: the same shape and length as real ones,
	// so rows and pages are as large as in a real database, though they would not decrypt. Texts are
	// kept on every row (as with a long retention): the worst case for the table's size.
	const keyring = createKeyring(generateDataKey());
	const question =
		'En skolkurator hör av sig om en flicka i årskurs 8 som berättar att hon inte får följa med på skolresan och att hennes bror följer henne till och från skolan varje dag. Kuratorn undrar om det räcker för en orosanmälan.';
	const answer =
		'Skolan ska göra en orosanmälan och inte kontakta vårdnadshavarna innan socialtjänsten har gjort en första skyddsbedömning.';
	let lastQuestion = '';
	let lastAnswer = '';

	// Received dates: ten years up to today on working days, the yearly volume doubling over the ten
	// years (a rate growing linearly in time; `dayOf` inverts its cumulative share).
	const firstDay = addDays(today, -YEARS * 365);
	const totalDays = YEARS * 365;
	const growth = 1;
	const dayOf = (i: number) => {
		const share = i / CONSULTATIONS;
		const t = (Math.sqrt(1 + 2 * growth * share * (1 + growth / 2)) - 1) / growth;
		const day = addDays(firstDay, Math.min(totalDays, Math.floor(t * totalDays)));
		const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
		return weekday === 6 ? addDays(day, -1) : weekday === 0 ? addDays(day, day < today ? 1 : -2) : day;
	};

	const columns = [
		'id',
		'network_id',
		'reference',
		'source',
		'received_on',
		'channel',
		'municipality_id',
		'organisation_type_id',
		'asker_function',
		'case_type',
		'age_group',
		'gender',
		'vulnerable_disability',
		'vulnerable_lgbtq',
		'vulnerable_newly_arrived',
		'perpetrator',
		'urgency',
		'status',
		'assignee_user_id',
		'asker_user_id',
		'created_by_user_id',
		'question_encrypted',
		'answer_encrypted',
		'contact_encrypted',
		'follow_up_code_hash',
		'follow_up_on',
		'follow_up_reminded_on',
		'first_answered_at',
		'answered_at',
		'closed_at',
		'text_erased_at',
		'created_at',
		'updated_at'
	];
	const BATCH = 200;
	const raw = handle.sqlite!.raw;
	// Days to the first answer, stored by the work flow for the statistics, when the schema has it.
	const hasAnswerDays = (raw.prepare('pragma table_info(consultation)').all() as { name: string }[]).some(
		(column) => column.name === 'first_answer_days'
	);
	if (hasAnswerDays) columns.push('first_answer_days');
	// A build, not the app: no fsync per transaction, a large page cache.
	raw.exec('PRAGMA synchronous = OFF');
	raw.exec('PRAGMA cache_size = -1000000');
	const rowsSql = (table: string, names: string[], count: number) =>
		`insert into ${table} (${names.join(', ')}) values ${Array.from({ length: count }, () => `(${names.map(() => '?').join(', ')})`).join(', ')}`;
	const insertConsultations = raw.prepare(rowsSql('consultation', columns, BATCH));
	const linkColumns = ['consultation_id', 'topic_id', 'network_id', 'received_on'];
	const insertLinks = raw.prepare(rowsSql('consultation_topic_link', linkColumns, BATCH));
	const partial = new Map<string, typeof insertLinks>();
	const flush = (statement: typeof insertLinks, table: string, names: string[], values: unknown[]) => {
		const width = BATCH * names.length;
		for (let offset = 0; offset < values.length; offset += width) {
			const chunk = values.slice(offset, offset + width) as (string | number | null)[];
			const rows = chunk.length / names.length;
			const key = `${table}:${rows}`;
			if (rows !== BATCH && !partial.has(key)) partial.set(key, raw.prepare(rowsSql(table, names, rows)));
			(rows === BATCH ? statement : partial.get(key)!).run(...chunk);
		}
	};

	const counters = new Map<number, number>();
	let consultationValues: unknown[] = [];
	let linkValues: unknown[] = [];
	let links = 0;
	const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T07:00:00Z`) + minutes * 60_000);
	raw.exec('begin');
	for (let i = 0; i < CONSULTATIONS; i++) {
		const id = randomUUID();
		const receivedOn = dayOf(i);
		const year = Number(receivedOn.slice(0, 4));
		const number = (counters.get(year) ?? 0) + 1;
		counters.set(year, number);
		const source = pickSource();
		const age = Math.round((Date.parse(`${today}T12:00:00Z`) - Date.parse(`${receivedOn}T12:00:00Z`)) / DAY_MS);
		const r = random();
		const status =
			age <= 14
				? r < 0.55
					? 'new'
					: r < 0.9
						? 'in_progress'
						: 'answered'
				: age <= 90
					? r < 0.1
						? 'in_progress'
						: r < 0.6
							? 'answered'
							: 'closed'
					: r < 0.03
						? 'answered'
						: r < 0.035
							? 'in_progress'
							: 'closed';
		const assignee = status === 'new' && random() < 0.5 ? null : pickAssignee();
		const asker = source === 'member' ? members[Math.floor(random() * members.length)] : null;
		const received = at(receivedOn, Math.floor(random() * 540));
		const answered = status === 'answered' || status === 'closed';
		const firstAnswer = answered
			? new Date(received.getTime() + Math.floor(-Math.log(1 - random() * 0.999) * 3 * DAY_MS))
			: null;
		const closedAt =
			status === 'closed' && firstAnswer ? new Date(firstAnswer.getTime() + (3 + random() * 57) * DAY_MS) : null;
		// Follow-ups: a third get a date; open ones from long ago mostly lost it, a few are overdue.
		let followUpOn = random() < 0.3 ? addDays(receivedOn, 14 + Math.floor(random() * 46)) : null;
		if (followUpOn && status !== 'closed' && age > 60 && random() < 0.9) followUpOn = null;
		if (i % ENCRYPT_EVERY === 0) {
			const where = { networkId: network.id, recordId: id };
			lastQuestion = encryptColumn(keyring, consultationColumns, 'question_encrypted', where, question);
			lastAnswer = encryptColumn(keyring, consultationColumns, 'answer_encrypted', where, answer);
		}
		const stamp = received.toISOString();
		consultationValues.push(
			id,
			network.id,
			formatReference(network.referencePrefix, year, number),
			source,
			receivedOn,
			source === 'staff' ? pickStaffChannel() : 'web_form',
			pickMunicipality(),
			source === 'anonymous' && random() < 0.5 ? null : pickType(),
			source === 'anonymous' ? null : pickFunction(),
			pickCaseType(),
			pickAge(),
			pickGender(),
			random() < 0.05 ? 1 : 0,
			random() < 0.03 ? 1 : 0,
			random() < 0.1 ? 1 : 0,
			pickPerpetrator(),
			pickUrgency(),
			status,
			assignee,
			asker,
			source === 'staff' ? assignee : asker,
			lastQuestion,
			source !== 'staff' && answered ? lastAnswer : null,
			source === 'anonymous' && random() < 0.3 ? lastAnswer.slice(0, 90) : null,
			source === 'anonymous' ? 'x'.repeat(43) : null,
			followUpOn,
			followUpOn && followUpOn <= today ? followUpOn : null,
			firstAnswer?.toISOString() ?? null,
			firstAnswer?.toISOString() ?? null,
			closedAt?.toISOString() ?? null,
			null,
			stamp,
			(closedAt ?? firstAnswer ?? received).toISOString()
		);
		if (hasAnswerDays)
			consultationValues.push(
				firstAnswer ? Math.round((firstAnswer.getTime() - Date.parse(`${receivedOn}T00:00:00Z`)) / DAY_MS) : null
			);
		// Four in five are about honour-related violence, half of them with a second topic.
		const topicIds = random() < 0.8 ? [honour] : [];
		if (topicIds.length === 0 || random() < 0.5) {
			const second = pickSecondTopic();
			if (!topicIds.includes(second)) topicIds.push(second);
		}
		for (const topicId of topicIds) {
			linkValues.push(id, topicId, network.id, receivedOn);
			links++;
		}
		// The links after their consultations: the foreign keys are checked.
		if (consultationValues.length === BATCH * columns.length) {
			insertConsultations.run(...(consultationValues as (string | number | null)[]));
			consultationValues = [];
			flush(insertLinks, 'consultation_topic_link', linkColumns, linkValues);
			linkValues = [];
		}
		if (i % 100_000 === 99_999) {
			raw.exec('commit');
			raw.exec('begin');
		}
	}
	flush(insertConsultations, 'consultation', columns, consultationValues);
	flush(insertLinks, 'consultation_topic_link', linkColumns, linkValues);
	const counterInsert = raw.prepare(
		'insert into consultation_counter (network_id, year, last_number) values (?, ?, ?)'
	);
	for (const [year, last] of counters) counterInsert.run(network.id, year, last);
	raw.exec('commit');
	raw.exec('PRAGMA synchronous = FULL');
	// What the app does at every start and once a day: planner statistics where they are missing.
	started2 = performance.now();
	await optimizeDatabase(db);
	const optimizeSeconds = (performance.now() - started2) / 1000;
	console.log(
		`data set: ${CONSULTATIONS.toLocaleString('en')} consultations, ${links.toLocaleString('en')} topic links, ${YEARS} years, built in ${((performance.now() - started) / 1000).toFixed(1)} s (pragma optimize ${optimizeSeconds.toFixed(1)} s)`
	);

	const me = coordinators[0];
	const ctx: ServiceContext = {
		db,
		actor: {
			userId: me,
			email: 'coordinator.0@example.org',
			name: 'coordinator 0',
			isInstanceAdmin: false,
			twoFactorEnabled: false,
			sessionId: null,
			locale: 'sv'
		},
		network,
		role: 'coordinator',
		now,
		locale: 'sv',
		audit: createAuditor(db, { networkId: network.id }),
		mail: { enqueue: async () => 0, flush: () => undefined },
		keyring,
		clientAddress: null,
		requestId: null,
		publicOrigin: 'http://localhost'
	};

	// (a) Statistics of the last whole half-year (and, for information, of the current one).
	const [year, month] = today.split('-').map(Number);
	const lastHalf = month <= 6 ? halfPeriod('half_year', year - 1, 2) : halfPeriod('half_year', year, 1);
	const currentHalf = month <= 6 ? halfPeriod('half_year', year, 1) : halfPeriod('half_year', year, 2);
	const statisticsTimes = async (period: typeof lastHalf) => {
		const first = await consultationStatistics(ctx, period); // warm up
		const times: number[] = [];
		for (let i = 0; i < STATISTICS_RUNS; i++) {
			started = performance.now();
			await consultationStatistics(ctx, period);
			times.push(performance.now() - started);
		}
		return { times, total: first.total };
	};
	const statistics = await statisticsTimes(lastHalf);
	const statisticsMedian = quantile(statistics.times, 0.5);
	const statisticsP95 = quantile(statistics.times, 0.95);
	console.log(
		`statistics, half-year ${lastHalf.from} – ${lastHalf.to} (${statistics.total.toLocaleString('en')} consultations, ${STATISTICS_RUNS} calls): median ${ms(statisticsMedian)}, p95 ${ms(statisticsP95)} (target < ${TARGET_STATISTICS_MS} ms)`
	);
	const current = await statisticsTimes(currentHalf);
	console.log(
		`  for information, current half-year (${current.total.toLocaleString('en')}): median ${ms(quantile(current.times, 0.5))}, p95 ${ms(quantile(current.times, 0.95))}`
	);

	// (b) The list: what coordinators do on the list page.
	const municipality = municipalities[3];
	const filters: [string, Parameters<typeof listConsultations>[1]][] = [
		['no filter', {}],
		['no filter, page 2000', { page: 2000 }],
		['oldest first, page 2000', { sort: 'received', page: 2000 }],
		['status new', { status: 'new' }],
		['status open', { status: 'open' }],
		['status answered', { status: 'answered' }],
		['mine', { assignee: me }],
		['mine, open', { assignee: me, status: 'open' }],
		['unassigned', { assignee: 'none' }],
		['topic honour', { topic: honour }],
		['topic trafficking (rare)', { topic: topics.get('trafficking')! }],
		['municipality', { municipality }],
		['outside the network', { municipality: 'outside' }],
		['period: last month', { from: addDays(today, -30), to: today }],
		['period: a year ago, a month', { from: addDays(today, -395), to: addDays(today, -365) }],
		[
			'period + topic + municipality',
			{ from: lastHalf.from, to: lastHalf.to, topic: topics.get('threats')!, municipality }
		],
		['overdue', { overdue: true }],
		['overdue, by follow-up', { overdue: true, sort: 'follow_up' }],
		['sorted by follow-up', { sort: 'follow_up' }],
		['open, sorted by follow-up', { status: 'open', sort: 'follow_up' }],
		['sorted by urgency', { sort: 'urgency' }],
		['by reference, descending', { sort: '-reference' }],
		['mine, sorted by follow-up', { assignee: me, sort: 'follow_up' }]
	];
	// BENCH_EXPLAIN=1 prints SQLite's plan of every statement each filter runs.
	if (process.env.BENCH_EXPLAIN) {
		const sqlite = handle.sqlite!;
		const prepare = sqlite.prepare.bind(sqlite);
		let captured: string[] = [];
		sqlite.prepare = (text: string) => {
			captured.push(text);
			return prepare(text);
		};
		for (const [label, filter] of filters) {
			captured = [];
			await listConsultations(ctx, filter);
			console.log(`-- ${label}`);
			for (const text of captured) {
				const parameters = (text.match(/\?/g) ?? []).map(() => null);
				const plan = raw.prepare(`explain query plan ${text}`).all(...parameters) as { detail: string }[];
				console.log(`   ${text.slice(0, 140)}\n${plan.map((row) => `      ${row.detail}`).join('\n')}`);
			}
		}
		sqlite.prepare = prepare;
	}
	const per = new Map<string, number[]>();
	const totals = new Map<string, string>();
	for (const [label, filter] of filters) {
		const list = await listConsultations(ctx, filter); // warm up
		// The list counts up to 10 000 and then says "more than"; so does the benchmark.
		totals.set(label, list.capped ? `>${list.total}` : String(list.total));
	}
	const all: number[] = [];
	for (let round = 0; round < LIST_ROUNDS; round++) {
		for (const [label, filter] of filters) {
			started = performance.now();
			await listConsultations(ctx, filter);
			const elapsed = performance.now() - started;
			all.push(elapsed);
			per.set(label, [...(per.get(label) ?? []), elapsed]);
		}
	}
	for (const [label, values] of per)
		console.log(
			`  ${label.padEnd(32)} ${(totals.get(label) ?? '').padStart(8)} matches  p50 ${ms(quantile(values, 0.5)).padStart(9)}  p95 ${ms(quantile(values, 0.95)).padStart(9)}  p99 ${ms(quantile(values, 0.99)).padStart(9)}`
		);
	const listP95 = quantile(all, 0.95);
	console.log(
		`list (${all.length} calls): p50 ${ms(quantile(all, 0.5))}, p95 ${ms(listP95)}, p99 ${ms(quantile(all, 0.99))} (target p95 < ${TARGET_LIST_P95_MS} ms)`
	);
	console.log(
		`${statisticsP95 < TARGET_STATISTICS_MS ? 'PASS' : 'MISS'} statistics of a half-year: p95 ${ms(statisticsP95)} < ${TARGET_STATISTICS_MS} ms`
	);
	console.log(
		`${listP95 < TARGET_LIST_P95_MS ? 'PASS' : 'MISS'} filtered list: p95 ${ms(listP95)} < ${TARGET_LIST_P95_MS} ms`
	);
} finally {
	await handle.destroy();
	rmSync(dir, { recursive: true, force: true });
}

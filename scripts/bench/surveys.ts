// npm run bench -- surveys: answers arriving for an evaluation, and its results page (the targets of
// docs/product.md#evaluations and decision 023).
//
// (1) Answering over HTTP: builds the app into a temporary directory, seeds a fresh SQLite database
//     with one open 40-question survey and 10 000 invitations (their tokens known to the bench, as
//     they are to the recipients), starts the built app, and sends 5 000 answers from 200 concurrent
//     clients through the real public form (POST /{network}/survey/{token}, as a browser without
//     JavaScript sends it) — every link twice at the same moment, as two tabs would. Goals: at least
//     500 answers/s, p99 < 250 ms, and exactly one stored answer per link (checked in the database:
//     5 000 answers, 5 000 invitations marked answered, none twice).
// (2) The results page's service for that survey (40 questions, 5 000 answers, free texts decrypted)
//     on SQLite, and on PostgreSQL beside it when BENCH_POSTGRES_URL (or TEST_DATABASE_URL) names a
//     database (a schema of its own is made and dropped): p95 < 100 ms.
//
// Prints PASS or MISS per goal; exits 0 unless something crashed: a MISS is a finding to act on,
// not a broken build. BENCH_SURVEYS_ANSWERS (5 000), BENCH_SURVEYS_INVITATIONS (10 000),
// BENCH_SURVEYS_CLIENTS (200), BENCH_SURVEYS_RUNS (100 results reads) change the sizes;
// BENCH_SURVEYS_BUILD_DIR reuses (or keeps) a build inside the project; BENCH_SURVEYS_NODE_ARGS passes
// flags to the app (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"); BENCH_POSTGRES=0 skips
// PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { insertNetwork } from '../../src/lib/server/networks/repository.ts';
import { createAuditor } from '../../src/lib/server/platform/audit.ts';
import { insertUserWithPassword } from '../../src/lib/server/platform/auth/user-repository.ts';
import type { NetworkRef, ServiceContext } from '../../src/lib/server/platform/context.ts';
import { createKeyring, type Keyring } from '../../src/lib/server/platform/crypto.ts';
import { openDatabase } from '../../src/lib/server/platform/db/index.ts';
import type { Database } from '../../src/lib/server/platform/db/schema.ts';
import { encryptColumn } from '../../src/lib/server/platform/encrypted-fields.ts';
import { prepareDatabase } from '../../src/lib/server/prepare.ts';
import { surveyTextColumns } from '../../src/lib/server/surveys/encrypted-columns.ts';
import { insertInvitations } from '../../src/lib/server/surveys/invitations-repository.ts';
import { newToken } from '../../src/lib/server/surveys/links.ts';
import type { Question, SurveyDefinition } from '../../src/lib/server/surveys/model.ts';
import { surveyResults } from '../../src/lib/server/surveys/results-service.ts';
import { insertSurvey, updateSurvey } from '../../src/lib/server/surveys/surveys-repository.ts';
import { agentFor, buildAppInto, pool, quantile, request, root, verdict, waitForApp } from './lib/load.ts';

const ANSWERS = Number(process.env.BENCH_SURVEYS_ANSWERS ?? 5_000);
const INVITATIONS = Number(process.env.BENCH_SURVEYS_INVITATIONS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_SURVEYS_CLIENTS ?? 200);
const RUNS = Number(process.env.BENCH_SURVEYS_RUNS ?? 100);
const GOAL_RATE = 500;
const GOAL_P99_MS = 250;
const GOAL_RESULTS_P95_MS = 100;
const port = Number(process.env.BENCH_SURVEYS_PORT ?? 4393);
const origin = `http://localhost:${port}`;
const slug = 'enkat';
const secret = 'bench-surveys-secret-'.repeat(3);
const dataKey = randomBytes(32);
const keyring: Keyring = createKeyring(dataKey);
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL;
const withPostgres = process.env.BENCH_POSTGRES !== '0' && !!postgresUrl?.startsWith('postgres');

// ---------------------------------------------------------------- the survey and its answers

const scaleKinds = ['frequency', 'agreement', 'rating5', 'rating10', 'single', 'multiple'] as const;

/** 40 questions in four sections: every kind of scale and choice, two free texts, and "about you". */
function definition(): SurveyDefinition {
	const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, text: { sv: `Val ${id}` } }));
	const sections = Array.from({ length: 4 }, (_, s) => {
		const questions: Question[] = Array.from({ length: 9 }, (_, q) => {
			const kind = scaleKinds[(s * 9 + q) % scaleKinds.length];
			return {
				id: `q${s}_${q}`,
				kind,
				text: { sv: `Fråga ${s * 9 + q + 1}` },
				required: q === 0,
				notApplicable: q % 3 === 2,
				...(kind === 'single' || kind === 'multiple' ? { options } : {})
			};
		});
		return { id: `s${s}`, title: { sv: `Del ${s + 1}` }, questions };
	});
	sections[3].questions.push(
		{
			id: 'use',
			kind: 'long_text',
			text: { sv: 'Vad tar du med dig?' },
			required: false,
			notApplicable: false,
			askQuoteConsent: true
		},
		{ id: 'miss', kind: 'long_text', text: { sv: 'Vad saknade du?' }, required: false, notApplicable: false },
		{ id: 'org', kind: 'organisation_type', text: { sv: 'Organisation' }, required: false, notApplicable: false },
		{ id: 'mun', kind: 'municipality', text: { sv: 'Kommun' }, required: false, notApplicable: false }
	);
	return { sections };
}

const frequency = ['always', 'often', 'sometimes', 'rarely', 'never'];
const agreement = ['agree_strongly', 'agree', 'neutral', 'disagree', 'disagree_strongly'];
const texts = [
	'Konkreta exempel från socialtjänsten och skolan, och hur vi samverkar innan det blir akut.',
	'Att fråga direkt och att dokumentera noggrant.',
	'Mer tid för frågor och diskussion i mindre grupper.'
];

/** The fields a respondent posts: each question answered by kind, varied by `i`. */
function answerFields(def: SurveyDefinition, i: number): Record<string, string | string[]> {
	const fields: Record<string, string | string[]> = {};
	for (const question of def.sections.flatMap((s) => s.questions)) {
		const pick = (values: string[]) => values[(i + question.id.length) % values.length];
		switch (question.kind) {
			case 'frequency':
				fields[`q-${question.id}`] = pick(frequency);
				break;
			case 'agreement':
				fields[`q-${question.id}`] = pick(agreement);
				break;
			case 'rating5':
				fields[`q-${question.id}`] = String(1 + (i % 5));
				break;
			case 'rating10':
				fields[`q-${question.id}`] = String(i % 11);
				break;
			case 'single':
				fields[`q-${question.id}`] = pick(['a', 'b', 'c', 'd']);
				break;
			case 'multiple':
				fields[`q-${question.id}`] = ['a', 'b', 'c', 'd'].filter((_, k) => (i >> k) & 1 || k === i % 4);
				break;
			case 'long_text':
				if (i % 3 === 0) fields[`q-${question.id}`] = pick(texts);
				if (i % 6 === 0 && question.askQuoteConsent) fields[`consent-${question.id}`] = 'on';
				break;
		}
	}
	return fields;
}

function encode(fields: Record<string, string | string[]>): string {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields))
		for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
	return body.toString();
}

function network(): NetworkRef {
	return {
		id: randomUUID(),
		slug,
		name: 'Kompetensteamet Enkät',
		country: 'SE',
		timeZone: 'Europe/Stockholm',
		defaultLocale: 'sv',
		contactEmail: 'kontakt@enkat.example.se',
		contactPhone: null,
		referencePrefix: 'KT'
	};
}

/** An open survey of `invitations` people; returns its id and every invitation's token. */
async function seedSurvey(db: Kysely<Database>, of: NetworkRef, invitations: number, now: Date) {
	const id = randomUUID();
	await insertSurvey(
		db,
		{
			id,
			networkId: of.id,
			title: 'Utvärdering av grundutbildningen',
			description: null,
			templateKey: 'training',
			definition: definition(),
			audience: {
				kind: 'roles',
				eventId: null,
				eventScope: null,
				meetingId: null,
				seriesId: null,
				meetingScope: null,
				periodFrom: null,
				periodTo: null,
				roles: ['member']
			},
			minAnswers: 5,
			createdBy: null
		},
		now
	);
	await updateSurvey(db, of.id, id, { status: 'open', openedOn: now.toISOString().slice(0, 10) }, now);
	const tokens: string[] = [];
	const rows = Array.from({ length: invitations }, (_, i) => {
		const { token, hash } = newToken();
		tokens.push(token);
		return {
			id: randomUUID(),
			tokenHash: hash,
			email: `deltagare-${i}@example.se`,
			name: null,
			locale: 'sv',
			userId: null
		};
	});
	await insertInvitations(db, of.id, id, rows);
	return { id, tokens };
}

function staffContext(db: Kysely<Database>, of: NetworkRef): ServiceContext {
	return {
		db,
		actor: {
			userId: randomUUID(),
			email: 'bench@enkat.example.se',
			name: 'Bench',
			isInstanceAdmin: false,
			twoFactorEnabled: true,
			sessionId: null,
			locale: 'sv'
		},
		network: of,
		role: 'coordinator',
		now: new Date(),
		locale: 'sv',
		audit: {
			...createAuditor(db, { networkId: of.id, actorUserId: null, clientAddress: null }),
			record: async () => {}
		},
		mail: { enqueue: async () => 0, flush: () => {} },
		keyring,
		clientAddress: null,
		requestId: null,
		publicOrigin: origin
	};
}

async function timeResults(ctx: ServiceContext, surveyId: string): Promise<number[]> {
	for (let i = 0; i < 5; i++) await surveyResults(ctx, surveyId);
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		const result = await surveyResults(ctx, surveyId);
		times.push(performance.now() - started);
		if (!result.ok || !result.value.results.shown) throw new Error('the results were not shown');
	}
	return times.sort((a, b) => a - b);
}

// ---------------------------------------------------------------- (1) answering over HTTP

const keepBuild = process.env.BENCH_SURVEYS_BUILD_DIR;
const cacheDir = path.join(root, 'node_modules/.cache');
const buildDir = keepBuild
	? path.resolve(keepBuild)
	: mkdtempSync(path.join(existsSync(cacheDir) ? cacheDir : root, 'samverkan-surveys-build-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'samverkan-surveys-data-'));
let app: ChildProcess | undefined;
const lines: string[] = [];

try {
	if (keepBuild && existsSync(path.join(buildDir, 'index.js'))) console.log(`Reusing the build in ${buildDir}`);
	else buildAppInto(buildDir);

	const file = path.join(dataDir, 'samverkan.db');
	const seed = openDatabase({ dialect: 'sqlite', file });
	await prepareDatabase(seed.db, { dialect: 'sqlite', secret, baseURL: origin });
	const now = new Date();
	const of = network();
	await insertNetwork(seed.db, of, now);
	// One user, so the app is past its first-run setup.
	await insertUserWithPassword(
		seed.db,
		{ id: randomUUID(), name: 'Bench', email: 'bench@enkat.example.se', passwordHash: 'x' },
		now
	);
	const warmup = await seedSurvey(seed.db, of, 1_000, now);
	const survey = await seedSurvey(seed.db, of, INVITATIONS, now);
	await seed.destroy();
	const def = definition();

	const env: Record<string, string | undefined> = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		SAMVERKAN_DATA_DIR: dataDir,
		SAMVERKAN_SECRET: secret,
		SAMVERKAN_DATA_KEY: dataKey.toString('base64'),
		LOG_LEVEL: 'warn',
		NODE_ENV: 'production'
	};
	delete env.SMTP_URL;
	delete env.DATABASE_URL;
	delete env.SAMVERKAN_BUILD_DIR;
	// BENCH_SURVEYS_NODE_ARGS: extra node flags for the app, e.g. --cpu-prof when profiling.
	const nodeArgs = (process.env.BENCH_SURVEYS_NODE_ARGS ?? '').split(' ').filter(Boolean);
	app = spawn(process.execPath, [...nodeArgs, buildDir], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env });
	await waitForApp(app, port);
	const target = { port };
	const agent = agentFor(CLIENTS);
	const post = (token: string, i: number) =>
		request(agent, target, {
			method: 'POST',
			path: `/${slug}/survey/${token}`,
			headers: { origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: encode(answerFields(def, i))
		});
	const first = await post(warmup.tokens[0], 0);
	if (first.status !== 303)
		throw new Error(`the answer form answered ${first.status}, not 303: ${first.body.toString().slice(0, 300)}`);
	await Promise.all(Array.from({ length: CLIENTS }, () => request(agent, target, { method: 'GET', path: '/healthz' })));
	// Warm-up: another survey's links, so the JIT has compiled the path before the clock starts.
	await pool(999, CLIENTS, async (i) => {
		await post(warmup.tokens[i + 1], i);
	});

	console.log(
		`Answering: ${ANSWERS} links of ${INVITATIONS} invitations, each sent twice at once, from ${CLIENTS} clients …`
	);
	const statuses = new Map<number | string, number>();
	const load = loadavg()[0];
	const latencies: number[] = [];
	// Each task is one person with two tabs: two requests at once, so CLIENTS requests are in flight.
	const run = await pool(ANSWERS, CLIENTS / 2, async (i) => {
		await Promise.all(
			[0, 1].map(async () => {
				const sent = performance.now();
				const reply = await post(survey.tokens[i], i);
				latencies.push(performance.now() - sent);
				// A 303 to the thank-you page stores an answer; one back to the link says it was used.
				const key = reply.status === 303 && !String(reply.headers.location).endsWith('/thanks') ? 'used' : reply.status;
				statuses.set(key, (statuses.get(key) ?? 0) + 1);
			})
		);
	});
	agent.destroy();
	latencies.sort((a, b) => a - b);

	const check = openDatabase({ dialect: 'sqlite', file });
	const stored = Number(
		(
			await check.db
				.selectFrom('survey_response')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('survey_id', '=', survey.id)
				.executeTakeFirstOrThrow()
		).n
	);
	const answered = Number(
		(
			await check.db
				.selectFrom('survey_invitation')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('survey_id', '=', survey.id)
				.where('answered', '=', 1)
				.executeTakeFirstOrThrow()
		).n
	);
	const rate = ANSWERS / run.seconds;
	const p99 = quantile(latencies, 0.99);
	const exact = stored === ANSWERS && answered === ANSWERS;
	lines.push(
		`answers stored        ${stored} of ${ANSWERS} links (${2 * ANSWERS} requests; statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')})`,
		`one answer per link   ${verdict(exact)}  (${stored} answers, ${answered} invitations answered)`,
		`answers per second    ${verdict(rate >= GOAL_RATE)}  ${rate.toFixed(0)}/s (goal ≥ ${GOAL_RATE}; ${run.seconds.toFixed(1)} s, load ${load.toFixed(1)})`,
		`request latency       ${verdict(p99 < GOAL_P99_MS)}  p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (goal < ${GOAL_P99_MS} ms)`
	);
	app.kill('SIGTERM');
	app = undefined;

	// ---------------------------------------------------------------- (2) results, SQLite
	const sqliteTimes = await timeResults(staffContext(check.db, of), survey.id);
	const sqliteP95 = quantile(sqliteTimes, 0.95);
	lines.push(
		`results (SQLite)      ${verdict(sqliteP95 < GOAL_RESULTS_P95_MS)}  p50 ${quantile(sqliteTimes, 0.5).toFixed(1)} ms, p95 ${sqliteP95.toFixed(1)} ms (goal < ${GOAL_RESULTS_P95_MS} ms; 40 questions, ${stored} answers)`
	);

	// ---------------------------------------------------------------- (2) results, PostgreSQL
	if (withPostgres) {
		const schema = `bench_surveys_${randomBytes(4).toString('hex')}`;
		const admin = new pg.Client({ connectionString: postgresUrl });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		const url = new URL(postgresUrl!);
		url.searchParams.set('options', `-c search_path=${schema}`);
		const handle = openDatabase({ dialect: 'postgres', url: url.toString() });
		try {
			await prepareDatabase(handle.db, { dialect: 'postgres', secret, baseURL: origin });
			await insertNetwork(handle.db, of, now);
			const copy = await seedSurvey(handle.db, of, 10, now);
			// The same answers and texts as SQLite holds, copied row by row (texts encrypted for their new ids).
			const responses = await check.db
				.selectFrom('survey_response')
				.selectAll()
				.where('survey_id', '=', survey.id)
				.execute();
			for (let i = 0; i < responses.length; i += 1_000)
				await handle.db
					.insertInto('survey_response')
					.values(
						responses
							.slice(i, i + 1_000)
							.map((r) => ({ ...r, id: randomUUID(), network_id: of.id, survey_id: copy.id }))
					)
					.execute();
			const textRows = Array.from({ length: Math.ceil(stored / 3) }, (_, i) => {
				const id = randomUUID();
				return {
					id,
					network_id: of.id,
					survey_id: copy.id,
					question_id: i % 2 ? 'use' : 'miss',
					body_encrypted: encryptColumn(
						keyring,
						surveyTextColumns,
						'body_encrypted',
						{ networkId: of.id, recordId: id },
						texts[i % 3]
					),
					quote_consent: i % 4 === 0,
					quotable: false
				};
			});
			for (let i = 0; i < textRows.length; i += 1_000)
				await handle.db
					.insertInto('survey_text')
					.values(textRows.slice(i, i + 1_000))
					.execute();
			await sql`analyze`.execute(handle.db);
			const pgTimes = await timeResults(staffContext(handle.db, of), copy.id);
			const pgP95 = quantile(pgTimes, 0.95);
			lines.push(
				`results (PostgreSQL)  ${verdict(pgP95 < GOAL_RESULTS_P95_MS)}  p50 ${quantile(pgTimes, 0.5).toFixed(1)} ms, p95 ${pgP95.toFixed(1)} ms (goal < ${GOAL_RESULTS_P95_MS} ms)`
			);
		} finally {
			await handle.destroy();
			await admin.query(`drop schema ${schema} cascade`);
			await admin.end();
		}
	}
	await check.destroy();
	console.log(`\n${lines.join('\n')}`);
} finally {
	app?.kill('SIGTERM');
	rmSync(dataDir, { recursive: true, force: true });
	if (!keepBuild) rmSync(buildDir, { recursive: true, force: true });
}

import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkRef, ServiceContext } from '#lib/server/platform/context.ts';
import type { Database } from '#lib/server/platform/db/schema.ts';
import { submitAnswer } from '#lib/server/surveys/answer-service.ts';
import { surveyJobs } from '#lib/server/surveys/jobs.ts';
import { surveyResults } from '#lib/server/surveys/results-service.ts';
import { openSurvey } from '#lib/server/surveys/sending-service.ts';
import { surveyOverview } from '#lib/server/surveys/surveys-service.ts';
import { newMember, newNetwork, serviceContext, visitorContext } from '../../fixtures/factories.ts';
import { unwrap } from '../../fixtures/meetings.ts';
import { linksInOutbox, newSurvey, usefulnessAnswers } from '../../fixtures/surveys.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

/**
 * The anonymity of answers, checked against the stored rows (docs/decisions/023-anonymous-surveys.md):
 * an invitation keeps only "answered", answers keep a random id and the day, their order cannot be
 * read from storage, one link gives one answer however it is raced, and staff see counts only.
 */

const NOW = new Date('2027-04-14T10:00:00Z');
const MEMBERS = 12;

async function columnsOf(db: Kysely<Database>, dialect: string, table: string): Promise<string[]> {
	if (dialect === 'postgres') {
		const { rows } = await sql<{ column_name: string }>`
			select column_name from information_schema.columns where table_name = ${table} and table_schema = current_schema()
		`.execute(db);
		return rows.map((r) => r.column_name).sort();
	}
	const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
	return rows.map((r) => r.name).sort();
}

describe.each(testDialects)('anonymity of survey answers (%s)', (dialect) => {
	let database: TestDatabase;
	let db: Kysely<Database>;
	let network: NetworkRef;
	let staff: ServiceContext;
	let surveyId: string;
	let links: string[];
	const emails: string[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		db = database.db;
		network = await newNetwork(db);
		const coordinator = await newMember(db, network.id, { role: 'coordinator' });
		staff = serviceContext(db, { network, user: coordinator.user, role: 'coordinator', now: NOW });
		emails.push(coordinator.user.email);
		for (let i = 0; i < MEMBERS; i++) emails.push((await newMember(db, network.id, { role: 'member' })).user.email);
		surveyId = await newSurvey(staff, { settings: { closesOn: '2027-04-30' } });
		unwrap(await openSurvey(staff, surveyId));
		links = [...(await linksInOutbox(db)).values()];
	});
	afterAll(async () => {
		await database.destroy();
	});

	it('keeps no time, address or reference to an answer on an invitation, and only id, survey, day, channel and answers on a response', async () => {
		expect(await columnsOf(db, dialect, 'survey_invitation')).toEqual(
			['answered', 'email', 'id', 'locale', 'name', 'network_id', 'reminders_sent', 'survey_id', 'user_id'].sort()
		);
		expect(await columnsOf(db, dialect, 'survey_response')).toEqual(
			['answers', 'day', 'id', 'network_id', 'survey_id', 'via'].sort()
		);
		expect(await columnsOf(db, dialect, 'survey_text')).toEqual(
			['body_encrypted', 'id', 'network_id', 'question_id', 'quotable', 'quote_consent', 'survey_id'].sort()
		);
	});

	it('gives exactly one answer per link when the same link is sent ten times at once', async () => {
		const visitor = visitorContext(db, network, { now: NOW, clientAddress: '203.0.113.9' });
		const outcomes = await Promise.all(
			Array.from({ length: 10 }, () => submitAnswer(visitor, links[0], usefulnessAnswers({ useful: 'always' })))
		);
		expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
		expect(outcomes.filter((o) => !o.ok && o.state === 'answered')).toHaveLength(9);
		const stored = await db.selectFrom('survey_response').select('id').where('survey_id', '=', surveyId).execute();
		expect(stored).toHaveLength(1);
	});

	it('stores random ids and the day only, nothing of the client, and writes no audit entry for an answer', async () => {
		const auditBefore = await db.selectFrom('audit_event').select('id').execute();
		for (const [i, token] of links.slice(1, 8).entries()) {
			const visitor = visitorContext(db, network, {
				now: new Date(NOW.getTime() + i * 60_000),
				clientAddress: `203.0.113.${20 + i}`
			});
			const outcome = await submitAnswer(
				visitor,
				token,
				usefulnessAnswers({ useful: i % 2 ? 'often' : 'always', improve: 'Mer tid för frågeställningar.' })
			);
			expect(outcome).toEqual({ ok: true });
		}
		const rows = await db.selectFrom('survey_response').selectAll().where('survey_id', '=', surveyId).execute();
		expect(rows).toHaveLength(8);
		for (const row of rows) {
			expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
			expect(row.day).toBe('2027-04-14');
			const stored = JSON.stringify(row);
			expect(stored).not.toMatch(/203\.0\.113/);
			for (const email of emails) expect(stored).not.toContain(email);
		}
		const auditAfter = await db.selectFrom('audit_event').select('id').execute();
		expect(auditAfter.length).toBe(auditBefore.length);
		const answered = await db
			.selectFrom('survey_invitation')
			.select(['answered'])
			.where('survey_id', '=', surveyId)
			.execute();
		expect(answered.filter((r) => r.answered === true || r.answered === 1)).toHaveLength(8);
	});

	it('reads answers in the order of their random ids, which the reshuffle renews, so storage keeps no order of arrival', async () => {
		if (dialect === 'sqlite') {
			// WITHOUT ROWID: there is no hidden row number to sort by.
			await expect(sql`select rowid from survey_response`.execute(db)).rejects.toThrow();
			await expect(sql`select rowid from survey_text`.execute(db)).rejects.toThrow();
		}
		const before = (
			await db.selectFrom('survey_response').select('id').where('survey_id', '=', surveyId).execute()
		).map((r) => r.id);
		const [job] = surveyJobs(db, { publicOrigin: 'https://samverkan.example.org', flush: () => {} });
		await job.run(new Date('2027-04-15T01:00:00Z'));
		const after = (await db.selectFrom('survey_response').select('id').where('survey_id', '=', surveyId).execute()).map(
			(r) => r.id
		);
		expect(after).toHaveLength(before.length);
		expect(after.filter((id) => before.includes(id))).toEqual([]);
		if (dialect === 'postgres') {
			// Every row now carries the reshuffle's transaction, not the one that wrote the answer (and
			// marked the invitation answered).
			const { rows } = await sql<{ n: string }>`
				select count(distinct xmin::text) as n from survey_response where survey_id = ${surveyId}
			`.execute(db);
			expect(Number(rows[0].n)).toBe(1);
			const { rows: physical } = await sql<{
				id: string;
			}>`select id from survey_response where survey_id = ${surveyId}`.execute(db);
			expect(physical.map((r) => r.id)).toEqual([...after].sort());
		}
	});

	it('shows staff how many answered, never who', async () => {
		const overview = unwrap(await surveyOverview(staff, surveyId));
		expect(overview.invited).toBe(MEMBERS + 1);
		expect(overview.answered).toBe(8);
		const shown = JSON.stringify(overview);
		for (const email of emails) expect(shown).not.toContain(email);
		const results = unwrap(await surveyResults(staff, surveyId));
		const shownResults = JSON.stringify(results);
		for (const email of emails) expect(shownResults).not.toContain(email);
	});
});

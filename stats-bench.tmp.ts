import { sql } from 'kysely';
import { consultationStatistics } from '#lib/server/consultations/statistics.ts';
import { halfPeriod } from '#lib/server/consultations/periods.ts';
import { addNetworkMunicipalities, ensureOrganisationTypes, newMember, newNetwork, newConsultation, serviceContext } from './tests/fixtures/factories.ts';
import { openDatabase } from '#lib/server/platform/db/index.ts';
import { prepareDatabase } from '#lib/server/platform/db/prepare.ts';

const days = Number(process.argv[2] ?? 1461);
const database = openDatabase({ dialect: 'sqlite', file: '/tmp/stats-bench.db' });
const db = database.db;
await prepareDatabase(db, { dialect: 'sqlite', secret: 'test-secret-'.repeat(4), baseURL: 'http://localhost:3000' });
const network = await newNetwork(db, { country: 'SE' });
const munis = ['SE-2580', 'SE-2581', 'SE-2582', 'SE-2583', 'SE-2584', 'SE-2560', 'SE-2505', 'SE-2506', 'SE-2510', 'SE-2514'];
await addNetworkMunicipalities(db, network.id, munis);
const types = await ensureOrganisationTypes(db, network.id);
await newConsultation(db, network, { receivedOn: '2023-01-01' }); // creates topics
const topics = await db.selectFrom('consultation_topic').select('id').where('network_id', '=', network.id).execute();
const typeIds = types.all.map((t) => t.id);
const coord = await newMember(db, network.id, { role: 'coordinator' });
const ctx = serviceContext(db, { network, user: coord.user, role: 'coordinator' });
const t0 = performance.now();
const list = (values: string[]) => `case abs(random()) % ${values.length} ${values.map((v, i) => `when ${i} then '${v}'`).join(' ')} end`;
await sql.raw(`
with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000000)
insert into consultation (id, network_id, reference, source, received_on, channel, municipality_id, organisation_type_id, case_type, age_group, gender, vulnerable_disability, vulnerable_lgbtq, vulnerable_newly_arrived, perpetrator, urgency, status, question_encrypted, first_answered_at, created_at, updated_at)
select 'c' || i, '${network.id}', 'B-' || i, 'staff', date('2023-01-01', '+' || (i * ${days} / 1000000) || ' days'),
 ${list(['email', 'phone', 'team_meeting', 'web_form', 'in_person', 'other'])},
 case when i % 13 = 0 then null else ${list(munis)} end,
 ${list(typeIds)},
 ${list(['one_person', 'siblings', 'whole_family'])}, ${list(['age_0_12', 'age_13_17', 'age_18_25'])}, ${list(['girl_woman', 'boy_man'])},
 i % 17 = 0, i % 23 = 0, i % 7 = 0, ${list(['parents', 'siblings', 'partner'])}, ${list(['acute', 'high', 'normal'])}, 'closed',
 hex(randomblob(200)),
 case when i % 3 = 0 then null else strftime('%Y-%m-%dT%H:%M:%fZ', date('2023-01-01', '+' || (i * ${days} / 1000000) || ' days'), '+' || (abs(random()) % 200000) || ' minutes') end,
 '2023-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z'
from n`).execute(db);
await sql.raw(`insert into consultation_topic_link (consultation_id, topic_id, network_id, received_on)
 select id, ${list(topics.map((t) => t.id))}, network_id, received_on from consultation where network_id = '${network.id}' and reference like 'B-%'`).execute(db);
await sql.raw(`insert or ignore into consultation_topic_link (consultation_id, topic_id, network_id, received_on)
 select id, '${topics[0].id}', network_id, received_on from consultation where network_id = '${network.id}' and reference like 'B-%' and abs(random()) % 3 = 0`).execute(db);
await sql.raw('analyze').execute(db);
console.log('built in', Math.round(performance.now() - t0), 'ms');
const period = halfPeriod('half_year', 2024, 1);
for (let run = 0; run < 5; run++) {
	const t = performance.now();
	const stats = await consultationStatistics(ctx, period);
	console.log('stats', stats.total, Math.round(performance.now() - t), 'ms');
}
const { countLists, countByMunicipality, countByOrganisationType, countByTopic, countDaysToFirstAnswer } = await import('#lib/server/consultations/statistics-repository.ts');
for (const [name, fn] of Object.entries({ countLists, countByMunicipality, countByOrganisationType, countByTopic }) as [string, (...a: any[]) => Promise<unknown>][]) {
	const t = performance.now();
	await fn(db, network.id, period);
	console.log(name, Math.round(performance.now() - t), 'ms');
}
{
	const t = performance.now();
	await countDaysToFirstAnswer(db, network.id, period, { timeZone: 'Europe/Stockholm', segments: [{ from: '', offsetMinutes: 60 }, { from: '2024-03-31T01:00:00.000Z', offsetMinutes: 120 }, { from: '2024-10-27T01:00:00.000Z', offsetMinutes: 60 }] });
	console.log('days', Math.round(performance.now() - t), 'ms');
}
for (const q of [
	`explain query plan select count(*) from consultation where network_id = '${network.id}' and received_on >= '2024-01-01' and received_on <= '2024-06-30' group by received_on`,
	`explain query plan select topic_id, count(*) from consultation_topic_link where network_id = '${network.id}' and received_on >= '2024-01-01' and received_on <= '2024-06-30' group by topic_id`
]) console.log((await sql.raw(q).execute(db)).rows);
await database.destroy();

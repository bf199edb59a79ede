import type { Kysely } from 'kysely';
import { listOpenNetworks } from '../networks/index.ts';
import type { Database } from '../platform/db/schema.ts';
import { daily, type ScheduledJob } from '../platform/jobs/scheduler.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { todayIn } from '../platform/time.ts';
import * as invitations from './invitations-repository.ts';
import { answerLink, newToken } from './links.ts';
import { surveyMail, surveyMailLocale } from './mail.ts';
import { MAX_REMINDERS } from './model.ts';
import * as responses from './responses-repository.ts';
import * as surveys from './surveys-repository.ts';

/**
 * The evaluations' daily job (docs/decisions/023-anonymous-surveys.md), per network and open survey:
 *
 * - closes a survey after its last day;
 * - sends a due reminder to those who have not answered (the yes/no flag is all it reads), at most
 *   two, each with a fresh personal link (see `remind`);
 * - writes the answers again in a new random order, so nothing the database keeps about a row says
 *   when it arrived (the day aside).
 *
 * Safe to run twice a day: a reminder counts as sent in the transaction that queues it, and the
 * reshuffle runs once per survey and day.
 */
export function surveyJobs(db: Kysely<Database>, mail: { publicOrigin: string; flush: () => void }): ScheduledJob[] {
	return [
		{
			name: 'surveys.daily',
			period: daily,
			async run(now: Date) {
				let closed = 0;
				let reminded = 0;
				let reshuffled = 0;
				for (const network of await listOpenNetworks(db)) {
					const today = todayIn(network.timeZone, now);
					for (const survey of await surveys.listOpenSurveys(db, network.id)) {
						if (survey.closesOn && survey.closesOn < today) {
							await surveys.updateSurvey(db, network.id, survey.id, { status: 'closed', closedOn: today }, now);
							closed += 1;
						} else {
							const due = survey.reminderDays[survey.remindersSent];
							if (due && due <= today && survey.remindersSent < MAX_REMINDERS)
								reminded += await remind(db, network, survey, now, mail.publicOrigin);
						}
						if (survey.shuffledOn !== today) {
							await db.transaction().execute(async (trx) => {
								await responses.reshuffle(trx, network.id, survey.id);
								await surveys.updateSurvey(trx, network.id, survey.id, { shuffledOn: today }, now);
							});
							reshuffled += 1;
						}
					}
				}
				mail.flush();
				return { closed, reminded, reshuffled };
			}
		}
	];
}

/**
 * Queues the survey's next reminder to everyone who has not answered, in one transaction with the
 * count that keeps it from going twice. A reminder carries a new personal link, since the first
 * one's token was never stored; the earlier link keeps working.
 */
async function remind(
	db: Kysely<Database>,
	network: Awaited<ReturnType<typeof listOpenNetworks>>[number],
	survey: surveys.SurveyRow,
	now: Date,
	publicOrigin: string
): Promise<number> {
	const reminder = survey.remindersSent + 1;
	return db.transaction().execute(async (trx) => {
		const waiting = await invitations.listUnanswered(trx, network.id, survey.id, reminder);
		for (const invitation of waiting) {
			const { token, hash } = newToken();
			await invitations.addLink(trx, network.id, invitation.id, hash);
			const locale = surveyMailLocale(invitation.locale, network.defaultLocale);
			const rendered = surveyMail(
				{
					networkName: network.name,
					surveyTitle: survey.title,
					link: answerLink(publicOrigin, network.slug, token, locale),
					closesOn: survey.closesOn,
					timeZone: network.timeZone,
					reminder
				},
				locale
			);
			await enqueueMail(
				trx,
				{ networkId: network.id, kind: 'survey-reminder', to: invitation.email, fromName: network.name, ...rendered },
				now
			);
		}
		await invitations.countReminder(
			trx,
			network.id,
			waiting.map((inv) => inv.id),
			reminder
		);
		await surveys.updateSurvey(trx, network.id, survey.id, { remindersSent: reminder }, now);
		return waiting.length;
	});
}

import { createAuditor } from '../platform/audit.ts';
import type { Mailer, PublicContext, ServiceContext } from '../platform/context.ts';
import { zonedToUtc } from '../platform/time.ts';
import { submitAnswer } from '../surveys/answer-service.ts';
import { settingsSchema } from '../surveys/forms.ts';
import { markQuotable, surveyResults } from '../surveys/results-service.ts';
import { closeSurvey, openSurvey } from '../surveys/sending-service.ts';
import { createSurvey, saveSettings } from '../surveys/surveys-service.ts';
import type { DemoContext } from './seed.ts';
import { joiningTransaction } from './transaction.ts';

/**
 * Kompetensteamet Norrbotten's evaluations: the team meetings' usefulness after each of the last
 * two terms (most members answer "always" or "often"), and the evaluation of the 5 May digital
 * training sent to its 200 attendees, three in four of whom answered, some with words the team may
 * quote. Made through the module's own services, as a coordinator sends a survey and as each
 * person answers through their own link; the links are read from the mails, which go nowhere.
 */

const NORRBOTTEN = 'norrbotten';
const COORDINATOR = 'johan.nilsson@lansstyrelsen-bd.example.se';
const ZONE = 'Europe/Stockholm';
const TRAINING_TITLE = 'Hedersrelaterat våld och förtryck – digital grundutbildning';

/** A deterministic "random" in [0, 1), so the demo is the same every time. */
const chance = (a: number, b: number) => ((((a * 7919 + b * 104729) % 1000) + 1000) % 1000) / 1000;
const pick = <T>(values: readonly T[], a: number, b: number) => values[Math.floor(chance(a, b) * values.length)];

/** Mostly always and often, now and then sometimes. */
const usefulness = ['always', 'always', 'often', 'often', 'often', 'sometimes'] as const;
const agreeing = ['agree_strongly', 'agree_strongly', 'agree', 'agree', 'neutral'] as const;

const meetingTexts = [
	'Fler fallgenomgångar där vi går igenom hur samverkan fungerade.',
	'Att vi får höra hur skolan och polisen arbetar gör att jag vet vem jag ska ringa.',
	'Kortare dragningar och mer tid för frågeställningarna.'
];
const trainingUse = [
	'Äntligen fick jag verktyg för att våga fråga. Jag tar med mig skyddsbedömningen till vårt arbetslag.',
	'Checklistan för orosanmälan, och att fråga barnet enskilt.',
	'Lagstiftningen om utreseförbud, som jag inte kände till.',
	'Att hedersnormer kan finnas i hela släkten och inte bara hos föräldrarna.'
];
const trainingMissed = [
	'Mer om hur vi samarbetar med skolan under sommarlovet.',
	'Fler exempel från Norrbotten.',
	'Tid för frågor på slutet.'
];

/** The mails' links, read as the recipients would from their mail. */
function capturingMailer(links: string[]): Mailer {
	return {
		enqueue: async (_db, mail) => {
			const token = /\/survey\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
			if (token) links.push(token);
			return 0;
		},
		flush: () => {}
	};
}

export async function seedSurveys(ctx: DemoContext): Promise<void> {
	const network = ctx.networks.get(NORRBOTTEN);
	if (!network) throw new Error('demo: no Norrbotten network');
	const db = joiningTransaction(ctx.db);
	const coordinator = ctx.userId(COORDINATOR);
	const staff = (now: Date, links: string[] = []): ServiceContext => ({
		db,
		actor: {
			userId: coordinator,
			email: COORDINATOR,
			name: 'Johan Nilsson',
			isInstanceAdmin: false,
			twoFactorEnabled: true,
			sessionId: null,
			locale: 'sv'
		},
		network,
		role: 'coordinator',
		now,
		locale: 'sv',
		audit: createAuditor(db, { networkId: network.id, actorUserId: coordinator, clientAddress: null, requestId: null }),
		mail: capturingMailer(links),
		keyring: ctx.keyring,
		clientAddress: null,
		requestId: null,
		publicOrigin: ctx.origin
	});
	const respondent = (now: Date): PublicContext => ({
		db,
		network,
		now,
		locale: 'sv',
		keyring: ctx.keyring,
		mail: { enqueue: async () => 0, flush: () => {} },
		audit: createAuditor(db, { networkId: network.id, actorUserId: null, clientAddress: null }),
		clientAddress: null,
		requestId: null,
		publicOrigin: ctx.origin
	});
	const local = (day: string, time = '10:00') => zonedToUtc(`${day}T${time}`, ZONE);
	const shift = (day: string, days: number) =>
		new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

	/** Makes, sends, answers and closes one survey; returns its id. */
	async function run(options: {
		title: string;
		template: 'meeting_usefulness' | 'digital_training';
		opensOn: string;
		settings: Record<string, unknown>;
		answer: (i: number) => Record<string, string[]> | null;
	}): Promise<string> {
		const opening = staff(local(options.opensOn));
		const created = await createSurvey(opening, { title: options.title, source: `shipped:${options.template}` });
		if (!created.ok) throw new Error(`demo: survey ${created.error}`);
		const id = created.value.id;
		const closesOn = shift(options.opensOn, 14);
		const settings = settingsSchema.parse({
			title: options.title,
			minAnswers: '5',
			closesOn,
			reminder1: shift(options.opensOn, 7),
			...options.settings
		});
		const saved = await saveSettings(opening, id, settings);
		if (!saved.ok) throw new Error(`demo: survey settings ${saved.error}`);
		const links: string[] = [];
		const sent = await openSurvey(staff(local(options.opensOn), links), id);
		if (!sent.ok) throw new Error(`demo: survey sending ${sent.error}`);
		for (const [i, link] of links.entries()) {
			const fields = options.answer(i);
			if (!fields) continue;
			const answered = await submitAnswer(
				respondent(local(shift(options.opensOn, 1 + (i % 10)), '14:00')),
				link,
				fields
			);
			if (!answered.ok) throw new Error(`demo: an answer was refused (${JSON.stringify(answered)})`);
		}
		const closed = await closeSurvey(staff(local(closesOn, '23:00')), id);
		if (!closed.ok) throw new Error(`demo: closing ${closed.error}`);
		return id;
	}

	// The last two term ends before now: mid-June and mid-December.
	const year = ctx.now.getUTCFullYear();
	const termEnds = [`${year - 1}-06-10`, `${year - 1}-12-10`, `${year}-06-10`, `${year}-12-10`]
		.filter((day) => local(shift(day, 15)) <= ctx.now)
		.slice(-2);
	const series = await db
		.selectFrom('meeting_series')
		.select(['id'])
		.where('network_id', '=', network.id)
		.orderBy('first_day')
		.executeTakeFirst();
	if (series)
		for (const [t, end] of termEnds.entries()) {
			const spring = end.endsWith('06-10');
			await run({
				title: spring
					? `Kompetensteamets träffar våren ${end.slice(0, 4)}`
					: `Kompetensteamets träffar hösten ${end.slice(0, 4)}`,
				template: 'meeting_usefulness',
				opensOn: end,
				settings: {
					audience: 'series',
					seriesId: series.id,
					meetingScope: 'present',
					periodFrom: spring ? `${end.slice(0, 4)}-01-01` : `${end.slice(0, 4)}-08-01`,
					periodTo: end
				},
				answer: (i) => ({
					'q-useful': [pick(usefulness, i, t)],
					'q-support': [pick(usefulness, i + 1, t)],
					'q-learn': [pick(usefulness, i + 2, t)],
					'q-share': [i % 4 === 3 ? 'na' : pick(usefulness, i + 3, t)],
					...(i % 2 === 0
						? { 'q-improve': [meetingTexts[(i + t) % meetingTexts.length]], 'consent-improve': ['on'] }
						: {})
				})
			});
		}

	// The 5 May digital training, evaluated by those who attended.
	const training = await db
		.selectFrom('event')
		.select(['id', 'start_at'])
		.where('network_id', '=', network.id)
		.where('title', '=', TRAINING_TITLE)
		.orderBy('start_at', 'asc')
		.executeTakeFirst();
	if (!training) return;
	const trainingDay = new Date(training.start_at).toISOString().slice(0, 10);
	if (local(shift(trainingDay, 16)) > ctx.now) return;
	const trainingId = await run({
		title: 'Utvärdering: digital grundutbildning om hedersrelaterat våld och förtryck',
		template: 'digital_training',
		opensOn: shift(trainingDay, 1),
		settings: { audience: 'event', eventId: training.id, eventScope: 'checked_in' },
		answer: (i) =>
			chance(i, 5) < 0.25
				? null
				: {
						'q-relevant': [pick(agreeing, i, 1)],
						'q-new_knowledge': [pick(agreeing, i, 2)],
						'q-level': [pick(agreeing, i, 3)],
						'q-sound': [pick(agreeing, i, 4)],
						'q-picture': [pick(agreeing, i, 6)],
						'q-overall': [String(3 + Math.floor(chance(i, 7) * 3))],
						...(i % 5 === 0 ? { 'q-use': [trainingUse[i % trainingUse.length]], 'consent-use': ['on'] } : {}),
						...(i % 7 === 0 ? { 'q-missed': [trainingMissed[i % trainingMissed.length]] } : {})
					}
	});
	// The team marks the words it quoted in the newsletter.
	const reader = staff(ctx.now);
	const results = await surveyResults(reader, trainingId);
	if (!results.ok) return;
	const quoted = results.value.results.questions
		.flatMap((question) => question.texts ?? [])
		.find((text) => text.quoteConsent && text.text === trainingUse[0]);
	if (quoted) await markQuotable(reader, trainingId, quoted.id, true);
}

import { getRequestEvent } from '$app/server';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { createAuth, type Auth } from './platform/auth/better-auth.ts';
import { config, type Config } from './platform/config.ts';
import { dataKeyring } from './platform/data-keys.ts';
import type { Mailer } from './platform/context.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/index.ts';
import { prepareDatabase } from './prepare.ts';
import { logger } from './platform/logger.ts';
import { enqueueMail } from './platform/mail/outbox.ts';
import { createSmtpTransport, MailWorker } from './platform/mail/worker.ts';
import { passwordResetMail } from './platform/auth/reset-mail.ts';
import { resetPasswordLink, resetMailContext } from './platform/auth/reset.ts';
import { daily, Scheduler } from './platform/jobs/scheduler.ts';
import { optimizeDatabase } from './platform/db/optimize.ts';
import { eventJobs } from './events/jobs.ts';
import { meetingJobs } from './meetings/jobs.ts';
import { surveyJobs } from './surveys/jobs.ts';
import { remindersJob } from './consultations/reminders.ts';
import { retentionJob } from './consultations/retention.ts';

/**
 * The running application: configuration, database, sign-in, the mail worker and the scheduled
 * jobs, created once per process by the server's init hook.
 */
export interface AppServices {
	config: Config;
	database: DatabaseHandle;
	auth: Auth;
	mailer: Mailer;
	mailWorker: MailWorker | null;
	scheduler: Scheduler;
	/** The origin links in mails point to. */
	publicOrigin: string;
}

let services: AppServices | undefined;

export function publicOriginOf(cfg: Config): string {
	return cfg.ORIGIN ?? `http://localhost:${cfg.PORT}`;
}

export async function startApp(): Promise<AppServices> {
	if (services) return services;
	const cfg = config();
	const database = openDatabase(cfg.database);
	const publicOrigin = publicOriginOf(cfg);
	// Creates the data key on first start (and refuses a damaged key file now, not at first use).
	dataKeyring(cfg);
	const applied = await prepareDatabase(database.db, {
		dialect: database.dialect,
		secret: cfg.secret,
		baseURL: publicOrigin
	});
	if (applied.length) logger.info({ migrations: applied }, 'database migrated');

	const mailWorker = cfg.SMTP_URL
		? new MailWorker({ db: database.db, transport: createSmtpTransport(cfg.SMTP_URL), from: cfg.MAIL_FROM, logger })
		: null;
	const mailer: Mailer = {
		enqueue: (db, mail) => enqueueMail(db, mail),
		flush: () => mailWorker?.wake()
	};

	const settings = {
		db: database.db,
		dialect: database.dialect,
		secret: cfg.secret,
		baseURL: publicOrigin,
		// better-auth creates the single-use token; the mail goes through the outbox like every other.
		sendResetPassword: async ({ user, token }: { user: { id: string; email: string }; token: string }) => {
			const context = await resetMailContext(database.db, user.id);
			const mail = passwordResetMail(context.locale, {
				networkName: context.networkName,
				link: resetPasswordLink(publicOrigin, token, context.locale)
			});
			await mailer.enqueue(database.db, {
				networkId: context.networkId,
				kind: 'password-reset',
				to: user.email,
				fromName: context.networkName,
				...mail
			});
			mailer.flush();
		}
	};
	const auth = createAuth({ ...settings, plugins: [sveltekitCookies(getRequestEvent)] });
	mailWorker?.start();
	// Every instance runs the scheduler; job_run makes each job run once per period among them.
	const scheduler = new Scheduler({
		db: database.db,
		logger,
		jobs: [
			retentionJob(database.db),
			remindersJob(database.db, publicOrigin, () => mailer.flush()),
			...eventJobs(database.db, publicOrigin, () => mailer.flush()),
			...meetingJobs(database.db, { publicOrigin, flush: () => mailer.flush() }),
			...surveyJobs(database.db, { publicOrigin, flush: () => mailer.flush() }),
			{ name: 'optimize', period: daily, run: () => optimizeDatabase(database.db) }
		]
	});
	scheduler.start();
	// The server entry emits this once the server has closed after SIGTERM/SIGINT: let a running job
	// and a mail being sent finish rather than cut them off halfway, then close the database (pg's
	// idle pool connections would otherwise keep the process alive for their idle timeout).
	process.once('sveltekit:shutdown', () => {
		// Said beside the server entry's "Stopping …" lines, when it is not over at once.
		const slow = setTimeout(
			() => console.log('Stopping: waiting for a scheduled job or a mail being sent to finish …'),
			1000
		);
		slow.unref();
		void Promise.all([scheduler.stop(), mailWorker?.stop()])
			.then(() => database.destroy())
			.catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : error }, 'shutdown'))
			.finally(() => clearTimeout(slow));
	});
	services = { config: cfg, database, auth, mailer, mailWorker, scheduler, publicOrigin };
	logger.info({ dialect: database.dialect, mail: mailWorker ? 'smtp' : 'outbox only' }, 'samverkan started');
	return services;
}

export function app(): AppServices {
	if (!services) throw new Error('the app has not been started');
	return services;
}

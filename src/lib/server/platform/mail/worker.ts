import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { claimDue, markAbandonedAsUncertain, markFailedAttempt, markSent, type OutboxRow } from './outbox.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * 60_000;

/** Exponential backoff with a cap: 30 s, 1 min, 2 min, … up to 1 h. */
export function retryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/**
 * Errors with an SMTP 4xx code are temporary (mailbox busy, greylisting) and connection errors say
 * nothing was accepted; both are retried. A 5xx answer is permanent.
 */
function isPermanent(error: unknown): boolean {
	const code = (error as { responseCode?: number }).responseCode;
	return typeof code === 'number' && code >= 500;
}

export interface MailWorkerOptions {
	db: Kysely<Database>;
	transport: Transporter;
	from: string;
	logger: Logger;
	intervalMs?: number;
	batchSize?: number;
	now?: () => Date;
}

export class MailWorker {
	readonly #options: Required<Omit<MailWorkerOptions, 'now'>> & { now: () => Date };
	#timer: NodeJS.Timeout | undefined;
	#running: Promise<number> | undefined;
	#again = false;

	constructor(options: MailWorkerOptions) {
		// One row per claim: the lease then covers exactly the mail being sent, however slow the server.
		this.#options = { intervalMs: 5_000, batchSize: 1, now: () => new Date(), ...options };
	}

	start(): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => this.wake(), this.#options.intervalMs);
		this.#timer.unref();
		this.wake();
	}

	async stop(): Promise<void> {
		clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#running;
	}

	/** Called after a transaction that queued mail commits, so mail leaves without waiting for the timer. */
	wake(): void {
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = this.runOnce()
			.catch((error: unknown) => {
				this.#options.logger.error({ err: error }, 'mail worker run failed');
				return 0;
			})
			.finally(() => {
				this.#running = undefined;
				if (this.#again) {
					this.#again = false;
					this.wake();
				}
			});
	}

	/** Sends every due row once; returns how many were sent. */
	async runOnce(): Promise<number> {
		const { db, logger, batchSize } = this.#options;
		await markAbandonedAsUncertain(db, this.#options.now());
		let sent = 0;
		for (;;) {
			const rows = await claimDue(db, this.#options.now(), LEASE_MS, batchSize);
			if (rows.length === 0) return sent;
			for (const row of rows) {
				if (await this.#send(row)) sent++;
			}
			logger.debug({ sent }, 'mail batch done');
		}
	}

	async #send(row: OutboxRow): Promise<boolean> {
		const { db, transport, from, logger } = this.#options;
		try {
			await transport.sendMail({
				from: row.fromName ? { name: row.fromName, address: from } : from,
				to: row.to,
				subject: row.subject,
				text: row.text,
				html: row.html ?? undefined,
				attachments: row.attachments.map((a) => ({
					filename: a.filename,
					contentType: a.contentType,
					content: Buffer.from(a.contentBase64, 'base64')
				}))
			});
		} catch (error) {
			const permanent = isPermanent(error) || row.attempts >= MAX_ATTEMPTS;
			const retryAt = permanent ? null : new Date(this.#options.now().getTime() + retryDelayMs(row.attempts));
			const message = error instanceof Error ? error.message : String(error);
			await markFailedAttempt(db, row.id, message, retryAt);
			logger.warn({ outboxId: row.id, attempts: row.attempts, permanent }, 'mail not sent');
			return false;
		}
		await markSent(db, row.id, this.#options.now());
		logger.info({ outboxId: row.id, kind: row.kind }, 'mail sent');
		return true;
	}
}

export function createSmtpTransport(smtpUrl: string): Transporter {
	// Timeouts well inside the two-minute lease, so a hanging server cannot outlive it.
	return nodemailer.createTransport({
		url: smtpUrl,
		connectionTimeout: 30_000,
		greetingTimeout: 30_000,
		socketTimeout: 60_000
	});
}

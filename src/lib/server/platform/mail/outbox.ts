import { sql, type Kysely } from 'kysely';
import { prepared } from '../db/prepared.ts';
import type { Database } from '../db/schema.ts';
import { timestamp, toDate, toDateOrNull } from '../db/values.ts';

export interface MailAttachment {
	filename: string;
	contentType: string;
	/** Base64 of the bytes, so the row stays plain JSON. */
	contentBase64: string;
}

export interface OutgoingMail {
	networkId: string | null;
	/** What the mail is, for the dev mailbox and statistics: 'invitation', 'password-reset', … */
	kind: string;
	to: string;
	/** Shown as the sender's name, e.g. the network's name. */
	fromName: string | null;
	subject: string;
	text: string;
	html?: string | null;
	attachments?: MailAttachment[];
}

export interface OutboxRow {
	id: number;
	networkId: string | null;
	kind: string;
	to: string;
	fromName: string | null;
	subject: string;
	text: string;
	html: string | null;
	attachments: MailAttachment[];
	status: 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
	attempts: number;
	nextAttemptAt: Date;
	lastError: string | null;
	createdAt: Date;
	sentAt: Date | null;
}

type Row = Omit<Database['outbox'], 'id'> & { id: number };

function fromRow(row: Row): OutboxRow {
	const attachments = row.attachments
		? typeof row.attachments === 'string'
			? (JSON.parse(row.attachments) as MailAttachment[])
			: (row.attachments as unknown as MailAttachment[])
		: [];
	return {
		id: row.id,
		networkId: row.network_id,
		kind: row.kind,
		to: row.recipient,
		fromName: row.from_name,
		subject: row.subject,
		text: row.text_body,
		html: row.html_body,
		attachments,
		status: row.status,
		attempts: row.attempts,
		nextAttemptAt: toDate(row.next_attempt_at),
		lastError: row.last_error,
		createdAt: toDate(row.created_at),
		sentAt: toDateOrNull(row.sent_at)
	};
}

// Prepared (db/prepared.ts): every registration of a rush queues a mail.
const enqueueQuery = prepared(
	(db, v: Omit<Required<OutgoingMail>, 'attachments'> & { attachments: string | null; now: string }) =>
		db
			.insertInto('outbox')
			.values({
				network_id: v.networkId,
				kind: v.kind,
				recipient: v.to,
				from_name: v.fromName,
				subject: v.subject,
				text_body: v.text,
				html_body: v.html,
				attachments: v.attachments,
				status: 'pending',
				attempts: 0,
				next_attempt_at: v.now,
				created_at: v.now
			})
			.returning('id')
);

/**
 * Queues a mail. Call it with the transaction that makes the change the mail is about, so the mail
 * exists exactly when the change does.
 */
export async function enqueueMail(db: Kysely<Database>, mail: OutgoingMail, now = new Date()): Promise<number> {
	const [row] = await enqueueQuery.run(db, {
		networkId: mail.networkId ?? null,
		kind: mail.kind,
		to: mail.to,
		fromName: mail.fromName ?? null,
		subject: mail.subject,
		text: mail.text,
		html: mail.html ?? null,
		attachments: mail.attachments?.length ? JSON.stringify(mail.attachments) : null,
		now: timestamp(now)
	});
	return Number(row.id);
}

/**
 * Claims up to `limit` due rows for sending. The update re-checks `status = 'pending'`, so two
 * workers racing for the same row cannot both claim it.
 */
export async function claimDue(db: Kysely<Database>, now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
	const due = db
		.selectFrom('outbox')
		.select('id')
		.where('status', '=', 'pending')
		.where('next_attempt_at', '<=', timestamp(now))
		.orderBy('id')
		.limit(limit);
	const rows = await db
		.updateTable('outbox')
		.set({
			status: 'sending',
			attempts: sql`attempts + 1`,
			locked_until: timestamp(new Date(now.getTime() + leaseMs))
		})
		.where('id', 'in', due)
		.where('status', '=', 'pending')
		.returningAll()
		.execute();
	return rows.map(fromRow).sort((a, b) => a.id - b.id);
}

/** Mails whose body carries a one-time credential (an invitation or reset link). */
const CREDENTIAL_KINDS = ['invitation', 'password-reset'];

/**
 * Marks a mail delivered. The body of a mail that carries a one-time link is removed at the same
 * moment: the link is the recipient's, and a database copy or backup must not be able to use it.
 */
export async function markSent(db: Kysely<Database>, id: number, now: Date): Promise<void> {
	await db
		.updateTable('outbox')
		.set((eb) => ({
			status: 'sent',
			sent_at: timestamp(now),
			locked_until: null,
			last_error: null,
			text_body: eb.case().when('kind', 'in', CREDENTIAL_KINDS).then(REMOVED_BODY).else(eb.ref('text_body')).end(),
			html_body: eb.case().when('kind', 'in', CREDENTIAL_KINDS).then(null).else(eb.ref('html_body')).end()
		}))
		.where('id', '=', id)
		.where('status', '=', 'sending')
		.execute();
}

export const REMOVED_BODY = '[removed after delivery: it contained a one-time link]';

/** The server refused the mail before accepting it: try again later, or give up. */
export async function markFailedAttempt(
	db: Kysely<Database>,
	id: number,
	error: string,
	retryAt: Date | null
): Promise<void> {
	await db
		.updateTable('outbox')
		.set({
			status: retryAt ? 'pending' : 'failed',
			next_attempt_at: retryAt ? timestamp(retryAt) : sql`next_attempt_at`,
			locked_until: null,
			last_error: error.slice(0, 500)
		})
		.where('id', '=', id)
		.where('status', '=', 'sending')
		.execute();
}

/**
 * A row still 'sending' after its lease belongs to a worker that died mid-send: the SMTP server may
 * or may not have accepted it. It is never sent again automatically (a mail sent twice can be worse
 * than one to retry by hand); it is marked uncertain for an operator to look at
 * (`npm run -s cli -- outbox`, then `outbox retry <id>` once they know it did not arrive).
 */
export async function markAbandonedAsUncertain(db: Kysely<Database>, now: Date): Promise<number> {
	const result = await db
		.updateTable('outbox')
		.set({ status: 'uncertain', locked_until: null })
		.where('status', '=', 'sending')
		.where('locked_until', '<', timestamp(now))
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

export async function listOutbox(
	db: Kysely<Database>,
	options: { limit: number; offset?: number; status?: OutboxRow['status'] }
): Promise<OutboxRow[]> {
	const rows = await db
		.selectFrom('outbox')
		.selectAll()
		.$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
		.orderBy('id', 'desc')
		.limit(options.limit)
		.offset(options.offset ?? 0)
		.execute();
	return rows.map(fromRow);
}

export async function findOutboxRow(db: Kysely<Database>, id: number): Promise<OutboxRow | undefined> {
	const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? fromRow(row) : undefined;
}

/** How many mails the outbox holds (for paging in the dev mailbox). */
export async function countOutbox(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('outbox')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Puts a failed or uncertain mail back in the queue, on an operator's decision. */
export async function requeueOutboxRow(db: Kysely<Database>, id: number, now: Date): Promise<boolean> {
	const result = await db
		.updateTable('outbox')
		.set({ status: 'pending', next_attempt_at: timestamp(now), locked_until: null })
		.where('id', '=', id)
		.where('status', 'in', ['failed', 'uncertain'])
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

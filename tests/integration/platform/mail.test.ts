import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueMail, findOutboxRow, REMOVED_BODY } from '#lib/server/platform/mail/outbox.ts';
import { createSmtpTransport, MailWorker, MAX_ATTEMPTS } from '#lib/server/platform/mail/worker.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../fixtures/smtp.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const silent = pino({ level: 'silent' });

const mail = (to: string) => ({
	networkId: null,
	kind: 'test',
	to,
	fromName: 'Kompetensteamet Norrbotten',
	subject: 'Välkommen – å, ä, ö',
	text: 'Hej!',
	html: '<p>Hej!</p>'
});

describe.each(testDialects)('mail outbox on %s', (dialect) => {
	let handle: TestDatabase;
	let smtp: TestSmtpServer;
	let clock: Date;
	let worker: MailWorker;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());
	beforeEach(async () => {
		smtp = await startTestSmtpServer();
		clock = new Date('2026-11-23T10:00:00Z');
		worker = new MailWorker({
			db: handle.db,
			transport: createSmtpTransport(smtp.url),
			from: 'noreply@samverkan.test',
			logger: silent,
			now: () => clock
		});
		await handle.db.deleteFrom('outbox').execute();
	});
	afterEach(async () => {
		await worker.stop();
		await smtp.close();
	});

	it('delivers a queued mail over SMTP with the network name as sender and marks it sent', async () => {
		const id = await enqueueMail(handle.db, mail('a@example.org'), clock);
		expect(await worker.runOnce()).toBe(1);
		const [received] = await smtp.waitFor(1);
		expect(received.subject).toBe('Välkommen – å, ä, ö');
		expect(received.from?.value[0]).toEqual({ name: 'Kompetensteamet Norrbotten', address: 'noreply@samverkan.test' });
		expect(received.text?.trim()).toBe('Hej!');
		expect((await findOutboxRow(handle.db, id))?.status).toBe('sent');
	});

	it('keeps a mail that was never committed out of the outbox', async () => {
		await expect(
			handle.db.transaction().execute(async (trx) => {
				await enqueueMail(trx, mail('rolled-back@example.org'), clock);
				throw new Error('the change failed');
			})
		).rejects.toThrow();
		expect(await worker.runOnce()).toBe(0);
		expect(smtp.received).toHaveLength(0);
	});

	it('retries a temporary failure after a backoff and sends it exactly once', async () => {
		const id = await enqueueMail(handle.db, mail('b@example.org'), clock);
		smtp.failNext(1, 451);
		expect(await worker.runOnce()).toBe(0);
		const afterFailure = await findOutboxRow(handle.db, id);
		expect(afterFailure).toMatchObject({ status: 'pending', attempts: 1 });
		expect(afterFailure!.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());
		// Not due yet: nothing happens.
		expect(await worker.runOnce()).toBe(0);
		clock = new Date(clock.getTime() + 60_000);
		expect(await worker.runOnce()).toBe(1);
		expect(await worker.runOnce()).toBe(0);
		expect(smtp.received).toHaveLength(1);
	});

	it('gives up at once on a permanent refusal', async () => {
		const id = await enqueueMail(handle.db, mail('c@example.org'), clock);
		smtp.failNext(1, 550);
		await worker.runOnce();
		expect(await findOutboxRow(handle.db, id)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(MAX_ATTEMPTS).toBeGreaterThan(1);
	});

	it('never sends a row twice when two workers run at the same time', async () => {
		for (let i = 0; i < 30; i++) await enqueueMail(handle.db, mail(`p${i}@example.org`), clock);
		const second = new MailWorker({
			db: handle.db,
			transport: createSmtpTransport(smtp.url),
			from: 'noreply@samverkan.test',
			logger: silent,
			now: () => clock
		});
		const [a, b] = await Promise.all([worker.runOnce(), second.runOnce()]);
		expect(a + b).toBe(30);
		await smtp.waitFor(30);
		const recipients = smtp.received.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''));
		expect(new Set(recipients).size).toBe(30);
	});

	it('marks a row abandoned mid-send as uncertain instead of sending it again', async () => {
		const id = await enqueueMail(handle.db, mail('d@example.org'), clock);
		await handle.db
			.updateTable('outbox')
			.set({ status: 'sending', locked_until: '2026-11-23T09:00:00.000Z' })
			.where('id', '=', id)
			.execute();
		expect(await worker.runOnce()).toBe(0);
		expect((await findOutboxRow(handle.db, id))?.status).toBe('uncertain');
		expect(smtp.received).toHaveLength(0);
	});
});

describe.each(testDialects)('one-time links in the outbox on %s', (dialect) => {
	let handle: TestDatabase;
	let smtp: TestSmtpServer;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		smtp = await startTestSmtpServer();
	});
	afterAll(async () => {
		await smtp.close();
		await handle.cleanup();
	});

	it('removes the body of a delivered invitation, so a copy of the database cannot use the link', async () => {
		const worker = new MailWorker({
			db: handle.db,
			transport: createSmtpTransport(smtp.url),
			from: 'noreply@samverkan.test',
			logger: silent
		});
		const invitation = await enqueueMail(handle.db, {
			...mail('invited@example.org'),
			kind: 'invitation',
			text: 'Öppna https://x/invite/TOKEN'
		});
		const notice = await enqueueMail(handle.db, { ...mail('other@example.org'), kind: 'notice', text: 'Kvar' });
		await worker.runOnce();
		const [received] = await smtp.waitFor(2);
		expect(received.text).toBeDefined();
		expect(smtp.received.map((m) => m.text ?? '').join()).toContain('/invite/TOKEN');
		expect(await findOutboxRow(handle.db, invitation)).toMatchObject({
			status: 'sent',
			text: REMOVED_BODY,
			html: null
		});
		expect(await findOutboxRow(handle.db, notice)).toMatchObject({ status: 'sent', text: 'Kvar' });
	});
});

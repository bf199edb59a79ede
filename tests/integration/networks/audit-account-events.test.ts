import { networksOfUser } from '#lib/server/networks/service.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseAuditLog, exportAuditLog } from '#lib/server/networks/audit-log.ts';
import { createAuth, type Auth } from '#lib/server/platform/auth/better-auth.ts';
import { signIn, type SignInDeps } from '#lib/server/platform/auth/sign-in.ts';
import type { NetworkRef } from '#lib/server/platform/context.ts';
import { CookieJar } from '../../fixtures/cookie-jar.ts';
import { newMember, newNetwork, serviceContext, type TestMember } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const ADDRESS = '203.0.113.77';

describe.each(testDialects)("account events in a network's audit log (%s)", (dialect) => {
	let handle: TestDatabase;
	let auth: Auth;
	let networkA: NetworkRef;
	let networkB: NetworkRef;
	let adminA: TestMember;
	let adminB: TestMember;
	let person: TestMember;
	let signInRequest: string;

	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
		auth = createAuth({ db: handle.db, dialect, secret: 's'.repeat(43), baseURL: 'https://samverkan.test' });
		networkA = await newNetwork(handle.db, { name: 'Kompetensteamet Norrbotten', slug: 'norrbotten-a' });
		networkB = await newNetwork(handle.db, { name: 'Nettverk mot vold i Agder', slug: 'agder-b' });
		adminA = await newMember(handle.db, networkA.id, { role: 'admin' });
		adminB = await newMember(handle.db, networkB.id, { role: 'admin' });
		person = await newMember(handle.db, networkA.id, { role: 'member' });
		await newMember(handle.db, networkB.id, { role: 'member', user: person.user });

		// The person mistypes, signs in and works in network A, all from one address.
		const deps = (): SignInDeps => ({
			auth,
			db: handle.db,
			membershipsOf: networksOfUser,
			headers: new CookieJar().headers({ 'user-agent': 'vitest' }),
			clientAddress: ADDRESS,
			requestId: randomUUID(),
			now: new Date()
		});
		await signIn(deps(), { email: person.user.email, password: 'inte mitt lösenord' });
		const signedIn = deps();
		signInRequest = signedIn.requestId!;
		const result = await signIn(signedIn, { email: person.user.email, password: person.user.password });
		if (!result.ok) throw new Error(result.error);
		const inA = serviceContext(handle.db, {
			network: networkA,
			user: person.user,
			role: 'member',
			clientAddress: ADDRESS
		});
		await inA.audit.read({ type: 'consultation', id: 'c-in-a' });
	});
	afterAll(async () => handle.cleanup());

	it("shows another network's admin the person's sign-ins without the address, and nothing naming network A", async () => {
		const ctxB = serviceContext(handle.db, { network: networkB, user: adminB.user, role: 'admin', locale: 'en' });
		const { rows } = await browseAuditLog(ctxB, {}, 1);
		const account = rows.filter((row) => row.entityId === person.user.userId);
		expect(account.map((row) => [row.action, row.outcome]).sort()).toEqual([
			['signin.failed', 'failure'],
			['signin.success', 'success']
		]);
		expect(account.every((row) => row.clientAddress === null && row.requestId === null)).toBe(true);
		// What network A saw of the person stays in A.
		expect(rows.some((row) => row.entityId === 'c-in-a')).toBe(false);

		const csv = await exportAuditLog(ctxB, {});
		expect(csv).toContain('signin.success');
		for (const shown of [JSON.stringify(rows), csv]) {
			for (const secret of [ADDRESS, signInRequest, networkA.id, networkA.slug, networkA.name]) {
				expect(shown).not.toContain(secret);
			}
		}
		// The log itself is unchanged: the row keeps the address, for the instance's operators.
		const row = await handle.db
			.selectFrom('audit_event')
			.selectAll()
			.where('action', '=', 'signin.success')
			.where('entity_id', '=', person.user.userId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ network_id: null, client_address: ADDRESS, request_id: signInRequest });
	});

	it("keeps the address on a network's own events, and off the account events there too", async () => {
		const ctxA = serviceContext(handle.db, { network: networkA, user: adminA.user, role: 'admin' });
		const { rows } = await browseAuditLog(ctxA, { actor: person.user.userId }, 1);
		expect(rows.find((row) => row.entityId === 'c-in-a')).toMatchObject({ action: 'read', clientAddress: ADDRESS });
		expect(rows.find((row) => row.action === 'signin.success')).toMatchObject({ clientAddress: null, requestId: null });
	});
});

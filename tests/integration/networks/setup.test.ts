import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFirstSetup, networksOfUser } from '#lib/server/networks/service.ts';
import { findMemberByUser } from '#lib/server/networks/repository.ts';
import { findUserByEmail } from '#lib/server/platform/auth/user-repository.ts';
import { TEST_PASSWORD } from '../../fixtures/factories.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

const network = {
	slug: 'norrbotten',
	name: 'Kompetensteamet Norrbotten',
	country: 'SE' as const,
	timeZone: 'Europe/Stockholm',
	defaultLocale: 'sv' as const,
	contactEmail: 'kompetensteam@example.org',
	contactPhone: '0920-45 30 00',
	referencePrefix: 'NBT'
};
const admin = { name: 'Ingrid Instansson', email: 'Ingrid@Example.org', password: TEST_PASSWORD };

describe.each(testDialects)('first-run setup on %s', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());

	it('refuses a weak password and creates nothing', async () => {
		const result = await runFirstSetup(
			handle.db,
			{ admin: { ...admin, password: 'kort' }, network, locale: 'sv' },
			new Date()
		);
		expect(result).toEqual({ ok: false, error: 'error_password_too_short', field: 'password' });
		expect(await handle.db.selectFrom('user').select('id').execute()).toHaveLength(0);
		expect(await handle.db.selectFrom('network').select('id').execute()).toHaveLength(0);
	});

	it('refuses a password that contains the network name', async () => {
		const result = await runFirstSetup(
			handle.db,
			{ admin: { ...admin, password: 'kompetensteamet norrbotten 2026' }, network, locale: 'sv' },
			new Date()
		);
		expect(result).toMatchObject({ ok: false, error: 'error_password_contains_network', field: 'password' });
	});

	it('creates the instance admin, the first network and an admin membership, and audits it', async () => {
		const result = await runFirstSetup(
			handle.db,
			{ admin, network, locale: 'sv', clientAddress: '192.0.2.1' },
			new Date()
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const user = await findUserByEmail(handle.db, 'ingrid@example.org');
		expect(user).toMatchObject({ name: 'Ingrid Instansson', isInstanceAdmin: true, twoFactorEnabled: false });
		expect(result.value.network).toMatchObject({
			slug: 'norrbotten',
			timeZone: 'Europe/Stockholm',
			referencePrefix: 'NBT'
		});
		const member = await findMemberByUser(handle.db, result.value.network.id, user!.id);
		expect(member).toMatchObject({ role: 'admin', active: true });
		expect((await networksOfUser(handle.db, user!.id)).map((n) => n.network.slug)).toEqual(['norrbotten']);
		const audit = await handle.db.selectFrom('audit_event').selectAll().execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			action: 'instance.setup',
			actor_user_id: user!.id,
			network_id: result.value.network.id,
			client_address: '192.0.2.1'
		});
	});

	it('runs only once', async () => {
		const again = await runFirstSetup(
			handle.db,
			{ admin: { ...admin, email: 'annan@example.org' }, network: { ...network, slug: 'annat' }, locale: 'sv' },
			new Date()
		);
		expect(again).toEqual({ ok: false, error: 'error_setup_done' });
		expect(await handle.db.selectFrom('user').select('id').execute()).toHaveLength(1);
		expect(await handle.db.selectFrom('network').select('id').execute()).toHaveLength(1);
	});
});

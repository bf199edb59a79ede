import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialMunicipalities, syncMunicipalities } from '#lib/server/directory/municipalities.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../fixtures/test-db.ts';

describe('official municipality lists', () => {
	it('ship all 290 Swedish and 357 Norwegian municipalities with codes kept as text', () => {
		const all = officialMunicipalities();
		expect(all.filter((m) => m.country === 'SE')).toHaveLength(290);
		expect(all.filter((m) => m.country === 'NO')).toHaveLength(357);
		expect(all.find((m) => m.id === 'SE-0114')).toMatchObject({ name: 'Upplands Väsby', countyCode: '01' });
		expect(all.find((m) => m.id === 'NO-0301')).toMatchObject({ name: 'Oslo', countyName: 'Oslo' });
		expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
	});

	it('list the 14 municipalities of Norrbottens län and the 21 Swedish and 15 Norwegian counties', () => {
		const all = officialMunicipalities();
		expect(all.filter((m) => m.country === 'SE' && m.countyName === 'Norrbottens län')).toHaveLength(14);
		expect(new Set(all.filter((m) => m.country === 'SE').map((m) => m.countyCode)).size).toBe(21);
		expect(new Set(all.filter((m) => m.country === 'NO').map((m) => m.countyCode)).size).toBe(15);
	});
});

describe.each(testDialects)('municipality table on %s', (dialect) => {
	let handle: TestDatabase;
	beforeAll(async () => {
		handle = await createTestDatabase(dialect);
	});
	afterAll(async () => handle.cleanup());

	it('is filled when the database is prepared, and syncing again changes nothing', async () => {
		const count = async () =>
			Number(
				(
					await handle.db
						.selectFrom('municipality')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		expect(await count()).toBe(647);
		await syncMunicipalities(handle.db);
		expect(await count()).toBe(647);
	});

	it('corrects a name that changed in a newer list', async () => {
		await handle.db.updateTable('municipality').set({ name: 'Gammalt namn' }).where('id', '=', 'SE-2580').execute();
		await syncMunicipalities(handle.db);
		const row = await handle.db
			.selectFrom('municipality')
			.select('name')
			.where('id', '=', 'SE-2580')
			.executeTakeFirstOrThrow();
		expect(row.name).toBe('Luleå');
	});
});

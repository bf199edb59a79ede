import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCoverage, groupContacts, isOverdue, verificationCutoff, withoutRepresentative } from './coverage.ts';
import { monthsBefore } from '../platform/time.ts';
import { todayIn } from '../platform/time.ts';

describe('dates', () => {
	it('takes today in the network time zone', () => {
		expect(todayIn('Europe/Stockholm', new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
	});
	it('goes back twelve months, clamping to the month end', () => {
		expect(monthsBefore('2026-11-23', 12)).toBe('2025-11-23');
		expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
		expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
	});
	it('counts never-verified and older-than-a-year contacts as overdue', () => {
		const cutoff = verificationCutoff('Europe/Oslo', new Date('2026-11-23T12:00:00Z'));
		expect(cutoff).toBe('2025-11-23');
		expect(isOverdue(null, cutoff)).toBe(true);
		expect(isOverdue('2025-11-22', cutoff)).toBe(true);
		expect(isOverdue('2025-11-23', cutoff)).toBe(false);
	});
});

describe('computeCoverage', () => {
	const types = [
		{ id: 't-soc', label: 'Socialtjänst', expected: true },
		{ id: 't-pol', label: 'Polis', expected: true },
		{ id: 't-ungdom', label: 'Ungdomsmottagning', expected: true },
		{ id: 't-kyrka', label: 'Trossamfund', expected: false }
	];
	const rows = computeCoverage({
		municipalities: [
			{ id: 'SE-2580', name: 'Luleå', participating: true },
			{ id: 'SE-2581', name: 'Piteå', participating: true },
			{ id: 'SE-2582', name: 'Boden', participating: false }
		],
		types,
		groups: groupContacts(
			[
				{ id: 'c1', municipalityId: 'SE-2580', typeId: 't-soc', lastVerifiedOn: '2026-10-01' },
				{ id: 'c2', municipalityId: 'SE-2580', typeId: 't-soc', lastVerifiedOn: '2024-01-01' },
				{ id: 'c3', municipalityId: 'SE-2580', typeId: 't-pol', lastVerifiedOn: null },
				{ id: 'c4', municipalityId: 'SE-2581', typeId: 't-ungdom', lastVerifiedOn: '2026-01-01' },
				{ id: 'c5', municipalityId: 'SE-2581', typeId: 't-kyrka', lastVerifiedOn: '2026-01-01' }
			],
			'2025-11-23'
		),
		representatives: [
			{ municipalityId: 'SE-2580', contactId: 'c1', name: 'Anna', kind: 'primary' },
			{ municipalityId: 'SE-2580', contactId: 'c2', name: 'Bo', kind: 'deputy' }
		]
	});

	it('lists missing types, representatives and verification dates', () => {
		const lulea = rows[0];
		expect(lulea.primary).toEqual({ contactId: 'c1', name: 'Anna' });
		expect(lulea.deputies).toEqual([{ contactId: 'c2', name: 'Bo' }]);
		expect(lulea.typesPresent.map((t) => t.id)).toEqual(['t-soc', 't-pol']);
		expect(lulea.typesMissing.map((t) => t.id)).toEqual(['t-ungdom']);
		expect(lulea.overdueCount).toBe(2);
		expect(lulea.oldestVerifiedOn).toBe('2024-01-01');
		expect(lulea.newestVerifiedOn).toBe('2026-10-01');
		expect(rows[2].typesMissing.map((t) => t.id)).toEqual(['t-soc', 't-pol', 't-ungdom']);
		expect(rows[2].oldestVerifiedOn).toBeNull();
	});

	it('lists a type the network does not expect as present where it is, never as missing', () => {
		expect(rows[1].typesPresent.map((t) => t.id)).toEqual(['t-ungdom', 't-kyrka']);
		expect(rows[1].typesMissing.map((t) => t.id)).toEqual(['t-soc', 't-pol']);
		expect(rows.some((row) => row.typesMissing.some((t) => t.id === 't-kyrka'))).toBe(false);
	});

	it('misses exactly the expected types without a contact, for any types and contacts', () => {
		const typeIds = ['a', 'b', 'c', 'd', 'e'];
		fc.assert(
			fc.property(
				fc.array(fc.boolean(), { minLength: typeIds.length, maxLength: typeIds.length }),
				fc.array(fc.record({ municipality: fc.constantFrom('m1', 'm2'), type: fc.constantFrom(...typeIds) })),
				(expected, contacts) => {
					const allTypes = typeIds.map((id, i) => ({ id, label: id, expected: expected[i] }));
					const result = computeCoverage({
						municipalities: [
							{ id: 'm1', name: 'M1', participating: true },
							{ id: 'm2', name: 'M2', participating: false }
						],
						types: allTypes,
						groups: groupContacts(
							contacts.map((c, i) => ({
								id: `c${i}`,
								municipalityId: c.municipality,
								typeId: c.type,
								lastVerifiedOn: null
							})),
							'2025-01-01'
						),
						representatives: []
					});
					for (const row of result) {
						const present = new Set(contacts.filter((c) => c.municipality === row.id).map((c) => c.type));
						expect(row.typesMissing.map((t) => t.id)).toEqual(
							allTypes.filter((t) => t.expected && !present.has(t.id)).map((t) => t.id)
						);
						expect(row.typesPresent.map((t) => t.id)).toEqual(
							allTypes.filter((t) => present.has(t.id)).map((t) => t.id)
						);
					}
				}
			)
		);
	});

	it('filters participating municipalities without a fixed representative', () => {
		expect(withoutRepresentative(rows).map((r) => r.id)).toEqual(['SE-2581']);
	});
});

import { describe, expect, it } from 'vitest';
import {
	computeCoverage,
	groupContacts,
	isOverdue,
	monthsBefore,
	todayIn,
	verificationCutoff,
	withoutRepresentative
} from './coverage.ts';

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
		{ id: 't-soc', label: 'Socialtjänst' },
		{ id: 't-pol', label: 'Polis' },
		{ id: 't-ungdom', label: 'Ungdomsmottagning' }
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
				{ id: 'c4', municipalityId: 'SE-2581', typeId: 't-ungdom', lastVerifiedOn: '2026-01-01' }
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
		expect(rows[2].typesMissing).toHaveLength(3);
		expect(rows[2].oldestVerifiedOn).toBeNull();
	});

	it('filters participating municipalities without a fixed representative', () => {
		expect(withoutRepresentative(rows).map((r) => r.id)).toEqual(['SE-2581']);
	});
});

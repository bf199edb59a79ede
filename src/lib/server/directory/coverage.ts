import { monthsBefore, todayIn } from '../platform/time.ts';

/**
 * Coverage of the network's municipalities (docs/product.md#directory-contacts-and-coverage): who represents the network there, which kinds of
 * organisation the network has a contact at, and how fresh those contacts are. Pure functions over
 * rows the repository reads, so the rules are tested without a database.
 */

/** Contacts not checked for this long are due for verification. */
export const VERIFY_AFTER_MONTHS = 12;

/** Contacts verified before this day (or never) are overdue. */
export function verificationCutoff(timeZone: string, now: Date): string {
	return monthsBefore(todayIn(timeZone, now), VERIFY_AFTER_MONTHS);
}

export function isOverdue(lastVerifiedOn: string | null, cutoff: string): boolean {
	return lastVerifiedOn === null || lastVerifiedOn < cutoff;
}

export interface CoverageMunicipality {
	id: string;
	name: string;
	participating: boolean;
}
export interface CoverageType {
	id: string;
	label: string;
	/** Only expected types are missing where absent (decision 018); the others are shown when present. */
	expected: boolean;
}
export interface CoverageContact {
	id: string;
	municipalityId: string;
	typeId: string;
	lastVerifiedOn: string | null;
}
/** Contacts of one organisation type in one municipality, summed up (by SQL, or by `groupContacts`). */
export interface CoverageGroup {
	municipalityId: string;
	typeId: string;
	count: number;
	overdue: number;
	oldestVerifiedOn: string | null;
	newestVerifiedOn: string | null;
}

export function groupContacts(contacts: readonly CoverageContact[], cutoff: string): CoverageGroup[] {
	const groups = new Map<string, CoverageGroup>();
	for (const c of contacts) {
		const key = `${c.municipalityId}\u0000${c.typeId}`;
		const group = groups.get(key) ?? {
			municipalityId: c.municipalityId,
			typeId: c.typeId,
			count: 0,
			overdue: 0,
			oldestVerifiedOn: null,
			newestVerifiedOn: null
		};
		group.count += 1;
		if (isOverdue(c.lastVerifiedOn, cutoff)) group.overdue += 1;
		group.oldestVerifiedOn = minDay(group.oldestVerifiedOn, c.lastVerifiedOn);
		group.newestVerifiedOn = maxDay(group.newestVerifiedOn, c.lastVerifiedOn);
		groups.set(key, group);
	}
	return [...groups.values()];
}

function minDay(a: string | null, b: string | null): string | null {
	if (a === null) return b;
	return b !== null && b < a ? b : a;
}
function maxDay(a: string | null, b: string | null): string | null {
	if (a === null) return b;
	return b !== null && b > a ? b : a;
}

export interface CoverageRepresentative {
	municipalityId: string;
	contactId: string;
	name: string;
	kind: 'primary' | 'deputy';
}

export interface MunicipalityCoverage {
	id: string;
	name: string;
	participating: boolean;
	primary: { contactId: string; name: string } | null;
	deputies: { contactId: string; name: string }[];
	hasRepresentative: boolean;
	typesPresent: CoverageType[];
	typesMissing: CoverageType[];
	contactCount: number;
	overdueCount: number;
	/** Oldest and newest verification date among the municipality's contacts; never-verified count as overdue. */
	oldestVerifiedOn: string | null;
	newestVerifiedOn: string | null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		const group = groups.get(k);
		if (group) group.push(item);
		else groups.set(k, [item]);
	}
	return groups;
}

export function computeCoverage(input: {
	municipalities: readonly CoverageMunicipality[];
	/** The visible organisation types, in display order. */
	types: readonly CoverageType[];
	/** Active contacts at active organisations in a municipality, summed per municipality and type. */
	groups: readonly CoverageGroup[];
	representatives: readonly CoverageRepresentative[];
}): MunicipalityCoverage[] {
	const groupsBy = groupBy(input.groups, (g) => g.municipalityId);
	const repsBy = groupBy(input.representatives, (r) => r.municipalityId);
	return input.municipalities.map((municipality) => {
		const groups = (groupsBy.get(municipality.id) ?? []).filter((g) => g.count > 0);
		const reps = repsBy.get(municipality.id) ?? [];
		const primary = reps.find((r) => r.kind === 'primary');
		const present = new Set(groups.map((g) => g.typeId));
		return {
			id: municipality.id,
			name: municipality.name,
			participating: municipality.participating,
			primary: primary ? { contactId: primary.contactId, name: primary.name } : null,
			deputies: reps.filter((r) => r.kind === 'deputy').map((r) => ({ contactId: r.contactId, name: r.name })),
			hasRepresentative: reps.length > 0,
			typesPresent: input.types.filter((t) => present.has(t.id)),
			typesMissing: input.types.filter((t) => t.expected && !present.has(t.id)),
			contactCount: groups.reduce((sum, g) => sum + g.count, 0),
			overdueCount: groups.reduce((sum, g) => sum + g.overdue, 0),
			oldestVerifiedOn: groups.reduce<string | null>((day, g) => minDay(day, g.oldestVerifiedOn), null),
			newestVerifiedOn: groups.reduce<string | null>((day, g) => maxDay(day, g.newestVerifiedOn), null)
		};
	});
}

/** The filter "participating municipalities without a fixed representative". */
export function withoutRepresentative(rows: readonly MunicipalityCoverage[]): MunicipalityCoverage[] {
	return rows.filter((r) => r.participating && !r.hasRepresentative);
}

/**
 * Coverage of the network's municipalities (D3): who represents the network there, which kinds of
 * organisation the network has a contact at, and how fresh those contacts are. Pure functions over
 * rows the repository reads, so the rules are tested without a database.
 */

/** Contacts not checked for this long are due for verification. */
export const VERIFY_AFTER_MONTHS = 12;

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
	return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The day `months` months before `day`, clamped to the month's end (2024-02-29 − 12 → 2023-02-28). */
export function monthsBefore(day: string, months: number): string {
	const [year, month, date] = day.split('-').map(Number);
	const total = year * 12 + (month - 1) - months;
	const y = Math.floor(total / 12);
	const mo = (total % 12) + 1;
	const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	const d = Math.min(date, lastDay);
	return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

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
}
export interface CoverageContact {
	id: string;
	municipalityId: string;
	typeId: string;
	lastVerifiedOn: string | null;
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
	/** Active contacts at active organisations in a municipality. */
	contacts: readonly CoverageContact[];
	representatives: readonly CoverageRepresentative[];
	cutoff: string;
}): MunicipalityCoverage[] {
	// Grouped once: a large directory has tens of thousands of contacts across its municipalities.
	const contactsBy = groupBy(input.contacts, (c) => c.municipalityId);
	const repsBy = groupBy(input.representatives, (r) => r.municipalityId);
	return input.municipalities.map((municipality) => {
		const contacts = contactsBy.get(municipality.id) ?? [];
		const reps = repsBy.get(municipality.id) ?? [];
		const primary = reps.find((r) => r.kind === 'primary');
		const present = new Set(contacts.map((c) => c.typeId));
		const verified = contacts
			.map((c) => c.lastVerifiedOn)
			.filter((d): d is string => d !== null)
			.sort();
		return {
			id: municipality.id,
			name: municipality.name,
			participating: municipality.participating,
			primary: primary ? { contactId: primary.contactId, name: primary.name } : null,
			deputies: reps.filter((r) => r.kind === 'deputy').map((r) => ({ contactId: r.contactId, name: r.name })),
			hasRepresentative: reps.length > 0,
			typesPresent: input.types.filter((t) => present.has(t.id)),
			typesMissing: input.types.filter((t) => !present.has(t.id)),
			contactCount: contacts.length,
			overdueCount: contacts.filter((c) => isOverdue(c.lastVerifiedOn, input.cutoff)).length,
			oldestVerifiedOn: verified[0] ?? null,
			newestVerifiedOn: verified[verified.length - 1] ?? null
		};
	});
}

/** The filter "participating municipalities without a fixed representative". */
export function withoutRepresentative(rows: readonly MunicipalityCoverage[]): MunicipalityCoverage[] {
	return rows.filter((r) => r.participating && !r.hasRepresentative);
}

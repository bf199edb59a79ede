import type { RegistrationRecord } from '../registrations-repository.ts';

/** Whether a registration matches a search: by name, address or organisation, accents and case aside. */
export function matches(r: RegistrationRecord, q: string): boolean {
	const fold = (s: string | null) => (s ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
	const needle = fold(q.trim());
	if (!needle) return true;
	return [r.name, r.email, r.organisation].some((s) => fold(s).includes(needle));
}

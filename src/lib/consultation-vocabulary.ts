/**
 * Shared by server and browser (it has no server-only imports); the server reads it as
 * `server/consultations/model.ts`.
 *
 * The vocabulary of a consultation record: every closed list of values, in the order
 * forms and statistics show them. Labels live in the message catalogues (`consultations_<list>_<value>`).
 */
export const channels = ['email', 'phone', 'team_meeting', 'web_form', 'in_person', 'other'] as const;
export const caseTypes = ['one_person', 'siblings', 'parent_with_children', 'whole_family', 'general'] as const;
export const ageGroups = ['age_0_12', 'age_13_17', 'age_18_25', 'age_26_plus', 'unknown'] as const;
export const genders = ['girl_woman', 'boy_man', 'other', 'unknown'] as const;
export const vulnerabilities = ['disability', 'lgbtq', 'newly_arrived'] as const;
export const perpetrators = ['parents', 'siblings', 'partner', 'relatives', 'community', 'unknown'] as const;
export const urgencies = ['acute', 'high', 'normal'] as const;
export const statuses = ['new', 'in_progress', 'answered', 'closed'] as const;
export const sources = ['staff', 'member', 'anonymous'] as const;
export const logKinds = ['advice', 'referral', 'team_meeting', 'follow_up', 'note'] as const;

/**
 * Default topics, aligned with the Swedish and Norwegian national teams' categories. A network can
 * rename, hide and add topics; a default keeps its key (and its translated name) until renamed.
 */
export const defaultTopicKeys = [
	'honour',
	'close_relationships',
	'social_control',
	'forced_marriage',
	'abroad',
	'fgm',
	'sexual_violence',
	'threats',
	'physical_violence',
	'extremism',
	'trafficking',
	'other'
] as const;

export type Channel = (typeof channels)[number];
export type CaseType = (typeof caseTypes)[number];
export type AgeGroup = (typeof ageGroups)[number];
export type Gender = (typeof genders)[number];
export type Vulnerability = (typeof vulnerabilities)[number];
export type Perpetrator = (typeof perpetrators)[number];
export type Urgency = (typeof urgencies)[number];
export type ConsultationStatus = (typeof statuses)[number];
export type ConsultationSource = (typeof sources)[number];
export type LogKind = (typeof logKinds)[number];

/**
 * The work flow (docs/product.md#consultations-work-flow): new → in progress → answered → closed, and back again — a closed or answered
 * consultation can be reopened (to in progress) when the asker comes back.
 */
const transitions: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
	new: ['in_progress', 'answered', 'closed'],
	in_progress: ['answered', 'closed'],
	answered: ['in_progress', 'closed'],
	closed: ['in_progress']
};

export function canTransition(from: ConsultationStatus, to: ConsultationStatus): boolean {
	return transitions[from].includes(to);
}

export function nextStatuses(from: ConsultationStatus): readonly ConsultationStatus[] {
	return transitions[from];
}

/** `{PREFIX}-{YYYY}-{NNNN}`: four digits at least, more once a year passes 9 999. */
export function formatReference(prefix: string, year: number, number: number): string {
	return `${prefix}-${year}-${String(number).padStart(4, '0')}`;
}

export const DEFAULT_RETENTION_MONTHS = 12;
/** The question and log texts: long enough for a careful description, short enough to stay a question. */
export const MAX_TEXT_LENGTH = 8_000;

import { m } from '#lib/paraglide/messages.js';
import type { Locale } from '#lib/paraglide/runtime.js';

/**
 * The translated label of a value of one of the consultation record's lists (channel, case type, …),
 * for pages, statistics, CSV and mails: `consultations_<list>_<value>` in the catalogues.
 */
export type ConsultationList =
	| 'channel'
	| 'case_type'
	| 'age_group'
	| 'gender'
	| 'vulnerability'
	| 'perpetrator'
	| 'urgency'
	| 'status'
	| 'source'
	| 'log_kind'
	| 'topic';

type MessageFunction = (params?: Record<string, unknown>, options?: { locale?: Locale }) => string;

export function consultationLabel(list: ConsultationList, value: string, locale?: Locale): string {
	const message = (m as unknown as Record<string, MessageFunction | undefined>)[`consultations_${list}_${value}`];
	return message ? message({}, locale ? { locale } : undefined) : value;
}

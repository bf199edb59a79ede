import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import {
	ageGroups,
	caseTypes,
	channels,
	genders,
	logKinds,
	MAX_TEXT_LENGTH,
	perpetrators,
	statuses,
	urgencies,
	vulnerabilities
} from './model.ts';

/** Form schemas of consultations; messages are catalogue keys. */

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'error_too_long')
		.transform((v) => (v === '' ? null : v));

const day = (message: string) =>
	z
		.string()
		.trim()
		.refine(
			(v) =>
				/^\d{4}-\d{2}-\d{2}$/.test(v) &&
				!Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
				new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
			message
		);

const optionalDay = z
	.string()
	.trim()
	.refine((v) => v === '' || day('x').safeParse(v).success, 'error_consultations_date_invalid')
	.transform((v) => (v === '' ? null : v));

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
	z
		.string()
		.trim()
		.refine((v) => v === '' || (values as readonly string[]).includes(v), message)
		.transform((v) => (v === '' ? null : (v as T[number])));

const optionalId = z
	.string()
	.trim()
	.max(100, 'error_invalid')
	.transform((v) => (v === '' ? null : v));

const question = z
	.string()
	.trim()
	.min(10, 'error_consultations_question_required')
	.max(MAX_TEXT_LENGTH, 'error_consultations_text_too_long');

/** Who it concerns and what it is about: the fields every way in shares. */
const aboutFields = {
	municipalityId: z.string().trim().max(100, 'error_invalid'),
	organisationTypeId: optionalId,
	askerFunction: optionalText(200),
	topicIds: z.array(z.string().trim().max(100)).min(1, 'error_consultations_topics_required').max(20),
	caseType: optionalEnum(caseTypes, 'error_invalid'),
	ageGroup: optionalEnum(ageGroups, 'error_invalid'),
	gender: optionalEnum(genders, 'error_invalid'),
	vulnerabilities: z.array(z.enum(vulnerabilities, { message: 'error_invalid' })).max(vulnerabilities.length),
	perpetrator: optionalEnum(perpetrators, 'error_invalid'),
	urgency: z.enum(urgencies, { message: 'error_consultations_urgency_required' }),
	question
};

/** Fields that arrive as repeated values (checkboxes). */
export const arrayFields = ['topicIds', 'vulnerabilities'];

/** The staff form: what came by phone, mail or at a meeting. */
export const staffFormSchema = z.object({
	...aboutFields,
	receivedOn: day('error_consultations_received_required'),
	channel: z.enum(channels, { message: 'error_consultations_channel_required' }),
	followUpOn: optionalDay,
	assigneeUserId: optionalId
});
export type StaffForm = z.infer<typeof staffFormSchema>;

/** Editing the record: the staff form without the assignee (which has its own action). */
export const recordFormSchema = staffFormSchema.omit({ assigneeUserId: true, question: true }).extend({
	// Checked by the service: once the texts are erased there is no question left to correct.
	question: z.string().trim().max(MAX_TEXT_LENGTH, 'error_consultations_text_too_long')
});
export type RecordForm = z.infer<typeof recordFormSchema>;

/** A member asks in the app. */
export const memberFormSchema = z.object(aboutFields);
export type MemberForm = z.infer<typeof memberFormSchema>;

const emailAddress = z.email();

/**
 * A way back to an anonymous asker: an e-mail address, or a phone number that is valid in Sweden or
 * Norway (either written nationally, "070-123 45 67", "22 00 00 00") or anywhere with its country
 * code ("+358 …"). Only digits, spaces and the usual separators: the phone parser would silently drop
 * letters, and "teacher at the school" is no way back.
 */
export function isContactAddress(text: string): boolean {
	if (text.includes('@')) return emailAddress.safeParse(text).success;
	if (!/^[+(\d][\d\s().\-/]*$/.test(text)) return false;
	return (['SE', 'NO'] as const).some((country) => parsePhoneNumberFromString(text, country)?.isValid() ?? false);
}

/** Anyone asks through /{network}/ask: no account, and a way back only if they want one. */
export const anonymousFormSchema = z.object({
	...aboutFields,
	caseType: optionalEnum(caseTypes, 'error_invalid'),
	urgency: z.enum(urgencies, { message: 'error_consultations_urgency_required' }),
	contact: optionalText(200).refine((v) => v === null || isContactAddress(v), 'error_ask_contact_invalid'),
	deidentified: z.literal('on', { message: 'error_ask_deidentified_required' }),
	// The honeypot: invisible to people, filled in by bots.
	website: z.string().max(500).optional()
});
export type AnonymousForm = z.infer<typeof anonymousFormSchema>;

export const statusFormSchema = z.object({ status: z.enum(statuses, { message: 'error_invalid' }) });
export const assignFormSchema = z.object({ assigneeUserId: optionalId });
export const answerFormSchema = z.object({
	answer: z
		.string()
		.trim()
		.min(2, 'error_consultations_answer_required')
		.max(MAX_TEXT_LENGTH, 'error_consultations_text_too_long'),
	markAnswered: z
		.string()
		.optional()
		.transform((v) => v === 'on')
});
export type AnswerForm = z.infer<typeof answerFormSchema>;

export const logFormSchema = z.object({
	kind: z.enum(logKinds, { message: 'error_consultations_log_kind_required' }),
	occurredOn: day('error_consultations_date_invalid'),
	minutesSpent: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^\d{1,4}$/.test(v) && Number(v) <= 6000), 'error_consultations_minutes_invalid')
		.transform((v) => (v === '' ? null : Number(v))),
	text: optionalText(MAX_TEXT_LENGTH),
	referralTypeId: optionalId,
	referralOrganisationId: optionalId,
	followUpOn: optionalDay
});
export type LogForm = z.infer<typeof logFormSchema>;

export const statusLookupSchema = z.object({
	reference: z
		.string()
		.trim()
		.toUpperCase()
		.min(3, 'error_ask_reference_required')
		.max(40, 'error_ask_reference_required'),
	code: z.string().trim().min(4, 'error_ask_code_required').max(40, 'error_ask_code_required')
});

export const topicNameSchema = z.object({
	name: z.string().trim().min(2, 'error_consultations_topic_name_required').max(120, 'error_too_long')
});
export const topicRenameSchema = topicNameSchema.extend({ topicId: z.string().trim().min(1).max(100) });
export const topicHiddenSchema = z.object({
	topicId: z.string().trim().min(1).max(100),
	hidden: z.enum(['true', 'false']).transform((v) => v === 'true')
});
export const handlerSchema = z.object({
	userId: z.string().trim().min(1).max(100),
	handler: z.enum(['true', 'false']).transform((v) => v === 'true')
});

/** The list's query string: filters, sort and page. Bad values are ignored, not errors. */
export function readListQuery(url: URL) {
	const get = (name: string) => (url.searchParams.get(name) ?? '').trim().slice(0, 100);
	const page = Number.parseInt(get('page'), 10);
	const status = get('status');
	const sort = get('sort');
	const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
	return {
		status: (status === 'open' || (statuses as readonly string[]).includes(status) ? status : '') as
			'' | 'open' | (typeof statuses)[number],
		assignee: get('assignee'),
		topic: get('topic'),
		municipality: get('municipality'),
		from: isDay(get('from')) ? get('from') : '',
		to: isDay(get('to')) ? get('to') : '',
		overdue: get('overdue') === '1',
		sort: (['received', '-received', 'reference', '-reference', 'follow_up', 'urgency'].includes(sort)
			? sort
			: '-received') as 'received' | '-received' | 'reference' | '-reference' | 'follow_up' | 'urgency',
		page: Number.isFinite(page) && page > 0 ? Math.min(page, 1_000_000) : 1
	};
}
export type ListQuery = ReturnType<typeof readListQuery>;

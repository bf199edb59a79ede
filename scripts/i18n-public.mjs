// Which catalogues the public-only interface languages must cover, for npm run check:i18n.
// See docs/decisions/019-public-languages.md.

/** Interface languages of the public pages only: the signed-in app never renders them. */
export const PUBLIC_ONLY_LOCALES = ['fi'];

/**
 * Catalogues whose every message a public page or a public mail may show: complete in every
 * public-only language, or a visitor would meet a Swedish sentence in the middle of a Finnish page.
 */
export const PUBLIC_CATALOGUES = [
	'common',
	'errors',
	'public',
	'ask',
	'events-public',
	'event-documents',
	'pii',
	'surveys-answer-pages'
];

/**
 * Catalogues of the app that a few public pages and mails borrow from (the event mails, a theme
 * week's heading): their file in a public-only language holds just those messages, which
 * PARTLY_PUBLIC lists (a key, or a prefix ending in *); any other message falls back to Swedish
 * and is never shown there.
 */
/** @type {Record<string, string[]>} */
export const PARTLY_PUBLIC = {
	events: [
		'mail_event_registered_subject',
		'mail_event_registered_body',
		'mail_event_link_paragraph',
		'mail_event_link_again_paragraph',
		'mail_event_action',
		'mail_event_video',
		'mail_event_where_digital',
		'mail_event_link_subject',
		'mail_event_link_body',
		'mail_event_waiting_subject',
		'mail_event_waiting_body',
		'mail_event_promoted_subject',
		'mail_event_promoted_body',
		'mail_event_offer_subject',
		'mail_event_offer_body',
		'mail_event_offer_action',
		'mail_event_cancelled_subject',
		'mail_event_cancelled_body',
		'mail_event_own_cancel_subject',
		'mail_event_own_cancel_body',
		'mail_event_own_cancel_action',
		'mail_event_staff_cancel_subject',
		'mail_event_staff_cancel_body',
		'error_events_consent_required',
		'error_events_members_only',
		'error_events_municipality_invalid',
		'error_events_organisation_type_invalid',
		'error_events_registration_closed',
		'error_events_registration_limited',
		'error_events_registration_not_found',
		'error_events_registration_not_open',
		'error_events_cancel_not_possible',
		'error_events_cancel_too_late',
		'error_events_cancelled',
		'error_events_not_found',
		'error_events_offer_expired',
		'error_events_name_required',
		'error_events_format_required'
	],
	'events-jobs': ['mail_event_reminder_subject', 'mail_event_reminder_body'],
	'events-weeks': [
		'events_weeks_dates',
		'events_weeks_public_activities',
		'events_weeks_public_back',
		'events_weeks_public_heading',
		'events_weeks_public_part_of'
	],
	mail: ['mail_footer'],
	// The anonymous question form (its fields and their lists) and its status page.
	consultations: [
		'consultations_status_*',
		'consultations_text_erased',
		'error_consultations_pii_found',
		'error_consultations_pii_check_failed',
		'error_consultations_question_required',
		'error_consultations_text_too_long',
		'consultations_case_type_*',
		'consultations_age_group_*',
		'consultations_gender_*',
		'consultations_vulnerability_*',
		'consultations_perpetrator_*',
		'consultations_urgency_*',
		'consultations_topic_*',
		'consultations_concerns_heading',
		'consultations_field_*',
		'consultations_cancel',
		'consultations_mask_all',
		'consultations_masked_notice',
		'consultations_pii_explain',
		'consultations_pii_heading',
		'consultations_log_field_*'
	],
	// The organisation types of the registration and question forms.
	directory: ['directory_type_*'],
	// What the survey answer pages say about a refused answer.
	'surveys-answers': [
		'error_surveys_answer_required',
		'error_surveys_answer_invalid',
		'error_surveys_answer_duplicate',
		'error_surveys_unknown_question',
		'error_surveys_answers_invalid',
		'error_surveys_form_outdated',
		'error_surveys_answer_too_long'
	],
	surveys: ['error_surveys_pii_check_failed', 'error_surveys_pii_found', 'error_surveys_pii_found_field']
};

/**
 * The module of a catalogue path pattern: './messages/ask/{locale}.json' → 'ask'.
 * @param {string} pattern
 */
export function moduleOf(pattern) {
	return pattern.split('/').at(-2) ?? pattern;
}

/**
 * The keys a catalogue must have in a locale: all of the base's, except in a public-only
 * language, where public catalogues need all, partly public ones their listed keys, others none.
 * @param {string} module
 * @param {string} locale
 * @param {Iterable<string>} baseKeys
 */
export function requiredKeys(module, locale, baseKeys) {
	const all = [...baseKeys];
	if (!PUBLIC_ONLY_LOCALES.includes(locale) || PUBLIC_CATALOGUES.includes(module)) return all;
	const listed = PARTLY_PUBLIC[module] ?? [];
	return all.filter((key) =>
		listed.some((entry) => (entry.endsWith('*') ? key.startsWith(entry.slice(0, -1)) : key === entry))
	);
}

/**
 * Whether a catalogue file must exist in a locale.
 * @param {string} module
 * @param {string} locale
 */
export function fileRequired(module, locale) {
	return !PUBLIC_ONLY_LOCALES.includes(locale) || PUBLIC_CATALOGUES.includes(module) || module in PARTLY_PUBLIC;
}

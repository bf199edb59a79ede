import { m } from '#lib/paraglide/messages.js';

/** The visible labels of the consultation form fields, for the fields and the error summary. */
export function consultationFieldLabels(): Record<string, string> {
	return {
		receivedOn: m.consultations_field_received_on(),
		channel: m.consultations_field_channel(),
		municipalityId: m.consultations_field_municipality(),
		organisationTypeId: m.consultations_field_organisation_type(),
		askerFunction: m.consultations_field_asker_function(),
		topicIds: m.consultations_field_topics(),
		caseType: m.consultations_field_case_type(),
		ageGroup: m.consultations_field_age_group(),
		gender: m.consultations_field_gender(),
		vulnerabilities: m.consultations_field_vulnerabilities(),
		perpetrator: m.consultations_field_perpetrator(),
		urgency: m.consultations_field_urgency(),
		question: m.consultations_field_question(),
		followUpOn: m.consultations_field_follow_up_on(),
		assigneeUserId: m.consultations_field_assignee(),
		contact: m.ask_field_contact(),
		deidentified: m.ask_field_deidentified(),
		answer: m.consultations_field_answer(),
		text: m.consultations_log_field_text(),
		kind: m.consultations_log_field_kind(),
		occurredOn: m.consultations_log_field_occurred_on(),
		minutesSpent: m.consultations_log_field_minutes(),
		referralTypeId: m.consultations_log_field_referral_type(),
		referralOrganisationId: m.consultations_log_field_referral_organisation(),
		status: m.consultations_field_status()
	};
}

/** What a consultation form's action hands back (see `server/consultations/http.ts`), as pages read it. */
export interface ConsultationFormState {
	values?: Record<string, string>;
	errors?: Record<string, string>;
	message?: string;
	pii?: Record<string, { text: string; type: string | null }[]>;
	masked?: number;
	action?: string;
}

export function formState(form: unknown): ConsultationFormState | null {
	return form && typeof form === 'object' ? (form as ConsultationFormState) : null;
}

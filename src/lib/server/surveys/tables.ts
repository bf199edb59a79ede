import type { Bool, Timestamp } from '../platform/db/column-types.ts';
import type { EventScope, MeetingScope, SurveyAudienceKind, SurveyStatus } from './model.ts';

/** Kysely table types of the evaluations module (migration 0017-surveys). */
export interface SurveyTables {
	survey_template: {
		id: string;
		network_id: string;
		title: string;
		description: string | null;
		template_key: string | null;
		definition: string;
		created_by: string | null;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	survey: {
		id: string;
		network_id: string;
		title: string;
		description: string | null;
		template_key: string | null;
		definition: string;
		status: SurveyStatus;
		audience: SurveyAudienceKind;
		event_id: string | null;
		event_scope: EventScope | null;
		meeting_id: string | null;
		series_id: string | null;
		meeting_scope: MeetingScope | null;
		period_from: string | null;
		period_to: string | null;
		roles: string | null;
		public_token: string | null;
		min_answers: number;
		closes_on: string | null;
		reminder_days: string | null;
		reminders_sent: number;
		shuffled_on: string | null;
		results_snapshot: string | null;
		opened_on: string | null;
		closed_on: string | null;
		created_by: string | null;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	survey_invitation: {
		id: string;
		network_id: string;
		survey_id: string;
		email: string;
		name: string | null;
		locale: string;
		user_id: string | null;
		answered: Bool;
		reminders_sent: number;
	};
	survey_link: {
		token_hash: string;
		network_id: string;
		invitation_id: string;
	};
	survey_response: {
		id: string;
		network_id: string;
		survey_id: string;
		day: string;
		via: 'invitation' | 'public';
		answers: string;
	};
	survey_text: {
		id: string;
		network_id: string;
		survey_id: string;
		question_id: string;
		body_encrypted: string;
		quote_consent: Bool;
		quotable: Bool;
	};
	survey_public_mark: {
		survey_id: string;
		mark_hash: string;
	};
}

import type { Bool, Timestamp } from '../platform/db/column-types.ts';
import type { AgendaState, Audience, AttendanceStatus, MeetingStatus, Recurrence } from './model.ts';

/** Kysely table types of the team meetings module (migration 0015-meetings). */
export interface MeetingTables {
	meeting_series: {
		id: string;
		network_id: string;
		title: string;
		description: string | null;
		recurrence: Recurrence;
		interval_weeks: number | null;
		weekday: number | null;
		week_of_month: number | null;
		dates: string | null;
		first_day: string;
		last_day: string;
		start_time: string;
		end_time: string;
		place: string | null;
		video_link: string | null;
		audience: Audience;
		audience_roles: string | null;
		version: number;
		created_by: string | null;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	meeting_series_person: {
		series_id: string;
		membership_id: string;
		network_id: string;
	};
	meeting_agenda_template: {
		id: string;
		network_id: string;
		series_id: string;
		position: number;
		title: string;
		owner_membership_id: string | null;
		minutes: number | null;
		notes: string | null;
	};
	meeting: {
		id: string;
		network_id: string;
		series_id: string;
		series_day: string;
		title: string;
		start_at: Timestamp;
		end_at: Timestamp;
		place: string | null;
		video_link: string | null;
		status: MeetingStatus;
		edited: Bool;
		sequence: number;
		minutes_approved_revision: number | null;
		minutes_approved_by: string | null;
		minutes_approved_at: Timestamp | null;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	meeting_attendance: {
		network_id: string;
		meeting_id: string;
		membership_id: string;
		status: AttendanceStatus | null;
		reason: string | null;
		self_announced: Bool;
		marked_by: string | null;
		marked_at: Timestamp | null;
		organisation_type_id: string | null;
		municipality_id: string | null;
	};
	meeting_guest: {
		id: string;
		network_id: string;
		meeting_id: string;
		organisation_type_id: string | null;
		municipality_id: string | null;
		count: number;
	};
	meeting_agenda_item: {
		id: string;
		network_id: string;
		meeting_id: string;
		position: number;
		title: string;
		owner_membership_id: string | null;
		minutes: number | null;
		notes: string | null;
		state: AgendaState;
		carried_from: string | null;
		created_at: Timestamp;
	};
	meeting_minutes_revision: {
		id: string;
		network_id: string;
		meeting_id: string;
		number: number;
		body_encrypted: string;
		lines_added: number;
		lines_removed: number;
		author_user_id: string | null;
		created_at: Timestamp;
	};
	meeting_consultation: {
		network_id: string;
		meeting_id: string;
		consultation_id: string;
		linked_by: string | null;
		linked_at: Timestamp;
	};
	meeting_feed: {
		membership_id: string;
		network_id: string;
		token_hash: string;
		created_at: Timestamp;
	};
	meeting_settings: {
		network_id: string;
		regular_percent: number;
		updated_at: Timestamp;
	};
}

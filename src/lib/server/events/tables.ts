import type { Generated } from 'kysely';
import type { Bool, Timestamp } from '../platform/db/column-types.ts';
import type {
	EventFormat,
	EventStatus,
	EventType,
	EventVisibility,
	Participation,
	PromotionMode,
	RegistrationStatus
} from './model.ts';

/** Kysely table types of the events module (migration 0007-events). */
export interface EventTables {
	event_theme_week: {
		id: string;
		network_id: string;
		name: string;
		description: string | null;
		starts_on: string;
		ends_on: string;
		created_at: Timestamp;
	};
	event: {
		id: string;
		network_id: string;
		title: string;
		description_html: string;
		type: EventType;
		format: EventFormat;
		video_link: string | null;
		address: string | null;
		start_at: Timestamp;
		end_at: Timestamp;
		target_audience: string | null;
		capacity: number | null;
		capacity_on_site: number | null;
		capacity_digital: number | null;
		registration_opens_at: Timestamp | null;
		registration_closes_at: Timestamp | null;
		visibility: EventVisibility;
		language: string;
		status: EventStatus;
		contact_user_id: string | null;
		theme_week_id: string | null;
		promotion_mode: PromotionMode;
		offer_hours: number;
		reminder_days: number | null;
		reminder_hours: number | null;
		data_retention_months: number;
		seats_taken: number;
		seats_taken_on_site: number;
		seats_taken_digital: number;
		waiting_last: number;
		/** People on the waiting list per pool, kept by triggers (migration 0008). */
		waiting_on_site: Generated<number>;
		waiting_digital: Generated<number>;
		created_by_user_id: string | null;
		published_at: Timestamp | null;
		cancelled_at: Timestamp | null;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	event_session: {
		id: string;
		network_id: string;
		event_id: string;
		title: string | null;
		start_at: Timestamp;
		end_at: Timestamp;
		sort_order: number;
	};
	event_speaker: {
		id: string;
		network_id: string;
		event_id: string;
		name: string;
		title: string | null;
		organisation: string | null;
		bio: string | null;
		sort_order: number;
	};
	event_audience_type: {
		event_id: string;
		organisation_type_id: string;
		network_id: string;
	};
	event_registration: {
		id: string;
		network_id: string;
		event_id: string;
		name: string;
		email: string;
		organisation: string | null;
		organisation_type_id: string | null;
		municipality_id: string | null;
		needs_diet: string | null;
		needs_access: string | null;
		participation: Participation;
		consent: Bool;
		newsletter_opt_in: Bool;
		locale: string;
		user_id: string | null;
		status: RegistrationStatus;
		waiting_position: number | null;
		token_hash: string;
		offer_expires_at: Timestamp | null;
		created_at: Timestamp;
		updated_at: Timestamp;
		cancelled_at: Timestamp | null;
		checked_in_at: Timestamp | null;
		erased_at: Timestamp | null;
	};
	/** Public registration's limits per client address (migration 0010, decision 013). */
	event_registration_limit: {
		event_id: string;
		client_key: string;
		network_id: string;
		day_count: number;
		day_started_at: Timestamp;
		hour_count: number;
		hour_started_at: Timestamp;
	};
	/** Personal links mailed to someone who registered again (migration 0010). */
	event_registration_link: {
		token_hash: string;
		network_id: string;
		registration_id: string;
		created_at: Timestamp;
	};
}

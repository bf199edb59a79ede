import type { Generated } from 'kysely';
import type { Bool, Timestamp } from '../platform/db/column-types.ts';
import type {
	AgeGroup,
	CaseType,
	Channel,
	ConsultationSource,
	ConsultationStatus,
	Gender,
	LogKind,
	Perpetrator,
	Urgency
} from './model.ts';

/** Kysely table types of the consultations module (migrations 0004-consultations, 0005-consultation-statistics). */
export interface ConsultationTables {
	consultation_topic: {
		id: string;
		network_id: string;
		key: string | null;
		name: string | null;
		hidden: Bool;
		sort_order: number;
		created_at: Generated<Timestamp>;
	};
	consultation_counter: {
		network_id: string;
		year: number;
		last_number: number;
	};
	consultation: {
		id: string;
		network_id: string;
		reference: string;
		source: ConsultationSource;
		received_on: string;
		channel: Channel;
		municipality_id: string | null;
		organisation_type_id: string | null;
		asker_function: string | null;
		case_type: CaseType | null;
		age_group: AgeGroup | null;
		gender: Gender | null;
		vulnerable_disability: Bool;
		vulnerable_lgbtq: Bool;
		vulnerable_newly_arrived: Bool;
		perpetrator: Perpetrator | null;
		urgency: Urgency;
		status: ConsultationStatus;
		assignee_user_id: string | null;
		asker_user_id: string | null;
		created_by_user_id: string | null;
		question_encrypted: string | null;
		answer_encrypted: string | null;
		contact_encrypted: string | null;
		follow_up_code_hash: string | null;
		follow_up_on: string | null;
		follow_up_reminded_on: string | null;
		first_answered_at: Timestamp | null;
		/** Days from receipt to the first answer (network's time zone), for the median in the statistics. */
		first_answer_days: number | null;
		answered_at: Timestamp | null;
		closed_at: Timestamp | null;
		text_erased_at: Timestamp | null;
		created_at: Timestamp;
		updated_at: Timestamp;
	};
	consultation_topic_link: {
		consultation_id: string;
		topic_id: string;
		network_id: string;
		received_on: string;
	};
	/**
	 * Per network and received day, how many consultations had each value of each counted field
	 * (migration 0005); kept exact by triggers, read by the statistics.
	 */
	consultation_stat_day: {
		network_id: string;
		received_on: string;
		dimension: string;
		value: string;
		count: number;
	};
	consultation_log: {
		id: string;
		network_id: string;
		consultation_id: string;
		kind: LogKind;
		occurred_on: string;
		minutes_spent: number | null;
		text_encrypted: string | null;
		referral_type_id: string | null;
		referral_organisation_id: string | null;
		author_user_id: string | null;
		created_at: Timestamp;
	};
	consultation_transition: {
		id: Generated<number>;
		network_id: string;
		consultation_id: string;
		from_status: ConsultationStatus | null;
		to_status: ConsultationStatus;
		actor_user_id: string | null;
		at: Timestamp;
	};
	consultation_settings: {
		network_id: string;
		retention_months: number;
		updated_at: Timestamp;
	};
	consultation_handler: {
		network_id: string;
		user_id: string;
		created_at: Timestamp;
		/** Who granted the right; the admin themselves when self-granted (decision 015). */
		granted_by: string | null;
	};
	job_run: {
		name: string;
		last_period: string | null;
		locked_until: Timestamp | null;
		last_finished_at: Timestamp | null;
	};
}

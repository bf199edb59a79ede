import { m } from '#lib/paraglide/messages.js';

/** Words of the events vocabulary (model.ts) in the page's language. */
const words: Record<string, Record<string, () => string>> = {
	type: {
		training: m.events_staff_type_training,
		conference: m.events_staff_type_conference,
		network_meeting: m.events_staff_type_network_meeting,
		theme_week_activity: m.events_staff_type_theme_week_activity,
		other: m.events_staff_type_other
	},
	format: {
		digital: m.events_staff_format_digital,
		on_site: m.events_staff_format_on_site,
		hybrid: m.events_staff_format_hybrid
	},
	event_status: {
		draft: m.events_staff_event_status_draft,
		published: m.events_staff_event_status_published,
		cancelled: m.events_staff_event_status_cancelled
	},
	status: {
		registered: m.events_staff_status_registered,
		waiting: m.events_staff_status_waiting,
		offered: m.events_staff_status_offered,
		cancelled: m.events_staff_status_cancelled,
		attended: m.events_staff_status_attended,
		no_show: m.events_staff_status_no_show
	},
	participation: {
		on_site: m.events_staff_participation_on_site,
		digital: m.events_staff_participation_digital
	},
	visibility: {
		public: m.events_staff_visibility_public,
		members: m.events_staff_visibility_members
	},
	promotion: {
		automatic: m.events_staff_promotion_automatic,
		offer: m.events_staff_promotion_offer
	},
	language: {
		sv: m.events_staff_language_sv,
		nb: m.events_staff_language_nb,
		en: m.events_staff_language_en
	}
};

export function eventLabel(kind: keyof typeof words, value: string): string {
	return words[kind]?.[value]?.() ?? value;
}

export function eventStatusColor(status: string): 'neutral' | 'success' | 'danger' {
	return status === 'published' ? 'success' : status === 'cancelled' ? 'danger' : 'neutral';
}

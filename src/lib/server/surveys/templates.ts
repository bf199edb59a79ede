import { m } from '#lib/paraglide/messages.js';
import {
	surveyLocales,
	type LocalText,
	type Question,
	type QuestionKind,
	type Section,
	type ShippedTemplateKey,
	type SurveyDefinition
} from './model.ts';

/**
 * The three surveys a network starts from. Every text comes from the surveys-templates catalogue in
 * each survey language at once, because a survey carries its own texts: a later change of the
 * catalogue must not reword a survey that already has answers.
 */

export interface ShippedTemplate {
	key: ShippedTemplateKey;
	title: LocalText;
	description: LocalText;
	definition: SurveyDefinition;
}

type MessageKey = keyof typeof m & `surveys_templates_${string}`;

function text(key: MessageKey): LocalText {
	const message = m[key] as (inputs: Record<string, never>, options: { locale: string }) => string;
	return Object.fromEntries(surveyLocales.map((locale) => [locale, message({}, { locale })])) as LocalText;
}

function question(
	id: string,
	kind: QuestionKind,
	key: MessageKey,
	more: Partial<Omit<Question, 'id' | 'kind' | 'text'>> = {}
): Question {
	return { id, kind, text: text(key), required: false, notApplicable: false, ...more };
}

function section(id: string, titleKey: MessageKey, questions: Question[], introKey?: MessageKey): Section {
	return introKey
		? { id, title: text(titleKey), intro: text(introKey), questions }
		: { id, title: text(titleKey), questions };
}

const freeText = (id: string, key: MessageKey) => question(id, 'long_text', key, { askQuoteConsent: true });
const rating = (id: string, key: MessageKey, more: Partial<Question> = {}) =>
	question(id, 'rating5', key, { help: text('surveys_templates_rating_help'), ...more });

/** Optional, so no one has to say where they work to answer; the results are broken down by these. */
function aboutYou(): Section {
	return section(
		'about',
		'surveys_templates_about_title',
		[
			question('organisation_type', 'organisation_type', 'surveys_templates_organisation_type'),
			question('municipality', 'municipality', 'surveys_templates_municipality')
		],
		'surveys_templates_about_intro'
	);
}

function meetingUsefulness(): ShippedTemplate {
	return {
		key: 'meeting_usefulness',
		title: text('surveys_templates_meeting_usefulness_title'),
		description: text('surveys_templates_meeting_usefulness_description'),
		definition: {
			sections: [
				section(
					'meetings',
					'surveys_templates_meetings_title',
					[
						question('useful', 'frequency', 'surveys_templates_useful', { required: true }),
						question('support', 'frequency', 'surveys_templates_support'),
						question('learn', 'frequency', 'surveys_templates_learn'),
						question('share', 'frequency', 'surveys_templates_share', { notApplicable: true })
					],
					'surveys_templates_meetings_intro'
				),
				section('improvements', 'surveys_templates_improve_title', [freeText('improve', 'surveys_templates_improve')]),
				aboutYou()
			]
		}
	};
}

/** The sections a training and a digital training share, with the technical section between when digital. */
function trainingSections(digital: boolean): Section[] {
	const agree = (id: string, key: MessageKey) => question(id, 'agreement', key);
	const technical = (id: string, key: MessageKey) => question(id, 'agreement', key, { notApplicable: true });
	return [
		section(
			'content',
			'surveys_templates_content_title',
			[
				agree('relevant', 'surveys_templates_relevant'),
				agree('new_knowledge', 'surveys_templates_new_knowledge'),
				agree('level', 'surveys_templates_level')
			],
			'surveys_templates_agree_intro'
		),
		section('speakers', 'surveys_templates_speakers_title', [
			agree('speakers_clear', 'surveys_templates_speakers_clear'),
			rating('speakers_rating', 'surveys_templates_speakers_rating')
		]),
		section('organisation', 'surveys_templates_organisation_title', [
			agree('time', 'surveys_templates_time'),
			agree('information', 'surveys_templates_information'),
			rating('organisation_rating', 'surveys_templates_organisation_rating')
		]),
		...(digital
			? [
					section(
						'technical',
						'surveys_templates_technical_title',
						[
							technical('sound', 'surveys_templates_sound'),
							technical('picture', 'surveys_templates_picture'),
							technical('platform', 'surveys_templates_platform'),
							technical('interaction', 'surveys_templates_interaction'),
							rating('technical_rating', 'surveys_templates_technical_rating', { notApplicable: true })
						],
						'surveys_templates_technical_intro'
					)
				]
			: []),
		section('thoughts', 'surveys_templates_thoughts_title', [
			freeText('use', 'surveys_templates_use'),
			freeText('missed', 'surveys_templates_missed'),
			rating('overall', 'surveys_templates_overall', { required: true })
		]),
		aboutYou()
	];
}

function training(): ShippedTemplate {
	return {
		key: 'training',
		title: text('surveys_templates_training_title'),
		description: text('surveys_templates_training_description'),
		definition: { sections: trainingSections(false) }
	};
}

function digitalTraining(): ShippedTemplate {
	return {
		key: 'digital_training',
		title: text('surveys_templates_digital_training_title'),
		description: text('surveys_templates_digital_training_description'),
		definition: { sections: trainingSections(true) }
	};
}

/** Fresh objects on every call, so a caller may change what it gets without touching the next one's. */
export function shippedTemplates(): ShippedTemplate[] {
	return [meetingUsefulness(), training(), digitalTraining()];
}

export function shippedTemplate(key: ShippedTemplateKey): ShippedTemplate {
	const found = shippedTemplates().find((template) => template.key === key);
	if (!found) throw new Error(`unknown survey template ${key}`);
	return found;
}

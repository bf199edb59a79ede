import { listTypes, typeLabel } from '../../directory/index.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { formObject, formValues, inputAt, issueMessageKey, type FormFailure } from '../../platform/http.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { failure, ok, type Result } from '../../platform/result.ts';
import { utcToZoned } from '../../platform/time.ts';
import * as partsRepo from '../event-parts-repository.ts';
import * as eventRepo from '../events-repository.ts';
import { arrayFields, eventFormSchema, type EventForm } from '../forms.ts';
import * as staffRepo from './repository.ts';

/**
 * The event form of the staff pages (docs/product.md#events-staff-work): reading it as posted, what
 * it offers, and a stored event as its values. The schema is forms.ts's.
 */

/** Rows of sessions and speakers are posted as `sessions.0.startAt`, `speakers.1.name`, … */
const ROW_FIELD = /^(sessions|speakers)\.(\d{1,2})\.(\w+)$/;

export type EventFormParse =
	{ ok: true; data: EventForm; values: Record<string, string> } | { ok: false; failure: FormFailure };

/**
 * Reads the posted event form: plain fields, the audience checkboxes and the numbered rows of
 * sessions and speakers. A row left empty is no row. Errors are keyed by their full path
 * (`sessions.0.endAt`), which is also the field's name, so each lands beside its own input.
 */
export function readEventForm(formData: FormData): EventFormParse {
	const values = formValues(formData);
	const object = formObject(formData, arrayFields);
	const rows: Record<'sessions' | 'speakers', Map<number, Record<string, string>>> = {
		sessions: new Map(),
		speakers: new Map()
	};
	for (const key of Object.keys(object)) {
		const match = ROW_FIELD.exec(key);
		if (!match) continue;
		const [, list, index, field] = match as unknown as [string, 'sessions' | 'speakers', string, string];
		const row = rows[list].get(Number(index)) ?? {};
		row[field] = String(object[key] ?? '');
		rows[list].set(Number(index), row);
		delete object[key];
	}
	// Keep each row's posted index, so an error's path names the row the user sees.
	const indexOf: Record<'sessions' | 'speakers', number[]> = { sessions: [], speakers: [] };
	for (const list of ['sessions', 'speakers'] as const) {
		const kept = [...rows[list].entries()]
			.sort(([a], [b]) => a - b)
			.filter(([, row]) => Object.values(row).some((v) => v.trim() !== ''));
		indexOf[list] = kept.map(([i]) => i);
		object[list] = kept.map(([, row]) => row);
	}
	const parsed = eventFormSchema.safeParse(object);
	if (parsed.success) return { ok: true, data: parsed.data, values };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const [first, second, ...rest] = issue.path.map(String);
		const field =
			(first === 'sessions' || first === 'speakers') && second !== undefined
				? [first, String(indexOf[first][Number(second)] ?? second), ...rest].join('.')
				: (first ?? '_form');
		errors[field] ??= issueMessageKey(issue, inputAt(object, issue.path));
	}
	return { ok: false, failure: { values, errors } };
}

/** What the event form offers: organisation types, contact persons and theme weeks of the network. */
export async function eventFormOptions(ctx: ServiceContext) {
	await requirePermission(ctx, 'events.manage');
	const [types, members, themeWeeks] = await Promise.all([
		listTypes(ctx.db, ctx.network.id),
		staffRepo.listActiveMemberNames(ctx.db, ctx.network.id),
		staffRepo.listThemeWeeks(ctx.db, ctx.network.id)
	]);
	return {
		organisationTypes: types.filter((t) => !t.hidden).map((t) => ({ id: t.id, label: typeLabel(t, ctx.locale) })),
		contacts: members.map((p) => ({ id: p.userId, label: p.name || p.email })),
		themeWeeks: themeWeeks.map((w) => ({ id: w.id, label: w.name })),
		timeZone: ctx.network.timeZone
	};
}

/** A stored event as the form's values (wall-clock times in the network's zone). */
export async function eventFormValues(
	ctx: ServiceContext,
	id: string
): Promise<Result<{ values: Record<string, string>; audienceTypeIds: string[]; sessions: number; speakers: number }>> {
	await requirePermission(ctx, 'events.manage');
	const event = await eventRepo.findEvent(ctx.db, ctx.network.id, id);
	if (!event) return failure('error_not_found');
	const zone = ctx.network.timeZone;
	const [sessions, speakers, audienceTypeIds] = await Promise.all([
		partsRepo.listSessions(ctx.db, ctx.network.id, id),
		partsRepo.listSpeakers(ctx.db, ctx.network.id, id),
		partsRepo.listAudienceTypeIds(ctx.db, ctx.network.id, id)
	]);
	const text = (v: string | number | null) => (v === null ? '' : String(v));
	const when = (v: Date | null) => (v ? utcToZoned(v, zone) : '');
	const values: Record<string, string> = {
		title: event.title,
		descriptionHtml: event.descriptionHtml,
		type: event.type,
		format: event.format,
		videoLink: text(event.videoLink),
		address: text(event.address),
		startAt: when(event.startAt),
		endAt: when(event.endAt),
		targetAudience: text(event.targetAudience),
		capacity: text(event.capacity),
		capacityOnSite: text(event.capacityOnSite),
		capacityDigital: text(event.capacityDigital),
		registrationOpensAt: when(event.registrationOpensAt),
		registrationClosesAt: when(event.registrationClosesAt),
		visibility: event.visibility,
		language: event.language,
		contactUserId: text(event.contactUserId),
		themeWeekId: text(event.themeWeekId),
		promotionMode: event.promotionMode,
		offerHours: String(event.offerHours),
		reminderDays: text(event.reminderDays),
		reminderHours: text(event.reminderHours),
		dataRetentionMonths: String(event.dataRetentionMonths)
	};
	sessions.forEach((s, i) => {
		values[`sessions.${i}.title`] = text(s.title);
		values[`sessions.${i}.startAt`] = when(s.startAt);
		values[`sessions.${i}.endAt`] = when(s.endAt);
	});
	speakers.forEach((s, i) => {
		values[`speakers.${i}.name`] = s.name;
		values[`speakers.${i}.title`] = text(s.title);
		values[`speakers.${i}.organisation`] = text(s.organisation);
		values[`speakers.${i}.bio`] = text(s.bio);
	});
	return ok({ values, audienceTypeIds, sessions: sessions.length, speakers: speakers.length });
}

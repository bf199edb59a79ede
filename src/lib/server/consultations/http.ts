import { fieldFailure, formObject, formValues, type FormFailure } from '../platform/http.ts';
import type { MaskLocale } from '../pii/index.ts';
import type { Kysely } from 'kysely';
import type { NetworkRef } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import {
	highlightSegments,
	isCheckFailure,
	maskTexts,
	publishedContacts,
	type GuardSubject,
	type HighlightSegment
} from './guard.ts';
import type { SaveFailure } from './recording.ts';

/**
 * What the consultation forms' actions hand back to their page: the usual field errors and typed
 * values, plus where the anonymity guard found identifiers, so the page can mark them in the text.
 */
export interface ConsultationFormFailure extends FormFailure {
	pii?: Record<string, HighlightSegment[]>;
	/** Set after "mask all": the texts were masked, and the writer checks them before saving. */
	masked?: number;
}

/** A failed save as the page shows it; guard findings become highlighted segments per field. */
export function saveFailure(values: Record<string, string>, result: SaveFailure): ConsultationFormFailure {
	const failure: ConsultationFormFailure = fieldFailure(values, result.error, result.field);
	if (result.findings && Object.keys(result.findings).length) {
		failure.pii = {};
		for (const [field, findings] of Object.entries(result.findings))
			failure.pii[field] = highlightSegments(values[field] ?? '', findings);
	}
	if (isCheckFailure(result.error)) failure.message = result.error;
	return failure;
}

/**
 * "Mask all": replaces what the guard finds in the given text fields with labels and shows the form
 * again with the masked texts — nothing is saved until the writer has read them and saves.
 */
export async function maskFormTexts(
	formData: FormData,
	fields: string[],
	locale: MaskLocale,
	subject: GuardSubject,
	scope: { db: Kysely<Database>; network: NetworkRef }
): Promise<ConsultationFormFailure> {
	const values = formValues(formData);
	const object = formObject(formData);
	const texts: Record<string, string> = {};
	for (const field of fields) texts[field] = typeof object[field] === 'string' ? (object[field] as string) : '';
	const result = await maskTexts(texts, locale, subject, () => publishedContacts(scope.db, scope.network));
	if (!result.ok) return { values, errors: {}, message: result.error };
	return { values: { ...values, ...result.texts }, errors: {}, masked: result.masked };
}

/** Which button sent the form: "mask" asks for masking, anything else is a save. */
export function wantsMask(formData: FormData): boolean {
	return formData.get('intent') === 'mask';
}

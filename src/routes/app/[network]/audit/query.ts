import { auditFilterSchema } from '#lib/server/networks/forms.ts';
import type { AuditQuery } from '#lib/server/networks/audit-log.ts';
import { messageKeyOf } from '#lib/server/platform/http.ts';

const FIELDS = ['action', 'actor', 'outcome', 'from', 'to', 'page'] as const;

/**
 * Reads the audit filter from the query string. Bad values are reported and left out of the
 * filter, so the page still shows something sensible.
 */
export function readAuditQuery(url: URL): {
	query: AuditQuery;
	page: number;
	values: Record<string, string>;
	errors: Record<string, string>;
} {
	const values = Object.fromEntries(FIELDS.map((field) => [field, url.searchParams.get(field) ?? '']));
	const parsed = auditFilterSchema.safeParse(values);
	if (parsed.success) {
		const { page, ...query } = parsed.data;
		return { query, page, values, errors: {} };
	}
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? 'action');
		errors[field] ??= messageKeyOf(issue.message);
	}
	// Keep the fields that were fine on their own.
	const cleaned = Object.fromEntries(
		FIELDS.map((field) => [field, field in errors || ('to' in errors && field === 'from') ? '' : values[field]])
	);
	const retry = auditFilterSchema.safeParse(cleaned);
	const { page, ...query } = retry.success ? retry.data : { page: 1 };
	return { query, page, values, errors };
}

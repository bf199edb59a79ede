import type { ServiceContext } from '../platform/context.ts';
import { PermissionDenied } from '../platform/permissions.ts';
import { isHandler } from './access.ts';
import { memberFormSchema, readListQuery, staffFormSchema } from './forms.ts';
import { handleScan } from '../pii/index.ts';
import { isCheckFailure, publishedContacts } from './guard.ts';
import { createConsultation, submitConsultation } from './consultations-service.ts';
import { listConsultations } from './list-service.ts';

/**
 * The consultations JSON API (`/api/v1/networks/{network}/consultations`): the same services and the
 * same anonymity guard as the forms. A handler's POST registers (staff form fields), anyone else's asks
 * (member form fields). Texts are never sent back by the list, and never logged.
 */
const answer = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});

const MAX_BODY_BYTES = 64 * 1024;
const stringFields = [
	'receivedOn',
	'channel',
	'municipalityId',
	'organisationTypeId',
	'askerFunction',
	'caseType',
	'ageGroup',
	'gender',
	'perpetrator',
	'urgency',
	'question',
	'followUpOn',
	'assigneeUserId'
];

/** JSON as the form schemas read it: strings, with absent optional fields empty and lists as arrays. */
function asFormObject(body: Record<string, unknown>): Record<string, unknown> {
	const object: Record<string, unknown> = {};
	for (const field of stringFields) {
		const value = body[field];
		object[field] = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
	}
	if (!object.urgency) object.urgency = 'normal';
	for (const field of ['topicIds', 'vulnerabilities'])
		object[field] = Array.isArray(body[field]) ? (body[field] as unknown[]).map(String) : [];
	return object;
}

export async function createFromJson(ctx: ServiceContext, request: Request): Promise<Response> {
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json'))
		return answer(415, { error: 'json_required' });
	const raw = await request.text();
	if (raw.length > MAX_BODY_BYTES) return answer(413, { error: 'too_large' });
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		return answer(400, { error: 'invalid_json' });
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer(400, { error: 'invalid_json' });
	const object = asFormObject(body as Record<string, unknown>);
	try {
		const handler = await isHandler(ctx);
		const parsed = handler ? staffFormSchema.safeParse(object) : memberFormSchema.safeParse(object);
		if (!parsed.success) {
			const fields: Record<string, string> = {};
			for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? '_')] ??= issue.message;
			return answer(400, { error: 'invalid', fields });
		}
		const result = handler
			? await createConsultation(ctx, parsed.data as Parameters<typeof createConsultation>[1])
			: await submitConsultation(ctx, parsed.data);
		if (!result.ok) {
			if (isCheckFailure(result.error)) return answer(503, { error: 'pii_scan_failed' });
			return answer(422, { error: result.error, field: result.field, findings: result.findings ?? {} });
		}
		return answer(201, {
			reference: result.value,
			url: `${ctx.publicOrigin}/app/${ctx.network.slug}/consultations/${result.value}`
		});
	} catch (error) {
		if (error instanceof PermissionDenied) return answer(403, { error: 'forbidden' });
		throw error;
	}
}

export async function listAsJson(ctx: ServiceContext, url: URL): Promise<Response> {
	try {
		const list = await listConsultations(ctx, readListQuery(url));
		return answer(200, {
			total: list.total,
			capped: list.capped,
			page: list.page,
			hasNext: list.hasNext,
			pageCount: list.pageCount,
			consultations: list.consultations
		});
	} catch (error) {
		if (error instanceof PermissionDenied) return answer(403, { error: 'forbidden' });
		throw error;
	}
}

/**
 * POST /api/v1/networks/{network}/pii/scan: the guard as the network's forms apply it, letting the
 * network's own published contact details through (decision 016), for a preview before saving.
 */
export async function scanForNetwork(ctx: ServiceContext, request: Request): Promise<Response> {
	return handleScan(ctx.actor, request, await publishedContacts(ctx.db, ctx.network));
}

export function unauthorized(): Response {
	return answer(401, { error: 'unauthorized' });
}

import { listNetworkMunicipalitiesByName } from '../directory/index.ts';
import type { ServiceContext } from '../platform/context.ts';
import { todayIn } from '../platform/time.ts';
import { hasConsultationAbility, isHandler, requireConsultationAbility } from './access.ts';
import type { ListQuery } from './forms.ts';
import * as repo from './list-repository.ts';
import { assigneeOptions, organisationTypeOptions, topicLabels } from './options.ts';

/**
 * The consultation list with its filters and sorting (handlers see the network's, members their own),
 * and the start page's blocks: the handlers' dashboard and an asker's own open questions.
 */

export const PAGE_SIZE = 25;

function toFilter(ctx: ServiceContext, query: Partial<ListQuery>, handler: boolean): repo.ConsultationFilter {
	return {
		status: query.status || undefined,
		assigneeUserId: handler ? query.assignee || undefined : undefined,
		topicId: query.topic || undefined,
		municipalityId: query.municipality || undefined,
		from: query.from || undefined,
		to: query.to || undefined,
		followUpBefore: query.overdue ? todayIn(ctx.network.timeZone, ctx.now) : undefined,
		askerUserId: handler ? undefined : ctx.actor.userId
	};
}

/** Beyond this many matches the list says "more than 10 000" instead of counting them all. */
export const COUNT_CAP = 10_000;

/** The list with filters and sorting: all of the network's for handlers, their own for members. */
export async function listConsultations(ctx: ServiceContext, query: Partial<ListQuery>) {
	const handler = await isHandler(ctx);
	if (!handler) await requireConsultationAbility(ctx, 'submit');
	const filter = toFilter(ctx, query, handler);
	const counted = await repo.countConsultations(ctx.db, ctx.network.id, filter, COUNT_CAP);
	const capped = counted > COUNT_CAP;
	const pageCount = capped ? null : Math.max(1, Math.ceil(counted / PAGE_SIZE));
	const page = pageCount === null ? (query.page ?? 1) : Math.min(query.page ?? 1, pageCount);
	// One row more than a page tells whether there is a next page, also when the total is capped.
	const rows =
		counted === 0
			? []
			: await repo.listConsultations(ctx.db, ctx.network.id, filter, {
					sort: query.sort ?? '-received',
					limit: PAGE_SIZE + 1,
					offset: (page - 1) * PAGE_SIZE
				});
	return {
		consultations: rows.slice(0, PAGE_SIZE),
		total: capped ? COUNT_CAP : counted,
		capped,
		page,
		pageCount,
		hasNext: rows.length > PAGE_SIZE,
		handler
	};
}

/** What the list's filters offer. */
export async function listFilterOptions(ctx: ServiceContext) {
	const handler = await isHandler(ctx);
	if (!handler) await requireConsultationAbility(ctx, 'submit');
	const [topics, municipalities, types, assignees] = await Promise.all([
		topicLabels(ctx.db, ctx.network.id, ctx.locale),
		listNetworkMunicipalitiesByName(ctx.db, ctx.network.id),
		organisationTypeOptions(ctx.db, ctx.network.id, ctx.locale),
		handler ? assigneeOptions(ctx) : Promise.resolve([])
	]);
	return { topics, municipalities, types, assignees, handler };
}

/** The coordinator's dashboard block: new, overdue follow-ups, mine. Null for those who do not handle. */
export async function consultationDashboard(ctx: ServiceContext) {
	if (!(await hasConsultationAbility(ctx, 'handle'))) return null;
	return repo.dashboardCounts(ctx.db, ctx.network.id, ctx.actor.userId, todayIn(ctx.network.timeZone, ctx.now));
}

/**
 * The start page's block for someone who asks but does not handle: their own questions still open,
 * and how many of those have an answer to read. Null for handlers (they get the dashboard) and for
 * roles that do not ask.
 */
export async function ownQuestionsSummary(ctx: ServiceContext) {
	if (await hasConsultationAbility(ctx, 'handle')) return null;
	if (!(await hasConsultationAbility(ctx, 'submit'))) return null;
	return repo.countOwnOpen(ctx.db, ctx.network.id, ctx.actor.userId);
}

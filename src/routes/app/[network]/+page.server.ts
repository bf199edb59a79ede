import { requireContext } from '#lib/server/context.ts';
import { consultationDashboard, ownQuestionsSummary } from '#lib/server/consultations/list-service.ts';
import { handlingStatus } from '#lib/server/consultations/handlers-service.ts';
import { listNetworkMunicipalities } from '#lib/server/directory/municipalities-service.ts';
import { directoryOverview } from '#lib/server/directory/overview.ts';
import { ownRegistrations, upcomingEventsSummary } from '#lib/server/events/overview.ts';
import { gettingStarted } from '#lib/server/networks/getting-started.ts';
import { can } from '#lib/server/platform/permissions.ts';
import type { PageServerLoad } from './$types';

/**
 * Each role's start page: what needs them now, each block a few figures linking to the filtered list
 * it summarises, and the getting-started list until its steps are done.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const isAdmin = can(ctx, 'settings.manage');
	const [consultations, ownQuestions, events, registrations, directory, steps, handling, municipalities] =
		await Promise.all([
			consultationDashboard(ctx),
			ownQuestionsSummary(ctx),
			upcomingEventsSummary(ctx),
			ownRegistrations(ctx),
			can(ctx, 'directory.edit') ? directoryOverview(ctx) : null,
			can(ctx, 'public_pages.manage') ? gettingStarted(ctx) : [],
			isAdmin ? handlingStatus(ctx) : null,
			can(ctx, 'directory.settings') ? listNetworkMunicipalities(ctx) : null
		]);
	const gettingStartedSteps = [
		...steps.filter((s) => s.step === 'invite'),
		...(handling ? [{ step: 'handlers' as const, done: handling.someoneHandles }] : []),
		...(municipalities ? [{ step: 'municipalities' as const, done: municipalities.length > 0 }] : []),
		...steps.filter((s) => s.step !== 'invite')
	];
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		role: ctx.role,
		canManageEvents: can(ctx, 'events.manage'),
		consultations,
		ownQuestions,
		events,
		registrations,
		directory,
		// Shown until every step is done.
		gettingStarted: gettingStartedSteps.every((s) => s.done) ? [] : gettingStartedSteps,
		mayTakeHandler: handling?.mayTake ?? false,
		me: ctx.actor.userId
	};
};

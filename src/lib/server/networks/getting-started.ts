import type { ServiceContext } from '../platform/context.ts';
import { can, requirePermission } from '../platform/permissions.ts';
import { gettingStartedFacts } from './repository.ts';

export type GettingStartedStep = 'invite' | 'settings' | 'public_pages';

/**
 * The steps of the getting-started list that belong to this module, each with whether it is done:
 * admins invite people and check the settings; admins and communicators write the public pages.
 * Other modules add their own steps on the start page (who handles consultations, municipalities).
 */
export async function gettingStarted(ctx: ServiceContext): Promise<{ step: GettingStartedStep; done: boolean }[]> {
	await requirePermission(ctx, 'public_pages.manage');
	const facts = await gettingStartedFacts(ctx.db, ctx.network.id);
	const steps: { step: GettingStartedStep; done: boolean }[] = [];
	if (can(ctx, 'members.manage')) steps.push({ step: 'invite', done: facts.otherPeople });
	if (can(ctx, 'settings.manage')) steps.push({ step: 'settings', done: facts.settingsSaved });
	steps.push({ step: 'public_pages', done: facts.publicTexts });
	return steps;
}

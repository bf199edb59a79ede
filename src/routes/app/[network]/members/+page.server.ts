import { fail, redirect } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { app } from '#lib/server/app.ts';
import { requireContext } from '#lib/server/context.ts';
import { handlerSettings } from '#lib/server/consultations/handlers-service.ts';
import {
	changeRoleSchema,
	invitationIdSchema,
	inviteFormSchema,
	membershipIdSchema
} from '#lib/server/networks/forms.ts';
import {
	changeRole,
	inviteMember,
	listMembers,
	revokeInvitation,
	setMemberActive
} from '#lib/server/networks/service.ts';
import { fieldFailure, parseForm } from '#lib/server/platform/http.ts';
import type { ServiceContext } from '#lib/server/platform/context.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	const [{ members, invitations }, handlers] = await Promise.all([listMembers(ctx), handlerSettings(ctx)]);
	return {
		// Admins who handle consultations, and who granted that: a self-grant shows here (decision 015).
		handlers: handlers
			.filter((h) => h.role === 'admin' && h.flagged)
			.map((h) => ({ userId: h.userId, grantedAt: h.grantedAt, grantedBy: h.grantedBy })),
		network: {
			slug: ctx.network.slug,
			name: ctx.network.name,
			timeZone: ctx.network.timeZone,
			defaultLocale: ctx.network.defaultLocale
		},
		me: ctx.actor.userId,
		members,
		invitations: invitations.map((i) => ({
			id: i.id,
			email: i.email,
			role: i.role,
			createdAt: i.createdAt,
			expiresAt: i.expiresAt
		})),
		done: event.url.searchParams.get('done')
	};
};

function back(ctx: ServiceContext, done: string): never {
	redirect(303, `${localizedPath(`/app/${ctx.network.slug}/members`, ctx.locale)}?done=${done}`);
}

export const actions = {
	invite: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, inviteFormSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'invite' });
		const result = await inviteMember(ctx, {
			email: form.data.email,
			role: form.data.role,
			mailLocale: form.data.locale,
			origin: app().publicOrigin
		});
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'invite' });
		back(ctx, 'invited');
	},
	role: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, changeRoleSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'role', membershipId: form.failure.values.membershipId });
		const result = await changeRole(ctx, form.data.membershipId, form.data.role);
		if (!result.ok)
			return fail(422, {
				...fieldFailure(form.values, result.error),
				action: 'role',
				membershipId: form.data.membershipId
			});
		back(ctx, 'role');
	},
	reactivate: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, membershipIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'reactivate' });
		const result = await setMemberActive(ctx, form.data.membershipId, true);
		if (!result.ok)
			return fail(422, {
				...fieldFailure(form.values, result.error),
				action: 'reactivate',
				membershipId: form.data.membershipId
			});
		back(ctx, 'reactivated');
	},
	revoke: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = await parseForm(event.request, invitationIdSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'revoke' });
		const result = await revokeInvitation(ctx, form.data.invitationId);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'revoke' });
		back(ctx, 'revoked');
	}
} satisfies Actions;

import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizedPath } from '#lib/i18n.ts';
import { requireContext } from '#lib/server/context.ts';
import {
	handlerSchema,
	topicHiddenSchema,
	topicNameSchema,
	topicRenameSchema
} from '#lib/server/consultations/forms.ts';
import {
	getRetentionSettings,
	retentionSettingsSchema,
	updateRetentionSettings
} from '#lib/server/consultations/settings-service.ts';
import { handlerSettings, mayTakeHandlerRight, setAdminHandler } from '#lib/server/consultations/handlers-service.ts';
import { addTopic, renameTopic, setTopicHidden, topicSettings } from '#lib/server/consultations/settings-service.ts';
import { fieldFailure, parseFormData } from '#lib/server/platform/http.ts';
import type { Actions, PageServerLoad } from './$types';

/** The admins' page: topics on the forms, how long texts are kept, and which admins read them. */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event, { role: 'admin' });
	const [topics, retention, handlers, mayTake] = await Promise.all([
		topicSettings(ctx),
		getRetentionSettings(ctx),
		handlerSettings(ctx),
		mayTakeHandlerRight(ctx)
	]);
	return {
		network: { slug: ctx.network.slug, name: ctx.network.name, timeZone: ctx.network.timeZone },
		mayTake,
		topics,
		retention,
		handlers: handlers.filter((h) => h.role === 'admin'),
		me: ctx.actor.userId,
		done: event.url.searchParams.get('done')
	};
};

function back(event: RequestEvent, done: string): never {
	redirect(
		303,
		`${localizedPath(`/app/${event.params.network}/consultations/settings`, event.locals.locale)}?done=${done}`
	);
}

export const actions = {
	addTopic: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = parseFormData(await event.request.formData(), topicNameSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'addTopic' });
		const result = await addTopic(ctx, form.data.name);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'addTopic' });
		back(event, 'topic_added');
	},
	renameTopic: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = parseFormData(await event.request.formData(), topicRenameSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'renameTopic', topicId: form.failure.values.topicId });
		const result = await renameTopic(ctx, form.data.topicId, form.data.name);
		if (!result.ok)
			return fail(422, {
				...fieldFailure(form.values, result.error, result.field),
				action: 'renameTopic',
				topicId: form.data.topicId
			});
		back(event, 'topic_renamed');
	},
	hideTopic: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = parseFormData(await event.request.formData(), topicHiddenSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'hideTopic' });
		const result = await setTopicHidden(ctx, form.data.topicId, form.data.hidden);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'hideTopic' });
		back(event, form.data.hidden ? 'topic_hidden' : 'topic_shown');
	},
	retention: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = parseFormData(await event.request.formData(), retentionSettingsSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'retention' });
		const result = await updateRetentionSettings(ctx, form.data);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error, result.field), action: 'retention' });
		back(event, 'retention');
	},
	handler: async (event) => {
		const ctx = await requireContext(event, { role: 'admin' });
		const form = parseFormData(await event.request.formData(), handlerSchema);
		if (!form.ok) return fail(400, { ...form.failure, action: 'handler' });
		const result = await setAdminHandler(ctx, form.data.userId, form.data.handler);
		if (!result.ok) return fail(422, { ...fieldFailure(form.values, result.error), action: 'handler' });
		// Taken from the offer on the consultations pages or the start page: back to the work itself.
		if (event.url.searchParams.get('from') === 'list') {
			redirect(303, localizedPath(`/app/${event.params.network}/consultations`, event.locals.locale));
		}
		back(event, 'handler');
	}
} satisfies Actions;

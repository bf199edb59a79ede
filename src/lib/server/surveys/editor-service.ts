import type { ServiceContext } from '../platform/context.ts';
import { requirePermission } from '../platform/permissions.ts';
import { failure, ok, type Result } from '../platform/result.ts';
import * as definitions from './definition.ts';
import type { SurveyDefinition } from './model.ts';
import * as responses from './responses-repository.ts';
import * as surveys from './surveys-repository.ts';

/**
 * Editing a survey's sections and questions (docs/product.md#evaluations). The edits themselves are
 * pure (definition.ts); here each is applied to the stored definition under the survey's lock, told
 * whether answers exist, so that two editors cannot overwrite each other and answers given keep
 * their meaning.
 */
export type DefinitionEdit =
	| { op: 'add_section'; input: definitions.SectionInput }
	| { op: 'update_section'; sectionId: string; input: definitions.SectionInput }
	| { op: 'remove_section'; sectionId: string }
	| { op: 'move_section'; sectionId: string; direction: definitions.Direction }
	| { op: 'add_question'; sectionId: string; input: definitions.QuestionInput }
	| { op: 'update_question'; questionId: string; input: definitions.QuestionInput }
	| { op: 'remove_question'; questionId: string }
	| { op: 'move_question'; questionId: string; direction: definitions.Direction };

function apply(definition: SurveyDefinition, edit: DefinitionEdit, answered: boolean): Result<SurveyDefinition> {
	switch (edit.op) {
		case 'add_section':
			return definitions.addSection(definition, edit.input);
		case 'update_section':
			return definitions.updateSection(definition, edit.sectionId, edit.input);
		case 'remove_section':
			return definitions.removeSection(definition, edit.sectionId, answered);
		case 'move_section':
			return definitions.moveSection(definition, edit.sectionId, edit.direction);
		case 'add_question':
			return definitions.addQuestion(definition, edit.sectionId, edit.input);
		case 'update_question':
			return definitions.updateQuestion(definition, edit.questionId, edit.input, answered);
		case 'remove_question':
			return definitions.removeQuestion(definition, edit.questionId, answered);
		case 'move_question':
			return definitions.moveQuestion(definition, edit.questionId, edit.direction);
	}
}

/** The editor's view: the survey and whether answers already fix what exists. */
export async function editorView(ctx: ServiceContext, surveyId: string) {
	await requirePermission(ctx, 'surveys.manage');
	const survey = await surveys.findSurvey(ctx.db, ctx.network.id, surveyId);
	if (!survey) return failure('error_not_found');
	const answered = (await responses.countResponses(ctx.db, ctx.network.id, survey.id)) > 0;
	return ok({ survey, answered });
}

export async function editDefinition(
	ctx: ServiceContext,
	surveyId: string,
	edit: DefinitionEdit
): Promise<Result<SurveyDefinition>> {
	await requirePermission(ctx, 'surveys.manage');
	return ctx.db.transaction().execute(async (trx) => {
		const locked = await surveys.lockSurvey(trx, ctx.network.id, surveyId);
		if (!locked) return failure('error_not_found');
		if (locked.status === 'closed') return failure('error_surveys_closed');
		const answered = (await responses.countResponses(trx, ctx.network.id, surveyId)) > 0;
		const next = apply(locked.definition, edit, answered);
		if (!next.ok) return next;
		await surveys.updateSurvey(trx, ctx.network.id, surveyId, { definition: next.value }, ctx.now);
		await ctx.audit.record('surveys.questions_changed', { type: 'survey', id: surveyId }, 'success', trx);
		return ok(next.value);
	});
}

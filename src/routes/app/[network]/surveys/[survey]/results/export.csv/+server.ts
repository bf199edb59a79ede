import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { requireContext } from '#lib/server/context.ts';
import { csvFilename, csvResponse, csvSeparator, toCsv, type CsvCell } from '#lib/server/platform/csv.ts';
import { percentText } from '#lib/server/platform/percent.ts';
import { resultsForExport } from '#lib/server/surveys/results-service.ts';
import type { RequestHandler } from './$types';
import { breakdownTitle, notApplicableText, reportOf } from '../report.server.ts';

/**
 * The results as CSV: one row per question and answer with its count and share, and the same per
 * group of a breakdown; what is held back is a row saying so, never a number. Free texts stay out
 * (their words are read on the page, where reading them is recorded). Audited.
 */
export const GET: RequestHandler = async (event) => {
	const ctx = await requireContext(event, { role: 'communicator' });
	const found = await resultsForExport(ctx, event.params.survey);
	if (!found.ok) error(404, { message: found.error });
	const { survey, results, groupNames } = found.value;
	const locale = ctx.locale;
	const { questions, breakdowns } = reportOf(survey.definition, results, groupNames, [], locale, { charts: false });
	const hidden = m.surveys_results_suppressed({ min: results.minAnswers }, { locale });
	// A percentage written the reader's way ("12,5"), as the other exports write shares.
	const share = (value: number) => percentText(value, locale);
	const rows: CsvCell[][] = [];
	if (!results.shown)
		rows.push([
			'',
			'',
			'',
			'',
			'',
			results.answered,
			'',
			m.surveys_results_too_few({ min: results.minAnswers }, { locale })
		]);
	for (const q of questions) {
		const lead = [q.section, q.text, q.kindLabel, ''];
		if (q.suppressed) {
			rows.push([...lead, '', '', '', hidden]);
			continue;
		}
		if (q.type === 'text') {
			rows.push([...lead, m.surveys_results_csv_written({}, { locale }), q.answered, '', '']);
			continue;
		}
		for (const row of q.rows) rows.push([...lead, row.label, row.count, share(row.share), '']);
		if (q.notApplicable) rows.push([...lead, notApplicableText(locale), q.notApplicable, '', '']);
		rows.push([...lead, m.surveys_results_csv_answered({}, { locale }), q.answered, '', '']);
	}
	for (const breakdown of breakdowns) {
		const by = breakdownTitle(breakdown.kind, locale);
		for (const broken of breakdown.questions) {
			const q = questions.find((x) => x.id === broken.questionId)!;
			for (const cell of broken.cells) {
				const lead = [q.section, q.text, q.kindLabel, `${by}: ${cell.group}`];
				if (cell.suppressed) {
					rows.push([...lead, '', '', '', hidden]);
					continue;
				}
				const counted = q.rows.length ? broken.columns : [];
				counted.forEach((column, i) => rows.push([...lead, column.label, cell.counts[i], share(cell.shares[i]), '']));
				rows.push([...lead, m.surveys_results_csv_answered({}, { locale }), cell.answered, '', '']);
			}
		}
	}
	const header = [
		m.surveys_results_csv_section({}, { locale }),
		m.surveys_results_csv_question({}, { locale }),
		m.surveys_results_csv_kind({}, { locale }),
		m.surveys_results_col_group({}, { locale }),
		m.surveys_results_csv_answer({}, { locale }),
		m.surveys_results_csv_count({}, { locale }),
		m.surveys_results_csv_share({}, { locale }),
		m.surveys_results_csv_note({}, { locale })
	];
	const csv = toCsv(header, rows, { separator: csvSeparator(locale) });
	return csvResponse(csv, csvFilename(`survey-results-${ctx.network.slug}`, ctx.now));
};

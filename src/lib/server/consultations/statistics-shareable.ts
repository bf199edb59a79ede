import {
	HIDDEN,
	SUPPRESSED,
	type ConsultationStatistics,
	type ShareableStatistics,
	type ShownCount,
	type StatRow
} from './statistics.ts';

/**
 * The shareable version of the statistics (docs/product.md#consultations-statistics): small counts
 * suppressed so that nothing shared outside the team points at a single case.
 */

function suppressCount(count: number): ShownCount {
	return count === 1 || count === 2 ? SUPPRESSED : count;
}

/**
 * The shown counts of one additive section — cells that add up to the total, each consultation in
 * exactly one of them. Counts of 1–2 become "<3" (primary suppression). Where exactly one cell is
 * "<3", the total minus the others would give it back, so the smallest other non-zero cell (the first
 * of equals) is hidden as well, as "–" (complementary suppression). With two or more "<3" cells
 * nothing more is hidden; 0 stays 0.
 */
export function suppressAdditive(counts: readonly number[]): ShownCount[] {
	const shown: ShownCount[] = counts.map(suppressCount);
	if (shown.filter((count) => count === SUPPRESSED).length !== 1) return shown;
	let smallest = -1;
	counts.forEach((count, index) => {
		if (shown[index] === SUPPRESSED || count <= 0) return;
		if (smallest < 0 || count < counts[smallest]) smallest = index;
	});
	if (smallest >= 0) shown[smallest] = HIDDEN;
	return shown;
}

function withCount<R extends StatRow>(row: R, count: ShownCount): Omit<R, 'count'> & { count: ShownCount } {
	return { ...row, count, share: typeof count === 'number' ? row.share : null };
}

/** Primary suppression only: for lists that are not additive (a consultation may have several or none). */
function suppressEach<R extends StatRow>(rows: readonly R[]): (Omit<R, 'count'> & { count: ShownCount })[] {
	return rows.map((row) => withCount(row, suppressCount(row.count)));
}

/** Primary and complementary suppression over the rows of an additive section. */
function suppressSection<R extends StatRow>(rows: readonly R[]): (Omit<R, 'count'> & { count: ShownCount })[] {
	const shown = suppressAdditive(rows.map((row) => row.count));
	return rows.map((row, index) => withCount(row, shown[index]));
}

/**
 * The shareable version: every count of 1 or 2 becomes "<3" and its share is hidden (0 stays 0), so
 * a printed or forwarded table cannot point at a single case; in the sections that add up to the
 * total (channel, urgency, case type, age group, gender, perpetrator, organisation types with "not
 * stated", municipalities with those outside, the months), a lone "<3" takes a second cell with it
 * ("–", see `suppressAdditive`). Topics and vulnerabilities do not add up (several or none per
 * consultation) and get the primary suppression only. The median of one or two answers goes too.
 */
export function suppressSmallCounts(stats: ConsultationStatistics): ShareableStatistics {
	const answered = suppressCount(stats.firstAnswer.answered);
	const municipalities = suppressAdditive([
		...stats.municipalities.rows.map((row) => row.count),
		stats.municipalities.outside
	]);
	const shared: ShareableStatistics = {
		...stats,
		total: suppressCount(stats.total),
		channels: suppressSection(stats.channels),
		municipalities: {
			...stats.municipalities,
			notReached: [...stats.municipalities.notReached],
			outside: municipalities[municipalities.length - 1],
			rows: stats.municipalities.rows.map((row, index) => withCount(row, municipalities[index]))
		},
		organisationTypes: suppressSection(stats.organisationTypes),
		topics: suppressEach(stats.topics),
		ageGroups: suppressSection(stats.ageGroups),
		genders: suppressSection(stats.genders),
		caseTypes: suppressSection(stats.caseTypes),
		urgencies: suppressSection(stats.urgencies),
		perpetrators: suppressSection(stats.perpetrators),
		vulnerabilities: suppressEach(stats.vulnerabilities),
		trend: suppressSection(stats.trend),
		firstAnswer: {
			answered,
			medianDays: answered === SUPPRESSED ? null : stats.firstAnswer.medianDays
		},
		suppressed: true,
		complementary: false
	};
	const all = [
		shared.channels,
		shared.municipalities.rows,
		shared.organisationTypes,
		shared.ageGroups,
		shared.genders,
		shared.caseTypes,
		shared.urgencies,
		shared.perpetrators,
		shared.trend
	];
	shared.complementary =
		shared.municipalities.outside === HIDDEN || all.some((rows) => rows.some((row) => row.count === HIDDEN));
	return shared;
}

import { requireContext } from '#lib/server/context.ts';
import { meetingCalendar } from '#lib/server/meetings/meetings-service.ts';
import { HORIZON_MONTHS } from '#lib/server/meetings/model.ts';
import { monthLabel } from '#lib/server/platform/periods.ts';
import { endOfDayIn, monthsBefore, startOfDayIn, todayIn } from '#lib/server/platform/time.ts';
import { byMonth, isMonth, pickerMonths, shiftMonth } from './calendar.server.ts';
import type { PageServerLoad } from './$types';

/**
 * The meeting calendar: the coming meetings month by month, or one chosen month (past ones too),
 * as the reader may see them (`meetingCalendar` leaves out the place for those not invited).
 */
export const load: PageServerLoad = async (event) => {
	const ctx = await requireContext(event);
	const timeZone = ctx.network.timeZone;
	const today = todayIn(timeZone, ctx.now);
	const asked = event.url.searchParams.get('month');
	const month = isMonth(asked) ? asked : null;
	const from = month ? startOfDayIn(`${month}-01`, timeZone) : startOfDayIn(today, timeZone);
	const to = month
		? startOfDayIn(`${shiftMonth(month, 1)}-01`, timeZone)
		: endOfDayIn(monthsBefore(today, -HORIZON_MONTHS), timeZone);
	const entries = await meetingCalendar(ctx, from, to);
	const label = (value: string) => monthLabel(value, ctx.locale);
	return {
		month,
		monthLabel: month ? label(month) : null,
		previousMonth: shiftMonth(month ?? today.slice(0, 7), -1),
		nextMonth: month ? shiftMonth(month, 1) : null,
		months: pickerMonths(today).map((value) => ({ value, label: label(value) })),
		groups: byMonth(entries, timeZone).map((group) => ({ ...group, label: label(group.month) })),
		now: ctx.now,
		done: event.url.searchParams.get('done')
	};
};

import type { Migration } from 'kysely/migration';
import { foundation } from './0001-foundation.ts';
import { directory } from './0002-directory.ts';
import { directoryIndexes } from './0003-directory-indexes.ts';
import { consultations } from './0004-consultations.ts';
import { consultationStatistics } from './0005-consultation-statistics.ts';
import { consultationListIndexes } from './0006-consultation-list-indexes.ts';
import { events } from './0007-events.ts';
import { eventWaitingCounts } from './0008-event-waiting-counts.ts';
import { totpLastStep } from './0009-totp-last-step.ts';
import { eventRegistrationLimits } from './0010-event-registration-limits.ts';
import { consultationHandlerGrantedBy } from './0011-consultation-handler-granted-by.ts';
import { coverageExpectedTypes } from './0013-coverage-expected-types.ts';
import { networkQuickExit } from './0014-network-quick-exit.ts';
import { meetings } from './0015-meetings.ts';
import { meetingAttendanceIndex } from './0016-meeting-attendance-index.ts';
import { surveys } from './0017-surveys.ts';

/**
 * Every schema change, in order. Entries are frozen once released: change the schema with a new
 * entry, never by editing an old one. Names sort in the order they must run.
 */
export const migrations: Record<string, Migration> = {
	'0001-foundation': foundation,
	'0002-directory': directory,
	'0003-directory-indexes': directoryIndexes,
	'0004-consultations': consultations,
	'0005-consultation-statistics': consultationStatistics,
	'0006-consultation-list-indexes': consultationListIndexes,
	'0007-events': events,
	'0008-event-waiting-counts': eventWaitingCounts,
	'0009-totp-last-step': totpLastStep,
	'0010-event-registration-limits': eventRegistrationLimits,
	'0011-consultation-handler-granted-by': consultationHandlerGrantedBy,
	'0013-coverage-expected-types': coverageExpectedTypes,
	'0014-network-quick-exit': networkQuickExit,
	'0015-meetings': meetings,
	'0016-meeting-attendance-index': meetingAttendanceIndex,
	'0017-surveys': surveys
};

import type { ConsultationTables } from './consultations/tables.ts';
import type { DirectoryTables } from './directory/tables.ts';
import type { EventTables } from './events/tables.ts';
import type { MeetingTables } from './meetings/tables.ts';
import type { NetworkTables } from './networks/tables.ts';
import type { SurveyTables } from './surveys/tables.ts';

/**
 * The schema that combines every module's tables. The platform's `Database` knows only the
 * platform's tables; this declaration merging, in the composition floor, adds the modules' tables
 * to it, so that a query anywhere sees them all while the platform imports no module
 * (docs/architecture.md). A new module adds its `tables.ts` here.
 */
declare module './platform/db/schema.ts' {
	interface Database
		extends NetworkTables, DirectoryTables, ConsultationTables, EventTables, MeetingTables, SurveyTables {}
}

/**
 * What other modules may read from the team meetings module besides its services
 * (docs/architecture.md): who took part in a meeting or a series, which evaluations are sent to.
 */
export {
	listMeetingParticipants,
	listMeetingsToEvaluate,
	type MeetingChoice,
	type MeetingParticipant
} from './participants-repository.ts';

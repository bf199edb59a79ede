/**
 * What other modules may read from the events module besides its services (docs/architecture.md):
 * an event's participants and the events that have taken place, which evaluations are sent to.
 */
export {
	findEventTitle,
	listEventParticipants,
	listEventsToEvaluate,
	type EventChoice,
	type EventParticipant
} from './participants-repository.ts';

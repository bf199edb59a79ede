import type { Bool, Timestamp } from './column-types.ts';

/** Reads a timestamp column of either dialect. */
export function toDate(value: Timestamp): Date {
	return value instanceof Date ? value : new Date(value);
}

export function toDateOrNull(value: Timestamp | null | undefined): Date | null {
	return value === null || value === undefined ? null : toDate(value);
}

/** Reads a boolean column of either dialect. */
export function toBool(value: Bool | null | undefined): boolean {
	return value === true || value === 1;
}

/** The value to write into a timestamp column: ISO text, which both dialects accept. */
export function timestamp(date: Date): string {
	return date.toISOString();
}

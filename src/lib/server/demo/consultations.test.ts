import { describe, expect, it } from 'vitest';
import { scanSync } from '../pii/scan.ts';
import { ANONYMOUS_ANSWER, ANONYMOUS_QUESTION, HONOUR_CASES, LOG_TEXTS, OTHER_CASES } from './consultations.ts';

// The demo shows how a de-identified question looks: the anonymity guard must let every text through.
const texts: [string, string][] = [
	...[...HONOUR_CASES, ...OTHER_CASES].flatMap((c, i): [string, string][] => [
		[`case ${i}: question`, c.question],
		[`case ${i}: advice`, c.advice],
		[`case ${i}: asker function`, c.askerFunction]
	]),
	...Object.entries(LOG_TEXTS).map(([kind, text]): [string, string] => [`log: ${kind}`, text]),
	['anonymous question', ANONYMOUS_QUESTION],
	['anonymous answer', ANONYMOUS_ANSWER]
];

describe('demo consultation texts', () => {
	it.each(texts)('%s passes the anonymity guard', (_, text) => {
		expect(scanSync(text).findings).toEqual([]);
	});

	it('are checked by a guard that does find identifiers (a control)', () => {
		expect(scanSync('En kurator ringer om Amina Hassan, 19 år, på Storgatan 12.').findings.length).toBeGreaterThan(0);
	});

	it('are mostly about honour-related violence, often with a second topic', () => {
		expect(HONOUR_CASES.every((c) => c.topics.includes('honour'))).toBe(true);
		expect(OTHER_CASES.some((c) => c.topics.includes('honour'))).toBe(false);
		expect(HONOUR_CASES.filter((c) => c.topics.length > 1).length).toBeGreaterThan(HONOUR_CASES.length / 2);
	});
});

// The guard’s targets on the annotated corpus (tests/fixtures/pii-corpus): a regression in any
// detector fails CI. `npm run bench -- pii` prints the same figures (and those of the held-out set).
import { describe, expect, it } from 'vitest';
import {
	categories,
	categoryOf,
	evaluate,
	loadCorpus,
	loadHeldOut,
	loadRewritten,
	rewrittenTargets,
	targets
} from '../../../../tests/fixtures/pii-corpus/evaluate.ts';
import { scanSync } from './scan.ts';

const corpus = loadCorpus();
const result = evaluate(
	corpus,
	corpus.map((entry) => scanSync(entry.text))
);

describe('the anonymity guard on the annotated corpus', () => {
	it('has at least 300 Swedish and Norwegian sentences, a third of them clean', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(300);
		expect(result.clean / corpus.length).toBeGreaterThanOrEqual(1 / 3);
		expect(new Set(corpus.map((entry) => entry.lang))).toEqual(new Set(['sv', 'nb']));
	});

	it.each(categories)('meets the recall target for %s', (category) => {
		const misses = result.misses.filter((miss) => {
			const type = miss.type;
			return category === 'identity'
				? ['personnummer', 'samordningsnummer', 'fodselsnummer', 'd-nummer'].includes(type)
				: type === category;
		});
		expect(result.recall[category], JSON.stringify(misses.slice(0, 10))).toBeGreaterThanOrEqual(targets[category]);
	});

	it('flags at most 5 % of the clean texts', () => {
		expect(result.cleanFlaggedShare, JSON.stringify(result.falseAlarms.slice(0, 10))).toBeLessThanOrEqual(
			targets.cleanFlagged
		);
	});
});

// The hand-written held-out set (tests/fixtures/pii-corpus/held-out.json) is a measurement, not a
// target: only what must hold on any text is asserted, every identity number and e-mail address.
describe('the anonymity guard on the hand-written held-out set', () => {
	const heldOut = loadHeldOut();
	const measured = evaluate(
		heldOut,
		heldOut.map((entry) => scanSync(entry.text))
	);

	it('has at least 200 sentences, 40 % of them clean', () => {
		expect(heldOut.length).toBeGreaterThanOrEqual(200);
		expect(measured.clean / heldOut.length).toBeGreaterThanOrEqual(0.4);
	});

	it.each(['identity', 'email'] as const)('finds every %s', (category) => {
		const misses = measured.misses.filter((miss) => categoryOf(miss.type) === category);
		expect(misses).toEqual([]);
		expect(measured.recall[category]).toBe(1);
	});
});

// Identifiers rewritten to look the same on screen (other scripts' digits, invisible characters,
// line breaks and dashes as separators, …) must all be found; clean sentences whose dates, amounts
// and reference numbers were rewritten the same ways must stay clean.
describe('the anonymity guard on the rewritten section', () => {
	const rewritten = loadRewritten();
	const measured = evaluate(
		rewritten,
		rewritten.map((entry) => scanSync(entry.text))
	);

	it('has rewritten identifiers of every kind and at least 100 clean sentences with numbers', () => {
		const types = new Set(rewritten.flatMap((entry) => entry.expected.map((item) => categoryOf(item.type))));
		expect([...types]).toEqual(expect.arrayContaining(['identity', 'email', 'phone']));
		expect(measured.clean).toBeGreaterThanOrEqual(100);
	});

	it.each(['identity', 'email', 'phone'] as const)('finds every rewritten %s', (category) => {
		const misses = measured.misses.filter((miss) => categoryOf(miss.type) === category);
		expect(misses).toEqual([]);
		expect(measured.recall[category]).toBeGreaterThanOrEqual(rewrittenTargets[category]);
	});

	it('flags at most 1 % of the clean sentences with rewritten numbers', () => {
		expect(measured.cleanFlaggedShare, JSON.stringify(measured.falseAlarms.slice(0, 10))).toBeLessThanOrEqual(
			rewrittenTargets.cleanFlagged
		);
	});
});

// npm run bench -- pii: the anonymity guard (issue 4, C4) on the annotated corpus in
// tests/fixtures/pii-corpus: recall per kind of personal data, the share of clean texts flagged,
// and the time per 1 000 texts. Fails (exit 1) when a target of the issue is missed.
import { scanSync } from '../../src/lib/server/pii/scan.ts';
import { categories, evaluate, loadCorpus, targets } from '../../tests/fixtures/pii-corpus/evaluate.ts';

const corpus = loadCorpus();
const scanned = corpus.map((entry) => scanSync(entry.text));
const result = evaluate(corpus, scanned);

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
console.log(`Corpus: ${result.texts} texts (${result.clean} clean), Swedish and Norwegian`);
let failed = false;
for (const category of categories) {
	const ok = result.recall[category] >= targets[category];
	failed ||= !ok;
	console.log(
		`  recall ${category.padEnd(9)} ${percent(result.recall[category]).padStart(8)}  (${result.found[category]}/${result.expected[category]}, target ≥ ${percent(targets[category])})${ok ? '' : '  MISSED'}`
	);
}
const cleanOk = result.cleanFlaggedShare <= targets.cleanFlagged;
failed ||= !cleanOk;
console.log(
	`  clean texts flagged ${percent(result.cleanFlaggedShare)} (${result.cleanFlagged}/${result.clean}, target ≤ ${percent(targets.cleanFlagged)})${cleanOk ? '' : '  MISSED'}`
);
console.log(`  findings in texts with personal data that match no annotation: ${result.extraFindings}`);
for (const miss of result.misses.slice(0, 15))
	console.log(
		`    missed ${miss.type} "${miss.text}" in ${miss.id}${miss.got.length ? ` (found as ${miss.got.map((f) => `${f.type} "${f.text}"`).join(', ')})` : ''}`
	);
for (const alarm of result.falseAlarms.slice(0, 15))
	console.log(`    false alarm in ${alarm.id}: ${alarm.findings.map((f) => `${f.type} "${f.text}"`).join(', ')}`);

// Time: scan the whole corpus repeatedly (after the warm-up above) and report per 1 000 texts.
const rounds = 10;
const started = performance.now();
for (let round = 0; round < rounds; round++) for (const entry of corpus) scanSync(entry.text);
const perText = (performance.now() - started) / (rounds * corpus.length);
console.log(`  time: ${(perText * 1000).toFixed(0)} ms per 1 000 texts (${(perText * 1000).toFixed(1)} µs per text)`);
process.exit(failed ? 1 : 0);

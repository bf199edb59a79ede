// Regenerates the shipped municipality modules from the official CSV lists in
// src/lib/server/directory/data/ (run after replacing a CSV with a newer list):
//   node scripts/import-municipalities.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../src/lib/server/directory/data');

const lists = [
	{
		country: 'SE',
		csv: 'se_municipalities.csv',
		country_name: 'Sweden',
		source: 'Statistics Sweden (SCB) codes, CC0 1.0 — see SOURCES.md'
	},
	{
		country: 'NO',
		csv: 'no_municipalities.csv',
		country_name: 'Norway',
		source: 'Statistisk sentralbyrå (SSB) classification, NLOD 2.0 — credit: Statistisk sentralbyrå; see SOURCES.md'
	}
];

for (const list of lists) {
	// The lists have no quoted fields: code,name,county code,county name.
	const [, ...rows] = readFileSync(path.join(dir, list.csv), 'utf8').trim().split(/\r?\n/);
	const entries = rows
		.map((row) => row.split(','))
		.map(([code, name, countyCode, countyName]) => [code, name, countyCode, countyName]);
	const body = entries.map((entry) => `\t[${entry.map((value) => JSON.stringify(value)).join(', ')}],`).join('\n');
	const output = `// ${entries.length} municipalities of ${list.country_name}: [code, name, county code, county name].
// Source: ${list.source}. Generated from ${list.csv} by scripts/import-municipalities.ts; do not edit by hand.
export const ${list.country.toLowerCase()}Municipalities: readonly (readonly [string, string, string, string])[] = [
${body}
];
`;
	writeFileSync(path.join(dir, list.csv.replace('_municipalities.csv', '-municipalities.ts')), output);
	console.log(`${list.country}: ${entries.length} municipalities`);
}

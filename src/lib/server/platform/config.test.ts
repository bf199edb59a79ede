import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'samverkan-config-'));

describe('configuration', () => {
	it('runs on SQLite in ./data on port 3000 when nothing is set', () => {
		const dir = dataDir();
		const config = parseConfig({ SAMVERKAN_DATA_DIR: dir });
		expect(config.PORT).toBe(3000);
		expect(config.database).toEqual({ dialect: 'sqlite', file: path.join(dir, 'samverkan.db') });
		expect(config.SMTP_URL).toBeUndefined();
	});

	it('uses PostgreSQL when DATABASE_URL is set', () => {
		const config = parseConfig({ SAMVERKAN_DATA_DIR: dataDir(), DATABASE_URL: 'postgres://app@db:5432/samverkan' });
		expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://app@db:5432/samverkan' });
	});

	it('names every bad variable in one clear message', () => {
		expect(() =>
			parseConfig({
				SAMVERKAN_DATA_DIR: dataDir(),
				PORT: 'abc',
				SMTP_URL: 'mail.example.org',
				DATABASE_URL: 'mysql://x'
			})
		).toThrowError(ConfigError);
		try {
			parseConfig({ SAMVERKAN_DATA_DIR: dataDir(), PORT: 'abc', SMTP_URL: 'mail.example.org' });
		} catch (error) {
			expect((error as Error).message).toMatch(/PORT/);
			expect((error as Error).message).toMatch(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
		}
	});

	it("trusts a proxy's protocol and host headers only together with ORIGIN, the address mailed links need", () => {
		for (const name of ['TRUSTED_HOST_HEADER', 'TRUSTED_PROTOCOL_HEADER']) {
			expect(() => parseConfig({ SAMVERKAN_DATA_DIR: dataDir(), [name]: 'X-Forwarded-Host' })).toThrow(
				`ORIGIN: must be set when ${name} is`
			);
		}
		const config = parseConfig({
			SAMVERKAN_DATA_DIR: dataDir(),
			ORIGIN: 'https://samverkan.example.org',
			TRUSTED_HOST_HEADER: 'X-Forwarded-Host',
			TRUSTED_PROTOCOL_HEADER: 'X-Forwarded-Proto'
		});
		expect(config.TRUSTED_HOST_HEADER).toBe('X-Forwarded-Host');
		expect(() =>
			parseConfig({ SAMVERKAN_DATA_DIR: dataDir(), ORIGIN: 'https://a.example', TRUSTED_HOST_HEADER: 'Host: x' })
		).toThrow(ConfigError);
	});

	it('treats empty variables as not set', () => {
		expect(parseConfig({ SAMVERKAN_DATA_DIR: dataDir(), SMTP_URL: '', DATABASE_URL: '' }).database.dialect).toBe(
			'sqlite'
		);
	});

	it('creates a secret once, readable only by the owner, and keeps it across starts', () => {
		const dir = dataDir();
		const first = parseConfig({ SAMVERKAN_DATA_DIR: dir }).secret;
		expect(parseConfig({ SAMVERKAN_DATA_DIR: dir }).secret).toBe(first);
		expect(first.length).toBeGreaterThanOrEqual(32);
		expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
		expect(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toBe(first);
	});
});

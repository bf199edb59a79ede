import pino from 'pino';

const levels = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * JSON logs for operators. Never log request bodies, e-mail addresses, names or free text: log ids,
 * routes, outcomes and error classes. The redact list is a second line of defence.
 */
export const logger = pino({
	// An invalid LOG_LEVEL is reported by the configuration check at start; the logger must not crash first.
	level: levels.has(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL : 'info',
	base: { service: 'samverkan' },
	redact: {
		paths: ['email', '*.email', 'password', '*.password', 'recipient', '*.recipient', 'name', 'headers.cookie'],
		censor: '[redacted]'
	}
});

export type Logger = typeof logger;

import pino from 'pino';

/**
 * JSON logs for operators. Never log request bodies, e-mail addresses, names or free text: log ids,
 * routes, outcomes and error classes. The redact list is a second line of defence.
 */
export const logger = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { service: 'samverkan' },
	redact: {
		paths: ['email', '*.email', 'password', '*.password', 'recipient', '*.recipient', 'name', 'headers.cookie'],
		censor: '[redacted]'
	}
});

export type Logger = typeof logger;

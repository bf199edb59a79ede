// The production server, copied into the build as index.js by vite.config.ts (`node build` runs it).
// It takes the place of adapter-node's own index.js for two reasons, both found in the registration
// rush of issue 5 (npm run bench -- rush):
//  - every request first meets the app's front door (src/lib/server/http/front-door.ts), which the
//    app installs when it starts and which passes what it does not serve to SvelteKit;
//  - it listens with a deep accept queue: with Node's default of 511, a burst of new connections
//    (hundreds of people opening the registration at the same minute) left some of them waiting
//    seconds to be accepted while others were served.
// SvelteKit itself is adapter-node's handler, as a custom server uses it; the handler's variables
// (BODY_SIZE_LIMIT, PROTOCOL_HEADER, …) apply as before.
import http from 'node:http';
import process from 'node:process';
import { handler } from './handler.js';

const number = (name, fallback) => {
	const value = Number(process.env[name] || fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, not "${process.env[name]}"`);
	return value;
};
// adapter-node's entry also listened on a Unix socket or a socket handed over by systemd; this one
// does not (decision 012), and says so rather than quietly listening on a port instead.
for (const name of ['SOCKET_PATH', 'LISTEN_PID', 'LISTEN_FDS', 'IDLE_TIMEOUT']) {
	if (process.env[name]) throw new Error(`${name} is not supported: Samverkan listens on HOST and PORT`);
}
const host = process.env.HOST || '0.0.0.0';
const port = number('PORT', 3000);
const backlog = number('LISTEN_BACKLOG', 4096);
const shutdownTimeout = number('SHUTDOWN_TIMEOUT', 30);

const sveltekit = (req, res) =>
	handler(req, res, () => {
		res.statusCode = 404;
		res.end();
	});
// Set during the handler's import, when the app starts (hooks.server.ts init).
const door = globalThis[Symbol.for('samverkan.front-door')];

let stopping = null;
const server = http.createServer((req, res) => {
	// While shutting down, every connection closes as soon as its request is answered, also those
	// of requests that were already running when the signal came.
	res.once('finish', () => {
		if (stopping) server.closeIdleConnections();
	});
	if (door) door(req, res, sveltekit);
	else sveltekit(req, res);
});
if (process.env.KEEP_ALIVE_TIMEOUT) server.keepAliveTimeout = number('KEEP_ALIVE_TIMEOUT', 5) * 1000;
if (process.env.HEADERS_TIMEOUT) server.headersTimeout = number('HEADERS_TIMEOUT', 60) * 1000;

server.listen({ host, port, backlog }, () => {
	console.log(`Listening on http://${host.includes(':') ? `[${host}]` : host}:${port}`);
});

/** Stops taking connections, lets running requests finish (at most SHUTDOWN_TIMEOUT s), then stops the app. */
function shutdown(reason) {
	if (stopping) return;
	server.closeIdleConnections();
	stopping = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
	server.close(() => {
		clearTimeout(stopping);
		process.emit('sveltekit:shutdown', reason);
	});
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

export { host, port, server };

// The production server, copied into the build as index.js by vite.config.ts (`node build` runs it).
// It takes the place of adapter-node's own index.js (see decisions 012 and 014):
//  - every request first meets the app's front door (src/lib/server/http/front-door.ts), which the
//    app installs when it starts and which passes what it does not serve to SvelteKit;
//  - it listens with a deep accept queue: with Node's default of 511, a burst of new connections
//    (hundreds of people opening the registration at the same minute) left some of them waiting
//    seconds to be accepted while others were served;
//  - it decides each request's origin from ORIGIN (or a header of a trusted proxy), so one build
//    serves any address chosen at start and no client can choose the origin with a Host header;
//  - it stops promptly and says what it waits for.
// SvelteKit itself is adapter-node's handler, as a custom server uses it; the handler's variables
// (BODY_SIZE_LIMIT, ADDRESS_HEADER, …) apply as before.
import http from 'node:http';
import process from 'node:process';

const number = (name, fallback) => {
	const value = Number(process.env[name] || fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, not "${process.env[name]}"`);
	return value;
};
/** Stops the start with one plain line: these are mistakes in the configuration, not crashes. */
const refuse = (message) => {
	console.error(message);
	console.error('See docs/operations.md for every setting.');
	process.exit(1);
};
// adapter-node's entry also listened on a Unix socket or a socket handed over by systemd; this one
// does not (decision 012), and says so rather than quietly listening on a port instead.
for (const name of ['SOCKET_PATH', 'LISTEN_PID', 'LISTEN_FDS', 'IDLE_TIMEOUT']) {
	if (process.env[name]) refuse(`${name} is not supported: Samverkan listens on HOST and PORT.`);
}
// adapter-node's own proxy headers would let the handler take the origin from a header this entry
// does not check; the trusted ones are named with TRUSTED_PROTOCOL_HEADER and TRUSTED_HOST_HEADER.
for (const [name, instead] of [
	['PROTOCOL_HEADER', 'TRUSTED_PROTOCOL_HEADER'],
	['HOST_HEADER', 'TRUSTED_HOST_HEADER'],
	['PORT_HEADER', 'TRUSTED_HOST_HEADER (with the port in the host)']
]) {
	if (process.env[name]) refuse(`${name} is not read by Samverkan: use ${instead}, together with ORIGIN.`);
}
const host = process.env.HOST || '0.0.0.0';
const port = number('PORT', 3000);
const backlog = number('LISTEN_BACKLOG', 4096);
const shutdownTimeout = number('SHUTDOWN_TIMEOUT', 30);

// The public origin, as the app computes it (src/lib/server/app.ts publicOriginOf); the app's own
// configuration check has the friendlier messages, this one only guards the entry.
let origin;
try {
	origin = new URL(process.env.ORIGIN || `http://localhost:${port}`);
} catch {
	refuse(`ORIGIN must be an absolute http(s) URL such as https://samverkan.example.org, not "${process.env.ORIGIN}".`);
}
const headerName = (name) => {
	const value = process.env[name]?.trim().toLowerCase();
	if (!value) return null;
	if (!/^[a-z0-9-]+$/.test(value)) refuse(`${name} must be a header name such as X-Forwarded-Host.`);
	if (!process.env.ORIGIN)
		refuse(`${name} needs ORIGIN too: mailed links are written without a request to read it from.`);
	return value;
};
const trusted = { protocol: headerName('TRUSTED_PROTOCOL_HEADER'), host: headerName('TRUSTED_HOST_HEADER') };

// adapter-node's handler builds every request's URL from these two headers when the build fixes no
// origin (vite.config.ts leaves paths.origin unset). This entry sets both on every request, over
// whatever a client sent under those names.
const PROTOCOL = 'x-samverkan-protocol';
const HOST = 'x-samverkan-host';
process.env.PROTOCOL_HEADER = PROTOCOL;
process.env.HOST_HEADER = HOST;
// Imported only now: the handler reads its variables, and the app starts, when it is loaded.
const { handler } = await import('./handler.js');

const first = (value) => (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim() || null;
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Sets the request's origin: ORIGIN's, or what the trusted proxy forwarded where one is configured.
 * Returns false for a forwarded value that is no protocol or host, which is answered with 400.
 */
function setOrigin(req) {
	const protocol =
		(trusted.protocol && first(req.headers[trusted.protocol])?.toLowerCase()) || origin.protocol.slice(0, -1);
	const authority = (trusted.host && first(req.headers[trusted.host])) || origin.host;
	if ((protocol !== 'http' && protocol !== 'https') || !HOST_PATTERN.test(authority)) return false;
	req.headers[PROTOCOL] = protocol;
	req.headers[HOST] = authority;
	req.headers.host = authority;
	return true;
}

const sveltekit = (req, res) =>
	handler(req, res, () => {
		res.statusCode = 404;
		res.end();
	});
// Set during the handler's import, when the app starts (hooks.server.ts init).
const door = globalThis[Symbol.for('samverkan.front-door')];

// Every open connection, and those with a request being answered. Node's closeIdleConnections does
// not close a connection on which nothing or only part of a request has arrived yet, which browsers
// open ahead of need: one left the server waiting for SHUTDOWN_TIMEOUT after Ctrl-C.
const connections = new Set();
const busy = new Set();
let stopping = false;
const server = http.createServer((req, res) => {
	const socket = req.socket;
	busy.add(socket);
	// Fires once the response is sent, or the client went away.
	res.once('close', () => {
		busy.delete(socket);
		// While stopping, a connection closes as soon as its request is answered.
		if (stopping) socket.destroy();
	});
	if (!setOrigin(req)) {
		res.statusCode = 400;
		res.setHeader('content-type', 'text/plain; charset=utf-8');
		res.end('Bad Request: the forwarded protocol or host is not valid.');
		return;
	}
	if (door) door(req, res, sveltekit);
	else sveltekit(req, res);
});
server.on('connection', (socket) => {
	connections.add(socket);
	socket.once('close', () => {
		connections.delete(socket);
		busy.delete(socket);
	});
});
if (process.env.KEEP_ALIVE_TIMEOUT) server.keepAliveTimeout = number('KEEP_ALIVE_TIMEOUT', 5) * 1000;
if (process.env.HEADERS_TIMEOUT) server.headersTimeout = number('HEADERS_TIMEOUT', 60) * 1000;

server.listen({ host, port, backlog }, () => {
	console.log(`Listening on http://${host.includes(':') ? `[${host}]` : host}:${port}`);
});

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

/**
 * Stops taking connections, closes every connection without a request in progress at once, lets the
 * running requests finish (at most SHUTDOWN_TIMEOUT s), then stops the app (its jobs and mail worker
 * finish what they are doing).
 */
function shutdown(reason) {
	if (stopping) return;
	stopping = true;
	const waiting = busy.size;
	console.log(
		waiting
			? `Stopping: waiting for ${plural(waiting, 'request', 'requests')} in progress (at most ${shutdownTimeout} s) …`
			: 'Stopping …'
	);
	const deadline = setTimeout(() => {
		console.log(
			`Stopping: ${plural(busy.size, 'request', 'requests')} still running after ${shutdownTimeout} s; cutting them off.`
		);
		for (const socket of connections) socket.destroy();
	}, shutdownTimeout * 1000);
	deadline.unref();
	server.close(() => {
		clearTimeout(deadline);
		process.once('exit', () => console.log('Stopped.'));
		process.emit('sveltekit:shutdown', reason);
		// The app closes its jobs, mail worker and database; should anything else still hold the
		// process, it is not left running without a word.
		setTimeout(() => {
			console.log(`Stopping: the app had not finished ${shutdownTimeout} s after the last request; stopping anyway.`);
			process.exit(0);
		}, shutdownTimeout * 1000).unref();
	});
	for (const socket of connections) if (!busy.has(socket)) socket.destroy();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

export { host, port, server };

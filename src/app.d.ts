// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			locale: import('#lib/paraglide/runtime.js').Locale;
			requestId: string;
			clientAddress: string | null;
			user: import('#lib/server/platform/context.ts').Actor | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
		interface PageData {
			user?: { name: string; email: string; isInstanceAdmin: boolean } | null;
		}
	}
}

export {};

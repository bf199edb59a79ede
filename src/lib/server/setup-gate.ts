import { app } from './app.ts';
import { countUsers } from './platform/auth/user-repository.ts';

/**
 * Until the first user exists every page leads to /setup (hooks.server.ts). Once one exists it
 * always will, so the answer is kept after the first "yes".
 */
let done = false;
export async function setupIsDone(): Promise<boolean> {
	if (!done) done = (await countUsers(app().database.db)) > 0;
	return done;
}

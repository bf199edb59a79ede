import { quickExitUrl } from '#lib/server/networks/public-pages.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({ quickExitUrl: quickExitUrl(locals.locale) });

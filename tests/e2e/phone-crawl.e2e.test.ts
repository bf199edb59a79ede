/**
 * Every page a coordinator and an administrator of the demo network reach by following links, on a
 * phone (375×740), in Chromium with axe and the Nu HTML Checker: no page may break WCAG 2.1 AA at
 * that width (wide tables scroll inside a focusable, named region) nor make the whole page scroll
 * sideways (reflow, WCAG 1.4.10).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, seedDemoInto, signIn, startApp, visit, type RunningApp } from './harness.ts';

const PHONE = { width: 375, height: 740 };
/** Downloads, sign-out and pages that change something when opened are not crawled. */
const SKIPPED = /\.(csv|vcf|ics|pdf)$|\/logout|\/dev\/mail\/[^/]+\/html$/;
const MAX_PAGES = 70;

let app: RunningApp;
let browser: Browser;
let signIns: Awaited<ReturnType<typeof seedDemoInto>>;

/**
 * The app pages under `start` reachable by links, breadth first, each visited once, with what is
 * wrong on each (every page is checked, so one run lists every problem).
 */
async function crawl(page: Page, start: string): Promise<{ visited: string[]; problems: string[] }> {
	const queue = [start];
	const seen = new Set(queue);
	const visited: string[] = [];
	const problems: string[] = [];
	while (queue.length && visited.length < MAX_PAGES) {
		const path = queue.shift()!;
		try {
			await visit(page, path);
		} catch (error) {
			problems.push(`${path}: ${(error as Error).message}`);
		}
		visited.push(path);
		const overflow = await page.evaluate(() => {
			const width = window.innerWidth;
			// the outermost element wider than the screen, to say where the page overflows
			const insideScroller = (element: Element) => {
				for (let up = element.parentElement; up; up = up.parentElement) {
					if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) return true;
				}
				return false;
			};
			const sticksOut = (element: Element) =>
				element.getBoundingClientRect().right > width + 1 && !insideScroller(element);
			// the innermost elements that stick out: what makes the page wider than the screen
			const culprits = [...document.querySelectorAll('main *')]
				.filter((element) => sticksOut(element) && ![...element.children].some(sticksOut))
				.slice(0, 3);
			const where = culprits
				.map(
					(element) =>
						`${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${element.textContent?.trim().slice(0, 40)}"`
				)
				.join(', ');
			return { by: document.documentElement.scrollWidth - width, where };
		});
		if (overflow.by > 0) problems.push(`${path} scrolls sideways by ${overflow.by} px (at ${overflow.where})`);
		const links = await page.locator('a[href]:not([download])').evaluateAll((anchors) =>
			anchors.map((a) => {
				const url = new URL((a as HTMLAnchorElement).href);
				return url.origin === location.origin ? url.pathname : null;
			})
		);
		for (const link of links) {
			if (!link || !link.startsWith(start) || SKIPPED.test(link)) continue;
			// one page per route: a contact, an event or a consultation stands for all of its kind
			const route = link.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}|\/[A-Z]+-\d{4}-\d+|\/\d+(?=\/|$)/g, '/:id');
			if (seen.has(route)) continue;
			seen.add(route);
			queue.push(link);
		}
	}
	return { visited, problems };
}

describe('the app on a phone', () => {
	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp(), launchBrowser()]);
		signIns = await seedDemoInto(app);
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	for (const role of ['coordinator', 'admin'] as const) {
		it(`passes axe and the HTML checker on every page a ${role} reaches, without sideways scrolling`, async () => {
			const person = signIns.find((s) => s.network === 'norrbotten' && s.role === role);
			if (!person) throw new Error(`the demo has no ${role} in norrbotten`);
			const page = await newPage(browser, app);
			await page.setViewportSize(PHONE);
			await signIn(page, app, {
				email: person.email,
				password: person.password,
				totpSecret: person.totpSecret ?? undefined
			});
			const { visited, problems } = await crawl(page, '/app/norrbotten');
			expect(problems).toEqual([]);
			// the crawl reached the modules' lists, not only the start page
			for (const module of ['/directory', '/events', '/consultations']) {
				expect(visited.some((p) => p.startsWith(`/app/norrbotten${module}`))).toBe(true);
			}
			await page.context().close();
		}, 600_000);
	}
});

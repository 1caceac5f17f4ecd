// Accessibility: axe-core finds no violation on any page, tab or Data section of the release
// build, in Russian and in English — colour contrast included, so the overdue marks stay
// readable on a projector.
import { test, before, after } from 'node:test';
import { serve, launch, openApp, expectNoAxeViolations } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

/** Every view a user can open: each page, each of its tabs and views, each Data section. */
const VIEWS = [
  'funnel', 'funnel?fmode=conversion',
  'pipeline', 'pipeline?pview=stages', 'pipeline?pview=forecast',
  'changes',
  'relationships', 'relationships?mview=table',
  'directions', 'directions?mview=table',
  ...['forecast', 'attention', 'tasks', 'activity', 'clients', 'plans'].map((t) => `forecast?fview=${t}`),
  ...['deals', 'clients', 'contacts', 'sellers', 'directions', 'stages', 'plans', 'roles', 'types', 'file', 'workshop']
    .map((t) => `data?dtab=${t}`),
  'funnel?print=pack',
];

for (const locale of ['ru-RU', 'en-US']) {
  test(`no axe-core violation on any page, tab or Data section (${locale})`, async () => {
    const { context, page } = await openApp(browser, srv.url, { locale });
    for (const view of VIEWS) {
      await page.goto(`${srv.url}#/${view}`);
      const slug = view.split('?')[0];
      await page.waitForSelector(`[data-testid=page-${slug}]`);
      // Let the view settle (charts draw, lazy rows render) before checking it.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      await expectNoAxeViolations(page, `${locale} #/${view}`);
    }
    await context.close();
  });
}

/** What a trainer shows on a projector: presentation mode's views, and a tour step over them. */
const PRESENT_VIEWS = [
  'funnel', 'funnel?fmode=conversion',
  'pipeline', 'pipeline?pview=stages', 'pipeline?pview=forecast',
  'relationships', 'directions',
  'forecast', 'forecast?fview=attention',
  'funnel?tour=1', 'relationships?tour=8',
];

for (const locale of ['ru-RU', 'en-US']) {
  test(`no axe-core violation in presentation mode, tour steps included (${locale})`, async () => {
    const { context, page } = await openApp(browser, srv.url, { locale });
    for (const view of PRESENT_VIEWS) {
      const url = `${srv.url}#/${view}${view.includes('?') ? '&' : '?'}present=1`;
      await page.goto(url);
      const slug = view.split('?')[0];
      await page.waitForSelector(`[data-testid=page-${slug}]`);
      await page.waitForSelector('html[data-present]', { state: 'attached' });
      if (view.includes('tour=')) await page.waitForSelector('[data-testid=tour]');
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      await expectNoAxeViolations(page, `${locale} #/${view} (presentation)`);
    }
    await context.close();
  });
}

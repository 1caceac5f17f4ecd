import { serve, launch, openApp, waitForChart } from '../tests/e2e/harness.mjs';
const srv = await serve(process.argv[2] || 'dist', '/');
const b = await launch();
const { page, problems } = await openApp(b, srv.url + (process.argv[3] || ''), { locale: process.argv[4] || 'en-US' });
await waitForChart(page, 'funnel-chart').catch(e => console.log('chart wait', e.message));
await page.waitForTimeout(800);
await page.screenshot({ path: '/tmp/shot.png', fullPage: true });
console.log(problems);
await b.close(); await srv.close();

// The shipped ECharts is a custom build (scripts/echarts-entry.js) with only the charts and
// components Voronka's specs use. A series or component that is not registered is dropped without
// a word by ECharts' production build, so this test records every option the bridge hands to
// ECharts on each chart page and checks that ECharts built a model for each series and component
// in it, and that the chart exports as PNG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, waitForChart } from './harness.mjs';

let srv, browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

// Top-level option keys that are settings, not components.
const SETTINGS = ['color', 'animation', 'backgroundColor', 'textStyle', 'darkMode', 'useUTC'];

const PAGES = [
  ['#/funnel', 'funnel-chart'],
  ['#/pipeline?pview=stages', 'pipeline-stage-chart'],
  ['#/relationships', 'rel-chart'],
  ['#/directions', 'dir-chart'],
  ['#/forecast', 'forecast-chart'],
];

for (const [route, id] of PAGES) {
  test(`${route}: ECharts knows every series and component of ${id}`, async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    // Record each option as the bridge passes it to setOption, from the moment the bundle sets
    // the global `echarts`.
    await context.addInitScript(() => {
      window.__options = {};
      let lib;
      Object.defineProperty(window, 'echarts', {
        configurable: true,
        get: () => lib,
        set(v) {
          const init = v.init;
          v.init = (el, ...rest) => {
            const chart = init(el, ...rest);
            const setOption = chart.setOption.bind(chart);
            chart.setOption = (option, opts) => {
              window.__options[el.dataset.testid] = JSON.parse(JSON.stringify(option));
              return setOption(option, opts);
            };
            return chart;
          };
          lib = v;
        },
      });
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(srv.url + route);
    await waitForChart(page, id);

    const r = await page.evaluate(({ id, SETTINGS }) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const chart = echarts.getInstanceByDom(el);
      const option = window.__options[id];
      const model = chart.getModel();
      const missing = [];
      for (const key of Object.keys(option)) {
        if (key === 'series' || SETTINGS.includes(key)) continue;
        const wanted = [].concat(option[key]).length;
        const built = model.queryComponents({ mainType: key }).length;
        if (built !== wanted) missing.push(`${key}: ${built} of ${wanted}`);
      }
      for (const s of [].concat(option.series || [])) {
        for (const marker of ['markLine', 'markPoint', 'markArea']) {
          if (s[marker] && !echarts.ComponentModel.hasClass(marker)) missing.push(marker);
        }
      }
      return {
        missing,
        wanted: [].concat(option.series || []).map((s) => s.type),
        built: model.getSeries().map((s) => s.subType),
        keys: Object.keys(option),
        png: chart.getDataURL({ type: 'png', pixelRatio: 1 }).slice(0, 22),
      };
    }, { id, SETTINGS });
    assert.deepEqual(r.missing, [], `components without a model (keys: ${r.keys.join(', ')})`);
    assert.ok(r.wanted.length > 0);
    assert.deepEqual(r.built, r.wanted, 'every series type is registered');
    assert.equal(r.png, 'data:image/png;base64,');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

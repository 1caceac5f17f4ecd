// Shared by the first-chart benchmarks (first-load-bench.mjs, offline-bench.mjs): an init script
// that records when any ECharts instance first renders, and the median of a run's figures.

/** Installed before any page script (context.addInitScript): sets `window.__firstChart`. */
export function firstChartHook() {
  let lib;
  Object.defineProperty(globalThis, 'echarts', {
    configurable: true,
    get: () => lib,
    set(v) {
      lib = v;
      const init = v.init;
      v.init = function (...args) {
        const chart = init.apply(this, args);
        chart.on('rendered', () => {
          if (window.__firstChart === undefined) window.__firstChart = performance.now();
        });
        return chart;
      };
    },
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

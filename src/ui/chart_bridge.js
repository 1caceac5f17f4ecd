// The only JavaScript that talks to ECharts. ECharts itself is bundled from npm by Trunk
// (index.html) and exposed as the global `echarts`. Tooltip text is built in Rust and shown
// escaped here, so names from user data never render as HTML.

function lib() {
  const e = globalThis.echarts;
  if (!e) throw new Error('ECharts is not loaded');
  return e;
}

function escapeHtml(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// `voronkaTips[series][item]` holds plain-text tooltip lines for each data item.
function prepare(option) {
  const tips = option.voronkaTips;
  delete option.voronkaTips;
  if (tips) {
    option.tooltip = Object.assign({}, option.tooltip || {}, {
      formatter: (p) => {
        const lines = (tips[p.seriesIndex] || [])[p.dataIndex];
        if (!lines) return escapeHtml(p.name);
        return lines.map((l, i) => (i === 0 ? '<b>' + escapeHtml(l) + '</b>' : escapeHtml(l))).join('<br/>');
      },
    });
  }
  return option;
}

// The first chart drawn in this document: the app fetches the other pages' code after it, when
// the browser is idle (src/ui/page_loader.rs), so that download never delays the first chart.
let firstChartAnnounced = false;

// `forPrint`: drawn at twice the screen's pixel density, so the printed chart stays sharp, and
// without animation, so the print dialog never catches a chart halfway.
export function chartInit(el, forPrint) {
  const opts = { renderer: 'canvas' };
  if (forPrint) opts.devicePixelRatio = Math.max(2, globalThis.devicePixelRatio || 1);
  const chart = lib().init(el, null, opts);
  chart.voronkaForPrint = !!forPrint;
  if (!firstChartAnnounced) {
    chart.on('rendered', function announce() {
      chart.off('rendered', announce);
      if (firstChartAnnounced) return;
      firstChartAnnounced = true;
      window.dispatchEvent(new Event('voronka:first-chart'));
    });
  }
  return chart;
}

export function chartSetOption(chart, json) {
  const option = prepare(JSON.parse(json));
  if (chart.voronkaForPrint) option.animation = false;
  chart.setOption(option, { notMerge: true, lazyUpdate: false });
}

export function chartOnClick(chart, callback) {
  chart.on('click', (p) => callback(p.seriesIndex ?? -1, p.dataIndex ?? -1, String(p.name ?? '')));
}

export function chartObserveResize(el, chart) {
  const ro = new ResizeObserver(() => {
    if (!chart.isDisposed()) chart.resize();
  });
  ro.observe(el);
  return ro;
}

export function chartDispose(chart, ro) {
  if (ro) ro.disconnect();
  if (!chart.isDisposed()) chart.dispose();
}

export function chartPngOf(el) {
  const chart = lib().getInstanceByDom(el);
  if (!chart) throw new Error('no chart here');
  return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
}

export function chartCountOf(el) {
  return lib().getInstanceByDom(el) ? 1 : 0;
}

// The ECharts that Voronka ships: only the charts, components and features its specs use
// (src/charts/*.rs), bundled by scripts/build-echarts.mjs into vendor/echarts.custom.min.js.
// A chart type or option block that is not registered here draws nothing (ECharts only logs a
// console error), so add it here when a spec starts using it.
// Only the API the bridge and the tests call is exported: the whole `echarts/core` namespace on the
// global kept every helper it re-exports (graphic, format, time, …) in the bundle, about 4.7 KB gzip.
import { ComponentModel, getInstanceByDom, init, use } from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent, // slider + inside, long matrices (matrix.rs)
  GridComponent, // cartesian axes of bar, line and heatmap
  LegendComponent, // plain and scroll legends (forecast.rs, pipeline.rs)
  TooltipComponent, // item tooltips everywhere (text from voronkaTips, see chart_bridge.js)
  VisualMapComponent, // continuous + piecewise scales of the heatmaps (matrix.rs)
} from 'echarts/components';
import { LabelLayout } from 'echarts/features'; // label lines and label animation, as in the full build
import { CanvasRenderer } from 'echarts/renderers'; // chart_bridge.js inits with canvas; getDataURL → PNG

use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  LineChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  LabelLayout,
  CanvasRenderer,
]);

// The bridge (src/ui/chart_bridge.js) calls `init`; the tests and benches also
// `getInstanceByDom` (a drawn chart's option) and `ComponentModel` (tests/e2e/echarts-bundle).
// A plain object, like the UMD export, so tests and benches can wrap `init`.
globalThis.echarts = { init, getInstanceByDom, ComponentModel };

/** Small reusable SVG charts, drawn offline with no chart library: bars, histogram, line. */
export { BarChart, type BarChartProps } from './BarChart';
export { Histogram, type HistogramProps } from './Histogram';
export { LineChart, type LineChartProps, type LinePoint } from './LineChart';
export { formatCount, linear, niceTicks, type Datum } from './scale';

import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';
import { escapeHtml } from './escapeHtml.ts';
import { FONT_FAMILY, TEXT } from './palette.ts';

// The single-file CommonJS bundle (package `require` condition, dist/echarts.js) loads in
// ~0.2 s; the ESM entry pulls in hundreds of lib/ modules and took 1.5–3 s under tsx.
const echarts = createRequire(import.meta.url)('echarts') as typeof EChartsModule;

/** An ECharts option object (kept loose: figure builders construct plain objects). */
export type ChartOption = Record<string, unknown>;

/** A figure: an ECharts option plus what the report prints around it. */
export interface FigureSpec {
  readonly id: string; // file stem: figures/<id>.svg
  readonly title: string;
  readonly caption: string;
  /** Text alternative: what the figure shows and its main values (SVG <desc>, read by screen readers). */
  readonly description: string;
  /** Printed in an appendix of report.html rather than with the main figures. */
  readonly appendix?: boolean;
  readonly width: number;
  readonly height: number;
  readonly option: ChartOption;
}

/**
 * Renders an ECharts option to a standalone SVG string on the server (ECharts SSR, no DOM).
 * Animation is off so the string is the final frame; a white background keeps the SVG legible
 * when opened on its own or converted to PNG.
 */
export function renderChartSvg(spec: FigureSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY, color: TEXT },
      ...spec.option,
      title: fitMainTitle(spec.option.title, spec.width - 40),
    } as EChartsModule.EChartsCoreOption);
    return accessibleSvg(chart.renderToSVGString(), spec);
  } finally {
    chart.dispose();
  }
}

/**
 * Names the drawing for assistive technology: role="img" with <title> and <desc> as the first
 * children, referenced by aria-labelledby (ids from the figure id; the report prefixes them).
 */
export function accessibleSvg(svg: string, spec: Pick<FigureSpec, 'id' | 'title' | 'description'>): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error(`figure ${spec.id}: renderer did not return an <svg> element`);
  const id = `${spec.id}-a11y`;
  const tag = open[0].replace(/^<svg\b/, `<svg role="img" aria-labelledby="${id}-title ${id}-desc"`);
  return `${tag}\n<title id="${id}-title">${escapeHtml(spec.title)}</title>\n<desc id="${id}-desc">${escapeHtml(spec.description)}</desc>${svg.slice(open[0].length)}`;
}

/** Registers a GeoJSON map under `name` for map series and geo components. */
export function registerMap(name: string, geoJson: unknown): void {
  // ECharts' GeoJSON type is structural; the file was validated when loaded.
  echarts.registerMap(name, geoJson as Parameters<typeof EChartsModule.registerMap>[1]);
}

type TitleOption = Record<string, unknown> & {
  textStyle?: Record<string, unknown>;
  subtextStyle?: Record<string, unknown>;
};

/** Truncates (with an ellipsis) a main title or subtitle wider than the figure. */
function fitMainTitle(title: unknown, width: number): unknown {
  const truncate = (t: TitleOption): TitleOption => ({
    ...t,
    textStyle: { ...t.textStyle, width, overflow: 'truncate' },
    subtextStyle: { ...t.subtextStyle, width, overflow: 'truncate' },
  });
  if (Array.isArray(title)) return title.map((t, k) => (k === 0 ? truncate(t as TitleOption) : t));
  if (title && typeof title === 'object') return truncate(title as TitleOption);
  return title;
}

// Small DOM helpers shared by the explorer's views and panel.
import { type Cell, type CsvProvenance, downloadCsv, PROVENANCE_HEADER, provenanceCells } from './csv.ts';

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

/** A data table in a keyboard-scrollable region; the first column is the row header. */
export function tableEl(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  fmt: (c: Cell, col: number, row: number) => string,
): HTMLElement {
  const t = h('table', { className: 'data' });
  t.append(h('caption', { className: 'sr-only', textContent: caption }));
  t.append(h('thead', {}, h('tr', {}, ...header.map((x) => h('th', { textContent: x, scope: 'col' })))));
  const body = h('tbody');
  rows.forEach((r, k) => {
    body.append(
      h(
        'tr',
        {},
        ...r.map((c, j) =>
          j === 0
            ? h('th', { textContent: fmt(c, j, k), scope: 'row' })
            : h('td', { textContent: fmt(c, j, k) }),
        ),
      ),
    );
  });
  t.append(body);
  const wrap = h('div', { className: 'tablewrap', tabIndex: 0 }, t);
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', `${caption} (scrollable table)`);
  return wrap;
}

/**
 * A download button for a tidy table (one observation per row, one variable per column): the
 * rows' own columns, then the provenance columns (scenario, conventions, draws, dataset,
 * demonstration flag) on every row.
 */
export function csvButton(
  label: string,
  file: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  provenance: CsvProvenance,
): HTMLButtonElement {
  const b = h('button', { className: 'small', textContent: `⇩ ${label} (CSV)` });
  b.addEventListener('click', () => {
    const p = provenanceCells(provenance);
    downloadCsv(
      file,
      [...header, ...PROVENANCE_HEADER],
      rows.map((r) => [...r, ...p]),
    );
  });
  return b;
}

export function select(
  id: string,
  options: readonly [string, string][],
  value: string,
  onChange: (v: string) => void,
): HTMLSelectElement {
  const s = h('select', { id });
  for (const [v, t] of options) s.append(h('option', { value: v, textContent: t, selected: v === value }));
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

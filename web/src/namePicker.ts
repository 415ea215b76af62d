// Choosing provinces or sectors: an explicit "All" box, zone quick-picks, a filter box, a
// checkbox list, and (for provinces) picking on the map. Nothing chosen is a state of its own
// ("none chosen"), never read as "all": the rule or preset that owns the picker says so and
// is not applied until the reader chooses.
import { h } from './dom.ts';
import { displayName, onNamesChange } from './names.ts';

export type Names = 'all' | string[];

export interface PickerOptions {
  readonly label: string; // 'Provinces', 'Sectors', ...
  readonly names: readonly string[];
  readonly value: Names;
  readonly onChange: (v: Names) => void;
  readonly testId: string;
  /** Quick-pick groups (zones), for provinces. */
  readonly groups?: readonly { zone: string; regions: readonly string[] }[];
  /** Provinces: names are shown with their local names when asked, and can be picked on the map. */
  readonly regions?: boolean;
}

let uid = 0;
let active: NamePicker | undefined;
const activeListeners: ((p: NamePicker | undefined) => void)[] = [];

/** The province picker that map clicks go to (the last one the reader used). */
export function activePicker(): NamePicker | undefined {
  return active?.isConnected() ? active : undefined;
}

export function onActivePickerChange(f: (p: NamePicker | undefined) => void): void {
  activeListeners.push(f);
}

export class NamePicker {
  readonly root: HTMLFieldSetElement;
  private value: Names;
  private filter = '';
  private readonly id = `np${uid++}`;
  private readonly list: HTMLDivElement;
  private readonly summary: HTMLParagraphElement;
  private readonly allBox: HTMLInputElement;
  private readonly groupButtons: HTMLButtonElement[] = [];
  private readonly mapButton?: HTMLButtonElement;

  constructor(private readonly o: PickerOptions) {
    this.value = o.value === 'all' ? 'all' : [...o.value];
    this.root = h('fieldset', { className: 'picker' });
    this.root.dataset.testid = o.testId;
    this.root.append(h('legend', { textContent: o.label }));
    this.allBox = h('input', { type: 'checkbox', id: `${this.id}-all`, checked: this.value === 'all' });
    this.allBox.addEventListener('change', () => this.set(this.allBox.checked ? 'all' : []));
    this.root.append(
      h(
        'div',
        { className: 'checkline' },
        this.allBox,
        h('label', { htmlFor: `${this.id}-all`, textContent: `All ${o.label.toLowerCase()}` }),
      ),
    );
    if (o.groups?.length) {
      const row = h('div', { className: 'quickpicks' });
      row.setAttribute('role', 'group');
      row.setAttribute('aria-label', `${o.label}: pick a whole zone`);
      for (const g of o.groups) {
        const b = h('button', { type: 'button', className: 'chip', textContent: g.zone });
        b.addEventListener('click', () => this.toggleGroup(g.regions));
        this.groupButtons.push(b);
        row.append(b);
      }
      this.root.append(row);
    }
    const search = h('input', { type: 'search', placeholder: `Filter ${o.label.toLowerCase()}…` });
    search.setAttribute('aria-label', `Filter ${o.label.toLowerCase()}`);
    search.addEventListener('input', () => {
      this.filter = search.value.trim().toLowerCase();
      this.renderList();
    });
    this.list = h('div', { className: 'options' });
    this.list.setAttribute('role', 'group');
    this.list.setAttribute('aria-label', o.label);
    this.summary = h('p', { className: 'picked' });
    this.summary.setAttribute('aria-live', 'polite');
    const tools = h('div', { className: 'picker-tools' }, search);
    if (o.regions) {
      this.mapButton = h('button', { type: 'button', className: 'small', textContent: 'Pick on map' });
      this.mapButton.title = 'Clicks on the map views add or remove provinces here';
      this.mapButton.dataset.map = '1';
      this.mapButton.setAttribute('aria-pressed', 'false');
      this.mapButton.addEventListener('click', () => this.activate());
      tools.append(this.mapButton);
    }
    this.root.append(tools, this.list, this.summary);
    this.root.addEventListener('focusin', () => {
      if (o.regions) this.activate();
    });
    if (o.regions) onNamesChange(() => this.renderList());
    this.render();
  }

  get names(): Names {
    return this.value;
  }

  get label(): string {
    return this.o.label;
  }

  isConnected(): boolean {
    return this.root.isConnected;
  }

  /** Makes this picker the one map clicks go to. */
  activate(): void {
    if (active === this) return;
    active = this;
    for (const f of activeListeners) f(this);
    for (const p of document.querySelectorAll('fieldset.picker'))
      p.classList.toggle('map-target', p === this.root);
    for (const b of document.querySelectorAll('fieldset.picker button[data-map]'))
      b.setAttribute('aria-pressed', 'false');
    this.mapButton?.setAttribute('aria-pressed', 'true');
  }

  /** Adds or removes one name (a map click); from "all" it starts a list of that one. */
  toggle(name: string): 'added' | 'removed' {
    const cur = this.value === 'all' ? [] : this.value;
    const had = cur.includes(name);
    this.set(had ? cur.filter((n) => n !== name) : [...cur, name]);
    return had ? 'removed' : 'added';
  }

  private toggleGroup(names: readonly string[]): void {
    const cur = this.value === 'all' ? [] : this.value;
    const full = names.every((n) => cur.includes(n));
    this.set(full ? cur.filter((n) => !names.includes(n)) : [...new Set([...cur, ...names])]);
  }

  set(v: Names): void {
    this.value = v === 'all' ? 'all' : this.o.names.filter((n) => v.includes(n));
    this.render();
    this.o.onChange(this.value);
  }

  private render(): void {
    this.allBox.checked = this.value === 'all';
    const cur = this.value === 'all' ? null : this.value;
    this.o.groups?.forEach((g, k) => {
      const on = cur !== null && g.regions.every((n) => cur.includes(n));
      this.groupButtons[k]?.setAttribute('aria-pressed', String(on));
      if (this.groupButtons[k]) this.groupButtons[k].disabled = cur === null;
    });
    this.renderList();
    const show = (n: string) => (this.o.regions ? displayName(n) : n);
    this.summary.className = `picked${cur !== null && cur.length === 0 ? ' none' : ''}`;
    this.summary.textContent =
      cur === null
        ? `All ${this.o.names.length} ${this.o.label.toLowerCase()}.`
        : cur.length === 0
          ? `None chosen: tick names, a zone or “All ${this.o.label.toLowerCase()}”.`
          : `${cur.length} chosen: ${cur.slice(0, 6).map(show).join(', ')}${cur.length > 6 ? ` and ${cur.length - 6} more` : ''}.`;
  }

  private renderList(): void {
    const cur = this.value === 'all' ? null : this.value;
    this.list.replaceChildren();
    this.list.classList.toggle('disabled', cur === null);
    this.o.names.forEach((n, k) => {
      const shown = this.o.regions ? displayName(n) : n;
      if (this.filter && !shown.toLowerCase().includes(this.filter)) return;
      const id = `${this.id}-${k}`;
      const box = h('input', {
        type: 'checkbox',
        id,
        value: n,
        checked: cur === null || cur.includes(n),
        disabled: cur === null,
      });
      box.addEventListener('change', () => {
        const now = this.value === 'all' ? [] : this.value;
        this.set(box.checked ? [...now, n] : now.filter((x) => x !== n));
      });
      this.list.append(h('div', { className: 'opt' }, box, h('label', { htmlFor: id, textContent: shown })));
    });
  }
}

/** True when a picker value chooses nothing (the rule or preset is incomplete). */
export const noneChosen = (v: Names): boolean => v !== 'all' && v.length === 0;

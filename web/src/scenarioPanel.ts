// The what-if panel: conventions (threshold, VSL, exposure–response function, accounting,
// threshold reading: they change the baseline too) apart from the policy levers (emission-
// intensity / final-demand / trade rules, presets); save as the scenario file `vchain run
// --scenario` runs, and load. Every edit calls `onChange` with the new scenario (the caller
// debounces).
import { type ExplorerMeta, type ScenarioConventions, type ScenarioRequest, scenarioFile } from './api.ts';
import { downloadText } from './csv.ts';
import { h as el } from './dom.ts';
import { NamePicker, type Names, noneChosen } from './namePicker.ts';
import { zonesOf } from './names.ts';

type IntensityRule = ScenarioRequest['intensity'][number];
type DemandRule = ScenarioRequest['finalDemand'][number];
type TradeRule = ScenarioRequest['trade'][number];

/** The default conventions, every one stated (what GET /api/baseline was computed with). */
export function defaultConventions(meta: ExplorerMeta): ScenarioConventions {
  const d = meta.conventions.defaults;
  return {
    threshold: d.threshold as 5 | 10 | 15,
    erf: d.erf,
    accounting: d.accounting,
    thresholdReading: d.thresholdReading,
  };
}

export function emptyScenario(meta: ExplorerMeta): ScenarioRequest {
  return {
    name: 'my scenario',
    conventions: defaultConventions(meta),
    intensity: [],
    finalDemand: [],
    trade: [],
  };
}

function factorInput(
  value: number | undefined,
  onChange: (v: number | undefined) => void,
  label: string,
  max: number,
): HTMLInputElement {
  const inp = el('input', {
    type: 'number',
    min: '0',
    max: String(max),
    step: '0.05',
    value: value === undefined ? '' : String(value),
    placeholder: '1',
  });
  inp.setAttribute('aria-label', label);
  inp.addEventListener('change', () => {
    const v = inp.value.trim() === '' ? undefined : Number(inp.value);
    onChange(v === undefined || Number.isFinite(v) ? v : undefined);
  });
  return inp;
}

export class ScenarioPanel {
  private s: ScenarioRequest;
  /** The preset pickers' choices survive a re-render of the panel. */
  private readonly presetPicks = new Map<string, Names>();

  constructor(
    private readonly root: HTMLElement,
    private readonly meta: ExplorerMeta,
    private readonly onChange: (s: ScenarioRequest) => void,
  ) {
    this.s = emptyScenario(meta);
    this.render();
  }

  get scenario(): ScenarioRequest {
    return this.s;
  }

  set(s: ScenarioRequest): void {
    this.s = s;
    this.render();
    this.onChange(this.s);
  }

  private changed(rerender = false): void {
    if (rerender) this.render();
    this.onChange(this.s);
  }

  private render(): void {
    const m = this.meta;
    const s = this.s;
    this.root.replaceChildren();
    const r = this.root;

    r.append(el('h2', { textContent: 'What-if scenario' }));
    // A rejected scenario's error shows here, at the top (showError).
    r.append(el('div', { id: 'panel-error' }));
    const name = el('input', { type: 'text', value: s.name ?? '', maxLength: 200 });
    name.setAttribute('aria-label', 'scenario name');
    name.addEventListener('change', () => {
      this.s = { ...this.s, name: name.value };
      this.changed();
    });
    r.append(el('label', { textContent: 'Name' }), name);

    r.append(this.conventionsBox());
    r.append(
      el('h2', { textContent: 'Policy levers' }),
      el('p', {
        className: 'hint',
        textContent:
          'Only these rules change the world: the maps, key figures and tables compare the scenario with the baseline under the same conventions.',
      }),
    );

    // Presets (ultra-low-emission retrofit etc.): nothing chosen = nothing applied.
    for (const p of m.presets) {
      r.append(el('h2', { textContent: p.label }));
      r.append(el('p', { className: 'hint', textContent: p.description }));
      const apply = el('button', { className: 'primary', textContent: 'Apply retrofit' });
      apply.dataset.testid = `preset-${p.id}-apply`;
      const why = el('p', { className: 'hint' });
      why.setAttribute('aria-live', 'polite');
      const sync = (v: Names) => {
        apply.disabled = noneChosen(v);
        why.textContent = noneChosen(v)
          ? 'Choose the provinces to retrofit (or tick “All provinces” for a nationwide retrofit).'
          : v === 'all'
            ? 'Applies to every province (nationwide retrofit).'
            : '';
      };
      const picker = this.regionPicker(
        'Provinces',
        this.presetPicks.get(p.id) ?? [],
        (v) => {
          this.presetPicks.set(p.id, v);
          sync(v);
        },
        `preset-${p.id}-regions`,
      );
      sync(picker.names);
      apply.addEventListener('click', () => {
        const regions = picker.names;
        if (noneChosen(regions)) return;
        const rules: IntensityRule[] = p.rules.map((rule) => ({
          label: `${p.label}: ${rule.label}${regions === 'all' ? ' (all provinces)' : ` (${regions.join(', ')})`}`,
          regions,
          sectors: [...rule.sectors],
          factors: { ...rule.factors },
        }));
        this.s = { ...this.s, intensity: [...this.s.intensity, ...rules] };
        this.changed(true);
      });
      r.append(
        picker.root,
        el('div', { className: 'buttons' }, apply),
        why,
        el('p', { className: 'hint', textContent: `Factors: ${p.source}` }),
      );
    }

    // Emission intensity rules.
    r.append(el('h2', { textContent: 'Emission intensities' }));
    r.append(
      el('p', {
        className: 'hint',
        textContent:
          'Multiply the emissions per unit of output of chosen provinces × sectors, per precursor (blank = unchanged). Reuses the precomputed decomposition: no refactorisation.',
      }),
    );
    s.intensity.forEach((rule, i) => {
      r.append(this.intensityCard(rule, i));
    });
    const addI = el('button', { textContent: '+ intensity rule' });
    addI.addEventListener('click', () => {
      this.s = {
        ...this.s,
        intensity: [...this.s.intensity, { regions: 'all', sectors: 'all', factors: { SO2: 1 } }],
      };
      this.changed(true);
    });
    r.append(el('div', { className: 'buttons' }, addI));

    r.append(el('h2', { textContent: 'Final demand' }));
    r.append(
      el('p', {
        className: 'hint',
        textContent:
          'Scale final demand y_sr for products of producing provinces s bought by consuming provinces r. Re-solves the Leontief system (time shown after each run).',
      }),
    );
    s.finalDemand.forEach((rule, i) => {
      r.append(this.demandCard(rule, i));
    });
    const addD = el('button', { textContent: '+ final-demand rule' });
    addD.addEventListener('click', () => {
      this.s = {
        ...this.s,
        finalDemand: [
          ...this.s.finalDemand,
          { producers: 'all', consumers: 'all', sectors: 'all', factor: 1 },
        ],
      };
      this.changed(true);
    });
    r.append(el('div', { className: 'buttons' }, addD));

    r.append(el('h2', { textContent: 'Inter-provincial trade' }));
    r.append(
      el('p', {
        className: 'hint',
        textContent:
          'Scale what provinces s sell to provinces r ≠ s (intermediate A_sr and final y_sr). Refactorises I − A.',
      }),
    );
    s.trade.forEach((rule, i) => {
      r.append(this.tradeCard(rule, i));
    });
    const addT = el('button', { textContent: '+ trade rule' });
    addT.addEventListener('click', () => {
      this.s = { ...this.s, trade: [...this.s.trade, { from: 'all', to: 'all', sectors: 'all', factor: 1 }] };
      this.changed(true);
    });
    r.append(el('div', { className: 'buttons' }, addT));

    // Save / load / reset.
    r.append(el('h2', { textContent: 'Scenario file' }));
    const saved = el('div', { className: 'saved', id: 'saved-scenario' });
    saved.setAttribute('aria-live', 'polite');
    const save = el('button', { textContent: 'Save scenario file' });
    save.dataset.testid = 'save-scenario';
    save.addEventListener('click', async () => {
      try {
        // The server writes the canonical bytes: their SHA-256 is the one `vchain run` records.
        const f = await scenarioFile(cleanScenario(this.s));
        downloadText(f.fileName, f.text, 'application/json');
        this.showSaved(saved, f);
      } catch (e) {
        this.showError(`could not save: ${(e as Error).message}`);
      }
    });
    const fileInput = el('input', { type: 'file', accept: '.json,application/json' });
    fileInput.style.display = 'none';
    fileInput.dataset.testid = 'load-scenario-file';
    fileInput.addEventListener('change', async () => {
      const f = fileInput.files?.[0];
      if (!f) return;
      try {
        const parsed = JSON.parse(await f.text()) as ScenarioRequest;
        const empty = emptyScenario(m);
        this.set({ ...empty, ...parsed, conventions: { ...empty.conventions, ...parsed.conventions } });
      } catch (e) {
        this.showError(`could not read ${f.name}: ${(e as Error).message}`);
      }
      fileInput.value = '';
    });
    const load = el('button', { textContent: 'Load JSON…' });
    load.addEventListener('click', () => fileInput.click());
    const reset = el('button', { textContent: 'Reset to baseline' });
    reset.addEventListener('click', () => this.set(emptyScenario(m)));
    r.append(el('div', { className: 'buttons' }, save, load, reset, fileInput), saved);
    r.append(el('p', { className: 'hint', id: 'precision-note', textContent: m.reproduce.note }));
  }

  /** After Save: the file's SHA-256 and the commands that re-run it from the command line. */
  private showSaved(box: HTMLElement, f: Awaited<ReturnType<typeof scenarioFile>>): void {
    const line = (label: string, code: string, id: string) => {
      const c = el('code', { textContent: code, id });
      return el('p', {}, el('span', { textContent: `${label}: ` }), c);
    };
    box.replaceChildren(
      el('p', { textContent: `Saved ${f.fileName} (SHA-256 ${f.sha256}).` }),
      line('These numbers, from the command line', f.commands.reproduce, 'cmd-reproduce'),
      line('Full precision (1000 draws, per-flow removal)', f.commands.fullPrecision, 'cmd-full'),
    );
  }

  /**
   * Conventions: how damage is measured. They apply to the baseline as well (the page fetches
   * the baseline of each convention set), so changing one never shows up as a policy effect.
   */
  private conventionsBox(): HTMLElement {
    const m = this.meta;
    const c = this.s.conventions;
    const d = m.conventions.defaults;
    const set = (patch: Partial<ScenarioConventions>) => {
      this.s = { ...this.s, conventions: { ...this.s.conventions, ...patch } };
      this.changed();
    };
    const pick = <T extends string>(
      id: string,
      label: string,
      options: readonly { readonly id: string; readonly label: string }[],
      value: T,
      on: (v: T) => void,
    ) => {
      const s = el('select', { id });
      for (const o of options)
        s.append(el('option', { value: o.id, textContent: o.label, selected: o.id === value }));
      s.addEventListener('change', () => on(s.value as T));
      return el('div', {}, el('label', { htmlFor: id, textContent: label }), s);
    };
    const thr = pick(
      'threshold',
      'Threshold C₀ (counterfactual PM2.5)',
      m.thresholds.map((t) => ({ id: String(t), label: `${t} µg/m³` })),
      String(c.threshold ?? d.threshold),
      (v) => set({ threshold: Number(v) as 5 | 10 | 15 }),
    );
    const vsl = el('input', {
      type: 'number',
      id: 'vsl',
      min: '0.01',
      step: '0.1',
      value: c.vsl === undefined ? '' : String(c.vsl / 1e6),
      placeholder: m.vsl.default === null ? 'model default' : (m.vsl.default / 1e6).toFixed(2),
    });
    vsl.addEventListener('change', () => {
      const v = vsl.value.trim() === '' ? undefined : Number(vsl.value) * 1e6;
      set({ vsl: v });
    });
    const box = el(
      'fieldset',
      { className: 'conventions', id: 'conventions' },
      el('legend', { textContent: 'Conventions' }),
      el('p', {
        className: 'hint',
        textContent:
          'How damage is measured, not a policy: changing one recomputes the baseline too, and the views compare the scenario with the baseline under the same conventions.',
      }),
      el(
        'div',
        { className: 'row' },
        thr,
        el('div', {}, el('label', { htmlFor: 'vsl', textContent: `VSL (million ${m.currency.code})` }), vsl),
      ),
      el('p', { className: 'hint', textContent: m.vsl.note }),
      pick('erf', 'Exposure–response function', m.conventions.erf, c.erf ?? d.erf, (v) =>
        set({ erf: v as ScenarioConventions['erf'] }),
      ),
      el(
        'div',
        { className: 'row' },
        pick('accounting', 'Accounting', m.conventions.accounting, c.accounting ?? d.accounting, (v) =>
          set({ accounting: v as ScenarioConventions['accounting'] }),
        ),
        pick(
          'threshold-reading',
          'Threshold reading',
          m.conventions.thresholdReading,
          c.thresholdReading ?? d.thresholdReading,
          (v) => set({ thresholdReading: v as ScenarioConventions['thresholdReading'] }),
        ),
      ),
      el('p', {
        className: 'hint',
        textContent:
          'Accounting: burden(C_base) − burden(C_cf), or the potential impact fraction (RR_b − RR_cf)/RR_b. Threshold reading: floor = no effect below C₀; shift = the curve starts at C₀; ratio = risk relative to living at C₀; GBD TMREL = C₀ not used for deaths (docs/health.md).',
      }),
    );
    return box;
  }

  private regionPicker(
    label: string,
    value: Names,
    onChange: (v: Names) => void,
    testId: string,
  ): NamePicker {
    return new NamePicker({
      label,
      names: this.meta.regions,
      value,
      onChange,
      testId,
      groups: zonesOf(this.meta),
      regions: true,
    });
  }

  private sectorPicker(
    label: string,
    value: Names,
    onChange: (v: Names) => void,
    testId: string,
  ): NamePicker {
    return new NamePicker({ label, names: this.meta.sectors, value, onChange, testId });
  }

  /** A line under a rule whose provinces or sectors are not chosen: it is left out until they are. */
  private incompleteNote(current: () => Names[]): { el: HTMLElement; refresh: () => void } {
    const box = el('p', { className: 'rule-incomplete' });
    box.setAttribute('aria-live', 'polite');
    const refresh = () => {
      box.textContent = current().some(noneChosen)
        ? 'Not applied: nothing chosen in one of the lists above (tick names, a zone or “All”).'
        : '';
    };
    refresh();
    return { el: box, refresh };
  }

  /** The error of a rejected scenario, at the top of the panel (null clears it). */
  showError(msg: string | null): void {
    const box = this.root.querySelector('#panel-error');
    if (!box) return;
    const err = el('div', { className: 'error-box', textContent: msg ?? '' });
    err.setAttribute('role', 'alert');
    box.replaceChildren(...(msg ? [err] : []));
    if (msg) box.scrollIntoView?.({ block: 'nearest' });
  }

  private card(title: string, onRemove: () => void, ...body: HTMLElement[]): HTMLElement {
    const rm = el('button', { className: 'small', textContent: '✕', title: 'remove rule' });
    rm.addEventListener('click', onRemove);
    return el(
      'div',
      { className: 'rule' },
      el('div', { className: 'rule-head' }, el('span', { textContent: title }), rm),
      ...body,
    );
  }

  private intensityCard(rule: IntensityRule, i: number): HTMLElement {
    const m = this.meta;
    const update = (patch: Partial<IntensityRule>, rerender = false) => {
      const list = [...this.s.intensity];
      list[i] = { ...list[i]!, ...patch };
      this.s = { ...this.s, intensity: list };
      this.changed(rerender);
    };
    const note = this.incompleteNote(() => {
      const x = this.s.intensity[i]!;
      return [x.regions, x.sectors];
    });
    const factors = el('div', { className: 'factors' });
    for (const p of m.precursors) {
      const f = rule.factors as Partial<Record<string, number>>;
      factors.append(
        el(
          'div',
          {},
          el('label', { textContent: p === 'PPM' ? 'PPM₂.₅' : p }),
          factorInput(
            f[p],
            (v) => update({ factors: { ...rule.factors, [p]: v } }),
            `intensity ${i + 1} ${p} factor`,
            m.limits.maxFactor,
          ),
        ),
      );
    }
    return this.card(
      rule.label ?? `Intensity rule ${i + 1}`,
      () => {
        this.s = { ...this.s, intensity: this.s.intensity.filter((_, j) => j !== i) };
        this.changed(true);
      },
      this.regionPicker(
        'Provinces',
        rule.regions,
        (v) => {
          update({ regions: v });
          note.refresh();
        },
        `intensity-${i}-regions`,
      ).root,
      this.sectorPicker(
        'Sectors',
        rule.sectors,
        (v) => {
          update({ sectors: v });
          note.refresh();
        },
        `intensity-${i}-sectors`,
      ).root,
      el('label', { textContent: 'Factor per precursor (× baseline intensity)' }),
      factors,
      el('p', {
        className: 'hint',
        textContent: `A province's emissions of a precursor must stay within ${m.limits.emissionRatio.min}–${m.limits.emissionRatio.max} × its baseline, the range the air-quality model was trained on; outside it the what-if is refused, not extrapolated.`,
      }),
      note.el,
    );
  }

  private demandCard(rule: DemandRule, i: number): HTMLElement {
    const m = this.meta;
    const note = this.incompleteNote(() => {
      const x = this.s.finalDemand[i]!;
      return [x.producers, x.consumers, x.sectors];
    });
    const update = (patch: Partial<DemandRule>) => {
      const list = [...this.s.finalDemand];
      list[i] = { ...list[i]!, ...patch };
      this.s = { ...this.s, finalDemand: list };
      note.refresh();
      this.changed();
    };
    return this.card(
      rule.label ?? `Final-demand rule ${i + 1}`,
      () => {
        this.s = { ...this.s, finalDemand: this.s.finalDemand.filter((_, j) => j !== i) };
        this.changed(true);
      },
      this.regionPicker(
        'Producing provinces',
        rule.producers,
        (v) => update({ producers: v }),
        `demand-${i}-producers`,
      ).root,
      this.regionPicker(
        'Consuming provinces',
        rule.consumers,
        (v) => update({ consumers: v }),
        `demand-${i}-consumers`,
      ).root,
      this.sectorPicker('Sectors', rule.sectors, (v) => update({ sectors: v }), `demand-${i}-sectors`).root,
      note.el,
      el('label', { textContent: 'Factor (× baseline final demand)' }),
      factorInput(
        rule.factor,
        (v) => update({ factor: v ?? 1 }),
        `final demand ${i + 1} factor`,
        m.limits.maxFactor,
      ),
    );
  }

  private tradeCard(rule: TradeRule, i: number): HTMLElement {
    const m = this.meta;
    const note = this.incompleteNote(() => {
      const x = this.s.trade[i]!;
      return [x.from, x.to, x.sectors];
    });
    const update = (patch: Partial<TradeRule>) => {
      const list = [...this.s.trade];
      list[i] = { ...list[i]!, ...patch };
      this.s = { ...this.s, trade: list };
      note.refresh();
      this.changed();
    };
    return this.card(
      rule.label ?? `Trade rule ${i + 1}`,
      () => {
        this.s = { ...this.s, trade: this.s.trade.filter((_, j) => j !== i) };
        this.changed(true);
      },
      this.regionPicker('Exporting provinces', rule.from, (v) => update({ from: v }), `trade-${i}-from`).root,
      this.regionPicker('Importing provinces', rule.to, (v) => update({ to: v }), `trade-${i}-to`).root,
      this.sectorPicker(
        'Sectors (of the exporter)',
        rule.sectors,
        (v) => update({ sectors: v }),
        `trade-${i}-sectors`,
      ).root,
      note.el,
      el('label', { textContent: 'Factor (× baseline flows)' }),
      factorInput(
        rule.factor,
        (v) => update({ factor: v ?? 1 }),
        `trade ${i + 1} factor`,
        m.limits.maxFactor,
      ),
    );
  }
}

/**
 * The scenario as sent: undefined factors dropped (JSON would omit them anyway), and rules
 * with nothing chosen in a list left out (they are incomplete, and the card says so).
 */
export function cleanScenario(s: ScenarioRequest): ScenarioRequest {
  return {
    ...s,
    conventions: Object.fromEntries(
      Object.entries(s.conventions).filter(([, v]) => v !== undefined),
    ) as ScenarioConventions,
    intensity: s.intensity
      .filter((r) => !noneChosen(r.regions) && !noneChosen(r.sectors))
      .map((r) => ({
        ...r,
        factors: Object.fromEntries(Object.entries(r.factors).filter(([, v]) => v !== undefined)),
      })),
    finalDemand: s.finalDemand.filter(
      (r) => !noneChosen(r.producers) && !noneChosen(r.consumers) && !noneChosen(r.sectors),
    ),
    trade: s.trade.filter((r) => !noneChosen(r.from) && !noneChosen(r.to) && !noneChosen(r.sectors)),
  };
}

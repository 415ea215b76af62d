import { describe, expect, it } from 'vitest';
import {
  chooseScale,
  fixedScale,
  formatChange,
  formatFixed,
  formatInterval,
  formatNumber,
  formatPercent,
  formatScaled,
  formatWithInterval,
  niceTicks,
  roundNumbersInText,
} from '../../src/report/numberFormat.ts';

describe('shared number formats (report and explorer)', () => {
  it('scales with words, never exponents or 10^n prefixes', () => {
    expect(formatScaled(1378553451501.8396, 'CNY (2017 prices)')).toBe('1.38 trillion CNY (2017 prices)');
    expect(formatScaled(288982.94, 'deaths per year')).toBe('289 thousand deaths per year');
    // 7.13e9 × 10^4 CNY = 71.3 trillion CNY
    expect(formatScaled(7128903787.23, '10^4 CNY')).toBe('71.3 trillion CNY');
    expect(formatScaled(2.08, '10^4 CNY per person')).toBe('20.8 thousand CNY per person');
    expect(formatScaled(Number.NaN, 'CNY')).toBe('–');
  });
  it('uses one scale for a value and its interval, and a true minus sign', () => {
    expect(formatInterval(1077704323299.75, 1771098603024.13, 'CNY')).toBe('1.08–1.77 trillion CNY');
    expect(formatInterval(-2e9, 5e9, 'CNY')).toBe('−2 to 5 billion CNY');
    expect(formatWithInterval(1.38e12, 1.08e12, 1.77e12, 'CNY')).toBe('1.38 trillion CNY (95 %: 1.08–1.77)');
    expect(formatNumber(-1234.5)).toBe('−1,230');
    expect(formatFixed(-0.00001, 3)).toBe('0.000');
    expect(formatFixed(-0.25, 2)).toBe('−0.25');
    expect(formatPercent(0.4055)).toBe('40.6 %');
  });
  it('money in billions whatever the stored prefix', () => {
    const s = fixedScale('10^4 CNY', 1e9, 'billion');
    expect(s.unit).toBe('billion CNY');
    expect(7128903787.23 / s.factor).toBeCloseTo(71289.03787, 5);
    expect(fixedScale('CNY (2017 prices)', 1e9, 'billion')).toEqual({
      factor: 1e9,
      unit: 'billion CNY (2017 prices)',
    });
    expect(chooseScale([null, 5], 'persons')).toEqual({ factor: 1, unit: 'persons' });
  });
  it('signed changes with their relative change', () => {
    expect(formatChange(100e9, 88e9, 'CNY')).toBe('−12 billion CNY (−12.0 %)');
    expect(formatChange(0.2, 0.25, 'fraction')).toBe('+5.00 points');
    expect(formatChange(null, 1, 'CNY')).toBe('–');
  });
  it('rounds long numbers in free text, leaves years, counts and short decimals', () => {
    expect(
      roundNumbersInText(
        "satellite 'SO2' is 6.484391369464172 at zero-output Beijing / Smelting (2017): 17 sectors, 0.5 t",
      ),
    ).toBe("satellite 'SO2' is 6.48 at zero-output Beijing / Smelting (2017): 17 sectors, 0.5 t");
    expect(roundNumbersInText('total 1379000000000 CNY')).toBe('total 1.38 × 10¹² CNY');
    expect(roundNumbersInText('ratio 1.2e-7 here')).toBe('ratio 1.2 × 10⁻⁷ here');
    expect(roundNumbersInText('GB 13223-2011, PM2.5, x_1.5')).toBe('GB 13223-2011, PM2.5, x_1.5');
  });
  it('nice ticks: at least four, evenly spaced, inside the range', () => {
    expect(niceTicks(0, 80)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0, 38)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(-0.5, 2.5)).toEqual([-0.5, 0, 0.5, 1, 1.5, 2, 2.5]);
    const t = niceTicks(0.013, 0.071);
    expect(t.length).toBeGreaterThanOrEqual(4);
    for (const v of t) expect(v >= 0.013 && v <= 0.071).toBe(true);
  });
});

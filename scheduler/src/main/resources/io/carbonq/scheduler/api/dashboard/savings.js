// What was saved: kgCO2e against running every job at once, realised by the runs that ended and
// expected by the jobs planned, per day or week, per owner and sweep, and how close each forecast
// source's predictions came to what the runs then emitted.
import { get } from './api.js';
import { h, s, fill, kg, pct, table } from './format.js';

const RANGES = [7, 14, 30, 90];
let state = null;

export const refreshEvery = 30000;

export async function render(main, { params, me, go }) {
  const days = RANGES.includes(Number(params.get('days'))) ? Number(params.get('days')) : 14;
  const by = params.get('by') === 'week' ? 'week' : 'day';
  state = { main, me, days, by };
  const range = h('select', { id: 'savings-days' },
    RANGES.map((d) => h('option', { value: d, selected: d === days }, `last ${d} days`)));
  const grouping = h('select', { id: 'savings-by' },
    h('option', { value: 'day', selected: by === 'day' }, 'per day'),
    h('option', { value: 'week', selected: by === 'week' }, 'per week'));
  const change = () => go(`#/savings?days=${range.value}&by=${grouping.value}`);
  range.addEventListener('change', change);
  grouping.addEventListener('change', change);
  main.append(h('h1', {}, 'Savings'),
    h('div', { class: 'filters' },
      h('div', {}, h('label', { for: 'savings-days' }, 'Runs that ended in the'), range),
      h('div', {}, h('label', { for: 'savings-by' }, 'Grouped'), grouping)),
    h('div', { id: 'savings-body' }));
  await refresh();
}

export async function refresh() {
  const body = await get(`/v1/savings?days=${state.days}`);
  const { realised, planned } = body;
  const days = everyDay(body);
  const periods = state.by === 'week' ? weeks(days) : days.map((d) => ({ ...d, label: d.day }));
  fill(document.getElementById('savings-body'),
    h('div', { class: 'cards' },
      card('Saved by runs that ended', `${kg(realised.savedKgCo2e)} kgCO2e`,
        `${realised.runs} runs: ${kg(realised.kgCo2e)} kg emitted against ${kg(realised.runNowKgCo2e)} kg running at once (${pct(realised.savingPct)})`),
      card('Planned to save', `${kg(planned.savedKgCo2e)} kgCO2e`,
        `${planned.jobs} planned jobs: ${kg(planned.kgCo2e)} kg expected against ${kg(planned.runNowKgCo2e)} kg now`),
      card('Planned against realised', `${kg(realised.predictedKgCo2e)} → ${kg(realised.kgCo2e)} kgCO2e`,
        'what the plans of the ended runs expected, and what the runs emitted')),
    realised.runsWithoutIntensity > 0
      ? h('p', { class: 'help' }, `${realised.runsWithoutIntensity} runs had no intensity data and are not in the sums.`) : null,
    body.marginalRunsLeftOut > 0
      ? h('p', { class: 'help' }, `${body.marginalRunsLeftOut} runs measured on a marginal signal are left out of these location-based sums.`) : null,
    h('h2', {}, `Saved per ${state.by}`),
    chart(periods),
    table(`kgCO2e per ${state.by}`, [state.by === 'week' ? 'Week from' : 'Day (UTC)', 'Runs', 'Emitted', 'Running at once', 'Saved', 'Planned'],
      periods.filter((p) => p.runs > 0).map((p) => [p.label, String(p.runs), kg(p.kgCo2e), kg(p.runNowKgCo2e), kg(p.savedKgCo2e), kg(p.predictedKgCo2e)]),
      { numeric: [1, 2, 3, 4, 5] }),
    h('h2', {}, 'Per owner'),
    body.byOwner.length ? groupTable('owner', 'Owner', body.byOwner) : h('p', {}, 'No run ended in this span.'),
    h('h2', {}, 'Per sweep'),
    body.bySweep.length ? groupTable('sweep', 'Sweep', body.bySweep) : h('p', {}, 'No sweep trial ended in this span.'),
    h('h2', {}, 'Forecast accuracy per source'),
    body.accuracy.length
      ? table('Predicted against realised kgCO2e of each run, by the forecast source its plan used',
        ['Source', 'Runs', 'Predicted', 'Realised', 'Mean absolute error'],
        body.accuracy.map((a) => [a.source, String(a.runs), kg(a.predictedKgCo2e), kg(a.kgCo2e), `${a.meanAbsErrorPct} %`]),
        { numeric: [1, 2, 3, 4] })
      : h('p', {}, 'No run with both a prediction and a measured intensity ended in this span.'));
}

function card(title, big, small) {
  return h('div', { class: 'card' }, h('div', {}, title), h('div', { class: 'big' }, big), h('div', { class: 'small' }, small));
}

function groupTable(key, header, rows) {
  return table(`kgCO2e per ${key}`, [header, 'Runs', 'Emitted', 'Running at once', 'Saved', 'Saving'],
    rows.map((r) => [r[key], String(r.runs), kg(r.kgCo2e), kg(r.runNowKgCo2e), kg(r.savedKgCo2e), pct(r.savingPct)]),
    { numeric: [1, 2, 3, 4, 5] });
}

/** Every day of the span, those without a run at zero, so that the chart keeps time's scale. */
function everyDay(body) {
  const byDay = new Map(body.byDay.map((d) => [d.day, d]));
  const days = [];
  // A run on a sped-up simulated cluster may end after now: its day is drawn too.
  const lastWithRuns = body.byDay.length ? body.byDay[body.byDay.length - 1].day : '';
  const last = [body.until.slice(0, 10), lastWithRuns].sort()[1];
  // The span's last `days` UTC days, today included.
  const first = new Date(`${body.until.slice(0, 10)}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - body.days + 1);
  // The span starts at this hour `days` ago: a run that ended earlier that day counts too.
  if (body.byDay.length && body.byDay[0].day < first.toISOString().slice(0, 10)) {
    first.setTime(Date.parse(`${body.byDay[0].day}T00:00:00Z`));
  }
  for (let date = first; ; date.setUTCDate(date.getUTCDate() + 1)) {
    const day = date.toISOString().slice(0, 10);
    days.push(byDay.get(day) || { day, runs: 0, kgCo2e: 0, runNowKgCo2e: 0, savedKgCo2e: 0, predictedKgCo2e: 0 });
    if (day >= last) break;
  }
  return days;
}

/** Days summed into weeks that start on Monday (UTC). */
function weeks(days) {
  const byWeek = new Map();
  for (const day of days) {
    const date = new Date(`${day.day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const label = date.toISOString().slice(0, 10);
    const week = byWeek.get(label) || { label, runs: 0, kgCo2e: 0, runNowKgCo2e: 0, savedKgCo2e: 0, predictedKgCo2e: 0 };
    for (const field of ['runs', 'kgCo2e', 'runNowKgCo2e', 'savedKgCo2e', 'predictedKgCo2e']) week[field] += day[field];
    byWeek.set(label, week);
  }
  return [...byWeek.values()];
}

/** Saved kgCO2e per period as bars from a zero line, with the value on each. */
function chart(periods) {
  if (periods.length === 0) return h('p', {}, 'No run ended in this span.');
  const width = 720;
  const height = 220;
  const left = 56;
  const bottom = 36;
  const top = 30;
  const values = periods.map((p) => p.savedKgCo2e);
  // Nothing saved yet still gets an axis of some height.
  const max = Math.max(...values.map(Math.abs)) > 0 ? Math.max(...values.map(Math.abs)) : 1;
  const min = Math.min(0, ...values);
  const y = (v) => top + ((max - v) / (max - min)) * (height - top - bottom);
  const slot = (width - left - 8) / periods.length;
  const svg = s('svg', {
    class: 'bars', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `kgCO2e saved per period: ${periods.map((p) => `${p.label} ${kg(p.savedKgCo2e)}`).join(', ')}`,
  });
  svg.append(s('text', { x: 4, y: 12, class: 'muted' }, 'kgCO2e saved'),
    s('line', { class: 'grid', x1: left, x2: width - 4, y1: y(0), y2: y(0) }),
    s('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'muted' }, kg(max)),
    s('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end', class: 'muted' }, '0'));
  periods.forEach((p, i) => {
    const x = left + i * slot + slot * 0.15;
    const barTop = Math.min(y(p.savedKgCo2e), y(0));
    svg.append(
      s('rect', { class: 'saved', x, y: barTop, width: slot * 0.7, height: Math.max(1, Math.abs(y(p.savedKgCo2e) - y(0))) },
        s('title', {}, `${p.label}: ${kg(p.savedKgCo2e)} kg saved`)),
      p.runs > 0 ? s('text', { x: x + slot * 0.35, y: barTop - 3, 'text-anchor': 'middle' }, kg(p.savedKgCo2e)) : '');
    if (periods.length <= 16 || i % Math.ceil(periods.length / 16) === 0) {
      svg.append(s('text', { x: x + slot * 0.35, y: height - bottom + 16, 'text-anchor': 'middle', class: 'muted' }, p.label.slice(5)));
    }
  });
  return svg;
}

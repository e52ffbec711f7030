// The plan as a picture: one lane per pool, its jobs' pieces as bars in time (ran, running,
// planned) over the intensity of the pool's grid zone, the cleanest hours ahead shaded, now marked.
import { get } from './api.js';
import { h, s, fill, stepPath, utc, hhmm, dayLabel, kg, pct, saving, jobHref, table } from './format.js';

const SPANS = [
  { hours: 48, back: 12, label: 'next 48 h' },
  { hours: 72, back: 12, label: 'next 3 days' },
  { hours: 168, back: 24, label: 'next 7 days' },
];
const LABEL_WIDTH = 190;
const ROW = 20;
const AXIS = 34;
/** The cleanest quarter of each zone's hours ahead is shaded. */
const CLEAN_SHARE = 0.25;

let state = null;

/** The timeline reads every active job; a plan changes at most every planning cycle. */
export const refreshEvery = 15000;

export async function render(main, { params, me, go }) {
  const span = SPANS.find((option) => String(option.hours) === params.get('hours')) || SPANS[0];
  state = { main, me, go, span, picked: null };
  const select = h('select', { id: 'plan-span' },
    SPANS.map((option) => h('option', { value: option.hours, selected: option === span }, option.label)));
  select.addEventListener('change', () => go(`#/plan?hours=${select.value}`));
  main.append(
    h('h1', {}, 'Plan'),
    h('div', { class: 'filters' }, h('div', {}, h('label', { for: 'plan-span' }, 'Span'), select)),
    h('div', { class: 'legend', id: 'plan-legend' }),
    h('div', { class: 'gantt-wrap', id: 'gantt' }),
    h('div', { class: 'detail', id: 'plan-detail', 'aria-live': 'polite' },
      'Point at a bar, or move to it with Tab, to see its decision. Enter opens the job.'),
    h('details', { id: 'plan-table' }, h('summary', {}, 'The plan as a table')));
  await refresh();
}

export async function refresh() {
  const { span } = state;
  const timeline = await get(`/v1/timeline?hours=${span.hours}&back=${span.back}`);
  state.timeline = timeline;
  draw(timeline);
}

function draw(timeline) {
  const wrap = document.getElementById('gantt');
  const width = Math.max(wrap.clientWidth || 900, 720);
  const from = Date.parse(timeline.from);
  const until = Date.parse(timeline.until);
  const now = Date.parse(timeline.now);
  const plotWidth = width - LABEL_WIDTH - 12;
  const x = (t) => LABEL_WIDTH + ((Math.min(Math.max(t, from), until) - from) / (until - from)) * plotWidth;

  const maxIntensity = Math.max(1, ...Object.values(timeline.zones)
    .flatMap((zone) => zone.points.map((point) => point.gramsPerKwh || 0)));

  const lanes = timeline.pools.map((pool) => {
    const bars = timeline.bars.filter((bar) => bar.pool === pool.name);
    const rows = pack(bars);
    return { pool, bars, rows: Math.max(1, rows), height: Math.max(48, Math.max(1, rows) * ROW + 12) };
  });
  const height = AXIS + lanes.reduce((sum, lane) => sum + lane.height, 0) + 4;

  const planned = timeline.bars.filter((bar) => bar.kind === 'planned').length;
  const svg = s('svg', {
    class: 'gantt', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-label': `Plan from ${utc(timeline.from)} to ${utc(timeline.until)}: ` +
      `${timeline.bars.length} pieces in ${timeline.pools.length} pools, ${planned} planned`,
  });
  svg.append(s('defs', {}, s('clipPath', { id: 'plot' },
    s('rect', { x: LABEL_WIDTH, y: 0, width: plotWidth, height }))));
  svg.append(axis(from, until, x, height, x(now)));

  let top = AXIS;
  for (const lane of lanes) {
    svg.append(drawLane(lane, top, x, plotWidth, maxIntensity, timeline, now));
    top += lane.height;
  }
  svg.append(s('line', { class: 'now', x1: x(now), x2: x(now), y1: AXIS - 8, y2: height, 'data-time': timeline.now }),
    s('text', { x: x(now) + 3, y: AXIS - 10, class: 'muted' }, 'now'));
  wrap.replaceChildren(svg);

  fill(document.getElementById('plan-legend'),
    h('span', { class: 'l-planned' }, 'planned'),
    h('span', { class: 'l-running' }, 'running (lighter: what is left of the piece)'),
    h('span', { class: 'l-ran' }, 'ran'),
    h('span', { class: 'l-curve' }, `grid intensity forecast, 0–${Math.round(maxIntensity)} gCO2e/kWh bottom to top of each lane`),
    h('span', { class: 'l-past' }, 'intensity before now'),
    h('span', { class: 'l-clean' }, 'cleanest quarter of the hours ahead'),
    h('span', { class: 'l-now' }, 'now'),
    timeline.barsLeftOut ? h('span', {}, `${timeline.barsLeftOut} more pieces not drawn`) : null);
  drawTable(timeline);
  if (state.picked) {
    const again = svg.querySelector(`[data-key="${CSS.escape(state.picked)}"]`);
    if (again) pick(again);
  }
}

/** Rows for overlapping bars: a sweep's trials next to each other, each in the first free row. */
function pack(bars) {
  bars.sort((a, b) => (a.sweep || '').localeCompare(b.sweep || '') ||
    Date.parse(a.start) - Date.parse(b.start) || a.job.localeCompare(b.job));
  const ends = [];
  for (const bar of bars) {
    const start = Date.parse(bar.start);
    let row = ends.findIndex((end) => end <= start);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = Date.parse(bar.end);
    bar.row = row;
  }
  return ends.length;
}

function axis(from, until, x, height, nowX) {
  const group = s('g', { class: 'axis' });
  const hours = (until - from) / 3600000;
  const step = hours <= 48 ? 6 : hours <= 96 ? 12 : 24;
  const first = Math.ceil(from / (step * 3600000)) * step * 3600000;
  group.append(s('text', { x: 8, y: 14, class: 'muted' }, 'time (UTC)'));
  for (let t = first; t <= until; t += step * 3600000) {
    const date = new Date(t);
    const midnight = date.getUTCHours() === 0;
    group.append(s('line', { class: 'grid', x1: x(t), x2: x(t), y1: AXIS - 4, y2: height, 'data-time': date.toISOString() }));
    // An hour's label would sit under "now"; a day's is above it.
    if (midnight || Math.abs(x(t) - nowX) > 40) {
      group.append(s('text', { x: x(t) + 3, y: midnight ? 14 : 28, class: midnight ? '' : 'muted' },
        midnight ? dayLabel(date) : hhmm(date)));
    }
  }
  return group;
}

function drawLane(lane, top, x, plotWidth, maxIntensity, timeline, now) {
  const { pool } = lane;
  const group = s('g', { class: 'pool', 'data-pool': pool.name });
  group.append(s('rect', { class: 'lane', x: 0, y: top, width: LABEL_WIDTH + plotWidth, height: lane.height }));
  group.append(s('text', { x: 8, y: top + 16 }, pool.name),
    s('text', { x: 8, y: top + 31, class: 'muted' }, `${pool.gpus}×${pool.gpuModel} · ${pool.zone}`));

  const zone = timeline.zones[pool.zone] || { points: [] };
  const plot = s('g', { 'clip-path': 'url(#plot)' });
  const step = (zone.stepMinutes || 60) * 60000;
  const y = (g) => top + lane.height - 3 - (g / maxIntensity) * (lane.height - 8);
  for (const [start, end] of cleanest(zone.points, step, now)) {
    plot.append(s('rect', { class: 'clean', x: x(start), y: top + 1, width: Math.max(1, x(end) - x(start)), height: lane.height - 2 }));
  }
  const points = zone.points.filter((point) => point.gramsPerKwh !== null);
  const path = (part) => stepPath(part, step, x, y);
  const past = points.filter((point) => Date.parse(point.start) < now);
  const ahead = points.filter((point) => Date.parse(point.start) >= now);
  if (past.length > 0) {
    plot.append(s('path', { class: 'curve past', d: path(past) },
      s('title', {}, `${pool.zone} intensity before now (${zone.pastSource || 'no source'})`)));
  }
  if (ahead.length > 0) {
    plot.append(s('path', { class: 'curve', d: path(ahead) },
      s('title', {}, `${pool.zone} intensity forecast (${zone.source || 'no source'})`)));
  }
  if (zone.error) {
    group.append(s('text', { x: LABEL_WIDTH + 8, y: top + lane.height - 6, class: 'muted' }, `no forecast: ${zone.error}`));
  }
  for (const bar of lane.bars) plot.append(drawBar(bar, top, x));
  group.append(plot);
  return group;
}

/** Spans of the hours ahead whose intensity is in the zone's cleanest quarter of them. */
function cleanest(points, step, now) {
  const ahead = points.filter((point) => point.gramsPerKwh !== null && Date.parse(point.start) + step > now);
  if (ahead.length < 4) return [];
  const sorted = ahead.map((point) => point.gramsPerKwh).sort((a, b) => a - b);
  const threshold = sorted[Math.max(0, Math.floor(sorted.length * CLEAN_SHARE) - 1)];
  const spans = [];
  for (const point of ahead) {
    if (point.gramsPerKwh > threshold) continue;
    const start = Math.max(Date.parse(point.start), now);
    const end = Date.parse(point.start) + step;
    const last = spans[spans.length - 1];
    if (last && last[1] >= start) last[1] = end;
    else spans.push([start, end]);
  }
  return spans;
}

function drawBar(bar, top, x) {
  const start = Date.parse(bar.start);
  const end = Date.parse(bar.end);
  const left = x(start);
  const width = Math.max(2, x(end) - left);
  const key = `${bar.owner}/${bar.job}/${bar.kind}/${bar.start}`;
  const label = `${bar.job}${bar.sweep ? ` (sweep ${bar.sweep})` : ''}, ${bar.kind} ` +
    `${utc(bar.start)} to ${utc(bar.end)}, ${bar.gpus} GPU${bar.gpus === 1 ? '' : 's'}` +
    (bar.kgCo2e != null ? `; the whole job ${kg(bar.kgCo2e)} kgCO2e, ${pct(saving(bar.kgCo2e, bar.runNowKgCo2e))} less than now` : '');
  // What is left of a running job's piece is drawn as running, lighter: it is under way.
  const kind = bar.kind === 'planned' && bar.state === 'running' ? 'running ahead' : bar.kind;
  const group = s('g', {
    class: `bar ${kind}`, tabindex: 0, role: 'button', 'aria-label': label,
    'data-job': bar.job, 'data-owner': bar.owner, 'data-kind': bar.kind,
    'data-start': bar.start, 'data-end': bar.end, 'data-key': key,
  }, s('title', {}, label),
  s('rect', { x: left, y: top + 6 + bar.row * ROW, width, height: ROW - 3, rx: 3 }));
  if (width > 60) {
    group.append(s('text', { x: left + 4, y: top + 6 + bar.row * ROW + 13 }, bar.job));
  }
  const open = () => state.go(jobHref(bar.job, bar.owner, state.me.owner));
  group.addEventListener('mouseenter', () => pick(group));
  group.addEventListener('focus', () => pick(group));
  group.addEventListener('click', open);
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  });
  return group;
}

function pick(group) {
  for (const other of group.ownerSVGElement.querySelectorAll('.bar.picked')) other.classList.remove('picked');
  group.classList.add('picked');
  state.picked = group.dataset.key;
  const bar = state.timeline.bars.find((b) => `${b.owner}/${b.job}/${b.kind}/${b.start}` === group.dataset.key);
  if (!bar) return;
  fill(document.getElementById('plan-detail'),
    h('strong', {}, h('a', { href: jobHref(bar.job, bar.owner, state.me.owner) }, bar.job)),
    ` · ${bar.owner}${bar.sweep ? ` · sweep ${bar.sweep}` : ''} · ${bar.state} · ${bar.gpus} GPU${bar.gpus === 1 ? '' : 's'} in ${bar.pool}`,
    h('br'),
    `${bar.kind} ${utc(bar.start)} → ${utc(bar.end)}`,
    bar.kgCo2e != null ? ` · the whole job ${kg(bar.kgCo2e)} kgCO2e against ${kg(bar.runNowKgCo2e)} now` : '',
    h('br'),
    h('span', { class: 'why' }, bar.why || ''));
}

function drawTable(timeline) {
  const details = document.getElementById('plan-table');
  const rows = [...timeline.bars]
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    .map((bar) => [h('a', { href: jobHref(bar.job, bar.owner, state.me.owner) }, bar.job), bar.kind, bar.pool,
      utc(bar.start), utc(bar.end), String(bar.gpus), bar.kgCo2e != null ? kg(bar.kgCo2e) : '', bar.why || '']);
  const summary = details.querySelector('summary');
  details.replaceChildren(summary, table('Every piece in the span, by start',
    ['Job', 'Piece', 'Pool', 'Start', 'End', 'GPUs', 'kgCO2e', 'Why'], rows, { numeric: [5, 6] }));
}

// One job: what it asked for, where and when it is planned and why, the pieces planned and run,
// every decision taken on it, and once it has finished its footprint against running at once.
import { get, send, ApiError } from './api.js';
import { h, s, fill, stepPath, utc, hhmm, kg, pct, saving, stateBadge, table } from './format.js';

const FINAL = ['succeeded', 'failed', 'cancelled'];
let state = null;

export async function render(main, { id, params, me }) {
  const owner = params.get('owner');
  const query = owner ? `?owner=${encodeURIComponent(owner)}` : '';
  state = { main, id, query, me };
  await refresh();
}

export async function refresh() {
  const { main, id, query, me } = state;
  const path = `/v1/jobs/${encodeURIComponent(id)}`;
  const job = await get(path + query);
  const decisions = await get(`${path}/decisions${query}${query ? '&' : '?'}limit=200`);
  let footprint = null;
  // A footprint is recorded when the job ends; before that there is nothing to ask for.
  if (FINAL.includes(job.state)) {
    try {
      footprint = await get(`${path}/report${query}`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
  }
  let grid = null;
  if (job.plan || FINAL.includes(job.state)) {
    try {
      grid = await get(`${path}/intensity${query}`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
  }
  fill(main,
    h('p', {}, h('a', { href: '#/queue' }, '← Queue')),
    h('h1', {}, `Job ${job.id} `, stateBadge(job.state)),
    job.reason && !(job.plan && job.plan.why === job.reason) ? h('p', { class: 'why' }, job.reason) : null,
    actions(job, me),
    h('h2', {}, 'Request'),
    facts([
      ['Owner', job.owner],
      ['Sweep', job.sweep
        ? h('a', { href: `#/queue?sweep=${encodeURIComponent(job.sweep)}${job.owner !== me.owner ? `&owner=${encodeURIComponent(job.owner)}` : ''}` }, job.sweep)
        : '–'],
      ['GPUs', `${job.spec.gpus}×${job.spec.gpuModels.join('/')}`],
      ['Run time', job.spec.duration],
      ['Earliest start', utc(job.spec.earliestStart)],
      ['Deadline', utc(job.spec.deadline)],
      ['Regions', job.spec.regions.length ? job.spec.regions.join(', ') : 'any'],
      ['Home', job.spec.home || '–'],
      ['Interruptible', job.spec.interruptible ? 'yes' : 'no'],
      ['Image', h('code', {}, job.spec.image)],
    ]),
    planSection(job),
    footprintSection(footprint, job),
    gridSection(grid),
    h('h2', {}, 'Decisions'),
    table(`${decisions.total} decisions, oldest first`,
      ['At', 'Event', 'Pool', 'Start', 'kgCO2e', 'vs now', 'Why', 'Forecast'],
      decisions.decisions.map((d) => [utc(d.at), d.event, d.pool || '', d.start ? utc(d.start) : '',
        d.kgCo2e != null ? kg(d.kgCo2e) : '', pct(saving(d.kgCo2e, d.runNowKgCo2e)), d.why || '', d.forecastSource || '']),
      { numeric: [4, 5] }));
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
}

function actions(job, me) {
  if (FINAL.includes(job.state) || !(me.scopes.includes('submit') || me.admin)) return null;
  const message = h('span', { role: 'status' });
  const button = h('button', { type: 'button', class: 'danger', id: 'cancel-job' }, 'Cancel job');
  button.addEventListener('click', async () => {
    if (!window.confirm(`Cancel job ${job.id}? A running job is stopped.`)) return;
    button.disabled = true;
    try {
      await send('DELETE', `/v1/jobs/${encodeURIComponent(job.id)}${state.query}`);
      await refresh();
    } catch (error) {
      message.textContent = error.message;
      button.disabled = false;
    }
  });
  return h('p', {}, button, ' ', message);
}

function planSection(job) {
  const plan = job.plan;
  const parts = [h('h2', {}, 'Plan')];
  if (!plan) {
    parts.push(h('p', {}, 'Not planned yet.'));
  } else {
    parts.push(facts([
      ['Where', `${plan.pool} in ${plan.region}`],
      ['When', `${utc(plan.start)} → ${utc(plan.end)}`],
      ['Expected', `${kg(plan.kgCo2e)} kgCO2e against ${kg(plan.runNowKgCo2e)} running now (${pct(plan.savingPct)} less)`],
      ['Why', plan.why],
      ['Forecast', plan.forecastSource || '–'],
    ]));
    if (plan.pieces.length > 1) {
      parts.push(table('Pieces planned', ['Start', 'End'], plan.pieces.map((p) => [utc(p.start), utc(p.end)])));
    }
  }
  if (job.ran.length > 0) {
    parts.push(table('Pieces run', ['Start', 'End'], job.ran.map((p) => [utc(p.start), p.end ? utc(p.end) : 'running'])));
  }
  return parts;
}

function footprintSection(f, job) {
  const parts = [h('h2', {}, 'Footprint')];
  if (!f) {
    parts.push(h('p', {}, FINAL.includes(job.state)
      ? 'No footprint was recorded for this job.'
      : 'Recorded when the job finishes: its energy, measured or estimated, and the intensity it met.'));
    return parts;
  }
  const energy = f.energyKwh * f.pue;
  const gramsActual = f.kgCo2e != null && energy > 0 ? (f.kgCo2e * 1000) / energy : null;
  const gramsForecast = f.predictedKgCo2e != null && energy > 0 ? (f.predictedKgCo2e * 1000) / energy : null;
  parts.push(facts([
    ['Ran', `${utc(f.start)} → ${utc(f.end)} in ${f.region} (${f.zone}), ${f.gpuHours} GPU-hours`],
    ['Energy', `${f.energyKwh} kWh: GPUs ${f.gpuKwh} kWh ${f.gpuEnergy}, host ${f.hostKwh} kWh ${f.hostEnergy}; PUE ${f.pue}`],
    ['Emitted', `${kg(f.kgCo2e)} kgCO2e (${f.intensitySignal} intensity, ${f.intensitySource})`],
    ['Running at once', `${kg(f.runNowKgCo2e)} kgCO2e in ${f.runNowIn || 'where it ran'}: ${kg(f.savedKgCo2e)} kg saved (${pct(f.savingPct)}); ` +
      'this counts the energy the run took, where the plan counted its pool\'s expected draw'],
    ['Forecast against what happened',
      `planned ${kg(f.predictedKgCo2e)} kg at about ${gramsForecast ? Math.round(gramsForecast) : '–'} g/kWh; ` +
      `met ${kg(f.kgCo2e)} kg at about ${gramsActual ? Math.round(gramsActual) : '–'} g/kWh`],
  ]));
  return parts;
}

/** The zone's intensity over the job's window, with the mean its plan expected and the one met. */
function gridSection(grid) {
  if (!grid) return null;
  const title = grid.kind === 'actual'
    ? `The grid it met in ${grid.zone}, against the forecast it was planned on`
    : `The forecast for its planned window in ${grid.zone}`;
  const parts = [h('h2', {}, title)];
  const points = grid.points.filter((p) => p.gramsPerKwh !== null);
  if (points.length === 0) {
    parts.push(h('p', {}, grid.error ? `No intensity data: ${grid.error}` : 'No intensity data for this window.'));
    return parts;
  }
  const width = 720;
  const height = 200;
  const left = 56;
  const right = 12;
  const top = 16;
  const bottom = 30;
  const from = Date.parse(grid.start);
  const until = Date.parse(grid.end);
  const step = points.length > 1 ? Date.parse(points[1].start) - Date.parse(points[0].start) : until - from;
  const values = points.map((p) => p.gramsPerKwh).concat(
    [grid.plannedMeanGramsPerKwh, grid.metMeanGramsPerKwh].filter((v) => v != null));
  const max = Math.max(1, ...values) * 1.1;
  const x = (t) => left + ((Math.min(Math.max(t, from), until) - from) / Math.max(1, until - from)) * (width - left - right);
  const y = (g) => top + (1 - g / max) * (height - top - bottom);
  const d = stepPath(points, step, x, y);
  const planned = grid.plannedMeanGramsPerKwh;
  const met = grid.metMeanGramsPerKwh;
  const summary = `${grid.kind === 'actual' ? 'Measured' : 'Forecast'} intensity in ${grid.zone} from ${utc(grid.start)} to ${utc(grid.end)}` +
    (planned != null ? `; planned on ${Math.round(planned)} gCO2e/kWh` : '') +
    (met != null ? `; met ${Math.round(met)} gCO2e/kWh` : '');
  const svg = s('svg', { class: 'bars grid-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summary },
    s('text', { x: 4, y: 12, class: 'muted' }, 'gCO2e/kWh'),
    s('line', { class: 'grid', x1: left, x2: width - right, y1: y(0), y2: y(0) }),
    s('text', { x: left - 6, y: y(0) + 4, 'text-anchor': 'end', class: 'muted' }, '0'),
    s('text', { x: left - 6, y: y(max / 1.1) + 4, 'text-anchor': 'end', class: 'muted' }, String(Math.round(max / 1.1))),
    s('text', { x: left, y: height - 8, class: 'muted' }, hhmm(new Date(from))),
    s('text', { x: width - right, y: height - 8, 'text-anchor': 'end', class: 'muted' }, `${hhmm(new Date(until))} UTC`),
    s('path', { class: 'intensity', d }),
    planned != null ? s('line', { class: 'planned-mean', x1: left, x2: width - right, y1: y(planned), y2: y(planned) }) : null,
    met != null ? s('line', { class: 'met-mean', x1: left, x2: width - right, y1: y(met), y2: y(met) }) : null);
  parts.push(svg, h('div', { class: 'legend' },
    h('span', { class: 'l-curve' }, `${grid.kind === 'actual' ? 'measured' : 'forecast'} intensity (${grid.source || 'no source'})`),
    planned != null ? h('span', { class: 'l-planned-mean' }, `planned on: ${Math.round(planned)} gCO2e/kWh on average`) : null,
    met != null ? h('span', { class: 'l-met-mean' }, `met: ${Math.round(met)} gCO2e/kWh on average`) : null));
  return parts;
}

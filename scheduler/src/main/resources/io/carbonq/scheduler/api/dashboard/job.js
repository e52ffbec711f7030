// One job: what it asked for, where and when it is planned and why, the pieces planned and run,
// every decision taken on it, and once it has finished its footprint against running at once.
import { get, send, ApiError } from './api.js';
import { h, fill, utc, kg, pct, saving, stateBadge, table } from './format.js';

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
      ['GPUs', `${job.spec.gpus} × ${job.spec.gpuModels.join(' or ')}`],
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
    ['Running at once', `${kg(f.runNowKgCo2e)} kgCO2e in ${f.runNowIn || 'where it ran'}: ${kg(f.savedKgCo2e)} kg saved (${pct(f.savingPct)})`],
    ['Forecast against what happened',
      `planned ${kg(f.predictedKgCo2e)} kg at about ${gramsForecast ? Math.round(gramsForecast) : '–'} g/kWh; ` +
      `met ${kg(f.kgCo2e)} kg at about ${gramsActual ? Math.round(gramsActual) : '–'} g/kWh`],
  ]));
  return parts;
}

// The queue: jobs and sweep trials with their state, place, planned start, expected kgCO2e against
// running now and the one-line why; filtered by owner, state and sweep, a page at a time.
import { get } from './api.js';
import { h, utc, kg, pct, saving, stateBadge, jobHref } from './format.js';

const STATES = ['queued', 'planned', 'dispatched', 'running', 'paused', 'succeeded', 'failed', 'cancelled'];
const PAGE = 100;

let state = null;

export async function render(main, { params, me, go }) {
  const filters = {
    state: params.get('state') || '',
    // Only an admin may list another owner's jobs, and only an admin sees the owner filter.
    owner: me.admin ? params.get('owner') || '' : '',
    sweep: params.get('sweep') || '',
    order: params.get('order') || 'oldest',
  };
  state = { main, me, filters, cursors: [null], page: 0, body: null };

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the queue' },
    field('State', h('select', { id: 'f-state', name: 'state' },
      h('option', { value: '' }, 'any'),
      STATES.map((name) => h('option', { value: name, selected: name === filters.state }, name)))),
    me.admin ? field('Owner', h('input', { id: 'f-owner', name: 'owner', value: filters.owner,
      placeholder: 'everyone', size: 12 })) : null,
    field('Sweep', h('input', { id: 'f-sweep', name: 'sweep', value: filters.sweep, size: 14 })),
    field('Order', h('select', { id: 'f-order', name: 'order' },
      h('option', { value: 'oldest', selected: filters.order === 'oldest' }, 'oldest first'),
      h('option', { value: 'newest', selected: filters.order === 'newest' }, 'newest first'))),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) query.set(name, value);
    go(`#/queue?${query}`);
  });
  form.querySelector('#f-state').addEventListener('change', () => form.requestSubmit());
  form.querySelector('#f-order').addEventListener('change', () => form.requestSubmit());

  main.append(h('h1', {}, 'Queue'), form, h('p', { class: 'counts', id: 'queue-counts' }),
    h('div', { id: 'queue-table' }), pager());
  await refresh();
}

function field(label, control) {
  return h('div', {}, h('label', { for: control.id }, label), control);
}

function pager() {
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'quiet', id: 'page-prev', onclick: () => move(-1) }, 'Previous page'),
    h('span', { id: 'page-label' }),
    h('button', { type: 'button', class: 'quiet', id: 'page-next', onclick: () => move(1) }, 'Next page'));
}

async function move(step) {
  if (step > 0 && !(state.body && state.body.next)) return;
  if (step > 0) state.cursors[state.page + 1] = state.body.next;
  state.page = Math.max(0, state.page + step);
  await refresh();
}

export async function refresh() {
  const { filters, me } = state;
  const query = new URLSearchParams({ limit: PAGE, order: filters.order });
  if (filters.state) query.set('state', filters.state);
  if (filters.owner) query.set('owner', filters.owner);
  if (filters.sweep) query.set('sweep', filters.sweep);
  const after = state.cursors[state.page];
  if (after) query.set('cursor', after);
  const body = await get(`/v1/jobs?${query}`);
  state.body = body;

  const first = state.page * PAGE + 1;
  const last = state.page * PAGE + body.jobs.length;
  document.getElementById('queue-counts').textContent = body.total === 0
    ? 'No jobs match.'
    : `Jobs ${first}–${last} of ${body.total}`;
  document.getElementById('page-label').textContent = `page ${state.page + 1}`;
  document.getElementById('page-prev').disabled = state.page === 0;
  document.getElementById('page-next').disabled = !body.next;
  document.getElementById('queue-table').replaceChildren(jobsTable(body.jobs, me));
}

function jobsTable(jobs, me) {
  return h('div', { class: 'table-wrap' }, h('table', { id: 'jobs' },
    h('caption', { class: 'sr-only' }, 'Jobs in the queue'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Job'),
      h('th', { scope: 'col' }, 'Owner'),
      h('th', { scope: 'col' }, 'Sweep'),
      h('th', { scope: 'col' }, 'State'),
      h('th', { scope: 'col', class: 'num' }, 'GPUs'),
      h('th', { scope: 'col' }, 'Region'),
      h('th', { scope: 'col' }, 'Planned start'),
      h('th', { scope: 'col', class: 'num' }, 'kgCO2e'),
      h('th', { scope: 'col', class: 'num' }, 'saved vs now'),
      h('th', { scope: 'col' }, 'Why'))),
    h('tbody', {}, jobs.map((job) => {
      const plan = job.plan;
      const models = job.spec.gpuModels.join('/');
      return h('tr', { 'data-job': job.id },
        h('th', { scope: 'row' }, h('a', { href: jobHref(job.id, job.owner, me.owner) }, job.id)),
        h('td', { 'data-label': 'Owner' }, job.owner),
        h('td', { 'data-label': 'Sweep', class: job.sweep ? null : 'empty' }, job.sweep || ''),
        h('td', { 'data-label': 'State' }, stateBadge(job.state)),
        h('td', { 'data-label': 'GPUs', class: 'num' }, `${job.spec.gpus}×${models}`),
        h('td', { 'data-label': 'Region', class: plan ? null : 'empty' }, plan ? plan.region : ''),
        h('td', { 'data-label': 'Planned start', class: plan ? null : 'empty' }, plan ? utc(plan.start) : ''),
        h('td', { 'data-label': 'kgCO2e', class: plan ? 'num' : 'num empty' }, plan ? kg(plan.kgCo2e) : ''),
        h('td', { 'data-label': 'saved vs now', class: plan ? 'num' : 'num empty' }, plan ? pct(saving(plan.kgCo2e, plan.runNowKgCo2e)) : ''),
        h('td', { 'data-label': 'Why', class: 'why' }, plan ? plan.why : (job.reason || '')));
    }))));
}

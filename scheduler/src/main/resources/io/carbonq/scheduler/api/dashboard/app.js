// The dashboard's shell: who is logged in, the views by address (#/queue, #/plan, #/jobs/NAME,
// #/savings, #/admin) and the refresh that keeps the shown view live. Plain ES modules, no build.
import { session } from './api.js';
import * as queue from './queue.js';
import * as plan from './plan.js';
import * as job from './job.js';
import * as savings from './savings.js';
import * as admin from './admin.js';

/** How often the shown view asks again, unless it says (refreshEvery); only while visible. */
const REFRESH_MS = 5000;

const main = document.getElementById('main');
const status = document.getElementById('status');
let me = null;
let shown = null;
let timer = null;

function route() {
  const hash = window.location.hash.replace(/^#\/?/, '') || 'queue';
  const [path, query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').map(decoded);
  if (parts[0] === 'jobs' && parts[1]) return { view: job, name: 'queue', params, id: parts[1] };
  const views = { queue, plan, savings, admin };
  const name = views[parts[0]] ? parts[0] : 'queue';
  return { view: views[name], name, params };
}

/** A part of the address, decoded; a malformed escape is taken as it stands. */
function decoded(part) {
  try {
    return decodeURIComponent(part);
  } catch (error) {
    return part;
  }
}

async function show() {
  const { view, name, params, id } = route();
  for (const link of document.querySelectorAll('.top nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  shown = { view, params, id, refreshedAt: Date.now() };
  try {
    await view.render(main, { params, id, me, go });
    main.focus({ preventScroll: true });
    status.textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  } catch (error) {
    main.replaceChildren(
      Object.assign(document.createElement('p'), { className: 'error', textContent: error.message }),
      Object.assign(document.createElement('a'), { href: '#/queue', textContent: '← Queue' }));
    shown = null;
  }
}

/** Moves to another address inside the page, e.g. after a filter changes. */
function go(hash) {
  if (window.location.hash === hash) show();
  else window.location.hash = hash;
}

async function refresh() {
  if (document.hidden) return;
  await checkSession();
  if (!shown || !shown.view.refresh) return;
  const every = shown.view.refreshEvery || REFRESH_MS;
  if (Date.now() - (shown.refreshedAt || 0) < every - 500) return;
  shown.refreshedAt = Date.now();
  try {
    await shown.view.refresh();
    status.textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  } catch (error) {
    status.textContent = `not updated: ${error.message}`;
  }
}

/** Another login in this browser (another tab) changes who this page acts as: start again. */
async function checkSession() {
  const now = await session();
  if (now.owner !== me.owner || now.csrf !== me.csrf) window.location.reload();
}

async function start() {
  me = await session();
  document.getElementById('who').textContent = `${me.owner} · ${me.scopes.join(', ')}`;
  document.getElementById('logout-csrf').value = me.csrf;
  document.getElementById('admin-link').hidden = !me.admin;
  window.addEventListener('hashchange', show);
  document.addEventListener('visibilitychange', refresh);
  timer = setInterval(refresh, REFRESH_MS);
  await show();
}

start().catch((error) => {
  clearInterval(timer);
  main.textContent = error.message;
});

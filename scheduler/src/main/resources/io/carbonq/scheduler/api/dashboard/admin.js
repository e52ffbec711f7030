// Admin: API tokens (list, make, revoke) and carbon budgets (use, set, delete).
import { get, send } from './api.js';
import { h, fill, utc, kg, table } from './format.js';

let state = null;

export async function render(main, { me }) {
  state = { main, me };
  if (!me.admin) {
    main.append(h('h1', {}, 'Admin'), h('p', {}, 'This needs a token with the admin scope.'));
    return;
  }
  main.append(
    h('h1', {}, 'Admin'),
    h('h2', {}, 'Tokens'),
    tokenForm(),
    h('div', { id: 'token-made' }),
    h('p', { id: 'token-message', role: 'status' }),
    h('div', { id: 'tokens' }),
    h('h2', {}, 'Carbon budgets'),
    budgetForm(),
    h('p', { id: 'budget-message', role: 'status' }),
    h('div', { id: 'budgets' }));
  await refresh();
}

export async function refresh() {
  if (!state.me.admin) return;
  const [tokens, budgets] = await Promise.all([get('/v1/tokens?limit=500'), get('/v1/budgets')]);
  document.getElementById('tokens').replaceChildren(table(
    `${tokens.total} token${tokens.total === 1 ? '' : 's'}${tokens.next ? ', the first 500 shown' : ''}`,
    ['Id', 'Owner', 'Scopes', 'State', 'Made', 'Expires', 'Last used', 'Revoked', ''],
    tokens.tokens.map((t) => [t.id, t.owner, t.scopes.join(', '), t.state || '', utc(t.createdAt), t.expiresAt ? utc(t.expiresAt) : 'never',
      t.lastUsedAt ? utc(t.lastUsedAt) : '–', t.revokedAt ? utc(t.revokedAt) : '',
      t.revokedAt || t.state === 'expired' ? '' : h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke token ${t.id} of ${t.owner}`,
        onclick: () => revoke(t) }, 'Revoke')])));
  fill(document.getElementById('budgets'),budgets.budgets.length === 0
    ? h('p', {}, 'No budget is set.')
    : table('Budgets in force', ['Scope', 'Budget', 'Period', 'Used', 'Left', 'Over budget', 'Renews', 'Set by', ''],
      budgets.budgets.map((b) => [b.scope, `${kg(b.kgCo2e)} kg`, b.period, `${kg(b.usedKgCo2e)} kg`, `${kg(b.leftKgCo2e)} kg`,
        b.overBudget, b.renewsAt ? utc(b.renewsAt) : '–', b.setBy,
        b.setBy === 'file' ? '' : h('button', { type: 'button', class: 'danger', 'aria-label': `Delete the budget of ${b.scope}`,
          onclick: () => removeBudget(b.scope) }, 'Delete')]),
      { numeric: [1, 3, 4] }));
}

function field(label, control, help) {
  return h('div', {}, h('label', { for: control.id }, label), control, help ? h('span', { class: 'help' }, help) : null);
}

function tokenForm() {
  const owner = h('input', { id: 'token-owner', name: 'owner', required: true, pattern: '[a-z0-9][a-z0-9._-]{0,63}', size: 14 });
  const scopes = ['read', 'submit', 'admin'].map((scope) =>
    h('label', {}, h('input', { type: 'checkbox', name: 'scopes', value: scope, checked: scope !== 'admin' }), ` ${scope}`));
  const expires = h('input', { id: 'token-expires', name: 'expiresIn', placeholder: 'never, or e.g. 30d', size: 18 });
  const form = h('form', { class: 'filters', 'aria-label': 'Make a token' },
    field('Owner', owner), h('fieldset', {}, h('legend', {}, 'Scopes'), scopes),
    field('Expires in', expires), h('button', { type: 'submit' }, 'Make token'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { owner: data.get('owner'), scopes: data.getAll('scopes') };
    if (data.get('expiresIn')) body.expiresIn = data.get('expiresIn');
    const shown = document.getElementById('token-made');
    try {
      const made = await send('POST', '/v1/tokens', body);
      shown.replaceChildren(h('p', { class: 'token-once', role: 'status' },
        `Token ${made.id} for ${made.owner}. It is shown this once: `, h('code', {}, made.token)));
      form.reset();
      await refresh();
    } catch (error) {
      shown.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
    }
  });
  return form;
}

async function revoke(token) {
  if (!window.confirm(`Revoke token ${token.id} of ${token.owner}? Whoever uses it is refused at once.`)) return;
  const message = document.getElementById('token-message');
  try {
    await send('DELETE', `/v1/tokens/${encodeURIComponent(token.id)}`);
    message.textContent = `Token ${token.id} of ${token.owner} revoked.`;
    message.className = '';
    await refresh();
  } catch (error) {
    message.textContent = error.message;
    message.className = 'error';
  }
}

function budgetForm() {
  const scope = h('input', { id: 'budget-scope', name: 'scope', required: true, placeholder: 'owner:ada or team:vision', size: 24 });
  const amount = h('input', { id: 'budget-kg', name: 'kgCo2e', type: 'number', min: 0, step: 'any', required: true, size: 8 });
  const period = h('select', { id: 'budget-period', name: 'period' }, h('option', { value: 'month' }, 'month'), h('option', { value: '30d' }, '30 days'));
  const over = h('select', { id: 'budget-over', name: 'overBudget' },
    // queue first: the default of carbonq budget set and of the API.
    ['queue', 'defer', 'refuse'].map((v) => h('option', { value: v }, v)));
  const form = h('form', { class: 'filters', 'aria-label': 'Set a budget' },
    field('Scope', scope), field('kgCO2e', amount), field('Period', period), field('Over budget', over),
    h('button', { type: 'submit' }, 'Set budget'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = document.getElementById('budget-message');
    try {
      await send('PUT', `/v1/budgets/${encodeURIComponent(scope.value.trim())}`,
        { kgCo2e: Number(amount.value), period: period.value, overBudget: over.value });
      message.textContent = `Budget of ${scope.value.trim()} set.`;
      message.className = '';
      await refresh();
    } catch (error) {
      message.textContent = error.message;
      message.className = 'error';
    }
  });
  return form;
}

async function removeBudget(scope) {
  if (!window.confirm(`Delete the budget of ${scope}?`)) return;
  const message = document.getElementById('budget-message');
  try {
    await send('DELETE', `/v1/budgets/${encodeURIComponent(scope)}`);
    message.textContent = `Budget of ${scope} deleted.`;
    message.className = '';
    await refresh();
  } catch (error) {
    message.textContent = error.message;
    message.className = 'error';
  }
}

// Small formatters and a DOM builder shared by the views. Every text goes in as text, never HTML.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

/** Replaces an element's children; nulls are skipped and arrays flattened, as in h(). */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * An SVG path of intensity points as steps: each point's value held for one step from its start;
 * x maps a time in milliseconds, y a value in gCO2e/kWh, to pixels.
 */
export function stepPath(points, step, x, y) {
  return points.map((point, i) => {
    const t = Date.parse(point.start);
    return `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(point.gramsPerKwh).toFixed(1)}` +
      `L${x(t + step).toFixed(1)},${y(point.gramsPerKwh).toFixed(1)}`;
  }).join('');
}

/** 2023-03-13 18:00 UTC: every time on the page is UTC, as in the CLI. */
export function utc(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export function hhmm(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function dayLabel(date) {
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

export function kg(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function pct(value) {
  return value === null || value === undefined ? '–' : `${Math.round(value)} %`;
}

/** How much less than running now: the plan's saving in whole percent. */
export function saving(kgCo2e, runNow) {
  if (kgCo2e == null || runNow == null || runNow <= 0) return null;
  return ((runNow - kgCo2e) / runNow) * 100;
}

export function stateBadge(state) {
  return h('span', { class: `state state-${state}` }, state);
}

/** The link to a job's page; an admin looking at another owner's job keeps the owner. */
export function jobHref(name, owner, me) {
  const query = owner && owner !== me ? `?owner=${encodeURIComponent(owner)}` : '';
  return `#/jobs/${encodeURIComponent(name)}${query}`;
}

export function table(caption, headers, rows, { numeric = [] } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((header, i) =>
        h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, header)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
        h('td', { class: numeric.includes(i) ? 'num' : null }, cell)))))));
}

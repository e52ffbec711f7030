// The dashboard reads and writes through carbonq's own /v1 API; the session cookie stands for the
// token, and every change carries the session's CSRF value, which no other site can read.

let csrf = null;

/** A refusal of the API, with the problem's detail for a person to read. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function session() {
  const reply = await fetch('/ui/session', { credentials: 'same-origin' });
  if (reply.status === 401) {
    window.location.assign('/?session=ended');
    throw new ApiError(401, 'not logged in');
  }
  const body = await reply.json();
  csrf = body.csrf;
  return body;
}

export function get(path) {
  return call('GET', path);
}

export function send(method, path, body) {
  return call(method, path, body);
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const reply = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (reply.status === 401) {
    // The token was revoked or has expired, or the service restarted: log in again.
    window.location.assign('/?session=ended');
    throw new ApiError(401, 'the session has ended; log in again');
  }
  const text = await reply.text();
  const json = text ? JSON.parse(text) : null;
  if (reply.status === 403 && json && String(json.type).endsWith('/csrf')) {
    // Another login in this browser replaced the session this page was opened with.
    window.location.reload();
  }
  if (!reply.ok) {
    throw new ApiError(reply.status, (json && (json.detail || json.title)) || reply.statusText);
  }
  return json;
}

// Calls the Switchyard API with the signed-in token; a non-2xx answer becomes an ApiError.
import { getToken } from './session.js';

/** An API refusal: the HTTP status, the Databricks error_code and its message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Sends one request (with any `extraHeaders`, such as If-Match); answers { body, headers, ms } or throws ApiError. */
export async function call(method, path, body, token = getToken(), extraHeaders = {}) {
  const headers = { ...extraHeaders, Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)) });
  const ms = performance.now() - started;
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  if (!response.ok) {
    const message = (parsed && parsed.message) || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, parsed && parsed.error_code, message);
  }
  return { body: parsed, headers: response.headers, ms };
}

export const get = async (path, token) => (await call('GET', path, undefined, token)).body;
export const enc = encodeURIComponent;

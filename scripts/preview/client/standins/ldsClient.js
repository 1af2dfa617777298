// STAND-IN, preview only: a small client for the User Interface API that plays the part of
// Lightning Data Service in the Cairn component preview. It reads and writes the local org
// through the preview server (which adds the access token), and keeps every live wire fresh
// after a write, as Lightning Data Service does on the platform.

const liveWires = new Set();

/**
 * Calls the preview server's proxy to the org: `ui-api/...` or `describe/<Object>`. Failures
 * reject with the shape Lightning Data Service gives its errors: `{ ok: false, status, statusText, body }`.
 */
export async function orgApi(method, resource, body) {
  const response = await fetch(`/${resource}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { message: text };
    }
  }
  if (!response.ok) {
    // LDS rejects with the response's shape (what reduceErrors reads), not an Error.
    // eslint-disable-next-line no-throw-literal
    throw { ok: false, status: response.status, statusText: response.statusText, body: json };
  }
  return json;
}

/** `Object.Field__c` from a field given as a string or as a `@salesforce/schema` reference */
export function fieldName(field) {
  return typeof field === 'string' ? field : `${field.objectApiName}.${field.fieldApiName}`;
}

/** The object API name from a string or a `@salesforce/schema` object reference */
export function objectName(object) {
  return typeof object === 'string' ? object : object?.objectApiName;
}

export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value === undefined || value === null) return;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A wire adapter that GETs one resource per configuration. Subclasses say which resource a
 * configuration means (`resourceFor`, null while it is incomplete) and may reshape the
 * answer (`shape`).
 */
export class OrgResourceWireAdapter {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
    this.config = undefined;
    this.requestNumber = 0;
  }

  connect() {
    liveWires.add(this);
  }

  disconnect() {
    liveWires.delete(this);
  }

  update(config) {
    this.config = config;
    this.refresh();
  }

  shape(data) {
    return data;
  }

  async refresh() {
    const resource = this.config ? this.resourceFor(this.config) : null;
    if (!resource) return;
    const requestNumber = ++this.requestNumber;
    let result;
    try {
      result = { data: this.shape(await orgApi('GET', resource), this.config), error: undefined };
    } catch (error) {
      result = { data: undefined, error };
    }
    // A newer configuration may have been asked for meanwhile; only the latest answer counts.
    if (requestNumber === this.requestNumber) {
      this.dataCallback(result);
    }
  }
}

/** After a write, every live wire reads again, so the page shows what the org now holds. */
export function refreshLiveWires() {
  return Promise.all([...liveWires].map((wire) => wire.refresh()));
}

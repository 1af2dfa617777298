// Talking to a running worker over HTTP the way its users do: Segment batches with the write
// key, admin calls with the Bearer token.

import type { UsageEvent } from '../../../worker/ingest/event.js';

export const basic = (writeKey: string): string => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
export const bearer = (token: string): string => `Bearer ${token}`;

/** A usage event as the Segment track message that carries it. */
export function trackMessage(event: UsageEvent): Record<string, unknown> {
  return {
    type: 'track',
    userId: event.userId,
    event: event.name,
    timestamp: event.timestamp,
    messageId: event.messageId,
    context: { groupId: event.accountId }
  };
}

/** POSTs the events to /v1/batch; throws unless the worker stored them all. */
export async function ingest(url: string, writeKey: string, events: readonly UsageEvent[]): Promise<void> {
  const response = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: basic(writeKey), 'content-type': 'application/json' },
    body: JSON.stringify({ batch: events.map(trackMessage) })
  });
  const body = await response.text();
  if (response.status !== 200 || body !== '{"success":true}')
    throw new Error(`ingestion answered ${response.status}: ${body}`);
}

export interface RunView {
  id: string;
  status: string;
  error?: string;
  [key: string]: unknown;
}

/** POST /sync, then GET /runs/:id until the run has finished. */
export async function syncAndWait(url: string, adminToken: string, timeoutMs = 90_000): Promise<RunView> {
  const started = await fetch(`${url}/sync`, { method: 'POST', headers: { authorization: bearer(adminToken) } });
  if (started.status !== 202) throw new Error(`POST /sync answered ${started.status}: ${await started.text()}`);
  const { runId } = (await started.json()) as { runId: string };
  return waitForRun(url, adminToken, runId, timeoutMs);
}

export async function waitForRun(url: string, adminToken: string, runId: string, timeoutMs = 90_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(url, adminToken, runId);
    if (run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function getRun(url: string, adminToken: string, runId: string): Promise<RunView> {
  const response = await fetch(`${url}/runs/${runId}`, { headers: { authorization: bearer(adminToken) } });
  if (response.status !== 200)
    throw new Error(`GET /runs/${runId} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as RunView;
}

// JSONL and CSV event files: `ingestFile` (npm run worker -- ingest FILE) and the `file`
// pull source, against a real embedded store.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { importEventFile, ingestFile } from '../../worker/sources/event-file.js';
import { fileSource } from '../../worker/sources/file-source.js';
import type { Store } from '../../worker/store/store.js';
import { openTestStore, type TestStore } from '../store/backends.js';

jest.setTimeout(120_000);

const NOW = new Date('2026-05-01T12:00:00Z');

let dir: string;
let test_: TestStore;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-files-'));
  test_ = await openTestStore('embedded');
  store = test_.store;
});
afterAll(async () => {
  await test_?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

const jsonl = (event: Record<string, unknown>) => JSON.stringify(event);
const event = (accountId: string, messageId: string, extra: Record<string, unknown> = {}) => ({
  accountId,
  userId: 'u1',
  name: 'report_created',
  timestamp: '2026-04-20T10:00:00Z',
  messageId,
  ...extra
});

describe('JSONL', () => {
  test('refuses an NPS answer without a score from 0 to 10, keeping the lines around it', async () => {
    const path = file('nps.jsonl', [
      jsonl(event('nps-file', 'nf-1', { name: 'nps_submitted', properties: { score: 8 } })),
      jsonl(event('nps-file', 'nf-2', { name: 'nps_submitted', properties: { score: '8' } })),
      jsonl(event('nps-file', 'nf-3'))
    ]);
    const result = await ingestFile(store, path, NOW, 'nps_submitted');
    expect(result).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(result.rejected.map((r) => ['line' in r ? r.line : null, r.reason])).toEqual([
      [2, 'properties.score: "nps_submitted" is an NPS answer and needs a number from 0 to 10, got "8"']
    ]);
  });

  test('imports the valid lines and reports each bad one with its line number', async () => {
    const path = file('events.jsonl', [
      jsonl(event('jl', 'jl-1')),
      '',
      jsonl(event('jl', 'jl-2', { properties: { plan: 'pro' } })),
      '{"accountId": "jl", "userId": "u1"',
      jsonl(event('jl', 'jl-3', { timestamp: '20/04/2026' })),
      '["not", "an", "object"]',
      jsonl({ ...event('jl', 'jl-4'), userId: undefined }),
      jsonl(event('jl', 'jl-5'))
    ]);
    const result = await ingestFile(store, path, NOW);
    expect(result).toEqual({
      source: path,
      inserted: 3,
      duplicates: 0,
      rejected: [
        {
          line: 4,
          reason: expect.stringMatching(/^not valid JSON \(.+\)$/),
          kind: 'invalid_shape',
          raw: '{"accountId": "jl", "userId": "u1"'
        },
        {
          line: 5,
          reason: 'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "20/04/2026"',
          kind: 'bad_timestamp',
          raw: expect.stringContaining('"timestamp":"20/04/2026"')
        },
        { line: 6, reason: 'expected an object', kind: 'invalid_shape', raw: '["not","an","object"]' },
        {
          line: 7,
          reason: 'userId: required',
          kind: 'invalid_shape',
          raw: expect.stringContaining('"messageId":"jl-4"')
        }
      ]
    });
    const stored = await store.findEvents({ accountId: 'jl' });
    expect(stored.map((e) => e.messageId)).toEqual(['jl-1', 'jl-2', 'jl-5']);
    expect(stored[1]?.properties).toEqual({ plan: 'pro' });
  });

  test('importing the same file again counts duplicates only', async () => {
    const path = file('again.jsonl', [jsonl(event('again', 'a-1')), jsonl(event('again', 'a-2'))]);
    expect(await ingestFile(store, path, NOW)).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(await ingestFile(store, path, NOW)).toMatchObject({ inserted: 0, duplicates: 2, rejected: [] });
  });

  test('large files are committed page by page', async () => {
    // 7 events in pages of 3: 3 + 3 + 1
    const path = file(
      'pages.jsonl',
      Array.from({ length: 7 }, (_, i) => jsonl(event('pages', `pg-${i}`)))
    );
    const result = await importEventFile(
      store,
      path,
      NOW,
      { source: 'pages', inserted: 0, duplicates: 0, rejected: [] },
      undefined,
      3
    );
    expect(result.inserted).toBe(7);
    expect(await store.findEvents({ accountId: 'pages' })).toHaveLength(7);
  });
});

describe('CSV', () => {
  test('imports rows by column name, with quoting and an optional properties column', async () => {
    const path = file('events.csv', [
      '\uFEFFaccountId,userId,name,timestamp,messageId,properties',
      'csv,u1,report_created,2026-04-20T10:00:00Z,csv-1,',
      'csv,"Doe, Jane",campaign_sent,2026-04-21T10:00:00+02:00,csv-2,"{""channel"":""email""}"',
      'csv,u3,report_created,not a time,csv-3,',
      'csv,u4,report_created,2026-04-22T10:00:00Z,csv-4,{broken',
      'csv,u5,report_created,2026-04-22T10:00:00Z',
      'csv,u6,report_created,2026-04-23T10:00:00Z,csv-6,'
    ]);
    const result = await ingestFile(store, path, NOW);
    expect(result.inserted).toBe(3);
    expect(result.rejected).toEqual([
      {
        line: 4,
        reason: 'timestamp: expected an ISO 8601 time with a zone, e.g. 2026-04-20T10:00:00Z, got "not a time"',
        kind: 'bad_timestamp',
        raw: expect.stringContaining('"messageId":"csv-3"')
      },
      {
        line: 5,
        reason: expect.stringMatching(/^properties: not valid JSON \(.+\)$/),
        kind: 'invalid_shape',
        raw: expect.stringContaining('"properties":"{broken"')
      },
      { line: 6, reason: expect.stringMatching(/^not a valid CSV record \(.+\)$/), kind: 'invalid_shape', raw: '' }
    ]);
    expect(await store.findEvents({ accountId: 'csv' })).toEqual([
      {
        accountId: 'csv',
        userId: 'u1',
        name: 'report_created',
        timestamp: '2026-04-20T10:00:00.000Z',
        messageId: 'csv-1',
        properties: null
      },
      {
        accountId: 'csv',
        userId: 'Doe, Jane',
        name: 'campaign_sent',
        timestamp: '2026-04-21T08:00:00.000Z',
        messageId: 'csv-2',
        properties: { channel: 'email' }
      },
      {
        accountId: 'csv',
        userId: 'u6',
        name: 'report_created',
        timestamp: '2026-04-23T10:00:00.000Z',
        messageId: 'csv-6',
        properties: null
      }
    ]);
  });

  test('a header with missing or unknown columns imports nothing and says what is expected', async () => {
    const missing = file('missing.csv', ['accountId,userId,event,timestamp', 'hdr,u1,x,2026-04-20T10:00:00Z']);
    await expect(ingestFile(store, missing, NOW)).rejects.toThrow(
      `${missing}: the CSV header has missing columns name, messageId and unknown column event; expected accountId, userId, name, timestamp, messageId and optionally properties (JSON)`
    );
    expect(await store.findEvents({ accountId: 'hdr' })).toEqual([]);
  });

  test('the format is read from the extension, else from the first character', async () => {
    const csvAsText = file('csv-export.txt', [
      'accountId,userId,name,timestamp,messageId',
      'sniff,u1,a,2026-04-20T10:00:00Z,sn-1'
    ]);
    const jsonAsText = file('json-export.log', [jsonl(event('sniff', 'sn-2'))]);
    expect((await ingestFile(store, csvAsText, NOW)).inserted).toBe(1);
    expect((await ingestFile(store, jsonAsText, NOW)).inserted).toBe(1);
  });

  test('a missing file is an error', async () => {
    await expect(ingestFile(store, join(dir, 'nope.jsonl'), NOW)).rejects.toThrow(
      `no file at ${join(dir, 'nope.jsonl')}`
    );
  });
});

describe('the file source', () => {
  test('re-reads its file only when it changed', async () => {
    const path = file('source.jsonl', [jsonl(event('fsrc', 'fs-1')), jsonl(event('fsrc', 'fs-2'))]);
    const source = fileSource({ type: 'file', name: 'exports', path });
    expect(await source.pull(store, NOW)).toEqual({ source: 'exports', inserted: 2, duplicates: 0, rejected: [] });
    // unchanged: not read at all
    expect(await source.pull(store, NOW)).toEqual({ source: 'exports', inserted: 0, duplicates: 0, rejected: [] });
    appendFileSync(path, `\n${jsonl(event('fsrc', 'fs-3'))}\nnot json`);
    expect(await source.pull(store, NOW)).toEqual({
      source: 'exports',
      inserted: 1,
      duplicates: 2,
      rejected: [{ line: 4, reason: expect.stringMatching(/^not valid JSON/), kind: 'invalid_shape', raw: 'not json' }]
    });
  });

  test('reports a missing file as the pull’s error', async () => {
    const source = fileSource({ type: 'file', name: 'gone', path: join(dir, 'gone.csv') });
    expect(await source.pull(store, NOW)).toEqual({
      source: 'gone',
      inserted: 0,
      duplicates: 0,
      rejected: [],
      error: `source "gone": no file at ${join(dir, 'gone.csv')}`
    });
  });
});

// `npm run worker -- rejected [--since ISO] [--json]`: the messages ingestion refused in the
// last week, with why — what a sender never sees, since clients ignore the answer's list.

import { waitingEventsNote, waitingSince } from '../ingest/waiting-events.js';
import { REJECTIONS_KEPT_DAYS } from '../store/rejections-repository.js';
import type { StoredRejection } from '../store/store.js';
import { EXIT, parseFlags, UsageError, type Command } from './command.js';
import { withWorkerStore } from './setup.js';

const HELP = `Usage: npm run worker -- rejected [--since ISO] [--json]

Lists the messages ingestion refused (Segment calls, pull-source rows, lines of imported
files), oldest first, with where each came from, the kind of problem, the reason and the
message as received. They are kept ${REJECTIONS_KEPT_DAYS} days (at most 10,000; each cut to 4 KB).
Also says how many track events still wait for their user's group call.

Options:
  --since ISO  only those received at or after this time (default: ${REJECTIONS_KEPT_DAYS} days ago)
  --json       print one JSON object: {"since","rejected":[{"receivedAt","via","kind","reason","raw"}],"pending":{...}}
  -h, --help   show this help

Exit codes: 0 listed (also when there are none); 1 the store could not be read; 4 another
process has the embedded store open (stop the worker, or use a PostgreSQL store); 2 bad usage.`;

/** messages listed in the text output; --json lists all */
const TEXT_LIMIT = 200;
const RAW_PREVIEW_CHARS = 300;

// raw lines of files may hold terminal escapes; show them, do not run them
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function parseSince(value: string | boolean | undefined, now: Date): Date {
  if (typeof value !== 'string') return new Date(now.getTime() - REJECTIONS_KEPT_DAYS * 86_400_000);
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new UsageError(`--since: expected an ISO 8601 date or time, e.g. 2026-04-20T10:00:00Z, got "${value}"`);
  return new Date(ms);
}

function formatRejections(rejections: readonly StoredRejection[], since: Date): string[] {
  if (rejections.length === 0) return [`No rejected messages since ${since.toISOString()}.`];
  const byKind = new Map<string, number>();
  for (const r of rejections) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
  const kinds = [...byKind].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = rejections.slice(-TEXT_LIMIT);
  const lines = [
    `${rejections.length} rejected message${rejections.length === 1 ? '' : 's'} since ${since.toISOString()} (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})`,
    ...(shown.length < rejections.length
      ? [`showing the latest ${shown.length}; --since or --json for the others`]
      : [])
  ];
  for (const r of shown) {
    const raw = r.raw.length > RAW_PREVIEW_CHARS ? `${r.raw.slice(0, RAW_PREVIEW_CHARS)}…` : r.raw;
    lines.push(`${r.receivedAt}  ${printable(r.via)}  ${r.kind}: ${printable(r.reason)}`, `    ${printable(raw)}`);
  }
  return lines;
}

export const rejectedCommand: Command = {
  name: 'rejected',
  summary: `list messages ingestion refused in the last ${REJECTIONS_KEPT_DAYS} days [--since ISO] [--json]`,
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(
      args,
      { since: { type: 'string' }, json: { type: 'boolean' } },
      { min: 0, max: 0, names: '' }
    );
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    return withWorkerStore(
      io,
      (config) => {
        const now = config.now ?? new Date();
        return { now, since: parseSince(values.since, now) };
      },
      async (store, { now, since }) => {
        const rejected = await store.listRejections(since);
        const pending = await store.pendingEvents(waitingSince(now));
        if (values.json === true) {
          io.out(JSON.stringify({ since: since.toISOString(), rejected, pending }));
          return EXIT.ok;
        }
        const lines = formatRejections(rejected, since);
        if (pending.total > 0) {
          lines.push(
            '',
            `${pending.total} track event${pending.total === 1 ? '' : 's'} stored wait for their user's group call (not counted until then).`
          );
          const note = waitingEventsNote(pending);
          if (note) lines.push(note);
        }
        io.out(lines.join('\n'));
        return EXIT.ok;
      }
    );
  }
};

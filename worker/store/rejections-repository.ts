// Messages ingestion refused, kept for a week so someone can see what a sender got wrong:
// senders (Segment clients above all) never read the `rejected` list of their answers.
// Bounded: entries older than REJECTIONS_KEPT_DAYS and all but the newest MAX_REJECTIONS
// go at each write, and each raw message is cut to MAX_RAW_CHARS.
import type { IsoDateTime } from '../core/types.js';
import type { Driver } from './driver.js';
import { toIso } from './sql.js';

export const REJECTIONS_KEPT_DAYS = 7;
export const MAX_REJECTIONS = 10_000;
export const MAX_RAW_CHARS = 4096;

export interface Rejection {
  /** where it came in: `segment`, `file <path>`, `source <name>` */
  via: string;
  /** the class of problem: the `reason` label of cairn_events_rejected_total */
  kind: string;
  /** what is wrong, as the sender was told */
  reason: string;
  /** the message as received (JSON, or the line of a file), cut to MAX_RAW_CHARS */
  raw: string;
}

export interface StoredRejection extends Rejection {
  receivedAt: IsoDateTime;
}

export interface RejectionsRepository {
  /** Keeps rejected messages received at `at`, and forgets what is past the bounds. */
  recordRejections(rejections: readonly Rejection[], at: Date): Promise<void>;
  /** Rejected messages received at or after `since`, oldest first. */
  listRejections(since: Date): Promise<StoredRejection[]>;
}

function cut(raw: string): string {
  return raw.length <= MAX_RAW_CHARS ? raw : `${raw.slice(0, MAX_RAW_CHARS)}… (cut: ${raw.length} characters in all)`;
}

export function rejectionsRepository(driver: Driver): RejectionsRepository {
  return {
    async recordRejections(rejections, at) {
      if (rejections.length === 0) return;
      const kept = rejections.slice(-MAX_REJECTIONS);
      await driver.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO rejected_events (received_at, via, kind, reason, raw)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
          [at, kept.map((r) => r.via), kept.map((r) => r.kind), kept.map((r) => r.reason), kept.map((r) => cut(r.raw))]
        );
        await tx.query(`DELETE FROM rejected_events WHERE received_at < $1::timestamptz - interval '1 day' * $2`, [
          at,
          REJECTIONS_KEPT_DAYS
        ]);
        await tx.query(
          `DELETE FROM rejected_events WHERE id <= (
             SELECT id FROM rejected_events ORDER BY id DESC OFFSET $1 LIMIT 1)`,
          [MAX_REJECTIONS]
        );
      });
    },

    async listRejections(since) {
      const rows = await driver.query<{ received_at: unknown; via: string; kind: string; reason: string; raw: string }>(
        `SELECT received_at, via, kind, reason, raw FROM rejected_events
         WHERE received_at >= $1 ORDER BY received_at, id`,
        [since]
      );
      return rows.map((row) => ({
        receivedAt: toIso(row.received_at),
        via: row.via,
        kind: row.kind,
        reason: row.reason,
        raw: row.raw
      }));
    }
  };
}

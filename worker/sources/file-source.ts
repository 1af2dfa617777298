// `file` source: a JSONL or CSV file re-imported whenever it changes. Its cursor is the
// file's size and modification time; an unchanged file is not read at all, and a changed
// one is read whole (events already stored count as duplicates).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileSourceConfig } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { importEventFile } from './event-file.js';
import { collectPull, type PullResult, type PullSource } from './source.js';

export function fileSource(config: FileSourceConfig): PullSource {
  return {
    name: config.name,
    pull(store: Store, now: Date, npsEvent?: string): Promise<PullResult> {
      return collectPull(config.name, async (result) => {
        const path = resolve(config.path);
        let cursor: string;
        try {
          const stat = statSync(path);
          cursor = JSON.stringify({ size: stat.size, mtimeMs: stat.mtimeMs });
        } catch {
          throw new Error(`source "${config.name}": no file at ${path}`);
        }
        if ((await store.getCursor(config.name)) === cursor) return;
        await importEventFile(store, path, now, result, npsEvent).catch((error: Error) => {
          throw new Error(`source "${config.name}": ${error.message}`);
        });
        await store.setCursor(config.name, cursor);
      });
    }
  };
}

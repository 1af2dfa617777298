// Pull sources' cursors: where each source's next pull starts.
import type { Driver } from './driver.js';

export interface CursorsRepository {
  getCursor(source: string): Promise<string | null>;
  setCursor(source: string, cursor: string): Promise<void>;
}

export function cursorsRepository(driver: Driver): CursorsRepository {
  return {
    async getCursor(source) {
      const [row] = await driver.query<{ cursor: string }>('SELECT cursor FROM source_cursors WHERE source = $1', [
        source
      ]);
      return row?.cursor ?? null;
    },

    async setCursor(source, cursor) {
      await driver.query(
        `INSERT INTO source_cursors (source, cursor) VALUES ($1, $2)
         ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
        [source, cursor]
      );
    }
  };
}

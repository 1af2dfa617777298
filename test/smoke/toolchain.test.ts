import { PGlite } from '@electric-sql/pglite';
import PQueue from 'p-queue';
import { z } from 'zod';

test('esm deps load', async () => {
  const db = new PGlite();
  const r = await db.query<{ n: number }>('select 1 + 1 as n');
  expect(r.rows[0]?.n).toBe(2);
  const q = new PQueue({ concurrency: 2 });
  expect(await q.add(async () => 3)).toBe(3);
  expect(z.string().parse('x')).toBe('x');
  await db.close();
});

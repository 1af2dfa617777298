// Test controls under /__local/ (no token, not counted as API calls): stats, reset,
// faults, and the clock.

import { ApiError, notFound } from '../core/errors.js';
import { parseFaultConfig } from '../faults.js';
import { json, type Reply, type Request } from './http.js';

export async function controls(req: Request): Promise<Reply> {
  const name = req.segments[0] ?? '';
  switch (`${req.method} ${name}`) {
    case 'GET stats':
      return json(200, req.org.usage.stats());
    case 'POST reset':
      req.org.reset();
      return json(200, { reset: true });
    case 'GET faults':
      return json(200, req.org.faults.current);
    case 'POST faults': {
      try {
        req.org.faults.set(parseFaultConfig(await req.json()));
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(400, 'INVALID_FAULTS', (e as Error).message);
      }
      return json(200, req.org.faults.current);
    }
    case 'GET now':
      return json(200, { now: req.org.clock.nowDateTime() });
    case 'POST now': {
      const body = (await req.json()) as { now?: unknown };
      if (body.now !== null && typeof body.now !== 'string')
        throw new ApiError(400, 'INVALID_NOW', 'now must be an ISO date-time, or null for the wall clock');
      try {
        req.org.clock.set(body.now);
      } catch (e) {
        throw new ApiError(400, 'INVALID_NOW', (e as Error).message);
      }
      return json(200, { now: req.org.clock.nowDateTime() });
    }
  }
  throw notFound();
}

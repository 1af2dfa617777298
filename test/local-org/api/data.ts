// The API's entry points: the versions list (GET /services/data), the resources of one
// version, and limits.

import { json, type Reply, type Request } from './http.js';

export const MIN_VERSION = 20;
export const MAX_VERSION = 64;

/** Salesforce's release name of an API version: v62.0 is Winter '25, v63.0 Spring '25. */
function releaseLabel(major: number): string {
  const k = major - 62;
  const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3];
  const year = 25 + Math.floor(k / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export function isKnownVersion(version: string): boolean {
  const m = /^(\d+)\.0$/.exec(version);
  const major = m ? Number(m[1]) : NaN;
  return major >= MIN_VERSION && major <= MAX_VERSION;
}

export function versions(): Reply {
  const list = [];
  for (let v = MIN_VERSION; v <= MAX_VERSION; v++)
    list.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  return json(200, list);
}

export function resources(req: Request): Reply {
  const base = `/services/data/v${req.version}`;
  return json(200, {
    sobjects: `${base}/sobjects`,
    query: `${base}/query`,
    queryAll: `${base}/queryAll`,
    composite: `${base}/composite`,
    jobs: `${base}/jobs`,
    limits: `${base}/limits`,
    'ui-api': `${base}/ui-api`
  });
}

export function limits(req: Request): Reply {
  const max = req.org.dailyLimit;
  const static_ = (n: number) => ({ Max: n, Remaining: n });
  return json(200, {
    DailyApiRequests: { Max: max, Remaining: Math.max(0, max - req.org.usage.used) },
    DailyAsyncApexExecutions: static_(250000),
    DailyBulkApiBatches: static_(15000),
    DailyBulkV2QueryFileStorageMB: static_(976562),
    DailyBulkV2QueryJobs: static_(10000),
    DataStorageMB: static_(1024),
    FileStorageMB: static_(1024),
    HourlyTimeBasedWorkflow: static_(1000),
    SingleEmail: static_(5000)
  });
}

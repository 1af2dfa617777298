// Faults a test can switch on through POST /__local/faults: row lock failures, whole-call
// 503s, issued sessions that expire after N calls, a daily API limit, Bulk API 2.0 jobs
// that fail part-way, write calls whose answer is lost after they were committed, and a delay
// before every API call is answered (a real org's latency). Random draws come
// from a seeded generator, so a run with the same calls sees the same faults.

export interface FaultConfig {
  /** share of written rows that fail with UNABLE_TO_LOCK_ROW, 0..1 */
  lockRowRate?: number;
  /** share of API calls answered 503, 0..1 */
  http503Rate?: number;
  /**
   * share of write calls that are carried out and committed but never answered: the
   * connection is cut, as when the network fails after Salesforce committed, 0..1
   */
  lostResponseRate?: number;
  /** issued (not static) sessions end after this many calls */
  sessionExpiresAfterCalls?: number;
  /** DailyApiRequests Max; calls past it answer 403 REQUEST_LIMIT_EXCEEDED */
  dailyLimit?: number;
  /**
   * a Bulk API 2.0 ingest job processes at most this many rows, then ends Failed
   * (InternalServerError) with the rest as unprocessed records, as a job that hits a server
   * problem part-way does
   */
  bulkJobFailsAfterRows?: number;
  /** every counted API call is answered this many milliseconds late, as a real org far away is */
  latencyMs?: number;
  /** seed of the random generator (default 1) */
  seed?: number;
}

const KEYS = [
  'lockRowRate',
  'http503Rate',
  'lostResponseRate',
  'sessionExpiresAfterCalls',
  'dailyLimit',
  'bulkJobFailsAfterRows',
  'latencyMs',
  'seed'
] as const;

/** Validates a POST /__local/faults body; throws with what is wrong and how to fix it. */
export function parseFaultConfig(body: unknown): FaultConfig {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new Error('faults must be a JSON object, e.g. {"lockRowRate":0.1,"seed":1}; {} clears all faults');
  }
  const config: FaultConfig = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(KEYS as readonly string[]).includes(key))
      throw new Error(`unknown fault "${key}"; known: ${KEYS.join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${key} must be a number`);
    if ((key === 'lockRowRate' || key === 'http503Rate' || key === 'lostResponseRate') && (value < 0 || value > 1))
      throw new Error(`${key} must be between 0 and 1`);
    if (
      (key === 'sessionExpiresAfterCalls' ||
        key === 'dailyLimit' ||
        key === 'bulkJobFailsAfterRows' ||
        key === 'latencyMs') &&
      (!Number.isInteger(value) || value < 0)
    ) {
      throw new Error(`${key} must be a whole number ≥ 0`);
    }
    config[key as keyof FaultConfig] = value;
  }
  return config;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private config: FaultConfig = {};
  private random = generator(1);

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.random = generator(config.seed ?? 1);
  }

  get current(): FaultConfig {
    return { ...this.config };
  }

  lockFails(): boolean {
    const rate = this.config.lockRowRate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  unavailable(): boolean {
    const rate = this.config.http503Rate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  responseLost(): boolean {
    const rate = this.config.lostResponseRate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  get sessionExpiresAfterCalls(): number | null {
    return this.config.sessionExpiresAfterCalls ?? null;
  }

  get dailyLimit(): number | null {
    return this.config.dailyLimit ?? null;
  }

  get bulkJobFailsAfterRows(): number | null {
    return this.config.bulkJobFailsAfterRows ?? null;
  }

  /** Waits out the configured latency (at once when there is none). */
  async delay(): Promise<void> {
    const ms = this.config.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

// Exponential backoff with jitter, shared by call retries (transport.ts) and row retries
// (write.ts): the ceiling doubles each attempt up to a cap, and the wait is drawn from the
// upper half of it, so concurrent retries spread out but never come back immediately.

export interface BackoffPolicy {
  /** ceiling of the first wait */
  baseDelayMs: number;
  /** the ceiling never grows past this */
  maxDelayMs: number;
}

/** The wait before retry number `retry` (1 for the first retry). */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

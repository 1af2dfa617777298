// A refused message as the store keeps it: its JSON, without the write key a sender may have
// put in the body (Segment's HTTP API accepts `writeKey` there), so no secret is kept.
const REDACTED_KEYS = new Set(['writeKey', 'write_key']);

export function rawMessage(message: unknown): string {
  if (typeof message === 'string') return message;
  try {
    return (
      JSON.stringify(message, (key, value: unknown) => (REDACTED_KEYS.has(key) ? '[redacted]' : value)) ?? 'undefined'
    );
  } catch (error) {
    return `(not serialisable: ${(error as Error).message})`;
  }
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never reach a log, an error message or a JSON dump. Every way of
 * turning it into text (`String()`, template literals, `JSON.stringify`, `console.log`,
 * `util.inspect`) prints `[redacted]` (or a masked form given at construction, such as a
 * database URL without its password); only `reveal()` returns the value itself, and is
 * called where the value is sent to the service that needs it.
 */
export class Secret {
  readonly #value: string;
  readonly #shown: string;
  #digest: Buffer | undefined;

  constructor(value: string, shown: string = REDACTED) {
    this.#value = value;
    this.#shown = shown;
  }

  reveal(): string {
    return this.#value;
  }

  /**
   * Whether `given` is this secret, compared as equal-length SHA-256 digests in constant
   * time: how long a wrong guess takes to refuse says nothing about how much of it was right.
   */
  matches(given: string): boolean {
    this.#digest ??= sha256(this.#value);
    return timingSafeEqual(sha256(given), this.#digest);
  }

  toString(): string {
    return this.#shown;
  }

  toJSON(): string {
    return this.#shown;
  }

  [inspect.custom](): string {
    return this.#shown;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** `postgres://user:pw@host/db` → `postgres://user:***@host/db`; anything unparseable → `[redacted]`. */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return REDACTED;
  }
}

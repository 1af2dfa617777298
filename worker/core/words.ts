// How the core's explanations count things in words.

/** `1 case`, `2 cases`. */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

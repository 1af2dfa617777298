// "Now" for the plugin's commands: CAIRN_NOW (an ISO 8601 time) when set, so answers are
// reproducible, else the machine's clock. Days are counted from its UTC date, as the worker does.
import { pluginMessages } from './messages.js';

const messages = pluginMessages('cairn.errors');

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function cairnNow(env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Date {
  const fixed = env.CAIRN_NOW?.trim();
  if (!fixed) return clock();
  const at = new Date(fixed);
  // The worker's rule (worker/config/environment.ts): a date and time with a zone, nothing looser.
  if (!ISO_INSTANT.test(fixed) || Number.isNaN(at.getTime())) {
    throw messages.createError('badNow', [fixed]);
  }
  return at;
}

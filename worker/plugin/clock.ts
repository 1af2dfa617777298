// "Now" for the plugin's commands: CAIRN_NOW (an ISO 8601 time) when set, so answers are
// reproducible, else the machine's clock. Days are counted from its UTC date, as the worker does.
import { pluginMessages } from './messages.js';

const messages = pluginMessages('cairn.errors');

export function cairnNow(env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Date {
  const fixed = env.CAIRN_NOW?.trim();
  if (!fixed) return clock();
  const at = new Date(fixed);
  // Date also accepts loose forms such as "May 1"; only ISO 8601 (date, or date and time) is meant.
  if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(fixed) || Number.isNaN(at.getTime())) {
    throw messages.createError('badNow', [fixed]);
  }
  return at;
}

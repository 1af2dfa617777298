// "Now" for the plugin's commands: CAIRN_NOW (an ISO 8601 time) when set, so answers are
// reproducible, else the machine's clock. Days are counted from its UTC date, as the worker does.
import { parseIsoInstant } from '../config/environment.js';
import { pluginMessages } from './messages.js';

const messages = pluginMessages('cairn.errors');

export function cairnNow(env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Date {
  const fixed = env.CAIRN_NOW?.trim();
  if (!fixed) return clock();
  const at = parseIsoInstant(fixed);
  if (!at) throw messages.createError('badNow', [fixed]);
  return at;
}

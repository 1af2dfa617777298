/**
 * Calendar helpers shared by the Cairn components. Salesforce Date fields arrive as
 * `YYYY-MM-DD` strings; those compare correctly as strings, so "before" is `<`.
 */

const MS_PER_DAY = 86400000;

/**
 * The user's calendar date today, as a Salesforce Date string.
 * @param {Date} [now]
 * @returns {string} `YYYY-MM-DD`
 */
export function todayIso(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Whole days from one date to another; negative when `to` is earlier than `from`.
 * @param {string} from `YYYY-MM-DD`
 * @param {string} to `YYYY-MM-DD`
 * @returns {number}
 */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/**
 * "1 day" / "3 days".
 * @param {number} days a count of days (its sign is ignored)
 * @returns {string}
 */
export function dayCount(days) {
  const n = Math.abs(days);
  return n === 1 ? '1 day' : `${n} days`;
}

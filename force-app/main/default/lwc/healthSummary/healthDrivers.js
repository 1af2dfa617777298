/**
 * Reads the worker's driver lines (Health_Drivers__c, DESIGN §4.2) into words:
 *   `-14.0 seat_utilization: 22% of seats active (target 60%)` — a measure and the points it costs
 *   `absent milestones: no milestones due yet` — a measure that could not be scored
 * Anything else is kept as it is, so a new line format still shows up.
 */

const MEASURE_NAMES = {
  seat_utilization: 'Seat utilization',
  activity_trend: 'Activity trend',
  milestones: 'Milestones',
  implementation: 'Implementation',
  recency: 'Recency'
};

const SCORED_LINE = /^-?(\d+(?:\.\d+)?) ([a-z0-9_]+): (.*)$/;
const ABSENT_LINE = /^absent ([a-z0-9_]+): (.*)$/;

/**
 * @param {string} measureKey e.g. `seat_utilization`
 * @returns {string} e.g. `Seat utilization`
 */
export function measureName(measureKey) {
  if (MEASURE_NAMES[measureKey]) {
    return MEASURE_NAMES[measureKey];
  }
  const words = measureKey.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * @param {string|null|undefined} text newline-separated driver lines
 * @returns {{key: string, name: string, detail: string, impact: string, isAbsent: boolean}[]}
 */
export function parseDrivers(text) {
  if (!text) {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, index) => ({ key: `${index}`, ...parseLine(line) }));
}

function parseLine(line) {
  const scored = SCORED_LINE.exec(line);
  if (scored) {
    const [, points, measure, detail] = scored;
    const impact = Number(points) === 0 ? 'on target' : `costs ${points} points`;
    return { name: measureName(measure), detail, impact, isAbsent: false };
  }
  const absent = ABSENT_LINE.exec(line);
  if (absent) {
    const [, measure, detail] = absent;
    return { name: measureName(measure), detail, impact: 'not measured', isAbsent: true };
  }
  return { name: '', detail: line, impact: '', isAbsent: false };
}

/**
 * The geometry of the small health history chart: scores 0–100 against time, with the grade
 * cut-offs of DESIGN §4.2 (A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40, else F) drawn as bands.
 */

export const CHART_WIDTH = 320;
export const CHART_HEIGHT = 120;
const LEFT = 24;
const RIGHT = CHART_WIDTH - 8;
const TOP = 8;
const BOTTOM = CHART_HEIGHT - 8;

const BANDS = [
  { grade: 'A', from: 85, to: 100 },
  { grade: 'B', from: 70, to: 85 },
  { grade: 'C', from: 55, to: 70 },
  { grade: 'D', from: 40, to: 55 },
  { grade: 'F', from: 0, to: 40 }
];

const round = (n) => Math.round(n * 10) / 10;

/** y of a score: 100 at the top, 0 at the bottom */
export function yOf(score) {
  return round(TOP + ((100 - score) * (BOTTOM - TOP)) / 100);
}

/**
 * @param {{id: string, score: number, grade: string, changedAt: string}[]} changes oldest first
 * @returns {{polyline: string, dots: object[], cutoffs: object[], labels: object[]}}
 */
export function chartGeometry(changes) {
  const times = changes.map((c) => Date.parse(c.changedAt));
  const first = times[0];
  const span = times[times.length - 1] - first;
  const xOf = (time) => (span > 0 ? round(LEFT + ((time - first) * (RIGHT - LEFT)) / span) : (LEFT + RIGHT) / 2);
  const dots = changes.map((change, index) => ({
    key: change.id,
    cx: xOf(times[index]),
    cy: yOf(change.score),
    className: `dot dot_${change.grade.toLowerCase()}`
  }));
  return {
    polyline: dots.map((d) => `${d.cx},${d.cy}`).join(' '),
    dots,
    cutoffs: BANDS.filter((band) => band.from > 0).map((band) => ({
      key: band.grade,
      x1: LEFT,
      x2: RIGHT,
      y: yOf(band.from)
    })),
    labels: BANDS.map((band) => ({
      key: band.grade,
      text: band.grade,
      x: 6,
      y: round((yOf(band.from) + yOf(band.to)) / 2 + 3)
    }))
  };
}

import { adoptionQueries, featureAdoption, featuresAdoptedText, type FeatureAdoption } from './adoption.js';
import type { Feature } from './features.js';

const CLOSE = '2026-01-15';
const TODAY = '2026-04-01';
const FEATURES: Feature[] = [
  { key: 'reports', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-01-16', threshold: 3 },
  { key: 'dashboards', name: 'Shared Dashboards', event: 'dashboard_shared', releasedOn: '2026-03-02', threshold: 1 },
  { key: 'invites', name: 'Team Invitations', event: 'user_invited', releasedOn: '2026-04-01', threshold: 2 },
  { key: 'exports', name: 'Data Exports', event: 'export_run', releasedOn: '2026-04-02', threshold: 1 }
];

describe('adoptionQueries', () => {
  it('asks for each feature available by today, counted from the later of release and close', () => {
    expect(adoptionQueries(FEATURES, CLOSE, TODAY)).toEqual([
      { metric: 'event:report_created', threshold: 3, since: '2026-01-15' }, // released before the close
      { metric: 'event:dashboard_shared', threshold: 1, since: '2026-03-02' }, // released after it
      { metric: 'event:user_invited', threshold: 2, since: '2026-04-01' } // released today
      // exports: released tomorrow, not available yet
    ]);
  });
});

describe('featureAdoption', () => {
  const crossings = [
    // a milestone's crossing on the same metric, counted from the close date, is not an adoption
    { metric: 'event:user_invited', threshold: 2, reachedAt: '2026-02-01T10:00:00Z' },
    { metric: 'event:report_created', threshold: 3, since: '2026-01-15', reachedAt: '2026-02-03T10:00:00.000Z' },
    { metric: 'event:dashboard_shared', threshold: 1, since: '2026-03-02', reachedAt: null },
    // the second invitation the day the feature became available
    { metric: 'event:user_invited', threshold: 2, since: '2026-04-01', reachedAt: '2026-04-01T08:30:00.000Z' }
  ];

  it('dates each adoption and counts the days each feature has been available', () => {
    expect(featureAdoption(FEATURES, CLOSE, crossings, TODAY)).toEqual([
      {
        key: 'reports',
        name: 'Custom Reports',
        releasedOn: '2023-01-16',
        availableOn: '2026-01-15',
        adoptedAt: '2026-02-03T10:00:00Z', // the 3rd report: threshold above 1
        daysAvailable: 76 // 2026-01-15 → 2026-04-01: 16 + 28 + 31 + 1
      },
      {
        key: 'dashboards',
        name: 'Shared Dashboards',
        releasedOn: '2026-03-02',
        availableOn: '2026-03-02',
        adoptedAt: null,
        daysAvailable: 30 // exactly 30 days after release: the alert's boundary
      },
      {
        key: 'invites',
        name: 'Team Invitations',
        releasedOn: '2026-04-01',
        availableOn: '2026-04-01',
        adoptedAt: '2026-04-01T08:30:00Z', // adopted the day it became available
        daysAvailable: 0
      }
    ]);
  });

  it('adopts nothing without usage', () => {
    expect(featureAdoption(FEATURES, CLOSE, null, TODAY).map((a) => a.adoptedAt)).toEqual([null, null, null]);
  });
});

describe('featuresAdoptedText (Features_Adopted__c)', () => {
  const adoption = (name: string, adopted: boolean): FeatureAdoption => ({
    key: name.toLowerCase(),
    name,
    releasedOn: '2023-01-16',
    availableOn: CLOSE,
    adoptedAt: adopted ? '2026-02-01T00:00:00Z' : null,
    daysAvailable: 76
  });

  it('says how many are in use and names the others', () => {
    expect(
      featuresAdoptedText([
        adoption('Custom Reports', true),
        adoption('Shared Dashboards', false),
        adoption('Exports', false)
      ])
    ).toBe('1 of 3 features in use (not yet: Shared Dashboards, Exports)');
    expect(featuresAdoptedText([adoption('Custom Reports', true)])).toBe('1 of 1 features in use');
    expect(featuresAdoptedText([])).toBeNull();
  });

  it('is cut to 255 characters, closing the list', () => {
    const many = Array.from({ length: 30 }, (_, i) => adoption(`Feature number ${i + 1}`, false));
    const text = featuresAdoptedText(many) ?? '';
    expect(text).toHaveLength(255);
    expect(text.startsWith('0 of 30 features in use (not yet: Feature number 1, Feature number 2,')).toBe(true);
    expect(text.endsWith('…)')).toBe(true);
  });
});

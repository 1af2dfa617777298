import { FeaturesError, parseFeatures } from './features.js';

const problems = (raw: unknown): readonly string[] => {
  try {
    parseFeatures(raw, 'features.json');
  } catch (error) {
    if (error instanceof FeaturesError) return error.problems;
    throw error;
  }
  return [];
};

describe('config/features.json', () => {
  it('reads each feature with its threshold, 1 when not given', () => {
    expect(
      parseFeatures(
        [
          { key: 'reports', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-01-16', threshold: 3 },
          { key: 'campaigns', name: 'Email Campaigns', event: 'campaign_sent', releasedOn: '2023-01-16' }
        ],
        'features.json'
      ).map((f) => [f.key, f.threshold])
    ).toEqual([
      ['reports', 3],
      ['campaigns', 1]
    ]);
  });

  it('names each problem with its place', () => {
    expect(problems({})).toEqual(['features.json: the file: expected an array of features']);
    expect(
      problems([
        { key: 'Reports!', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-02-30', threshold: 0 },
        { key: 'x', name: ' ', event: 'e', releasedOn: '2023-01-16', colour: 'red' }
      ])
    ).toEqual([
      'features.json: entry 1 (key "Reports!"), key: expected a key of lowercase letters, digits and "-" (at most 40)',
      'features.json: entry 1 (key "Reports!"), releasedOn: expected a date as YYYY-MM-DD',
      'features.json: entry 1 (key "Reports!"), threshold: expected a whole number of events of at least 1',
      'features.json: entry 2 (key "x"), name: expected the feature name people read',
      'features.json: entry 2 (key "x"): Unrecognized key: "colour"'
    ]);
  });

  it('refuses two features with the same key or name', () => {
    const feature = { key: 'reports', name: 'Custom Reports', event: 'report_created', releasedOn: '2023-01-16' };
    expect(problems([feature, { ...feature, event: 'other' }])).toEqual([
      'features.json: two features have the key "reports"',
      'features.json: two features have the name "Custom Reports"'
    ]);
  });
});

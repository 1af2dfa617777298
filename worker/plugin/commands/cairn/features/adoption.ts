import { Flags } from '@salesforce/sf-plugins-core';
import { toDate } from '../../../../core/dates.js';
import { CairnCommand } from '../../../command.js';
import { orgFlags } from '../../../flags.js';
import { pluginMessages } from '../../../messages.js';
import { queryRecords } from '../../../org.js';
import {
  adoptionOpportunitiesQuery,
  adoptionRequests,
  featureAdoptionRows,
  type AdoptionOpportunityRecord,
  type FeaturesAdoptionResult
} from '../../../queries/features-adoption.js';
import { loadPluginFeatures, loadPluginWorkerConfig, withPluginWorkerStore } from '../../../worker-setup.js';

const messages = pluginMessages('cairn.features.adoption');

export default class FeaturesAdoption extends CairnCommand<FeaturesAdoptionResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    feature: Flags.string({ char: 'f', summary: messages.getMessage('flags.feature.summary') })
  };

  public async run(): Promise<FeaturesAdoptionResult> {
    const { flags } = await this.parse(FeaturesAdoption);
    const config = loadPluginWorkerConfig();
    const all = await loadPluginFeatures();
    const features = flags.feature === undefined ? all : all.filter((f) => f.key === flags.feature);
    if (features.length === 0) {
      throw messages.createError('unknownFeature', [flags.feature ?? '', all.map((f) => f.key).join(', ')], [], 2);
    }
    const now = this.now();
    const today = toDate(now);
    const connection = flags['target-org'].getConnection(flags['api-version']);
    const opportunities = await queryRecords<AdoptionOpportunityRecord>(connection, adoptionOpportunitiesQuery(now));
    const metrics = await withPluginWorkerStore(config, (store) =>
      store.computeMetrics(adoptionRequests(features, opportunities, today), now)
    );
    const crossings = new Map([...metrics].map(([id, m]) => [id, m.thresholds]));
    const rows = featureAdoptionRows(features, opportunities, crossings, today);

    this.table({
      title: messages.getMessage('title', [today]),
      data: rows.map((row) => ({
        ...row,
        notAdopted: row.notAdopted.map((o) => `${o.opportunityName} (${o.daysAvailable} d)`).join(', ')
      })),
      columns: [
        { key: 'key', name: 'Key' },
        { key: 'name', name: 'Feature' },
        { key: 'releasedOn', name: 'Released' },
        { key: 'available', name: 'Available' },
        { key: 'adopted', name: 'Adopted' },
        { key: 'notAdopted', name: 'Not Adopted (days available)' }
      ]
    });
    return rows;
  }
}

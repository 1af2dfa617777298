import type { Secrets } from '../config/environment.js';
import type { SourceConfig } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { fileSource } from './file-source.js';
import { httpSource, type HttpSourceOptions } from './http-source.js';
import { postgresSource } from './postgres-source.js';
import { keepRejections, type PullResult, type PullSource } from './source.js';

/** What pullAll needs of the loaded config: the sources, their secrets and the NPS event. */
export interface SourcesConfig {
  sources: readonly SourceConfig[];
  secrets: Pick<Secrets, 'sources'>;
  satisfaction?: { npsEvent: string };
}

export function createSource(
  config: SourceConfig,
  secrets: SourcesConfig['secrets'],
  http: HttpSourceOptions = {}
): PullSource {
  switch (config.type) {
    case 'postgres': {
      const connectionString = secrets.sources[config.name];
      if (!connectionString) throw new Error(`source "${config.name}": ${config.connectionStringEnv} is not set`);
      return postgresSource(config, connectionString);
    }
    case 'http':
      return httpSource(config, secrets.sources[config.name], http);
    case 'file':
      return fileSource(config);
  }
}

/**
 * Pulls every configured source in turn, at the start of a sync run. A source that fails is
 * reported with `error` (its committed pages stay stored) and the others still run; this
 * never throws.
 */
export async function pullAll(
  store: Store,
  config: SourcesConfig,
  now: Date,
  http: HttpSourceOptions = {}
): Promise<PullResult[]> {
  const results: PullResult[] = [];
  for (const sourceConfig of config.sources) {
    try {
      const result = await createSource(sourceConfig, config.secrets, http).pull(
        store,
        now,
        config.satisfaction?.npsEvent
      );
      await keepRejections(store, result, `source ${sourceConfig.name}`, now).catch((error: Error) => {
        result.error ??= `its rejected events could not be kept: ${error.message}`;
      });
      results.push(result);
    } catch (error) {
      results.push({
        source: sourceConfig.name,
        inserted: 0,
        duplicates: 0,
        rejected: [],
        error: (error as Error).message
      });
    }
  }
  return results;
}

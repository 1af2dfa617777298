// The worker's whole config/cairn.json: the file's sections (schema.ts) plus the sync's own,
// the rules' numbers (DESIGN §4, every one optional with DESIGN's default) and the playbook
// folder. The Salesforce settings are made from it by worker/salesforce/settings.ts.

import { z } from 'zod';
import { coreConfigSchema, type CoreConfig } from '../core/config.js';
import { loadConfig, type CairnConfig, type LoadConfigOptions } from './load.js';
import { cairnConfigFileSchema } from './schema.js';
import { DEFAULT_PLAYBOOK_DIR } from '../playbooks/load.js';

/** cairn.json with the rules' sections (DESIGN §4's and §9's numbers) and `playbooksDir`. */
export const workerConfigSchema = cairnConfigFileSchema.extend({
  ...coreConfigSchema.shape,
  /** the folder of playbook JSON files (DESIGN §4.6), relative to the working directory */
  playbooksDir: z
    .string({ error: 'expected a folder path such as "config/playbooks"' })
    .trim()
    .min(1, { error: 'expected a folder path such as "config/playbooks"' })
    .default(DEFAULT_PLAYBOOK_DIR)
});

export type WorkerConfig = CairnConfig<z.output<typeof workerConfigSchema>>;

/** Loads and validates cairn.json with the worker's sections (throws ConfigError listing every problem). */
export function loadWorkerConfig(
  options: Omit<LoadConfigOptions<typeof workerConfigSchema>, 'schema'> = {}
): WorkerConfig {
  return loadConfig({ ...options, schema: workerConfigSchema });
}

export function coreConfigOf(config: WorkerConfig): CoreConfig {
  const { health, reviews, status, support, satisfaction, people, alerts } = config;
  return { health, reviews, status, support, satisfaction, people, alerts };
}

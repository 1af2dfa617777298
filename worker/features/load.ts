// Reads config/features.json (or the file CAIRN_FEATURES names) and validates it (core/features.ts).

import { readFile } from 'node:fs/promises';
import { FeaturesError, parseFeatures, type Feature } from '../core/features.js';

export const DEFAULT_FEATURES_FILE = 'config/features.json';

/** The features file to read: CAIRN_FEATURES, else config/features.json. */
export function featuresFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.CAIRN_FEATURES?.trim() || DEFAULT_FEATURES_FILE;
}

/** The validated features of `file`; throws FeaturesError saying what is wrong. */
export async function loadFeatures(file: string = DEFAULT_FEATURES_FILE): Promise<Feature[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FeaturesError([
      `${file}: cannot read the features file (${(error as Error).message}); set CAIRN_FEATURES to its path`
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FeaturesError([`${file}: not valid JSON (${(error as Error).message})`]);
  }
  return parseFeatures(raw, file);
}

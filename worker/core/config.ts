// The numbers the rules use, all configurable. config/cairn.json carries them as the
// `health`, `reviews`, `status`, `support`, `satisfaction`, `people` and `alerts` sections; every key
// is optional, defaults are DESIGN's.

import { z } from 'zod';
import { alertsConfigSchema, DEFAULT_ALERTS_CONFIG, type AlertsConfig } from './alerts.js';
import { DEFAULT_HEALTH_CONFIG, healthConfigSchema, type HealthConfig } from './health.js';
import { DEFAULT_PEOPLE_CONFIG, peopleConfigSchema, type PeopleConfig } from './people.js';
import { DEFAULT_REVIEWS_CONFIG, reviewsConfigSchema, type ReviewsConfig } from './reviews.js';
import { DEFAULT_SATISFACTION_CONFIG, satisfactionConfigSchema, type SatisfactionConfig } from './satisfaction.js';
import { DEFAULT_STATUS_CONFIG, statusConfigSchema, type StatusConfig } from './status.js';
import { DEFAULT_SUPPORT_CONFIG, supportConfigSchema, type SupportConfig } from './support.js';

export interface CoreConfig {
  health: HealthConfig;
  reviews: ReviewsConfig;
  status: StatusConfig;
  support: SupportConfig;
  satisfaction: SatisfactionConfig;
  people: PeopleConfig;
  alerts: AlertsConfig;
}

export const DEFAULT_CORE_CONFIG: CoreConfig = {
  health: DEFAULT_HEALTH_CONFIG,
  reviews: DEFAULT_REVIEWS_CONFIG,
  status: DEFAULT_STATUS_CONFIG,
  support: DEFAULT_SUPPORT_CONFIG,
  satisfaction: DEFAULT_SATISFACTION_CONFIG,
  people: DEFAULT_PEOPLE_CONFIG,
  alerts: DEFAULT_ALERTS_CONFIG
};

/** The sections; spread `coreConfigSchema.shape` into the cairn.json schema to embed them. */
export const coreConfigSchema = z
  .object({
    health: healthConfigSchema.prefault({}),
    reviews: reviewsConfigSchema.prefault({}),
    status: statusConfigSchema.prefault({}),
    support: supportConfigSchema.prefault({}),
    satisfaction: satisfactionConfigSchema.prefault({}),
    people: peopleConfigSchema.prefault({}),
    alerts: alertsConfigSchema.prefault({})
  })
  .strict() satisfies z.ZodType<CoreConfig, unknown>;

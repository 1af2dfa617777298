// Every Salesforce object the worker touches, each declared once in its own module. Adding
// a field means adding it to its object's declaration; everything else follows from these.

import { account } from './account.js';
import { businessReview } from './business-review.js';
import { supportCase } from './case.js';
import { healthChange } from './health-change.js';
import { implementationStage } from './implementation-stage.js';
import { opportunity } from './opportunity.js';
import { successMilestone } from './success-milestone.js';

export { account, businessReview, healthChange, implementationStage, opportunity, successMilestone, supportCase };

/** The objects the worker writes, in the order the field list names them. */
export const WRITTEN_OBJECTS = [
  opportunity,
  implementationStage,
  successMilestone,
  businessReview,
  healthChange
] as const;

/** Every object: those read only first. */
export const OBJECTS = [account, supportCase, ...WRITTEN_OBJECTS] as const;

/** The children the scope query reads under each opportunity, in query order. */
export const CHILD_OBJECTS = [implementationStage, successMilestone, businessReview, healthChange] as const;

export type WrittenObject = (typeof WRITTEN_OBJECTS)[number]['name'];
export type ChildObject = (typeof CHILD_OBJECTS)[number]['name'];

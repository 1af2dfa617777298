// Every Salesforce object the worker touches, each declared once in its own module. Adding
// a field means adding it to its object's declaration; everything else follows from these.

import { account } from './account.js';
import { businessReview } from './business-review.js';
import { supportCase } from './case.js';
import { contact } from './contact.js';
import { healthChange } from './health-change.js';
import { implementationStage } from './implementation-stage.js';
import { opportunity } from './opportunity.js';
import { opportunityContactRole } from './opportunity-contact-role.js';
import { successMilestone } from './success-milestone.js';
import { task } from './task.js';

export {
  account,
  businessReview,
  contact,
  healthChange,
  implementationStage,
  opportunity,
  opportunityContactRole,
  successMilestone,
  supportCase,
  task
};

/** The objects the worker writes, in the order the field list names them. */
export const WRITTEN_OBJECTS = [
  opportunity,
  implementationStage,
  successMilestone,
  businessReview,
  healthChange,
  contact,
  task
] as const;

/** Every object: those read only first. */
export const OBJECTS = [account, supportCase, opportunityContactRole, ...WRITTEN_OBJECTS] as const;

/** The children the worker writes under each opportunity, upserted by their external keys. */
export const CHILD_OBJECTS = [implementationStage, successMilestone, businessReview, healthChange] as const;

/** Every child set the scope query reads under each opportunity, in query order. */
export const SCOPE_CHILDREN = [...CHILD_OBJECTS, opportunityContactRole] as const;

export type WrittenObject = (typeof WRITTEN_OBJECTS)[number]['name'];

// The one list of the Salesforce fields the worker reads and writes. The metadata checks
// prove every custom field here exists in force-app, the `Cairn_Sync_Integration`
// permission set grants exactly these (read for `read`, edit for `write`), the describe
// check confirms them in the target org before a run writes, and the scope query selects
// `read` ∪ `write`. Master-detail and Name fields are listed because the worker sends them
// on create, although permission sets cannot name them.

export interface ObjectFields {
  read: readonly string[];
  write: readonly string[];
}

export const SYNC_OWNED_OPPORTUNITY_FIELDS = [
  'Post_Sale_Status__c',
  'Onboarded__c',
  'Onboarded_Date__c',
  'Days_To_First_Value__c',
  'Health_Score__c',
  'Health_Grade__c',
  'Health_Trend__c',
  'Health_Drivers__c',
  'Health_Updated_At__c',
  'Active_Users_30d__c',
  'Last_Product_Activity__c'
] as const;

export const WORKER_FIELDS = {
  Account: {
    read: ['Id', 'Name', 'Product_Account_Id__c'],
    write: []
  },
  Opportunity: {
    read: [
      'Id',
      'Name',
      'Type',
      'AccountId',
      'CloseDate',
      'Amount',
      'OwnerId',
      'IsWon',
      'CS_Owner__c',
      'Implementation_Type__c',
      'Licensed_Seats__c',
      'Contract_End_Date__c'
    ],
    write: ['Kickoff_Date__c', ...SYNC_OWNED_OPPORTUNITY_FIELDS]
  },
  Implementation_Stage__c: {
    read: ['Id', 'Completed_Date__c'],
    write: ['Opportunity__c', 'Name', 'Sequence__c', 'Status__c', 'Is_Kickoff__c', 'Target_Date__c', 'Stage_Key__c']
  },
  Success_Milestone__c: {
    read: ['Id'],
    write: [
      'Opportunity__c',
      'Name',
      'Kind__c',
      'Sequence__c',
      'Status__c',
      'Target_Date__c',
      'Achieved_At__c',
      'Is_First_Value__c',
      'Usage_Metric__c',
      'Usage_Threshold__c',
      'Evidence__c',
      'Expansion_Signal__c',
      'Advocacy_Ask__c',
      'Milestone_Key__c'
    ]
  },
  Business_Review__c: {
    read: ['Id', 'Scheduled_At__c'],
    write: [
      'Opportunity__c',
      'Name',
      'Review_Type__c',
      'Sequence__c',
      'Due_Date__c',
      'Status__c',
      'Value_Summary__c',
      'Review_Key__c'
    ]
  },
  Health_Change__c: {
    read: ['Id'],
    write: [
      'Opportunity__c',
      'Score__c',
      'Previous_Score__c',
      'Grade__c',
      'Previous_Grade__c',
      'Changed_At__c',
      'Drivers__c',
      'Change_Key__c'
    ]
  }
} as const satisfies Record<string, ObjectFields>;

export type WorkerObject = keyof typeof WORKER_FIELDS;

/**
 * Fields a permission set cannot grant, because Salesforce gives them to everyone who can see
 * the record: Id, Name, required fields (CloseDate), fields derived by the platform (IsWon from
 * the stage, OwnerId) and master-detail fields (editable with the parent). Opportunity.AccountId
 * is not among them: it has field-level security like Amount and Type.
 */
export const FIELDS_OUTSIDE_PERMISSION_SETS: ReadonlySet<string> = new Set([
  'Id',
  'Name',
  'IsWon',
  'CloseDate',
  'Opportunity__c',
  'OwnerId'
]);

/** Every field of an object the worker touches, reads first. */
export function fieldsOf(object: WorkerObject): string[] {
  const { read, write } = WORKER_FIELDS[object];
  return [...new Set<string>([...read, ...write])];
}

// STAND-IN for `lightning/uiRelatedListApi`, preview only: getRelatedListRecords backed by
// the local org's User Interface API through the preview server.
import { OrgResourceWireAdapter, fieldName, query } from './ldsClient.js';

export class getRelatedListRecords extends OrgResourceWireAdapter {
  resourceFor({ parentRecordId, relatedListId, fields, optionalFields, sortBy, pageSize, where }) {
    if (!parentRecordId || !relatedListId) return null;
    return `ui-api/related-list-records/${encodeURIComponent(parentRecordId)}/${encodeURIComponent(relatedListId)}${query(
      {
        fields: fields?.map(fieldName),
        optionalFields: optionalFields?.map(fieldName),
        sortBy,
        pageSize,
        where
      }
    )}`;
  }
}

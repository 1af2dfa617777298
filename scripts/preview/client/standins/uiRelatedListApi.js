// STAND-IN for `lightning/uiRelatedListApi`, preview only: getRelatedListRecords backed by
// the local org's User Interface API through the preview server.
import { OrgResourceWireAdapter, fieldName, query } from './ldsClient.js';

export class getRelatedListRecords extends OrgResourceWireAdapter {
  update(config) {
    // The platform's adapter sorts by one field; the local org would sort by several, so a
    // component relying on that would work here and not in an org. Refuse it instead.
    if (Array.isArray(config.sortBy) && config.sortBy.length > 1) {
      this.config = undefined;
      this.dataCallback({
        data: undefined,
        error: {
          ok: false,
          status: 400,
          statusText: 'Bad Request',
          body: [
            {
              errorCode: 'INVALID_INPUT',
              message: `getRelatedListRecords sorts by one field, but ${config.relatedListId} asks for ${config.sortBy.length} (${config.sortBy.join(', ')}): pass one in sortBy and sort by the rest in the component`
            }
          ]
        }
      });
      return;
    }
    super.update(config);
  }

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

-- One rejected row re-mapped on its own after a mapping fix (POST /api/v1/runs/{id}/rejects/{line}/reprocess): the
-- run that stored it is noted on the rejected row in the same transaction as the row's record, so a second call
-- finds it settled and changes nothing. Null while the row is still rejected.
ALTER TABLE import_row ADD COLUMN reprocessed_run BIGINT;

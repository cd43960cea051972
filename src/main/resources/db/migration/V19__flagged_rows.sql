-- Evidence kept, never dropped (issue 15, item 4): a stored row whose mapping kept a value only as matching evidence
-- (a phone libphonenumber rejects, an e-mail that fails validation) or left one out on purpose (a placeholder, an
-- impossible birth date) keeps its outcome and carries the flags in import_row.field / bad_value / reason; each run
-- counts such rows here, so `runs` shows them without reading every row.
ALTER TABLE import_file ADD COLUMN rows_flagged BIGINT DEFAULT 0 NOT NULL;

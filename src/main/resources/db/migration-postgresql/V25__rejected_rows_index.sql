-- PostgreSQL only: the index that finds a run's rejected rows holds only them. H2 keeps import_row_rejects (db/migration
-- V1): it has no partial indexes.
--
-- Why: every row a batch journals added an entry to import_row_rejects (outcome, file_id), though rows are only ever
-- looked up by outcome within one run, and then only the rejected ones (the API's and the CLI's rejects, the demo,
-- a reject noted as reprocessed); a run's other rows are read through the primary key (file_id, line_no). Rejected
-- rows are a small share of a night. On a 2-core machine, INSERT of the same 300,000 journal rows took 1.12-1.43 s
-- against 1.25-2.01 s with import_row_rejects, about 1.3 microseconds of each row of every feed; the look-ups above
-- name the outcome in their statement (store/ImportJournal) and read this index (EXPLAIN: RejectedRowsIndexTest).
DROP INDEX import_row_rejects;
CREATE INDEX import_row_rejected ON import_row (file_id, line_no) WHERE outcome = 'REJECTED';

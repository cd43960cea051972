-- PostgreSQL only: the foreign keys that every imported row checked, one by one, go. H2 keeps them (db/migration).
--
-- Why: PostgreSQL checks a foreign key with one look-up per inserted row (an after-row trigger), and on the import's
-- COPY path those checks cost more than the inserts themselves: COPY of 200,000 rows into a table with one foreign key
-- took 1.2-1.3 s against 0.24 s without it on this machine. A reservation row carried about ten such checks (journal
-- row, source record, stay, identity keys, names, contacts, consent statements), a folio line three. Without them the
-- night's PostgreSQL CPU fell by a quarter (docs/benchmarks.md, "foreign keys"). The identity worker files review pairs
-- in the same way, thousands a night, and their two checks were half the cost of filing them.
--
-- What still holds the references: every row these keys checked is written by the batch writer (store/BatchWriter)
-- in one transaction, after the row it refers to and with ids it allocated itself; erasure and retention delete
-- children before parents (store/GuestRights, store/Retention). The same code runs on H2 with the keys in place in
-- the test suites, which run the write and delete paths on both stores, so an order that broke a reference fails
-- there; and the PostgreSQL cases check the store for orphans (testing/StoreIntegrity).
--
-- Kept: the keys of rows written rarely (merges, history, alert deliveries, merged_into).
ALTER TABLE import_row DROP CONSTRAINT import_row_file_id_fkey;
ALTER TABLE source_record DROP CONSTRAINT source_record_profile_id_fkey;
ALTER TABLE stay DROP CONSTRAINT stay_source_record_id_fkey;
ALTER TABLE folio_line DROP CONSTRAINT folio_line_source_record_id_fkey;
ALTER TABLE pos_ticket DROP CONSTRAINT pos_ticket_source_record_id_fkey;
ALTER TABLE pos_item DROP CONSTRAINT pos_item_source_record_id_fkey;
ALTER TABLE profile_key DROP CONSTRAINT profile_key_profile_id_fkey;
ALTER TABLE profile_name DROP CONSTRAINT profile_name_profile_id_fkey;
ALTER TABLE profile_contact DROP CONSTRAINT profile_contact_profile_id_fkey;
ALTER TABLE consent_statement DROP CONSTRAINT consent_statement_profile_id_fkey;
ALTER TABLE possible_duplicate DROP CONSTRAINT possible_duplicate_profile_a_fkey;
ALTER TABLE possible_duplicate DROP CONSTRAINT possible_duplicate_profile_b_fkey;

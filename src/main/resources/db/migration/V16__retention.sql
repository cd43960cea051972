-- Retention (guestlink.retention.*, docs/privacy.md): the pruner finds what is past its age by these times, so each
-- gets an index; the journal's raw text is cleared by its run's start. Raw texts written from this version on are
-- sealed (AES-256-GCM under GUESTLINK_STORE_KEY, 'gl1:' and Base64) in the same VARCHAR columns: no column changes.
CREATE INDEX import_file_by_started ON import_file (started_at);
CREATE INDEX source_record_history_by_replaced ON source_record_history (replaced_at);
CREATE INDEX inbound_message_by_received ON inbound_message (received_at);
CREATE INDEX refused_message_by_received ON refused_message (received_at);

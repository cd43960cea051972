-- Database feeds: how far each feed has read its legacy table. Written in the same transaction as the batch it
-- covers, so a crash never moves the watermark past rows that were not stored.
CREATE TABLE poll_state (
    source_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    watermark    VARCHAR(64),          -- last applied change-tracking value: ISO local date-time, date or integer
    tie_breaker  VARCHAR(500),         -- the tie-breaker column's value of that row
    rows_applied BIGINT       NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error    VARCHAR(4000),       -- why the last failed poll failed (query error, database down); cleared by a good poll
    last_error_at TIMESTAMP WITH TIME ZONE
);

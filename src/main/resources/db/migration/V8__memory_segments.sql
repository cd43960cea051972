-- Guest memory at a bounded cost per record, and segments (issue 5).

-- What each profile's memory is kept from: a tally per property and the latest visits per outlet and meal period
-- (MemorySummary, bounded by the configuration, not by the history), and a fingerprint of config/memory.yaml it was
-- computed under. A landing record updates the summary; a profile computed under another configuration is
-- recomputed from all its facts.
ALTER TABLE profile_memory ADD COLUMN summary_json VARCHAR;
ALTER TABLE profile_memory ADD COLUMN config_hash VARCHAR(16);

-- Each request says what changed: RECORD (a new source record: applied to the summary), PROFILE (the golden row:
-- birthday, VIP), RECOMPUTE (an updated record, a merge, an unmerge: from all facts). Rows queued before: RECOMPUTE.
ALTER TABLE memory_queue ADD COLUMN reason VARCHAR(9);
ALTER TABLE memory_queue ADD COLUMN source_record_id BIGINT;
CREATE INDEX memory_queue_by_profile ON memory_queue (profile_id);

-- A landing folio line looks for the other versions of its (property, folio, line) in the guest's cluster.
CREATE INDEX folio_line_by_folio ON folio_line (folio_no);

-- Segments of each live profile, one row for all properties ('*') and one per property it has facts at.
-- Nothing here changes with the date alone: a guest is LAPSED from lapsed_on on, and the RFM recency comes from
-- last_departure, both decided when a list is read.
CREATE TABLE profile_segment (
    profile_id     BIGINT         NOT NULL,
    property       VARCHAR(32)    NOT NULL,   -- '*' = all properties; '' = facts that name no property
    lifecycle      VARCHAR(12)    NOT NULL,   -- PROSPECT, FIRST_TIMER, REPEAT
    stays          INT            NOT NULL,
    last_departure DATE,
    in_house       BOOLEAN        NOT NULL,
    lapsed_on      DATE,                      -- lapsedAfterMonths after last_departure; null in house or never stayed
    frequency      INT,                       -- RFM scores 1..5 from config/memory.yaml bands; null: never stayed
    monetary       INT,
    lifetime_value NUMERIC(16, 2) NOT NULL,   -- base currency
    ltv_complete   BOOLEAN        NOT NULL,   -- false: amounts in a currency without a rate are left out
    vip            BOOLEAN        NOT NULL,
    birthday       INT,                       -- month * 100 + day of the birth date
    PRIMARY KEY (profile_id, property)
);
-- "every lapsed guest with a birthday this week": the birthdays of the week, then lapsed_on
CREATE INDEX profile_segment_birthday ON profile_segment (property, birthday, lapsed_on);
CREATE INDEX profile_segment_lapsed ON profile_segment (property, lapsed_on);

-- Guest memory (issue 5): each live profile's roll-up and usual orders, kept up to date as records land.
CREATE TABLE profile_memory (
    profile_id  BIGINT  NOT NULL PRIMARY KEY,   -- a live profile (its merged profiles' facts included)
    rollup_json VARCHAR NOT NULL,               -- stays, nights, spend by category and currency, ADR, data issues
    usual_json  VARCHAR NOT NULL,               -- usual table and order per property, outlet and meal period
    as_of       DATE    NOT NULL,               -- the day the roll-up was computed for (days since last stay...)
    computed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Profiles whose facts changed (a record landed, a merge or unmerge): recomputed by the memory worker.
CREATE TABLE memory_queue (
    profile_id BIGINT NOT NULL PRIMARY KEY,
    queued_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

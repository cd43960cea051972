-- Business days: stays the PMS left in house past their departure are closed as departed by GuestLink after a grace
-- (guestlink.stays.checkout-grace-days), as a new version of the stay's record from source 'inferred:checkout' (the
-- PMS's version stays in source_record_history). One row per stay record says so: the departure it was inferred for,
-- the business date, the days of grace, and the version of the record that holds the inferred check-out (a later
-- version is the PMS's again).
CREATE TABLE stay_checkout_inferred (
    source_record_id BIGINT NOT NULL PRIMARY KEY REFERENCES source_record (id),
    departure        DATE   NOT NULL,
    business_date    DATE   NOT NULL,
    grace_days       INT    NOT NULL,
    version          INT    NOT NULL,
    inferred_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Stays in house are a small part of all stays: the closing pass finds them without reading the others.
CREATE INDEX stay_by_status ON stay (status, property, departure);

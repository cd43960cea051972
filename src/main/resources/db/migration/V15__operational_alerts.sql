-- Operational alerts: a file moved to failed/, a database feed's poll error, dead-letter queue growth, an alert
-- channel failing too long, the identity review queue over a size. They travel through the same outbox (alert,
-- alert_delivery, alert_attempt) as guest alerts; `kind` tells them apart. Their payload never holds personal data.
ALTER TABLE alert ADD COLUMN kind VARCHAR(16) DEFAULT 'guest' NOT NULL;  -- guest, operational

-- A condition that holds now (a feed's polls failing, a queue too deep, a channel failing too long): one row per
-- watch and subject while it lasts, deleted when it clears. Its alerts' ids carry `since`, so a check that runs
-- twice, or on two nodes, writes each raise, reminder and clearing once (the primary key is the once).
CREATE TABLE ops_condition (
    kind          VARCHAR(32)  NOT NULL,   -- failed-file, poll-error, dead-letter-queue, channel-failing, review-queue
    subject       VARCHAR(200) NOT NULL,   -- the feed, queue or channel name; 'review' for the review queue
    since         TIMESTAMP WITH TIME ZONE NOT NULL,
    alerts        INT          NOT NULL,   -- alerts sent for it so far (the first and the reminders)
    last_alert_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, subject)
);

-- "Failing since": a channel's first failed attempt after its last delivered one, read on every check.
CREATE INDEX alert_attempt_by_channel ON alert_attempt (channel, outcome, id);

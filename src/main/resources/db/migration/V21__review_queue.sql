-- A review queue a person can finish (issue 16, item 3). Each possible duplicate keeps why it was not merged (the
-- match model's rule: "review 4.04 <= score 9.50 < autoMerge 12.00", "names alone never merge: score 13.80 >= ...")
-- and, when a later record settled it without a person (the two profiles merged anyway, or a re-score with new
-- evidence gave merge or distinct), why: decided_by is then 'system'.
ALTER TABLE possible_duplicate ADD COLUMN reason VARCHAR(500);
ALTER TABLE possible_duplicate ADD COLUMN settled_reason VARCHAR(500);

-- Pairs already one guest (an exact key or a later auto-merge joined them after they were queued) were counted as
-- open: they are settled now, as the identity worker settles them from here on.
UPDATE possible_duplicate SET status = 'MERGED', decided_at = CURRENT_TIMESTAMP, decided_by = 'system',
    settled_reason = 'merged anyway: the two profiles became one guest after the pair was queued'
WHERE status = 'OPEN' AND EXISTS (SELECT 1 FROM guest_profile a, guest_profile b
    WHERE a.id = possible_duplicate.profile_a AND b.id = possible_duplicate.profile_b
      AND COALESCE(a.merged_into, a.id) = COALESCE(b.merged_into, b.id));

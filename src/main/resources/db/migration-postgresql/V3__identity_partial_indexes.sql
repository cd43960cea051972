-- PostgreSQL only (H2 has no partial indexes; db/migration-h2 holds its V3). Only merged profiles carry
-- merged_into, a small share of guest_profile, so both indexes stay small and cost a write only on a merge.

-- Serves ProfileWrites.resolve: SELECT id, merged_into FROM guest_profile WHERE merged_into IS NOT NULL AND id = ANY(?)
-- runs for every batch with up to a thousand ids, nearly all unmerged. Through the primary key each id costs a heap
-- visit to test merged_into; here a miss ends in this small index, and a hit is answered from it (index-only).
CREATE INDEX guest_profile_merged ON guest_profile (id) INCLUDE (merged_into) WHERE merged_into IS NOT NULL;

-- Serves ProfileQueries.profile: SELECT id FROM guest_profile WHERE merged_into = ?, and ProfileWrites.recordMerges:
-- UPDATE guest_profile ... WHERE id = ? OR merged_into = ?. PostgreSQL does not index a foreign key column by
-- itself, so without this both read the whole table, once per profile shown and once per merge.
CREATE INDEX guest_profile_absorbed ON guest_profile (merged_into) WHERE merged_into IS NOT NULL;

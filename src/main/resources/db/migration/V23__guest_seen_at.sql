-- When a source record's guest details (the guest part of its payload) last changed, where that is earlier than the
-- record's own updated_at: an update that changes only the reservation (rate, room, status) keeps the guest's time, so
-- most-recent survivorship weighs what each source last said about the person, not when it last touched the booking.
-- NULL means updated_at (every record written before this column, and every update that changed the guest).
ALTER TABLE source_record ADD COLUMN guest_seen_at TIMESTAMP WITH TIME ZONE;

-- One notification sent to many people keeps one id, its fan-out's: every recipient's live event is
-- then the same bytes, written to thousands of streams without building one per person. A person's
-- notification is therefore (person_id, id); every read and update already names the person.
ALTER TABLE notifications DROP CONSTRAINT notifications_pkey;
ALTER TABLE notifications ADD PRIMARY KEY (person_id, id);

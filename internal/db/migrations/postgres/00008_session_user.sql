-- +goose Up
-- The user a browser session belongs to, so that a change or reset of the
-- password can end the user's other sessions. The web layer records it when
-- a user signs in; it is NULL for sessions no one signed in to, and for the
-- sessions from before this migration, which expire by themselves.
ALTER TABLE sessions ADD COLUMN user_id BIGINT REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX sessions_user ON sessions (user_id);
-- An ended session stays, without its data, until its expiry: the session
-- manager writes a session back at the end of every request, and must not
-- bring back one that was ended while a request in it was running.
ALTER TABLE sessions ADD COLUMN ended BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
DELETE FROM sessions WHERE ended OR length(data) = 0;
ALTER TABLE sessions DROP COLUMN ended;
DROP INDEX sessions_user;
ALTER TABLE sessions DROP COLUMN user_id;

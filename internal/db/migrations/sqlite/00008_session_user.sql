-- +goose Up
-- The user a browser session belongs to, so that a change or reset of the
-- password can end the user's other sessions. The web layer records it when
-- a user signs in; it is NULL for sessions no one signed in to, and for the
-- sessions from before this migration, which expire by themselves.
ALTER TABLE sessions ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX sessions_user ON sessions (user_id);
-- An ended session stays, without its data, until its expiry: the session
-- manager writes a session back at the end of every request, and must not
-- bring back one that was ended while a request in it was running.
ALTER TABLE sessions ADD COLUMN ended BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
-- SQLite cannot drop a column with a foreign key: the table is made again,
-- with the live sessions.
CREATE TABLE sessions_before (
    token_hash TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    expiry     TIMESTAMP NOT NULL
);
INSERT INTO sessions_before (token_hash, data, expiry)
    SELECT token_hash, data, expiry FROM sessions WHERE NOT ended AND length(data) > 0;
DROP TABLE sessions;
ALTER TABLE sessions_before RENAME TO sessions;
CREATE INDEX sessions_expiry ON sessions (expiry);

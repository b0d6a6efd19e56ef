-- +goose Up
-- Links for resetting a forgotten password, sent by e-mail. Only a hash of
-- the secret in the link is stored. A link works once (used_at) and for a
-- short while (expires_at); asking for a new link ends the earlier ones.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE INDEX password_resets_expires ON password_resets (expires_at);

-- +goose Down
DROP TABLE password_resets;

-- +goose Up
-- A scope on API tokens: 'api' (every right of the user, the tokens made
-- before this migration) or 'calendar' (only the user's own meeting feed at
-- /calendar.ics?token=, the token a calendar program keeps in its address).
-- A calendar token is refused as a bearer token.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'api'
    CHECK (scope IN ('api', 'calendar'));

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN scope;

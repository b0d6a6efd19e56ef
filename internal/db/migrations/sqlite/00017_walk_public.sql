-- +goose Up
-- "Telling the residents what was done": a coordinator may publish a walk.
-- Its public page (/kommun/{code}/safety-walks/{id}) shows the date, the
-- area, the counts and the actions with their status and category; never
-- photos, descriptions or positions. A walk is not public until chosen.
ALTER TABLE safety_walks ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE safety_walks DROP COLUMN public;

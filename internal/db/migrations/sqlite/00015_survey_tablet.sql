-- +goose Up
-- Tablet mode of a survey: at a public dialogue meeting several people
-- answer in turn on one tablet. The thank-you page then offers "Nästa
-- person" (a fresh browser token) and the answers per address and hour
-- may be many more; the address itself is never stored (the limit is
-- counted in memory).
ALTER TABLE surveys ADD COLUMN tablet BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE surveys DROP COLUMN tablet;

-- +goose Up
-- How a commitment's progress is measured: by the activities documented
-- toward it (the default), or, for a commitment to visit every licensed
-- premises, by the share of the municipality's premises that had a
-- recorded visit in the promise's period ("12 av 14 serveringsställen").
ALTER TABLE commitments ADD COLUMN measure TEXT NOT NULL DEFAULT 'activities';

-- +goose Down
ALTER TABLE commitments DROP COLUMN measure;

-- +goose Up
-- A coordinator's choice to publish a summary of a survey's results on the
-- municipality's public page: counts per option and per named place, every
-- count below the municipality's suppression threshold hidden, no free
-- text and no pins. Off until the coordinator turns it on.
ALTER TABLE surveys ADD COLUMN public_summary BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE surveys DROP COLUMN public_summary;

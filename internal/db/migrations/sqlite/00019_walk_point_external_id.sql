-- +goose Up
-- A point made on a phone without coverage is kept there and sent when the
-- connection returns, perhaps twice (the answer lost on the way back, two
-- tabs): its external_id, made on the phone, stores it once per walk.
ALTER TABLE safety_walk_points ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX safety_walk_points_external_id ON safety_walk_points (walk_id, external_id);

-- +goose Down
DROP INDEX safety_walk_points_external_id;
ALTER TABLE safety_walk_points DROP COLUMN external_id;

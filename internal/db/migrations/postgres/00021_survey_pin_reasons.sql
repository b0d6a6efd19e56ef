-- +goose Up
-- The follow-up options ticked for one place answered (survey_pins): why
-- the place feels unsafe, as the keys of the place question's options
-- ("lighting", "gathering", ...). Deleted with the pin.
CREATE TABLE survey_pin_reasons (
    pin_id BIGINT NOT NULL REFERENCES survey_pins (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    PRIMARY KEY (pin_id, reason)
);

-- +goose Down
DROP TABLE survey_pin_reasons;

-- +goose Up
-- One-time invitation codes of a survey (typically a staff dialogue): when
-- invitation_required is on, an answer is taken only with an unused code,
-- and the code is marked used in the transaction that stores the answer.
-- Only a keyed hash of each code is kept (the codes are shown once, when
-- made). Nothing ties a code to the answer it gave: no response id and no
-- time of use, only that it was used.
ALTER TABLE surveys ADD COLUMN invitation_required BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE survey_invitations (
    id         BIGSERIAL PRIMARY KEY,
    survey_id  BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (survey_id, code_hash)
);

-- +goose Down
DROP TABLE survey_invitations;
ALTER TABLE surveys DROP COLUMN invitation_required;

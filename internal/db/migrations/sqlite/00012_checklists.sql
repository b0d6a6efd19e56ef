-- +goose Up
-- The weekly checklist (EST, Effektiv samordning för trygghet): once a week
-- an organisation reports, per category of the municipality's checklist
-- and place, how many times it saw it that week, with a note. A checklist
-- is one row per organisation, municipality and week (week = year*100 + ISO
-- week, as in reports): that the organisation reported that week, also
-- when every count was 0. Its lines with a count above 0 are reports (the
-- line names its report), so that the weekly picture counts them; a line
-- of 0 with a note is kept here only. Sending the week again replaces the
-- checklist (revision counts the times). Reminders are the coordinator's
-- "you have not reported this week", at most one per organisation and
-- week.
CREATE TABLE report_checklists (
    id                 INTEGER PRIMARY KEY,
    organization_id    INTEGER NOT NULL REFERENCES organizations (id),
    municipality_code  TEXT NOT NULL REFERENCES municipalities (code),
    week               INTEGER NOT NULL,
    visibility         TEXT NOT NULL,
    total              INTEGER NOT NULL,
    revision           INTEGER NOT NULL,
    synthetic          BOOLEAN NOT NULL DEFAULT FALSE,
    -- filed_at is when the reporter pressed send (on the phone, perhaps
    -- hours before it had coverage) of the submission in force: a
    -- submission filed before it never replaces it.
    filed_at           TIMESTAMP NOT NULL,
    submitted_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at       TIMESTAMP NOT NULL,
    first_submitted_at TIMESTAMP NOT NULL,
    UNIQUE (organization_id, municipality_code, week)
);
CREATE INDEX report_checklists_week ON report_checklists (municipality_code, week);

CREATE TABLE report_checklist_lines (
    checklist_id INTEGER NOT NULL REFERENCES report_checklists (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    category     TEXT NOT NULL,
    place_id     INTEGER REFERENCES places (id),
    count        INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    report_id    INTEGER REFERENCES reports (id) ON DELETE SET NULL,
    PRIMARY KEY (checklist_id, position)
);
CREATE INDEX report_checklist_lines_report ON report_checklist_lines (report_id);

-- Every submission, by the id the client made for it (external_id, NULL
-- when it sent none): sending the same id again changes nothing and
-- answers with the checklist as it stands. outcome: created, replaced or
-- superseded (filed before the one in force).
CREATE TABLE report_checklist_submissions (
    id              INTEGER PRIMARY KEY,
    checklist_id    INTEGER NOT NULL REFERENCES report_checklists (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    external_id     TEXT,
    outcome         TEXT NOT NULL,
    filed_at        TIMESTAMP NOT NULL,
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX report_checklist_submissions_external_id ON report_checklist_submissions (organization_id, external_id);
CREATE INDEX report_checklist_submissions_checklist ON report_checklist_submissions (checklist_id);

CREATE TABLE report_checklist_reminders (
    id                INTEGER PRIMARY KEY,
    organization_id   INTEGER NOT NULL REFERENCES organizations (id),
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    week              INTEGER NOT NULL,
    recipients        INTEGER NOT NULL,
    emails            INTEGER NOT NULL,
    sent_by           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    sent_at           TIMESTAMP NOT NULL,
    UNIQUE (organization_id, municipality_code, week)
);
CREATE INDEX report_checklist_reminders_week ON report_checklist_reminders (municipality_code, week);

-- +goose Down
DROP TABLE report_checklist_reminders;
DROP TABLE report_checklist_submissions;
DROP TABLE report_checklist_lines;
DROP TABLE report_checklists;

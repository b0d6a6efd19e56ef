-- +goose Up
-- Dialogue surveys (medborgardialog, medarbetardialog): a municipality's
-- survey with its questions, answered without sign-in at a public link
-- (token). A response is one person's answer; its parts are kept apart by
-- kind: chosen options, numbers and text in survey_answers (one row per
-- chosen option, so that multiple choice is counted per option), pins of
-- a place question in survey_pins, cells of a when question in
-- survey_when_cells, and the background questions (age band, gender, area
-- of residence) in survey_backgrounds, which is shown only in aggregate.
-- browser_hash is a keyed hash of a random token the browser keeps: one
-- answer per browser without storing who or where from (no address).
CREATE TABLE surveys (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    intro             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    opens_on          TEXT NOT NULL,
    closes_on         TEXT NOT NULL,
    template          TEXT NOT NULL DEFAULT '',
    token             TEXT NOT NULL UNIQUE,
    synthetic         BOOLEAN NOT NULL DEFAULT FALSE,
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX surveys_municipality ON surveys (municipality_code, created_at);

CREATE TABLE survey_questions (
    id        INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    section   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    key       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    text_en   TEXT NOT NULL DEFAULT '',
    options   TEXT NOT NULL DEFAULT '[]',
    required  BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (survey_id, key)
);

CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY,
    survey_id    INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    browser_hash TEXT NOT NULL,
    synthetic    BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (survey_id, browser_hash)
);

CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
    option      TEXT,
    number      REAL,
    text        TEXT
);
CREATE INDEX survey_answers_question ON survey_answers (question_id, option);

CREATE TABLE survey_pins (
    id          INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
    lat         REAL,
    lon         REAL,
    place_id    INTEGER REFERENCES places (id) ON DELETE SET NULL,
    place_name  TEXT NOT NULL DEFAULT '',
    why         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_pins_question ON survey_pins (question_id);

CREATE TABLE survey_when_cells (
    response_id INTEGER NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL,
    part        TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id, weekday, part)
);
CREATE INDEX survey_when_cells_question ON survey_when_cells (question_id);

CREATE TABLE survey_backgrounds (
    response_id INTEGER PRIMARY KEY REFERENCES survey_responses (id) ON DELETE CASCADE,
    survey_id   INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    age_band    TEXT NOT NULL DEFAULT '',
    gender      TEXT NOT NULL DEFAULT '',
    residence   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_backgrounds_survey ON survey_backgrounds (survey_id);

-- +goose Down
DROP TABLE survey_backgrounds;
DROP TABLE survey_when_cells;
DROP TABLE survey_pins;
DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE survey_questions;
DROP TABLE surveys;

-- +goose Up
-- Agreements (samverkansöverenskommelser) and citizen promises
-- (medborgarlöften). Dates without a time of day are TEXT 'YYYY-MM-DD' in
-- both dialects, so that they compare, sort and round-trip alike; '' is
-- "not set" where a date is optional.
CREATE TABLE agreements (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    title             TEXT NOT NULL,
    signed_on         TEXT NOT NULL DEFAULT '',
    signed_place      TEXT NOT NULL DEFAULT '',
    starts_on         TEXT NOT NULL,
    ends_on           TEXT NOT NULL,
    purpose           TEXT NOT NULL DEFAULT '',
    collaboration     TEXT NOT NULL DEFAULT '',
    problem           TEXT NOT NULL DEFAULT '',
    documentation     TEXT NOT NULL DEFAULT '',
    follow_up         TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX agreements_municipality ON agreements (municipality_code);

CREATE TABLE agreement_parties (
    agreement_id    INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    signatory_title TEXT NOT NULL DEFAULT '',
    signatory_name  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, organization_id)
);
CREATE INDEX agreement_parties_organization ON agreement_parties (organization_id);

CREATE TABLE agreement_focus_areas (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agreement_focus_areas_agreement ON agreement_focus_areas (agreement_id);

-- Every state an agreement has had, as the JSON of the whole agreement.
CREATE TABLE agreement_versions (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    at            TIMESTAMP NOT NULL,
    actor_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_label   TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    PRIMARY KEY (agreement_id, version)
);

CREATE TABLE promises (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    agreement_id      INTEGER REFERENCES agreements (id),
    title             TEXT NOT NULL,
    problem           TEXT NOT NULL,
    effect            TEXT NOT NULL,
    follow_up         TEXT NOT NULL DEFAULT '',
    starts_on         TEXT NOT NULL,
    ends_on           TEXT NOT NULL,
    period_label      TEXT NOT NULL DEFAULT '',
    signed_on         TEXT NOT NULL DEFAULT '',
    signed_place      TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    published_at      TIMESTAMP,
    ended_at          TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX promises_municipality ON promises (municipality_code, status);
CREATE INDEX promises_agreement ON promises (agreement_id);

CREATE TABLE promise_parties (
    promise_id      INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    signatory_title TEXT NOT NULL DEFAULT '',
    signatory_name  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (promise_id, organization_id)
);
CREATE INDEX promise_parties_organization ON promise_parties (organization_id);

-- How the promise is made known: one row per channel planned, done_on set
-- when it was done.
CREATE TABLE promise_channels (
    promise_id INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    done_on    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (promise_id, channel)
);

CREATE TABLE promise_amendments (
    id               INTEGER PRIMARY KEY,
    promise_id       INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
    decided_on       TEXT NOT NULL,
    description      TEXT NOT NULL,
    previous_ends_on TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX promise_amendments_promise ON promise_amendments (promise_id);

-- Commitments keep their id for life, so that activities can count toward
-- one; amendment_id is set on those an amendment added.
CREATE TABLE commitments (
    id              INTEGER PRIMARY KEY,
    promise_id      INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    target          REAL,
    unit            TEXT NOT NULL DEFAULT '',
    due_on          TEXT NOT NULL DEFAULT '',
    responsible     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    amendment_id    INTEGER REFERENCES promise_amendments (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX commitments_promise ON commitments (promise_id, position);
CREATE INDEX commitments_organization ON commitments (organization_id);

-- +goose Down
DROP TABLE commitments;
DROP TABLE promise_amendments;
DROP TABLE promise_channels;
DROP TABLE promise_parties;
DROP TABLE promises;
DROP TABLE agreement_versions;
DROP TABLE agreement_focus_areas;
DROP TABLE agreement_parties;
DROP TABLE agreements;

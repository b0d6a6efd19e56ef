-- +goose Up
-- Carrying the promise out: the licensed premises register with its
-- inspections (krogtillsyn) and their checklists, the activities the
-- parties log (traffic controls, patrols, trainings …), and the meetings
-- with their action items. Dates without a time of day are TEXT
-- 'YYYY-MM-DD' as in 00002; times are stored in UTC.

-- The register of serving premises (serveringsställen). restaurant_number
-- is the municipality's own number: kommunkod and four digits.
CREATE TABLE premises (
    id                  BIGSERIAL PRIMARY KEY,
    municipality_code   TEXT NOT NULL REFERENCES municipalities (code),
    restaurant_number   TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    organization_number TEXT NOT NULL,
    holder_name         TEXT NOT NULL,
    street_address      TEXT NOT NULL DEFAULT '',
    postal_code         TEXT NOT NULL DEFAULT '',
    postal_area         TEXT NOT NULL DEFAULT '',
    lat                 DOUBLE PRECISION,
    lon                 DOUBLE PRECISION,
    licence_type        TEXT NOT NULL,
    serving_hours       TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    synthetic           BOOLEAN NOT NULL DEFAULT FALSE,
    version             INTEGER NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX premises_municipality ON premises (municipality_code, restaurant_number);

-- Every state a premises has had, as the JSON of the whole record: the
-- register's history.
CREATE TABLE premises_versions (
    premises_id   BIGINT NOT NULL REFERENCES premises (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    actor_id      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor_label   TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    PRIMARY KEY (premises_id, version)
);

-- A municipality's own checklist for a kind of inspection. A municipality
-- without rows for a kind uses the product's default list.
CREATE TABLE checklist_items (
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    kind              TEXT NOT NULL,
    position          INTEGER NOT NULL,
    text              TEXT NOT NULL,
    PRIMARY KEY (municipality_code, kind, position)
);

-- Inspections (tillsynsbesök). The protocol's checks are copied from the
-- checklist when the protocol is written, so that changing the checklist
-- later leaves old protocols as they were.
CREATE TABLE inspections (
    id            BIGSERIAL PRIMARY KEY,
    premises_id   BIGINT NOT NULL REFERENCES premises (id),
    kind          TEXT NOT NULL,
    mode          TEXT NOT NULL,
    conducted_at  TIMESTAMPTZ NOT NULL,
    recorded      BOOLEAN NOT NULL,
    inspectors    TEXT NOT NULL DEFAULT '',
    remarks       TEXT NOT NULL DEFAULT '',
    follow_up     TEXT NOT NULL DEFAULT '',
    follow_up_on  TEXT NOT NULL DEFAULT '',
    sanction      TEXT NOT NULL DEFAULT '',
    commitment_id BIGINT REFERENCES commitments (id) ON DELETE SET NULL,
    synthetic     BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX inspections_premises ON inspections (premises_id, conducted_at);
CREATE INDEX inspections_time ON inspections (conducted_at);
CREATE INDEX inspections_commitment ON inspections (commitment_id);

CREATE TABLE inspection_organizations (
    inspection_id   BIGINT NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, organization_id)
);
CREATE INDEX inspection_organizations_organization ON inspection_organizations (organization_id);

CREATE TABLE inspection_items (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    check_text    TEXT NOT NULL,
    result        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, position)
);

-- Activities (insatser): what a party did, where and when, and its
-- counters. commitment_id links it to the commitment it counts toward.
CREATE TABLE activities (
    id                BIGSERIAL PRIMARY KEY,
    kind              TEXT NOT NULL,
    organization_id   BIGINT NOT NULL REFERENCES organizations (id),
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    commitment_id     BIGINT REFERENCES commitments (id) ON DELETE SET NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    ended_at          TIMESTAMPTZ,
    place             TEXT NOT NULL DEFAULT '',
    lat               DOUBLE PRECISION,
    lon               DOUBLE PRECISION,
    topic             TEXT NOT NULL DEFAULT '',
    channel           TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    synthetic         BOOLEAN NOT NULL DEFAULT FALSE,
    created_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX activities_municipality_time ON activities (municipality_code, started_at);
CREATE INDEX activities_organization_time ON activities (organization_id, started_at);
CREATE INDEX activities_commitment ON activities (commitment_id);

-- The counters of an activity, by name; which names a kind has is said in
-- package activity, so that a kind or a counter is added without a
-- migration.
CREATE TABLE activity_counts (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (activity_id, name)
);

-- The other parties that took part in or co-organised an activity.
CREATE TABLE activity_partners (
    activity_id     BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (activity_id, organization_id)
);

-- Who came to a training, per premises: which premises have trained staff.
CREATE TABLE training_participants (
    activity_id  BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    premises_id  BIGINT NOT NULL REFERENCES premises (id),
    participants INTEGER NOT NULL,
    PRIMARY KEY (activity_id, premises_id)
);
CREATE INDEX training_participants_premises ON training_participants (premises_id);

-- Meetings: collaboration meetings, the council (BRÅ), the destination's
-- forum. organization_id is the organiser, who keeps the minutes;
-- sequence counts the changes, for calendar clients (RFC 5545 SEQUENCE).
CREATE TABLE meetings (
    id                BIGSERIAL PRIMARY KEY,
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    organization_id   BIGINT NOT NULL REFERENCES organizations (id),
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    commitment_id     BIGINT REFERENCES commitments (id) ON DELETE SET NULL,
    starts_at         TIMESTAMPTZ NOT NULL,
    ends_at           TIMESTAMPTZ NOT NULL,
    place             TEXT NOT NULL DEFAULT '',
    agenda            TEXT NOT NULL DEFAULT '',
    minutes           TEXT NOT NULL DEFAULT '',
    decisions         TEXT NOT NULL DEFAULT '',
    sequence          INTEGER NOT NULL DEFAULT 0,
    synthetic         BOOLEAN NOT NULL DEFAULT FALSE,
    created_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX meetings_municipality_time ON meetings (municipality_code, starts_at);
CREATE INDEX meetings_commitment ON meetings (commitment_id);

-- The parties at a meeting.
CREATE TABLE meeting_organizations (
    meeting_id      BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, organization_id)
);
CREATE INDEX meeting_organizations_organization ON meeting_organizations (organization_id);

-- The people present, by name, and the party they came for.
CREATE TABLE meeting_attendees (
    meeting_id      BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    organization_id BIGINT REFERENCES organizations (id),
    PRIMARY KEY (meeting_id, position)
);

-- Action items, each owned by a party, open until done_on is set.
CREATE TABLE meeting_actions (
    id              BIGSERIAL PRIMARY KEY,
    meeting_id      BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    due_on          TEXT NOT NULL DEFAULT '',
    done_on         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX meeting_actions_meeting ON meeting_actions (meeting_id, position);
CREATE INDEX meeting_actions_owner ON meeting_actions (organization_id, done_on);

-- +goose Down
DROP TABLE meeting_actions;
DROP TABLE meeting_attendees;
DROP TABLE meeting_organizations;
DROP TABLE meetings;
DROP TABLE training_participants;
DROP TABLE activity_partners;
DROP TABLE activity_counts;
DROP TABLE activities;
DROP TABLE inspection_items;
DROP TABLE inspection_organizations;
DROP TABLE inspections;
DROP TABLE checklist_items;
DROP TABLE premises_versions;
DROP TABLE premises;

-- +goose Up
-- Reports (rapporter, iakttagelser), the named places and areas they lie
-- in, each municipality's checklist of categories, and the weekly counts
-- the situational picture reads.

-- The checklist of categories a municipality's reporters choose from. A
-- municipality without rows uses the product's default checklist.
CREATE TABLE report_categories (
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    PRIMARY KEY (municipality_code, position)
);

-- Named places of a municipality: "Lindvallen", "Noret". name_key is the
-- name folded for comparison (Unicode-normalised, lower case, single
-- spaces), done in Go so that both dialects fold alike.
CREATE TABLE places (
    id                BIGSERIAL PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL,
    lat               DOUBLE PRECISION,
    lon               DOUBLE PRECISION,
    source            TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality_code, name_key)
);

-- Areas are polygons uploaded as GeoJSON (the geometry is kept as GeoJSON
-- text); the bounding box lets a point skip most polygons, and size picks
-- the smallest of nested areas.
CREATE TABLE areas (
    id                BIGSERIAL PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL,
    geometry          TEXT NOT NULL,
    min_lat           DOUBLE PRECISION NOT NULL,
    min_lon           DOUBLE PRECISION NOT NULL,
    max_lat           DOUBLE PRECISION NOT NULL,
    max_lon           DOUBLE PRECISION NOT NULL,
    size              DOUBLE PRECISION NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality_code, name_key)
);

-- week (year*100 + ISO week), weekday (0 Monday … 6 Sunday) and hour are
-- occurred_at in Europe/Stockholm, computed in Go at insert, so that the
-- weekly picture groups by stored columns. organization_id is NULL for
-- police events; municipality_code is NULL for events that concern a whole
-- county. Summaries of many police events (is_summary) are kept but never
-- counted.
CREATE TABLE reports (
    id                BIGSERIAL PRIMARY KEY,
    source            TEXT NOT NULL,
    organization_id   BIGINT REFERENCES organizations (id),
    external_id       TEXT,
    category          TEXT NOT NULL,
    occurred_at       TIMESTAMPTZ NOT NULL,
    week              INTEGER NOT NULL,
    weekday           INTEGER NOT NULL,
    hour              INTEGER NOT NULL,
    municipality_code TEXT REFERENCES municipalities (code),
    county_code       TEXT NOT NULL DEFAULT '',
    place_id          BIGINT REFERENCES places (id),
    area_id           BIGINT REFERENCES areas (id) ON DELETE SET NULL,
    lat               DOUBLE PRECISION,
    lon               DOUBLE PRECISION,
    count             INTEGER NOT NULL,
    assessment        TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    visibility        TEXT NOT NULL,
    is_summary        BOOLEAN NOT NULL DEFAULT FALSE,
    synthetic         BOOLEAN NOT NULL DEFAULT FALSE,
    url               TEXT NOT NULL DEFAULT '',
    created_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL
);
-- The weekly picture of one week: a covering index, so that it reads no
-- table rows, and partial, so that summaries are not even in it.
CREATE INDEX reports_week ON reports (municipality_code, week, area_id, category, place_id, weekday, hour, count)
    WHERE NOT is_summary;
CREATE INDEX reports_municipality_time ON reports (municipality_code, occurred_at);
CREATE INDEX reports_organization_time ON reports (organization_id, occurred_at);
-- external_id makes creation idempotent: per organisation for reports (NULLs
-- are distinct, so reports without one and police events never collide
-- here), and by the police's own id for police events. External id first,
-- so that looking a list of them up is a probe per id whatever the planner
-- thinks of the organisation.
CREATE UNIQUE INDEX reports_external_id ON reports (external_id, organization_id);
CREATE UNIQUE INDEX reports_polisen_id ON reports (external_id) WHERE source = 'polisen';

-- The sums of report counts per municipality, week, area, place and
-- category (0 for no area or no place), summaries left out. Kept in the
-- same transaction as every insert, so that the baseline and the trend of
-- the picture read a few hundred rows instead of a year of reports.
CREATE TABLE report_weeks (
    municipality_code TEXT NOT NULL,
    week              INTEGER NOT NULL,
    area_id           BIGINT NOT NULL,
    place_id          BIGINT NOT NULL,
    category          TEXT NOT NULL,
    count             INTEGER NOT NULL,
    PRIMARY KEY (municipality_code, week, area_id, place_id, category)
);

-- The first week each category was reported in a municipality: weeks
-- before it are not part of the category's baseline, so that a category
-- newly on the checklist (or reporters newly started) is not compared
-- with weeks when nobody could have reported it.
CREATE TABLE report_first_weeks (
    municipality_code TEXT NOT NULL,
    category          TEXT NOT NULL,
    week              INTEGER NOT NULL,
    PRIMARY KEY (municipality_code, category)
);

-- +goose Down
DROP TABLE report_first_weeks;
DROP TABLE report_weeks;
DROP TABLE reports;
DROP TABLE areas;
DROP TABLE places;
DROP TABLE report_categories;

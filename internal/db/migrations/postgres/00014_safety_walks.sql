-- +goose Up
-- Safety walks (trygghetsvandringar): residents, the municipality, the
-- police and property owners walk an area in the evening and note what
-- makes it feel unsafe. A walk has its points (where, what kind, what was
-- seen, an optional photo) and an action list: a point becomes one or more
-- actions, each owned by an organisation with a due date and a status.
-- held_on, due_on and done_on are TEXT 'YYYY-MM-DD' as in 00002; times UTC.
-- route is a GeoJSON LineString as text, or NULL.
CREATE TABLE safety_walks (
    id                BIGSERIAL PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    held_on           TEXT NOT NULL,
    area              TEXT NOT NULL,
    route             TEXT,
    residents_count   INTEGER NOT NULL DEFAULT 0,
    notes             TEXT NOT NULL DEFAULT '',
    synthetic         BOOLEAN NOT NULL DEFAULT FALSE,
    created_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX safety_walks_municipality ON safety_walks (municipality_code, held_on);

CREATE TABLE safety_walk_organizations (
    walk_id         BIGINT NOT NULL REFERENCES safety_walks (id) ON DELETE CASCADE,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (walk_id, organization_id)
);
CREATE INDEX safety_walk_organizations_organization ON safety_walk_organizations (organization_id);

-- A point of a walk. The photo, if any, is stored re-encoded (which drops
-- its EXIF and location metadata) and is never public.
CREATE TABLE safety_walk_points (
    id                 BIGSERIAL PRIMARY KEY,
    walk_id            BIGINT NOT NULL REFERENCES safety_walks (id) ON DELETE CASCADE,
    lat                DOUBLE PRECISION NOT NULL,
    lon                DOUBLE PRECISION NOT NULL,
    place              TEXT NOT NULL DEFAULT '',
    category           TEXT NOT NULL,
    description        TEXT NOT NULL,
    photo              BYTEA,
    photo_content_type TEXT NOT NULL DEFAULT '',
    report_id          BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    commitment_id      BIGINT REFERENCES commitments (id) ON DELETE SET NULL,
    created_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX safety_walk_points_walk ON safety_walk_points (walk_id, id);

CREATE TABLE safety_walk_actions (
    id              BIGSERIAL PRIMARY KEY,
    point_id        BIGINT NOT NULL REFERENCES safety_walk_points (id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    due_on          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    done_on         TEXT NOT NULL DEFAULT '',
    report_id       BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    commitment_id   BIGINT REFERENCES commitments (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX safety_walk_actions_point ON safety_walk_actions (point_id, id);
CREATE INDEX safety_walk_actions_organization ON safety_walk_actions (organization_id, status);

-- +goose Down
DROP TABLE safety_walk_actions;
DROP TABLE safety_walk_points;
DROP TABLE safety_walk_organizations;
DROP TABLE safety_walks;

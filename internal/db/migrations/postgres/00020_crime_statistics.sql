-- +goose Up
-- Brå's statistics of reported crime (anmälda brott), imported from the
-- exports of its statistics database: one row per region × crime category
-- × period, unique, so that a re-import replaces the figure. region_kind is
-- municipality (region_code a kommunkod), county (a länskod) or country
-- (SE). period is 2025, 2025-H1, 2025-Q3 or 2025-M08. count and rate (per
-- 100,000 inhabitants) are NULL where Brå says ".." (not applicable, not
-- zero). source_file is the name of the file imported; synthetic marks the
-- demo's invented series.
CREATE TABLE crime_statistics (
    id           BIGSERIAL PRIMARY KEY,
    region_kind  TEXT NOT NULL CHECK (region_kind IN ('municipality', 'county', 'country')),
    region_code  TEXT NOT NULL,
    region_name  TEXT NOT NULL,
    crime        TEXT NOT NULL,
    crime_code   TEXT NOT NULL DEFAULT '',
    period       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    preliminary  BOOLEAN NOT NULL DEFAULT FALSE,
    count        BIGINT,
    rate         DOUBLE PRECISION,
    synthetic    BOOLEAN NOT NULL DEFAULT FALSE,
    source_file  TEXT NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL,
    imported_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (region_kind, region_code, crime, period)
);
CREATE INDEX crime_statistics_series ON crime_statistics (crime, region_kind, region_code, period);

-- +goose Down
DROP TABLE crime_statistics;

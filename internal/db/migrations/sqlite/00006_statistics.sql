-- +goose Up
-- Public statistics (issue 6): whether a municipality publishes weekly
-- counts of reports per category and area, and below which count a number
-- is hidden. A municipality without a row publishes nothing, with the
-- contract's threshold of 3. The threshold is never below 3: a coordinator
-- may raise it, not lower it (docs/statistics.md says why).
CREATE TABLE statistics_settings (
    municipality_code     TEXT PRIMARY KEY REFERENCES municipalities (code),
    public_statistics     BOOLEAN NOT NULL DEFAULT FALSE,
    suppression_threshold INTEGER NOT NULL DEFAULT 3 CHECK (suppression_threshold >= 3),
    updated_at            TIMESTAMP NOT NULL
);

-- The statistics leave police events out of the weekly counts (they are
-- public on polisen.se, and a visitor could subtract them): this finds a
-- municipality's events of a range of weeks without reading its reports.
CREATE INDEX reports_polisen_week ON reports (municipality_code, week, area_id, category, count)
    WHERE source = 'polisen' AND NOT is_summary;

-- +goose Down
DROP INDEX reports_polisen_week;
DROP TABLE statistics_settings;

-- +goose Up
-- The weekly brief (veckobrev): the coordinator's published weekly
-- situational picture with an analysis and the actions agreed, delivered
-- to everyone in the municipality's organisations in the product and by
-- e-mail; the e-mail outbox with every attempt to send; and who has opted
-- out of which municipality's brief, or narrowed it to some areas.

-- A brief per municipality and ISO week (week = year*100 + week number, as
-- in reports). snapshot_json is the week's picture as it was when the
-- brief was published, so that a published brief never changes; a draft
-- has none and shows the live picture. total (the picture's), recipients
-- and report_count (the organisations' reports in it) are kept from the
-- publication for lists.
CREATE TABLE briefs (
    id                INTEGER PRIMARY KEY,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    week              INTEGER NOT NULL,
    status            TEXT NOT NULL,
    analysis          TEXT NOT NULL,
    actions           TEXT NOT NULL DEFAULT '',
    snapshot_json     TEXT,
    synthetic         BOOLEAN NOT NULL DEFAULT FALSE,
    total             INTEGER NOT NULL DEFAULT 0,
    recipients        INTEGER NOT NULL DEFAULT 0,
    report_count      INTEGER NOT NULL DEFAULT 0,
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    published_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    published_at      TIMESTAMP,
    UNIQUE (municipality_code, week)
);
CREATE INDEX briefs_week ON briefs (week, id);

-- The in-product delivery of a published brief to each recipient; read_at
-- marks it read.
CREATE TABLE brief_deliveries (
    brief_id INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at  TIMESTAMP,
    PRIMARY KEY (brief_id, user_id)
);
CREATE INDEX brief_deliveries_user ON brief_deliveries (user_id, brief_id);

-- The organisations' reports that went into a brief: those of its week and
-- municipality at publication (police events are not anyone's report).
CREATE TABLE brief_reports (
    brief_id  INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (brief_id, report_id)
);
CREATE INDEX brief_reports_report ON brief_reports (report_id);

-- Everyone in an organisation that works in a municipality gets its brief
-- until they opt out: a row here with subscribed FALSE. A subscribed row
-- with areas narrows the figures put first to those areas.
CREATE TABLE brief_subscriptions (
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    subscribed        BOOLEAN NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, municipality_code)
);

CREATE TABLE brief_subscription_areas (
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    area_id           INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, municipality_code, area_id)
);

-- E-mail waiting to go out, rendered when it was queued (in the
-- recipient's language). kind and ref_id say what it is about ("brief"
-- and the brief's id). status: waiting (next_attempt_at says when),
-- sending (taken by a worker until locked_until), sent, failed (given up).
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    ref_id          INTEGER NOT NULL,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    to_address      TEXT NOT NULL,
    to_name         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    locked_until    TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_ref ON mail_outbox (kind, ref_id);

-- Every attempt to send an outbox row: when, and the error ('' when it
-- was sent).
CREATE TABLE mail_attempts (
    id        INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
    at        TIMESTAMP NOT NULL,
    error     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_attempts_outbox ON mail_attempts (outbox_id, at);

-- +goose Down
DROP TABLE mail_attempts;
DROP TABLE mail_outbox;
DROP TABLE brief_subscription_areas;
DROP TABLE brief_subscriptions;
DROP TABLE brief_reports;
DROP TABLE brief_deliveries;
DROP TABLE briefs;

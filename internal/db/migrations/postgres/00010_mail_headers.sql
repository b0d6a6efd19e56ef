-- +goose Up
-- What an outbox row carries besides its text: whom a reply reaches, the
-- one-click unsubscribe address of list mail (a weekly brief), and the
-- iCalendar object of a meeting invitation with its method.
ALTER TABLE mail_outbox ADD COLUMN reply_to_address TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN reply_to_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN calendar_method TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN calendar TEXT NOT NULL DEFAULT '';

-- The server's own settings, one value a name, such as the key that signs
-- the unsubscribe links: made once by the server and kept, so that a link
-- in an e-mail works as long as the database lives.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE settings;
ALTER TABLE mail_outbox DROP COLUMN calendar;
ALTER TABLE mail_outbox DROP COLUMN calendar_method;
ALTER TABLE mail_outbox DROP COLUMN unsubscribe_url;
ALTER TABLE mail_outbox DROP COLUMN reply_to_name;
ALTER TABLE mail_outbox DROP COLUMN reply_to_address;

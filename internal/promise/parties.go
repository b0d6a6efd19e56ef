package promise

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/db"
)

// partyTable names the table of the parties of agreements or of promises;
// both have the same columns but for the key. Only these two constants are
// ever put into SQL.
type partyTable struct{ table, key string }

var (
	agreementParties = partyTable{"agreement_parties", "agreement_id"}
	promiseParties   = partyTable{"promise_parties", "promise_id"}
)

// replace stores parties as the parties of the record with id, in order.
func (t partyTable) replace(ctx context.Context, tx *db.Tx, id int64, parties []Party) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE `+t.key+` = ?`, id); err != nil {
		return fmt.Errorf("clear %s: %w", t.table, err)
	}
	return t.add(ctx, tx, id, parties, 0)
}

// add appends parties after the first positions already taken.
func (t partyTable) add(ctx context.Context, tx *db.Tx, id int64, parties []Party, first int) error {
	for i, p := range parties {
		_, err := tx.ExecContext(ctx, `INSERT INTO `+t.table+` (`+t.key+`, organization_id, position, signatory_title, signatory_name)
			VALUES (?, ?, ?, ?, ?)`, id, p.OrganizationID, first+i, p.SignatoryTitle, p.SignatoryName)
		if err != nil {
			return fmt.Errorf("add party %d to %s %d: %w", p.OrganizationID, t.table, id, err)
		}
	}
	return nil
}

// of returns the parties of the records with ids, in order.
func (t partyTable) of(ctx context.Context, q db.Queryer, ids []int64) (map[int64][]Party, error) {
	out := make(map[int64][]Party, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
		out[id] = []Party{}
	}
	rows, err := q.QueryContext(ctx, `SELECT p.`+t.key+`, p.organization_id, o.name, p.signatory_title, p.signatory_name
		FROM `+t.table+` p JOIN organizations o ON o.id = p.organization_id
		WHERE p.`+t.key+` IN (`+db.Placeholders(len(ids))+`) ORDER BY p.`+t.key+`, p.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("parties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p Party
		if err := rows.Scan(&id, &p.OrganizationID, &p.OrganizationName, &p.SignatoryTitle, &p.SignatoryName); err != nil {
			return nil, err
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

package survey

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// One-time invitation codes. A coordinator turns on "answers need an
// invitation code" for a survey (typically a staff dialogue) and makes a
// number of codes, which are shown once to be handed out: only a keyed
// hash of each is kept. An answer then needs an unused code, and the code
// is marked used in the transaction that stores the answer. Nothing ties
// the code to the answer: no response id and no time of use are kept.

// CodeAlphabet is what a code is written with: digits and capital letters
// without 0, O, 1 and I, which are read one for the other. 32 characters:
// five bits each, forty bits a code.
const CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// codeLength is the characters of a code, written in two groups of four:
// "K7QX-M2PA".
const codeLength = 8

// MaxInvitations is the most codes made at once.
const MaxInvitations = 1000

// Invitations are the codes of a survey, counted.
type Invitations struct {
	Issued int `json:"issued"`
	Used   int `json:"used"`
}

// newCode returns a random code as it is written ("K7QX-M2PA").
func newCode() string {
	b := make([]byte, codeLength)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = CodeAlphabet[b[i]&31] // 256 is a multiple of 32: no bias
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// ParseCode reads a code as a person types it: lower case, spaces and
// the dash (or none) are accepted; it returns the code as written
// ("K7QX-M2PA"), or false when it cannot be one.
func ParseCode(s string) (string, bool) {
	if len(s) > 64 {
		return "", false
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '-', r == '‐', r == '‑', r == '–', r == '—':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if r > unicode.MaxASCII || !strings.ContainsRune(CodeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	c := b.String()
	if len(c) != codeLength {
		return "", false
	}
	return c[:4] + "-" + c[4:], true
}

// codeHasher hashes the codes of a survey with the server's secret.
type codeHasher struct {
	secret   []byte
	surveyID int64
}

func newCodeHasher(ctx context.Context, tx *db.Tx, surveyID int64) (codeHasher, error) {
	secret, err := db.Secret(ctx, tx, "survey_invitation")
	return codeHasher{secret: secret, surveyID: surveyID}, err
}

// hash is the keyed hash of a code as ParseCode writes it.
func (h codeHasher) hash(code string) string {
	mac := hmac.New(sha256.New, h.secret)
	fmt.Fprintf(mac, "%d\x00%s", h.surveyID, code)
	return hex.EncodeToString(mac.Sum(nil))
}

// SetInvitationRequired turns on or off that the survey's answers need an
// invitation code.
func (s *Store) SetInvitationRequired(ctx context.Context, actor audit.Actor, id int64, on bool) (Survey, error) {
	return s.SetSettings(ctx, actor, id, Settings{InvitationRequired: &on})
}

// IssueInvitations makes count (1–MaxInvitations) new codes for the
// survey and returns them, the only time they are seen: the store keeps
// their hashes. A closed survey takes no more.
func (s *Store) IssueInvitations(ctx context.Context, actor audit.Actor, id int64, count int) ([]string, error) {
	var out []string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		out = nil
		v, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		var e validation.Errors
		if v.Status == Closed {
			e.Add("count", "error.survey_closed_invitations")
		} else if count < 1 || count > MaxInvitations {
			e.Add("count", "error.survey_invitation_count", 1, MaxInvitations)
		}
		if err := e.Err(); err != nil {
			return err
		}
		h, err := newCodeHasher(ctx, tx, id)
		if err != nil {
			return err
		}
		now := tx.Now()
		for len(out) < count {
			code := newCode()
			// Forty bits: a code already made is next to impossible, and
			// is made again rather than given twice.
			res, err := tx.ExecContext(ctx, `INSERT INTO survey_invitations (survey_id, code_hash, used, created_at)
				VALUES (?, ?, FALSE, ?) ON CONFLICT (survey_id, code_hash) DO NOTHING`, id, h.hash(code), now)
			if err != nil {
				return fmt.Errorf("survey invitation: %w", db.Normalize(err))
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				out = append(out, code)
			}
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "invitations", Entity: "survey", EntityID: audit.ID(id),
			After: map[string]int{"count": count}})
	})
	return out, err
}

// IssuedCodes returns those of codes that were made for the survey, as
// ParseCode writes them, in their order: a list of codes to download is
// made only of the survey's own.
func (s *Store) IssuedCodes(ctx context.Context, id int64, codes []string) ([]string, error) {
	var out []string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		out = nil
		h, err := newCodeHasher(ctx, tx, id)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, c := range codes {
			code, ok := ParseCode(c)
			if !ok || seen[code] {
				continue
			}
			seen[code] = true
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_invitations WHERE survey_id = ? AND code_hash = ?`,
				id, h.hash(code)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				out = append(out, code)
			}
		}
		return nil
	})
	return out, err
}

// checkInvitation checks an answer's code against the survey's: the code
// to consume (its hash), or an error of the field invitation_code.
func checkInvitation(ctx context.Context, tx *db.Tx, e *validation.Errors, v Survey, raw string) (string, error) {
	if !v.InvitationRequired {
		return "", nil
	}
	if strings.TrimSpace(raw) == "" {
		e.Add(FieldInvitation, "error.survey_code_missing")
		return "", nil
	}
	code, ok := ParseCode(raw)
	if !ok {
		e.Add(FieldInvitation, "error.survey_code_unknown")
		return "", nil
	}
	h, err := newCodeHasher(ctx, tx, v.ID)
	if err != nil {
		return "", err
	}
	hash := h.hash(code)
	var used bool
	err = tx.QueryRowContext(ctx, `SELECT used FROM survey_invitations WHERE survey_id = ? AND code_hash = ?`, v.ID, hash).Scan(&used)
	switch err := db.Normalize(err); {
	case errors.Is(err, db.ErrNotFound):
		e.Add(FieldInvitation, "error.survey_code_unknown")
		return "", nil
	case err != nil:
		return "", fmt.Errorf("survey invitation: %w", err)
	case used:
		e.Add(FieldInvitation, "error.survey_code_used")
		return "", nil
	}
	return hash, nil
}

// consumeInvitation marks the code used, in the transaction of the
// answer; a code another answer used meanwhile refuses this one.
func consumeInvitation(ctx context.Context, tx *db.Tx, e *validation.Errors, surveyID int64, hash string) error {
	if hash == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET used = TRUE WHERE survey_id = ? AND code_hash = ? AND used = FALSE`,
		surveyID, hash)
	if err != nil {
		return fmt.Errorf("survey invitation: %w", db.Normalize(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		e.Add(FieldInvitation, "error.survey_code_used")
		return e.Err()
	}
	return nil
}

// FieldInvitation is the form's and the API's field of the code.
const FieldInvitation = "invitation_code"

package briefweb

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of the weekly brief (the contract's "Weekly briefs"):
// coordinators write and publish; everyone who works in the municipality
// reads what is published. Package brief decides which municipality.

func (s *Server) apiBriefs(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("municipality_code"))
	if code != "" && !municipality.ValidCode(code) {
		var e validation.Errors
		e.Add("municipality_code", "error.municipality_unknown", code)
		return e.Err()
	}
	page, err := s.briefs.List(r.Context(), brief.ScopeOf(web.Principal(r)), brief.Filter{MunicipalityCode: code, Cursor: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiCreateBrief(w http.ResponseWriter, r *http.Request) error {
	var in brief.Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	code := strings.TrimSpace(in.MunicipalityCode)
	if code != "" && !brief.CanWrite(web.Principal(r), code) {
		// Every error at once: the store names the others, and an unknown
		// municipality.
		err := s.briefs.Check(r.Context(), in)
		var ve *validation.Error
		if err != nil && !errors.As(err, &ve) {
			return err
		}
		e := validation.Errors{}
		if ve != nil {
			e = ve.Fields
		}
		e.Add("municipality_code", "error.brief_not_your_municipality")
		return e.Err()
	}
	b, err := s.briefs.Create(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/briefs/"+strconv.FormatInt(b.ID, 10))
	web.WriteJSON(w, http.StatusCreated, b)
	return nil
}

func (s *Server) apiBrief(w http.ResponseWriter, r *http.Request) error {
	b, err := s.readableBrief(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, b)
	return nil
}

func (s *Server) apiUpdateBrief(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	var p brief.Patch
	if err := web.DecodeJSON(w, r, &p); err != nil {
		return err
	}
	out, err := s.briefs.Update(r.Context(), web.Actor(r), b.ID, p)
	if err != nil {
		return briefError(err)
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiPublishBrief(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	out, err := s.publishBrief(r, b)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// deliveryJSON is how a brief reached one recipient.
type deliveryJSON struct {
	UserID        string         `json:"user_id"`
	Name          string         `json:"name"`
	Email         string         `json:"email"`
	ReadAt        *time.Time     `json:"read_at"`
	EmailStatus   string         `json:"email_status"` // none, waiting, sending, sent, failed
	EmailID       string         `json:"email_id,omitempty"`
	Attempts      []mail.Attempt `json:"attempts"`
	LastError     string         `json:"last_error"`
	NextAttemptAt *time.Time     `json:"next_attempt_at"`
	SentAt        *time.Time     `json:"sent_at"`
}

func (s *Server) apiBriefDeliveries(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	ds, err := s.briefs.Deliveries(r.Context(), b.ID)
	if err != nil {
		return err
	}
	items := make([]deliveryJSON, 0, len(ds))
	for _, d := range ds {
		j := deliveryJSON{UserID: strconv.FormatInt(d.UserID, 10), Name: d.Name, Email: d.Email, ReadAt: d.ReadAt,
			EmailStatus: "none", Attempts: d.Attempts}
		if j.Attempts == nil {
			j.Attempts = []mail.Attempt{}
		}
		if d.Mail != nil {
			j.EmailStatus, j.EmailID, j.LastError = d.Mail.Status, strconv.FormatInt(d.Mail.ID, 10), d.Mail.LastError
			j.NextAttemptAt, j.SentAt = d.Mail.NextAttemptAt, d.Mail.SentAt
		}
		items = append(items, j)
	}
	web.WriteJSON(w, http.StatusOK, web.List(items, ""))
	return nil
}

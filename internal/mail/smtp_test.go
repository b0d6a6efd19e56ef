package mail_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
)

func testMessage() mail.Message {
	return mail.Message{Date: clocktest.Now(), To: mail.Address{Name: "Viktor Vakt", Email: "vakt@example.se"}, Subject: "Veckobrev vecka 8",
		Text: "Hej", HTML: "<p>Hej</p>"}
}

// TestSMTPSend sends through a real SMTP server in each of the ways the
// URL allows.
func TestSMTPSend(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     mailtest.Options
		wantTLS  bool
		wantAuth bool
	}{
		{"plain", mailtest.Options{}, false, false},
		{"starttls when offered", mailtest.Options{STARTTLS: true}, true, false},
		{"implicit tls", mailtest.Options{Implicit: true}, true, false},
		{"auth plain over starttls", mailtest.Options{STARTTLS: true, User: "samverkan", Password: "hemligt lösen"}, true, true},
		{"auth plain over smtps", mailtest.Options{Implicit: true, User: "samverkan", Password: "s3cret"}, true, true},
		{"auth plain to this machine without tls", mailtest.Options{User: "samverkan", Password: "s3cret"}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.Start(t, tc.opts)
			s, err := mail.NewSMTP(srv.URL, "Samverkan Malung-Sälen <noreply@samverkan.example>")
			if err != nil {
				t.Fatalf("NewSMTP() error = %v", err)
			}
			s.TLS = srv.ClientTLS()
			if err := s.Send(context.Background(), testMessage()); err != nil {
				t.Fatalf("Send() error = %v", err)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			m := got[0]
			if m.From != "noreply@samverkan.example" || len(m.To) != 1 || m.To[0] != "vakt@example.se" {
				t.Errorf("envelope = %s → %v, want noreply@samverkan.example → [vakt@example.se]", m.From, m.To)
			}
			if m.TLS != tc.wantTLS || m.Authenticated != tc.wantAuth {
				t.Errorf("TLS, authenticated = %v, %v, want %v, %v", m.TLS, m.Authenticated, tc.wantTLS, tc.wantAuth)
			}
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if p.From.Name != "Samverkan Malung-Sälen" || p.Subject != "Veckobrev vecka 8" {
				t.Errorf("From name, Subject = %q, %q", p.From.Name, p.Subject)
			}
		})
	}
}

func TestSMTPFailures(t *testing.T) {
	ctx := context.Background()
	t.Run("wrong password is permanent", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{STARTTLS: true, User: "samverkan", Password: "right"})
		u := strings.Replace(srv.URL, "right", "wrong", 1)
		s, err := mail.NewSMTP(u, "noreply@samverkan.example")
		if err != nil {
			t.Fatal(err)
		}
		s.TLS = srv.ClientTLS()
		err = s.Send(ctx, testMessage())
		if !errors.Is(err, mail.ErrPermanent) {
			t.Errorf("Send() with a wrong password error = %v, want ErrPermanent", err)
		}
		if err != nil && strings.Contains(err.Error(), "wrong") {
			t.Errorf("error %q repeats the password", err)
		}
	})
	t.Run("451 is passing, 550 permanent", func(t *testing.T) {
		srv := mailtest.Start(t, mailtest.Options{})
		s, err := mail.NewSMTP(srv.URL, "noreply@samverkan.example")
		if err != nil {
			t.Fatal(err)
		}
		srv.Refuse(1, 451)
		if err := s.Send(ctx, testMessage()); err == nil || errors.Is(err, mail.ErrPermanent) || !strings.Contains(err.Error(), "451") {
			t.Errorf("Send() refused with 451 error = %v, want a passing error naming 451", err)
		}
		srv.Refuse(1, 550)
		if err := s.Send(ctx, testMessage()); !errors.Is(err, mail.ErrPermanent) {
			t.Errorf("Send() refused with 550 error = %v, want ErrPermanent", err)
		}
		if err := s.Send(ctx, testMessage()); err != nil {
			t.Errorf("Send() after the refusals error = %v", err)
		}
	})
	t.Run("server down is passing", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		s, err := mail.NewSMTP("smtp://"+addr, "noreply@samverkan.example")
		if err != nil {
			t.Fatal(err)
		}
		s.Timeout = 5 * time.Second
		if err := s.Send(ctx, testMessage()); err == nil || errors.Is(err, mail.ErrPermanent) {
			t.Errorf("Send() to a closed port error = %v, want a passing error", err)
		}
	})
}

func TestNewSMTP(t *testing.T) {
	for _, u := range []string{"", "http://host", "smtp://", "smtp//host", "smtp://user:s3cret@:25"} {
		_, err := mail.NewSMTP(u, "noreply@example.se")
		if err == nil {
			t.Errorf("NewSMTP(%q) = nil error, want one", u)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("NewSMTP(%q) error %q repeats the password", u, err)
		}
	}
	if _, err := mail.NewSMTP("smtp://mail.example.se", "not an address"); err == nil {
		t.Errorf("NewSMTP with a From that is no address = nil error")
	}
	s, err := mail.NewSMTP("smtps://mail.example.se", "Samverkan <noreply@example.se>")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.From(); got.Name != "Samverkan" || got.Email != "noreply@example.se" {
		t.Errorf("From() = %+v", got)
	}
}

package mail_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
)

func TestMessageBytes(t *testing.T) {
	m := mail.Message{
		From:    mail.Address{Name: "Samverkan Malung-Sälen", Email: "noreply@malung-salen.example"},
		To:      mail.Address{Name: "Åsa Öberg", Email: "asa@example.se"},
		Subject: "Veckobrev Malung-Sälen, vecka 8 – lägesbild",
		Text:    "Hej Åsa!\nRapporter: 123\n\nEn mycket lång rad " + strings.Repeat("å", 200) + "\n",
		HTML:    "<p>Hej Åsa!</p>\n<p>Rapporter: 123</p>",
		Date:    time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC),
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatalf("Bytes() error = %v", err)
	}
	// Every line is 7-bit and short, as SMTP wants.
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long", i, len(line))
		}
		for _, b := range []byte(line) {
			if b >= 0x80 || b == '\n' || b == '\r' {
				t.Fatalf("line %d has the byte %#x: %q", i, b, line)
			}
		}
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatalf("Parse() error = %v\n%s", err, raw)
	}
	got := map[string]string{
		"from name": p.From.Name, "from": p.From.Address, "to name": p.To.Name, "to": p.To.Address,
		"subject": p.Subject, "text": p.Text, "html": p.HTML, "types": strings.Join(p.PartTypes, ","),
		"date": p.Header.Get("Date"), "mime": p.Header.Get("Mime-Version"),
	}
	want := map[string]string{
		"from name": "Samverkan Malung-Sälen", "from": "noreply@malung-salen.example", "to name": "Åsa Öberg",
		"to": "asa@example.se", "subject": m.Subject, "text": m.Text, "html": m.HTML, "types": "text/plain,text/html",
		"date": "Mon, 23 Feb 2026 08:00:00 +0000", "mime": "1.0",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parsed message differs (-want +got):\n%s", diff)
	}
	if id := p.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@malung-salen.example>") {
		t.Errorf("Message-ID = %q, want <…@malung-salen.example>", id)
	}
}

// TestMessageHeaderInjection: a line break in a subject or a name cannot
// add a header.
func TestMessageHeaderInjection(t *testing.T) {
	m := mail.Message{Date: clocktest.Now(),
		From:    mail.Address{Email: "noreply@example.se"},
		To:      mail.Address{Name: "Eve\r\nBcc: victim@example.se", Email: "eve@example.se"},
		Subject: "Hej\r\nBcc: victim@example.se",
		Text:    "x", HTML: "<p>x</p>",
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	if bcc := p.Header.Get("Bcc"); bcc != "" {
		t.Errorf("a Bcc header got in: %q", bcc)
	}
	if p.Subject != "Hej Bcc: victim@example.se" {
		t.Errorf("Subject = %q, want the line break folded to a space", p.Subject)
	}
}

func TestMessageNeedsAddresses(t *testing.T) {
	for _, m := range []mail.Message{
		{To: mail.Address{Email: "a@example.se"}},
		{From: mail.Address{Email: "a@example.se"}},
	} {
		if _, err := m.Bytes(); err == nil {
			t.Errorf("Bytes() of %+v = nil error, want one", m)
		}
	}
}

// FuzzMessage: whatever the subject, names and texts, the message parses
// back to them (line ends as LF, a subject on one line).
func FuzzMessage(f *testing.F) {
	f.Add("Veckobrev vecka 8", "Åsa Öberg", "Hej!\nRad två", "<p>Hej</p>")
	f.Add("=?utf-8?q?x?=", "\"quoted\" name", "trailing space \nend", "")
	f.Add(strings.Repeat("lång ämnesrad ", 20), "", "\r\n\r\n", "<")
	f.Add(" ", "", "0", "0")
	f.Fuzz(func(t *testing.T, subject, name, text, html string) {
		if !utf8.ValidString(subject) || !utf8.ValidString(name) || !utf8.ValidString(text) || !utf8.ValidString(html) {
			t.Skip()
		}
		m := mail.Message{Date: clocktest.Now(), From: mail.Address{Email: "noreply@example.se"}, To: mail.Address{Name: name, Email: "to@example.se"},
			Subject: subject, Text: text, HTML: html}
		raw, err := m.Bytes()
		if err != nil {
			t.Fatalf("Bytes() error = %v", err)
		}
		p, err := mailtest.Parse(raw)
		if err != nil {
			t.Fatalf("Parse() error = %v\n%q", err, raw)
		}
		lf := func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		}
		if got, want := lf(p.Text), lf(text); got != want {
			t.Errorf("text = %q, want %q", got, want)
		}
		if got, want := lf(p.HTML), lf(html); got != want {
			t.Errorf("html = %q, want %q", got, want)
		}
		if p.To.Address != "to@example.se" {
			t.Errorf("To = %q", p.To.Address)
		}
		fold := func(s string) string {
			return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }), " ")
		}
		if got, want := fold(p.To.Name), fold(name); got != want {
			t.Errorf("To name = %q, want %q", got, want)
		}
		// An ASCII subject that looks like an encoded word is decoded by
		// any reader; whitespace at the ends and runs of it are a
		// header's to fold.
		if !strings.Contains(subject, "=?") && !strings.ContainsFunc(subject, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			if got, want := norm(p.Subject), norm(subject); got != want {
				t.Errorf("subject = %q, want %q", got, want)
			}
		}
	})
}

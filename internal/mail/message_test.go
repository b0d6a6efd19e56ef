package mail_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
)

func TestMessageBytes(t *testing.T) {
	m := mail.Message{
		From:        mail.Address{Name: "Samverkan Malung-Sälen", Email: "noreply@malung-salen.example"},
		To:          mail.Address{Name: "Åsa Öberg", Email: "asa@example.se"},
		ReplyTo:     mail.Address{Name: "Sara Samordnare", Email: "sara@malung-salen.example"},
		Subject:     "Veckobrev Malung-Sälen, vecka 8 – lägesbild",
		Unsubscribe: "https://samverkan.example/unsubscribe/42.2023.abc_-",
		Text:        "Hej Åsa!\nRapporter: 123\n\nEn mycket lång rad " + strings.Repeat("å", 200) + "\n",
		HTML:        "<p>Hej Åsa!</p>\n<p>Rapporter: 123</p>",
		Date:        time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC),
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
		"date": p.Header.Get("Date"), "mime": p.Header.Get("Mime-Version"), "reply-to": p.ReplyTo.String(),
		"auto-submitted": p.Header.Get("Auto-Submitted"), "list-unsubscribe": p.Header.Get("List-Unsubscribe"),
		"list-unsubscribe-post": p.Header.Get("List-Unsubscribe-Post"), "precedence": p.Header.Get("Precedence"),
		"media type": p.MediaType,
	}
	want := map[string]string{
		"from name": "Samverkan Malung-Sälen", "from": "noreply@malung-salen.example", "to name": "Åsa Öberg",
		"to": "asa@example.se", "subject": m.Subject, "text": m.Text, "html": m.HTML, "types": "text/plain,text/html",
		"date": "Mon, 23 Feb 2026 08:00:00 +0000", "mime": "1.0", "reply-to": `"Sara Samordnare" <sara@malung-salen.example>`,
		"auto-submitted": "auto-generated", "list-unsubscribe": "<https://samverkan.example/unsubscribe/42.2023.abc_->",
		"list-unsubscribe-post": "List-Unsubscribe=One-Click", "precedence": "", "media type": "multipart/alternative",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parsed message differs (-want +got):\n%s", diff)
	}
	if id := p.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@malung-salen.example>") {
		t.Errorf("Message-ID = %q, want <…@malung-salen.example>", id)
	}
}

// TestMessageHeaderInjection: a line break in a subject or a name cannot
// add a header; an address or an unsubscribe URL with one is refused.
func TestMessageHeaderInjection(t *testing.T) {
	m := mail.Message{Date: clocktest.Now(),
		From:    mail.Address{Email: "noreply@example.se"},
		To:      mail.Address{Name: "Eve\r\nBcc: victim@example.se", Email: "eve@example.se"},
		ReplyTo: mail.Address{Name: "Åsa\r\nBcc: victim@example.se", Email: "asa@example.se"},
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
	if p.ReplyTo == nil || p.ReplyTo.Address != "asa@example.se" || p.ReplyTo.Name != "Åsa Bcc: victim@example.se" {
		t.Errorf("Reply-To = %v, want Åsa's address with the line break folded", p.ReplyTo)
	}

	for name, change := range map[string]func(*mail.Message){
		"To address":           func(m *mail.Message) { m.To.Email = "eve@example.se\r\nBcc: victim@example.se" },
		"To address with <>":   func(m *mail.Message) { m.To.Email = "eve@example.se>, <victim@example.se" },
		"Reply-To address":     func(m *mail.Message) { m.ReplyTo.Email = "a@example.se\nBcc: victim@example.se" },
		"Reply-To name only":   func(m *mail.Message) { m.ReplyTo = mail.Address{Name: "Åsa"} },
		"unsubscribe CRLF":     func(m *mail.Message) { m.Unsubscribe = "https://example.se/u/1\r\nBcc: victim@example.se" },
		"unsubscribe bracket":  func(m *mail.Message) { m.Unsubscribe = "https://example.se/u/1>, <mailto:victim@example.se" },
		"unsubscribe space":    func(m *mail.Message) { m.Unsubscribe = "https://example.se/u/1 x" },
		"unsubscribe mailto":   func(m *mail.Message) { m.Unsubscribe = "mailto:list@example.se" },
		"unsubscribe relative": func(m *mail.Message) { m.Unsubscribe = "/unsubscribe/1" },
		"calendar method":      func(m *mail.Message) { m.Calendar = &mail.Calendar{Method: "REQUEST\r\nBcc: x", Data: "x"} },
		"calendar empty":       func(m *mail.Message) { m.Calendar = &mail.Calendar{Method: "REQUEST"} },
	} {
		bad := m
		change(&bad)
		if raw, err := bad.Bytes(); err == nil {
			t.Errorf("%s: Bytes() = nil error, want one; wrote:\n%s", name, raw)
		}
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

// TestMessageWithCalendar: an invitation is multipart/mixed, the text,
// the HTML and the calendar as alternatives, and the calendar again as an
// .ics attachment, both with the method; the calendar comes back byte for
// byte.
func TestMessageWithCalendar(t *testing.T) {
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:meeting-7@samverkan.example\r\n" +
		"SUMMARY:Samverkansmöte " + strings.Repeat("långt ", 30) + "\r\nSEQUENCE:2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	m := mail.Message{Date: clocktest.Now(),
		From: mail.Address{Email: "noreply@example.se"}, To: mail.Address{Name: "Åsa", Email: "asa@example.se"},
		Subject: "Inbjudan", Text: "Hej Åsa!", HTML: "<p>Hej Åsa!</p>",
		Calendar: &mail.Calendar{Method: "REQUEST", Data: ics},
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 && !strings.HasPrefix(line, "Content-Type:") && !strings.HasPrefix(line, "Message-ID:") {
			t.Errorf("line %d is %d long: %q", i, len(line), line)
		}
	}
	p, err := mailtest.Parse(raw)
	if err != nil {
		t.Fatalf("Parse() error = %v\n%s", err, raw)
	}
	if p.MediaType != "multipart/mixed" || strings.Join(p.PartTypes, ",") != "text/plain,text/html,text/calendar" {
		t.Errorf("message %s with alternatives %v, want multipart/mixed with text, HTML and calendar", p.MediaType, p.PartTypes)
	}
	if p.Calendar != ics || p.CalendarMethod != "REQUEST" {
		t.Errorf("calendar alternative = %q (method %q), want the calendar and REQUEST", p.Calendar, p.CalendarMethod)
	}
	if p.Text != "Hej Åsa!" || p.HTML != "<p>Hej Åsa!</p>" {
		t.Errorf("text %q, HTML %q", p.Text, p.HTML)
	}
	if len(p.Attachments) != 1 {
		t.Fatalf("attachments = %d, want 1", len(p.Attachments))
	}
	a := p.Attachments[0]
	if a.MediaType != "text/calendar" || a.Params["method"] != "REQUEST" || a.Filename != mail.CalendarFile || string(a.Data) != ics {
		t.Errorf("attachment %s %v %q = %q, want the calendar as %s with method REQUEST", a.MediaType, a.Params, a.Filename, a.Data, mail.CalendarFile)
	}
	if got := p.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	if got := p.Header.Get("List-Unsubscribe"); got != "" {
		t.Errorf("an invitation has List-Unsubscribe %q, want none", got)
	}
}

func TestGreetingName(t *testing.T) {
	for name, want := range map[string]string{
		"Åsa Öberg":              "Åsa",
		"Åsa":                    "Åsa",
		"  Åsa   Öberg ":         "Åsa",
		"Anna-Karin Lind":        "Anna-Karin",
		"Öberg, Åsa":             "Åsa",
		"Öberg,":                 "Öberg",
		"Sara Samordnare (demo)": "Sara",
		"(demo) Sara":            "Sara",
		"":                       "",
		"   ":                    "",
		"asa@example.se":         "",
		"4711":                   "",
		"Åsa\r\nBcc: x":          "Åsa",
	} {
		if got := mail.GreetingName(name); got != want {
			t.Errorf("GreetingName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestGreeting(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang       i18n.Lang
		name, want string
	}{
		{i18n.Swedish, "Åsa Öberg", "Hej Åsa!"},
		{i18n.Swedish, "", "Hej!"},
		{i18n.English, "Åsa Öberg", "Hello Åsa,"},
		{i18n.English, "asa@example.se", "Hello,"},
	} {
		if got := mail.Greeting(b.For(tt.lang), tt.name); got != tt.want {
			t.Errorf("Greeting(%s, %q) = %q, want %q", tt.lang, tt.name, got, tt.want)
		}
	}
}

// FuzzMessage: whatever the subject, names and texts, the message parses
// back to them (line ends as LF, a subject on one line).
func FuzzMessage(f *testing.F) {
	f.Add("Veckobrev vecka 8", "Åsa Öberg", "Hej!\nRad två", "<p>Hej</p>", "Sara", "https://samverkan.example/unsubscribe/1.2023.x", "")
	f.Add("=?utf-8?q?x?=", "\"quoted\" name", "trailing space \nend", "", "=?utf-8?q?y?=", "", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	f.Add(strings.Repeat("lång ämnesrad ", 20), "", "\r\n\r\n", "<", "Eve\r\nBcc: x@example.se", "https://a.example/\r\nBcc: x", "\x00\xff")
	f.Add(" ", "", "0", "0", "", "http://a.example/u?a=1&b=2", "å")
	f.Fuzz(func(t *testing.T, subject, name, text, html, replyName, unsubscribe, calendar string) {
		if !utf8.ValidString(subject) || !utf8.ValidString(name) || !utf8.ValidString(text) || !utf8.ValidString(html) ||
			!utf8.ValidString(replyName) {
			t.Skip()
		}
		m := mail.Message{Date: clocktest.Now(), From: mail.Address{Email: "noreply@example.se"}, To: mail.Address{Name: name, Email: "to@example.se"},
			ReplyTo: mail.Address{Name: replyName, Email: "reply@example.se"}, Subject: subject, Text: text, HTML: html,
			Unsubscribe: unsubscribe}
		if calendar != "" {
			m.Calendar = &mail.Calendar{Method: "REQUEST", Data: calendar}
		}
		raw, err := m.Bytes()
		if err != nil {
			// Only an unsubscribe address that is no plain absolute URL
			// is refused; whatever else is given is written.
			if unsubscribe != "" && strings.Contains(err.Error(), "unsubscribe") {
				return
			}
			t.Fatalf("Bytes() error = %v", err)
		}
		p, err := mailtest.Parse(raw)
		if err != nil {
			t.Fatalf("Parse() error = %v\n%q", err, raw)
		}
		// Exactly the headers the product writes: nothing a value holds
		// starts one of its own.
		var names []string
		for k := range p.Header {
			names = append(names, k)
		}
		slices.Sort(names)
		want := []string{"Auto-Submitted", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Reply-To", "Subject", "To"}
		if unsubscribe != "" {
			want = append(want, "List-Unsubscribe", "List-Unsubscribe-Post")
			slices.Sort(want)
			if got := p.Header.Get("List-Unsubscribe"); got != "<"+unsubscribe+">" {
				t.Errorf("List-Unsubscribe = %q, want <%s>", got, unsubscribe)
			}
		}
		if !slices.Equal(names, want) {
			t.Errorf("headers %v, want %v", names, want)
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
		if calendar != "" && (p.Calendar != calendar || len(p.Attachments) != 1 || string(p.Attachments[0].Data) != calendar) {
			t.Errorf("calendar = %q with %d attachments, want %q as alternative and attachment", p.Calendar, len(p.Attachments), calendar)
		}
		if p.To.Address != "to@example.se" || p.ReplyTo == nil || p.ReplyTo.Address != "reply@example.se" {
			t.Errorf("To = %q, Reply-To = %v", p.To.Address, p.ReplyTo)
		}
		fold := func(s string) string {
			return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }), " ")
		}
		if got, want := fold(p.To.Name), fold(name); got != want {
			t.Errorf("To name = %q, want %q", got, want)
		}
		if got, want := fold(p.ReplyTo.Name), fold(replyName); got != want {
			t.Errorf("Reply-To name = %q, want %q", got, want)
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

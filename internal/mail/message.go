// Package mail sends the product's e-mail: messages of plain text and
// HTML (multipart/alternative, UTF-8; multipart/mixed with a calendar
// invitation) with the headers mail systems look at (Reply-To,
// Auto-Submitted, a one-click List-Unsubscribe), an SMTP sender set up
// from the --smtp-url of the configuration, the outbox that e-mail waits
// in, and the worker that sends it, retrying failures with backoff and
// recording every attempt. Nothing that queues e-mail ever waits for a
// mail server.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Address is a mailbox: a person's name and e-mail address.
type Address struct {
	Name  string
	Email string
}

// String writes the address as a header does, with a name that is not
// ASCII encoded (RFC 2047).
func (a Address) String() string {
	name := oneLine(a.Name)
	// net/mail would Q-encode a name that is not ASCII, but leaves a
	// backslash in it bare, which no reader takes: base64 words instead.
	if strings.Contains(name, "=?") || strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf }) {
		return encodeWords(name) + " <" + a.Email + ">"
	}
	return (&mail.Address{Name: name, Address: a.Email}).String()
}

// encodeHeader encodes a header value as RFC 2047 words where it is not
// plain ASCII. Text that merely looks like an encoded word ("=?…?=") is
// encoded too, or a reader would decode it.
func encodeHeader(s string) string {
	s = oneLine(s)
	if strings.Contains(s, "=?") {
		return encodeWords(s)
	}
	return mime.QEncoding.Encode("utf-8", s)
}

// encodeWords writes s as base64 encoded words of at most 75 characters,
// never splitting a character between two words.
func encodeWords(s string) string {
	var words []string
	for len(s) > 0 {
		n := 0
		for _, r := range s {
			if n+utf8.RuneLen(r) > 45 { // 45 bytes are 60 in base64
				break
			}
			n += utf8.RuneLen(r)
		}
		if n == 0 {
			n = len(s) // an invalid byte: take the rest as it is
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// Message is one e-mail to one recipient: a subject and the same content
// as plain text and as HTML, and what mail systems need to treat it right.
type Message struct {
	From Address
	To   Address
	// ReplyTo, when set, is whom a reply reaches: the person behind the
	// message (the coordinator who published a brief, the organiser of a
	// meeting) rather than the service's own sending address.
	ReplyTo Address
	Subject string
	Text    string
	HTML    string
	// Unsubscribe, when set, is the http(s) address that ends what the
	// message is one of (a municipality's weekly brief) for its recipient
	// without signing in: it goes in List-Unsubscribe (RFC 2369) with
	// List-Unsubscribe-Post (RFC 8058), which tells a mail system that one
	// POST to it unsubscribes at once.
	Unsubscribe string
	// Calendar, when set, is an iCalendar invitation or cancellation
	// (iTIP, RFC 5546) sent with the message: the body becomes
	// multipart/mixed with the calendar as an alternative of the text, as
	// calendar clients expect, and as an .ics attachment.
	Calendar *Calendar
	// Date is when the message is sent (the worker sets it from the
	// server's clock); MessageID is made up when the message is written,
	// if left empty.
	Date      time.Time
	MessageID string
}

// Calendar is an iCalendar object sent with a message.
type Calendar struct {
	// Method is the object's METHOD: REQUEST for an invitation and its
	// changes, CANCEL when the event is called off.
	Method string
	// Data is the iCalendar object itself (CRLF line ends).
	Data string
}

// CalendarFile is the name of the attached iCalendar file.
const CalendarFile = "invite.ics"

// Auto-Submitted (RFC 3834) is on every message the product sends: it is
// written by the product, not by a person, so that no vacation responder
// answers it and no mail loop starts. The modern headers replace
// "Precedence: bulk", which no standard defines.
const autoSubmitted = "auto-generated"

// oneLine keeps a header value to one line of printable text: a line
// break in a subject or a name would otherwise start a header of the
// sender's choosing, and other control characters have no business there.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }), " ")
}

// check says what makes m unfit to send, From aside: a message is queued
// before the sender gives it its From.
func (m Message) check() error {
	if err := checkEmail("To", m.To.Email, true); err != nil {
		return err
	}
	if err := checkEmail("Reply-To", m.ReplyTo.Email, false); err != nil {
		return err
	}
	if m.ReplyTo.Email == "" && m.ReplyTo.Name != "" {
		return errors.New("mail: a Reply-To name without an address")
	}
	if m.Unsubscribe != "" {
		if err := checkUnsubscribe(m.Unsubscribe); err != nil {
			return err
		}
	}
	if c := m.Calendar; c != nil {
		if !slices.Contains([]string{"REQUEST", "CANCEL", "PUBLISH"}, c.Method) {
			return fmt.Errorf("mail: calendar method %q is none of REQUEST, CANCEL, PUBLISH", c.Method)
		}
		if c.Data == "" {
			return errors.New("mail: an empty calendar")
		}
	}
	return nil
}

// checkEmail refuses an address that is not one mailbox on one line: the
// address goes into a header as it is.
func checkEmail(header, addr string, required bool) error {
	if addr == "" {
		if required {
			return fmt.Errorf("mail: a message needs a %s address", header)
		}
		return nil
	}
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 || strings.ContainsFunc(addr, func(r rune) bool {
		return r <= ' ' || r == 0x7f || strings.ContainsRune(`<>()[]\,;:"`, r)
	}) {
		return fmt.Errorf("mail: the %s address is not one plain mailbox", header)
	}
	return nil
}

// checkUnsubscribe accepts an absolute http or https address written in
// the characters a URI may hold: it goes between angle brackets in a
// header, where a space, a bracket or a line break would end it.
func checkUnsubscribe(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '<' || r == '>' || r == '"' }) {
		return errors.New("mail: the unsubscribe address is not an absolute http(s) URL")
	}
	return nil
}

// Bytes writes the message as RFC 5322 text with CRLF line ends: the
// headers (From, Reply-To, To, Subject, Date, Message-ID, Auto-Submitted,
// List-Unsubscribe and List-Unsubscribe-Post, MIME-Version) and a
// multipart/alternative body with the plain text first and the HTML
// second, both UTF-8 in quoted-printable, so that every line stays short
// and 7-bit whatever the text. With a calendar the body is
// multipart/mixed: that alternative with the calendar as its last part,
// and the calendar again as an attachment.
func (m Message) Bytes() ([]byte, error) {
	if err := checkEmail("From", m.From.Email, true); err != nil {
		return nil, err
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	if m.Date.IsZero() {
		return nil, fmt.Errorf("mail: a message needs a Date")
	}
	if m.MessageID == "" {
		m.MessageID = NewMessageID(m.From.Email)
	}
	var alt bytes.Buffer
	aw := multipart.NewWriter(&alt)
	for _, part := range []struct{ mediaType, content string }{
		{"text/plain", m.Text},
		{"text/html", m.HTML},
	} {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", mime.FormatMediaType(part.mediaType, map[string]string{"charset": "utf-8"}))
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		w, err := aw.CreatePart(h)
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(crlf(part.content))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	calendarType := func(extra ...string) string {
		params := map[string]string{"charset": "utf-8", "method": m.Calendar.Method}
		for i := 0; i+1 < len(extra); i += 2 {
			params[extra[i]] = extra[i+1]
		}
		return mime.FormatMediaType("text/calendar", params)
	}
	if m.Calendar != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", calendarType())
		h.Set("Content-Transfer-Encoding", "base64")
		if err := writeBase64Part(aw, h, m.Calendar.Data); err != nil {
			return nil, err
		}
	}
	if err := aw.Close(); err != nil {
		return nil, err
	}
	contentType := mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": aw.Boundary()})
	body := alt.Bytes()
	if m.Calendar != nil {
		var mixed bytes.Buffer
		mw := multipart.NewWriter(&mixed)
		w, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {contentType}})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", calendarType("name", CalendarFile))
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": CalendarFile}))
		h.Set("Content-Transfer-Encoding", "base64")
		if err := writeBase64Part(mw, h, m.Calendar.Data); err != nil {
			return nil, err
		}
		if err := mw.Close(); err != nil {
			return nil, err
		}
		contentType = mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()})
		body = mixed.Bytes()
	}

	var out bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&out, "%s: %s\r\n", name, value) }
	header("From", m.From.String())
	if m.ReplyTo.Email != "" {
		header("Reply-To", m.ReplyTo.String())
	}
	header("To", m.To.String())
	header("Subject", encodeHeader(m.Subject))
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+oneLine(m.MessageID)+">")
	header("Auto-Submitted", autoSubmitted)
	if m.Unsubscribe != "" {
		header("List-Unsubscribe", "<"+m.Unsubscribe+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	header("MIME-Version", "1.0")
	header("Content-Type", contentType)
	out.WriteString("\r\n")
	out.Write(body)
	return out.Bytes(), nil
}

// writeBase64Part writes data as a base64 part in lines of 76 characters:
// a calendar travels byte for byte, whatever its lines.
func writeBase64Part(mw *multipart.Writer, h textproto.MIMEHeader, data string) error {
	w, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString([]byte(data))
	for len(enc) > 0 {
		n := min(76, len(enc))
		if _, err := io.WriteString(w, enc[:n]+"\r\n"); err != nil {
			return err
		}
		enc = enc[n:]
	}
	return nil
}

// crlf turns every line end into CRLF, as SMTP wants.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// NewMessageID returns a unique message id (without the angle brackets)
// in the domain of the sender's address.
func NewMessageID(from string) string {
	domain := "samverkan.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	// 128 random bits are unique without the time in them.
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b) + "@" + domain
}

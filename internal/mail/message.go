// Package mail sends the product's e-mail: messages of plain text and
// HTML (multipart/alternative, UTF-8), an SMTP sender set up from the
// --smtp-url of the configuration, the outbox that e-mail waits in, and
// the worker that sends it, retrying failures with backoff and recording
// every attempt. Nothing that queues e-mail ever waits for a mail server.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
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
// as plain text and as HTML.
type Message struct {
	From    Address
	To      Address
	Subject string
	Text    string
	HTML    string
	// Date is when the message is sent (the worker sets it from the
	// server's clock); MessageID is made up when the message is written,
	// if left empty.
	Date      time.Time
	MessageID string
}

// oneLine keeps a header value to one line of printable text: a line
// break in a subject or a name would otherwise start a header of the
// sender's choosing, and other control characters have no business there.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }), " ")
}

// Bytes writes the message as RFC 5322 text with CRLF line ends: the
// headers (From, To, Subject, Date, Message-ID, MIME-Version) and a
// multipart/alternative body with the plain text first and the HTML
// second, both UTF-8 in quoted-printable, so that every line stays short
// and 7-bit whatever the text.
func (m Message) Bytes() ([]byte, error) {
	if m.From.Email == "" || m.To.Email == "" {
		return nil, fmt.Errorf("mail: a message needs a From and a To address")
	}
	if m.Date.IsZero() {
		return nil, fmt.Errorf("mail: a message needs a Date")
	}
	if m.MessageID == "" {
		m.MessageID = NewMessageID(m.From.Email)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ mediaType, content string }{
		{"text/plain", m.Text},
		{"text/html", m.HTML},
	} {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", mime.FormatMediaType(part.mediaType, map[string]string{"charset": "utf-8"}))
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		w, err := mw.CreatePart(h)
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
	if err := mw.Close(); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&out, "%s: %s\r\n", name, value) }
	header("From", m.From.String())
	header("To", m.To.String())
	header("Subject", encodeHeader(m.Subject))
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+oneLine(m.MessageID)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
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

// Package mailtest runs a real SMTP server inside a test (emersion/go-smtp)
// that keeps what it receives, and reads a received message back into its
// parts, so that tests of e-mail go through the protocol instead of a
// fake sender.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options say how the server behaves.
type Options struct {
	// STARTTLS offers STARTTLS with a certificate of its own; Implicit
	// speaks TLS from the first byte (smtps). ClientTLS trusts either.
	STARTTLS, Implicit bool
	// User and Password, when set, are required with AUTH PLAIN before
	// MAIL FROM.
	User, Password string
}

// Received is one message the server accepted.
type Received struct {
	From string
	To   []string
	Data []byte
	// TLS and Authenticated say how the message came.
	TLS, Authenticated bool
}

// Server is an SMTP server on a free port of 127.0.0.1.
type Server struct {
	// Addr is host:port; URL is the smtp:// (or smtps://) URL to give the
	// product, with the user and password when there are.
	Addr, URL string

	opts    Options
	srv     *smtp.Server
	ln      net.Listener
	roots   *x509.CertPool
	mu      sync.Mutex
	msgs    []Received
	refuse  int // how many more messages to refuse
	code    int // and with which code
	arrived chan struct{}
	// held, when not nil, keeps every message at DATA until it is
	// closed: a mail server that does not answer (Hold, Release).
	held chan struct{}
}

// Start runs a server until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts, arrived: make(chan struct{}, 1000)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, tls: isTLS}, nil
	}))
	s.srv.Domain = "mailtest.localhost"
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 4 << 20
	s.srv.ErrorLog = discard{}
	var cfg *tls.Config
	if opts.STARTTLS || opts.Implicit {
		var err error
		cfg, s.roots, err = selfSigned()
		if err != nil {
			t.Fatalf("mailtest: certificate: %v", err)
		}
	}
	if opts.STARTTLS {
		s.srv.TLSConfig = cfg
	}
	// Without TLS the server offers AUTH only when told to; the client
	// decides whether it sends a password that way (to this machine only).
	s.srv.AllowInsecureAuth = !opts.STARTTLS && !opts.Implicit
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	if opts.Implicit {
		ln = tls.NewListener(ln, cfg)
	}
	s.ln = ln
	s.Addr = ln.Addr().String()
	u := url.URL{Scheme: "smtp", Host: s.Addr}
	if opts.Implicit {
		u.Scheme = "smtps"
	}
	if opts.User != "" {
		u.User = url.UserPassword(opts.User, opts.Password)
	}
	s.URL = u.String()
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// ClientTLS is a TLS configuration that trusts the server's certificate.
func (s *Server) ClientTLS() *tls.Config {
	return &tls.Config{RootCAs: s.roots, ServerName: "127.0.0.1"}
}

// Refuse makes the server answer the next n messages with code at MAIL
// FROM: 451 is a passing trouble, 550 a refusal for good.
func (s *Server) Refuse(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse, s.code = n, code
}

// Hold makes the server keep every message at DATA without answering
// until Release: a slow or stuck mail server, to show that nothing the
// product does for a user waits for it.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = make(chan struct{})
	}
}

// Release lets the held messages through.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil {
		close(s.held)
		s.held = nil
	}
}

// Messages returns what the server has accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait waits until the server has accepted n messages in all, and returns
// them; it fails the test after timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("mailtest: %d messages arrived in %s, want %d", len(s.Messages()), timeout, n)
		}
	}
}

type session struct {
	s           *Server
	tls, authed bool
	from        string
	to          []string
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.opts.User || password != ss.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.User != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.refuse > 0 {
		ss.s.refuse--
		return &smtp.SMTPError{Code: ss.s.code, EnhancedCode: smtp.EnhancedCode{ss.s.code / 100, 0, 0},
			Message: "mailtest refuses this message"}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	held := ss.s.held
	ss.s.mu.Unlock()
	if held != nil {
		<-held
	}
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, Received{From: ss.from, To: ss.to, Data: b, TLS: ss.tls, Authenticated: ss.authed})
	ss.s.mu.Unlock()
	select {
	case ss.s.arrived <- struct{}{}:
	default:
	}
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned() (*tls.Config, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool, nil
}

// Parsed is a received message read back: its headers decoded, the plain
// text and HTML parts of its multipart/alternative body, and a meeting
// invitation's calendar with the attachments of a multipart/mixed one.
type Parsed struct {
	Header    mail.Header
	From, To  *mail.Address
	ReplyTo   *mail.Address // nil without a Reply-To
	Subject   string
	MediaType string // of the whole message
	Text      string
	HTML      string
	// Calendar is the text/calendar alternative, with its method.
	Calendar       string
	CalendarMethod string
	// PartTypes are the media types of the alternative's parts, in order.
	PartTypes   []string
	Attachments []Attachment
}

// Attachment is a part of a multipart/mixed message after the first.
type Attachment struct {
	MediaType string
	Params    map[string]string // of its Content-Type
	Filename  string            // of its Content-Disposition
	Data      []byte
}

// Parse reads a message as a mail client would, failing on anything a
// client would not read: a header that does not parse, a body that is
// neither multipart/alternative nor multipart/mixed with an alternative
// first, a text part that is not UTF-8 quoted-printable, a calendar that
// is not UTF-8, an attachment that is not one.
func Parse(data []byte) (Parsed, error) {
	var p Parsed
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return p, fmt.Errorf("read message: %w", err)
	}
	p.Header = m.Header
	for _, h := range []string{"From", "To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type"} {
		if _, ok := m.Header[h]; !ok {
			return p, fmt.Errorf("no %s header", h)
		}
	}
	if _, err := m.Header.Date(); err != nil {
		return p, fmt.Errorf("header Date: %w", err)
	}
	for _, a := range []struct {
		name string
		into **mail.Address
	}{{"From", &p.From}, {"To", &p.To}, {"Reply-To", &p.ReplyTo}} {
		if a.name == "Reply-To" && m.Header.Get(a.name) == "" {
			continue
		}
		list, err := m.Header.AddressList(a.name)
		if err != nil || len(list) != 1 {
			return p, fmt.Errorf("%s: %d addresses, %v", a.name, len(list), err)
		}
		*a.into = list[0]
	}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		return p, fmt.Errorf("header Subject: %w", err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		return p, fmt.Errorf("header Content-Type: %w", err)
	}
	p.MediaType = mt
	switch mt {
	case "multipart/alternative":
		return p, p.readAlternative(m.Body, params["boundary"])
	case "multipart/mixed":
	default:
		return p, fmt.Errorf("header Content-Type %s, want multipart/alternative or multipart/mixed", mt)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for i := 0; ; i++ {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			if i == 0 {
				return p, errors.New("an empty multipart/mixed")
			}
			return p, nil
		}
		if err != nil {
			return p, fmt.Errorf("part: %w", err)
		}
		pt, pparams, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			return p, fmt.Errorf("part Content-Type: %w", err)
		}
		if i == 0 {
			if pt != "multipart/alternative" {
				return p, fmt.Errorf("first part %s, want multipart/alternative", pt)
			}
			if err := p.readAlternative(part, pparams["boundary"]); err != nil {
				return p, err
			}
			continue
		}
		disp, dparams, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || dparams["filename"] == "" {
			return p, fmt.Errorf("part %d (%s) is no attachment with a file name: %q", i, pt, part.Header.Get("Content-Disposition"))
		}
		body, err := decodeBody(part, part.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			return p, fmt.Errorf("attachment %s: %w", dparams["filename"], err)
		}
		p.Attachments = append(p.Attachments, Attachment{MediaType: pt, Params: pparams, Filename: dparams["filename"], Data: body})
	}
}

// readAlternative reads the parts of a multipart/alternative body.
func (p *Parsed) readAlternative(r io.Reader, boundary string) error {
	mr := multipart.NewReader(r, boundary)
	for {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("part: %w", err)
		}
		pt, pparams, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			return fmt.Errorf("part Content-Type: %w", err)
		}
		if !strings.EqualFold(pparams["charset"], "utf-8") {
			return fmt.Errorf("part %s charset %q, want utf-8", pt, pparams["charset"])
		}
		cte := part.Header.Get("Content-Transfer-Encoding")
		if pt != "text/calendar" && !strings.EqualFold(cte, "quoted-printable") {
			return fmt.Errorf("part %s Content-Transfer-Encoding %q, want quoted-printable", pt, cte)
		}
		body, err := decodeBody(part, cte)
		if err != nil {
			return fmt.Errorf("part %s: %w", pt, err)
		}
		p.PartTypes = append(p.PartTypes, pt)
		text := strings.ReplaceAll(string(body), "\r\n", "\n")
		switch pt {
		case "text/plain":
			p.Text = text
		case "text/html":
			p.HTML = text
		case "text/calendar":
			if pparams["method"] == "" {
				return errors.New("a text/calendar alternative without a method")
			}
			p.Calendar, p.CalendarMethod = string(body), pparams["method"]
		}
	}
}

// decodeBody reads a part in its transfer encoding.
func decodeBody(r io.Reader, cte string) ([]byte, error) {
	switch strings.ToLower(cte) {
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, r))
	case "", "7bit", "8bit":
		return io.ReadAll(r)
	}
	return nil, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
}

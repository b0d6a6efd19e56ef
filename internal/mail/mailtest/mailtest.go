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

// Parsed is a received message read back: its headers decoded, and the
// plain text and HTML parts of its multipart/alternative body.
type Parsed struct {
	Header    mail.Header
	From, To  *mail.Address
	Subject   string
	MediaType string // of the whole message
	Text      string
	HTML      string
	// PartTypes are the media types of the parts, in order.
	PartTypes []string
}

// Parse reads a message as a mail client would, failing on anything a
// client would not read: a header that does not parse, a body that is not
// multipart/alternative, a part that is not UTF-8 quoted-printable text.
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
	}{{"From", &p.From}, {"To", &p.To}} {
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
	if mt != "multipart/alternative" {
		return p, fmt.Errorf("header Content-Type %s, want multipart/alternative", mt)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, fmt.Errorf("part: %w", err)
		}
		pt, pparams, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			return p, fmt.Errorf("part Content-Type: %w", err)
		}
		if !strings.EqualFold(pparams["charset"], "utf-8") {
			return p, fmt.Errorf("part %s charset %q, want utf-8", pt, pparams["charset"])
		}
		if cte := part.Header.Get("Content-Transfer-Encoding"); !strings.EqualFold(cte, "quoted-printable") {
			return p, fmt.Errorf("part %s Content-Transfer-Encoding %q, want quoted-printable", pt, cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(part))
		if err != nil {
			return p, fmt.Errorf("part %s: %w", pt, err)
		}
		p.PartTypes = append(p.PartTypes, pt)
		text := strings.ReplaceAll(string(body), "\r\n", "\n")
		switch pt {
		case "text/plain":
			p.Text = text
		case "text/html":
			p.HTML = text
		}
	}
	return p, nil
}

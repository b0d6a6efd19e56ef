package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends e-mail through a mail server, as --smtp-url names it:
//
//   - smtp://host:port speaks plain SMTP and switches to TLS with STARTTLS
//     when the server offers it (port 587 unless told);
//   - smtps://host:port speaks SMTP inside TLS from the first byte
//     (implicit TLS, port 465 unless told);
//   - a user and password in the URL authenticate with AUTH PLAIN, which
//     the standard library refuses to do over a connection that is neither
//     encrypted nor to this machine.
//
// Each message is one connection. The standard library's net/smtp is the
// client: it offers STARTTLS and the extensions by name, which is what
// "TLS when offered" needs.
type SMTP struct {
	addr        string // host:port
	host        string
	implicitTLS bool
	user, pass  string
	from        Address
	// TLS is the client's TLS configuration; nil verifies the server's
	// certificate against the system's roots. Tests give their own roots.
	TLS *tls.Config
	// Timeout bounds one delivery, from dialling to QUIT.
	Timeout time.Duration
	// LocalName is what the client calls itself in EHLO.
	LocalName string
}

// ErrPermanent marks a failure that retrying will not mend: the server
// answered with a 5xx code (no such mailbox, refused sender).
var ErrPermanent = errors.New("permanent failure")

// NewSMTP returns a sender for the server of rawURL, sending from from
// ("Samverkan <noreply@kommun.se>" or a bare address). The error never
// repeats the URL, which holds a password.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, errors.New("the SMTP URL must look like smtp://user:password@host:port or smtps://…")
	}
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("the mail From address %q is not an e-mail address", from)
	}
	s := &SMTP{host: u.Hostname(), implicitTLS: u.Scheme == "smtps", from: Address{Name: fromAddr.Name, Email: fromAddr.Address},
		Timeout: time.Minute, LocalName: "localhost"}
	port := u.Port()
	if port == "" {
		port = "587"
		if s.implicitTLS {
			port = "465"
		}
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return s, nil
}

// From is the address the messages are sent from.
func (s *SMTP) From() Address { return s.from }

// Send delivers m, with the sender's From address. ctx ending cuts the
// connection.
func (s *SMTP) Send(ctx context.Context, m Message) (err error) {
	m.From = s.from
	msg, err := m.Bytes()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	dialer := &net.Dialer{}
	var conn net.Conn
	if s.implicitTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig()}).DialContext(ctx, "tcp", s.addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.addr)
	}
	if err != nil {
		return fmt.Errorf("connect to the mail server: %w", err)
	}
	// net/smtp knows no context: a deadline on the connection stands in
	// for it, and the end of ctx cuts the connection at once.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return classify("greeting", err)
	}
	defer c.Close()
	if err := c.Hello(s.LocalName); err != nil {
		return classify("EHLO", err)
	}
	if !s.implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return classify("STARTTLS", err)
			}
		}
	}
	if s.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("the mail server does not offer AUTH, but the SMTP URL has a user: %w", ErrPermanent)
		}
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return classify("AUTH", err)
		}
	}
	if err := c.Mail(s.from.Email); err != nil {
		return classify("MAIL FROM", err)
	}
	if err := c.Rcpt(m.To.Email); err != nil {
		return classify("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return classify("DATA", err)
	}
	if err := w.Close(); err != nil {
		return classify("DATA", err)
	}
	if err := c.Quit(); err != nil {
		// The message was accepted before QUIT; a failing QUIT does not
		// unsend it.
		return nil
	}
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	if s.TLS != nil {
		cfg = s.TLS.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = s.host
		}
	}
	return cfg
}

// classify says which step failed, and marks a 5xx answer permanent.
func classify(step string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return fmt.Errorf("%s: %d %s: %w", step, te.Code, te.Msg, ErrPermanent)
	}
	if errors.As(err, &te) {
		return fmt.Errorf("%s: %d %s", step, te.Code, te.Msg)
	}
	if strings.Contains(err.Error(), "unencrypted connection") {
		return fmt.Errorf("%s: the server offers no TLS, and the password is not sent in the clear: %w", step, ErrPermanent)
	}
	return fmt.Errorf("%s: %w", step, err)
}

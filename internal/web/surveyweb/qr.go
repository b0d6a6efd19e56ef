package surveyweb

import (
	"net/http"
	"strings"

	qr "github.com/piglig/go-qr"

	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web"
)

// The printable poster of a survey: its title, intro, a QR code of the
// public link and the link written out, on one A4 page. The QR code is an
// SVG of its own (/surveys/{id}/qr.svg), shown with <img>: it prints sharp
// at any size, and the page keeps the CSP's rule of no inline style.

// QR code settings: medium error correction (a poster survives a crease),
// ten units a module, the standard quiet zone of four modules.
const (
	qrScale  = 10
	qrBorder = 4 * qrScale
)

// QRCode returns the SVG of a QR code of text.
func QRCode(text string) ([]byte, error) {
	code, err := qr.EncodeText(text, qr.Medium)
	if err != nil {
		return nil, err
	}
	return code.ToSVGBytes(qr.NewQrCodeImgConfig(qrScale, qrBorder))
}

type qrPage struct {
	Base
	Survey    survey.Survey
	PublicURL string
	// ShortURL is the link without its scheme, as people type it.
	ShortURL string
	Open     bool
}

func (s *Server) qrPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.readableSurvey(r)
	if err != nil {
		return err
	}
	u := s.publicURL(v)
	short := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	p := &qrPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, PublicURL: u, ShortURL: short, Open: v.OpenOn(s.surveys.Today())}
	return s.Render(w, r, "survey_qr", p, "survey.qr.title", v.Title)
}

func (s *Server) qrSVG(w http.ResponseWriter, r *http.Request) error {
	v, err := s.readableSurvey(r)
	if err != nil {
		return err
	}
	svg, err := QRCode(s.publicURL(v))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(svg)
	return err
}

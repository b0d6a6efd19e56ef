package export

import (
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Document is a printed document: a title, sections of text and lists,
// and the signatures at the end. The caller writes it in the reader's
// language; the writer only lays it out.
type Document struct {
	Title      string
	Subtitle   []string // lines under the title: where, when
	Author     string
	Lang       string
	Sections   []Section
	SignedAt   string // "Malung, 2016-12-09", above the signatures
	Signatures []Signature
	Footer     string    // on every page, before the page number
	Date       time.Time // the document's date, so that the same content makes the same file
}

// Section is a heading with paragraphs, a drawn map and groups of items.
type Section struct {
	Heading    string
	Paragraphs []string
	Sketch     *Sketch // after the paragraphs; nil for none
	Groups     []Group
}

// Group is a list of items under a heading, such as the commitments of
// one party.
type Group struct {
	Heading string
	Items   []Item
}

// Item is one entry of a list with lines of detail under it.
type Item struct {
	Text    string
	Details []string
}

// Signature is a signatory of a party.
type Signature struct {
	Name, Title, Organization string
}

// Page layout, in millimetres on A4.
const (
	margin     = 20.0
	lineHeight = 5.5
	textWidth  = 210 - 2*margin
)

// keepWithNext starts a new page unless height fits on this one: a heading
// goes where the first lines under it go.
func keepWithNext(pdf *fpdf.Fpdf, height float64) {
	if _, pageHeight := pdf.GetPageSize(); pdf.GetY()+height > pageHeight-margin {
		pdf.AddPage()
	}
}

// WritePDF writes d as a PDF, in the embedded font (see setFonts).
func WritePDF(w io.Writer, d Document) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	family, tr := setFonts(pdf)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetTitle(d.Title, true)
	pdf.SetAuthor(d.Author, true)
	pdf.SetCreator("Samverkan", true)
	pdf.SetProducer("Samverkan", true)
	if d.Lang != "" {
		pdf.SetLang(d.Lang)
	}
	pdf.SetCreationDate(d.Date)
	pdf.SetModificationDate(d.Date)
	pdf.SetCatalogSort(true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin + 5)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(textWidth-20, 4, tr(d.Footer), "", 0, "L", false, 0, "")
		pdf.CellFormat(20, 4, fmt.Sprintf("%d/{nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()

	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont(family, "B", 18)
	pdf.MultiCell(textWidth, 8, tr(d.Title), "", "L", false)
	pdf.SetFont(family, "", 10)
	pdf.SetTextColor(60, 60, 60)
	for _, line := range d.Subtitle {
		pdf.MultiCell(textWidth, lineHeight, tr(line), "", "L", false)
	}
	pdf.SetTextColor(0, 0, 0)

	for _, s := range d.Sections {
		pdf.Ln(4)
		keepWithNext(pdf, 7+2*lineHeight)
		pdf.SetFont(family, "B", 13)
		pdf.MultiCell(textWidth, 7, tr(s.Heading), "", "L", false)
		pdf.SetFont(family, "", 10.5)
		for _, p := range s.Paragraphs {
			for _, para := range strings.Split(p, "\n\n") {
				pdf.MultiCell(textWidth, lineHeight, tr(para), "", "L", false)
				pdf.Ln(1.5)
			}
		}
		if !s.Sketch.empty() {
			drawSketch(pdf, family, tr, s.Sketch)
			pdf.SetFont(family, "", 10.5)
		}
		for _, g := range s.Groups {
			pdf.Ln(1)
			pdf.SetFont(family, "B", 11)
			pdf.MultiCell(textWidth, 6, tr(g.Heading), "", "L", false)
			for _, it := range g.Items {
				pdf.SetFont(family, "", 10.5)
				pdf.CellFormat(5, lineHeight, tr("•"), "", 0, "L", false, 0, "")
				pdf.MultiCell(textWidth-5, lineHeight, tr(it.Text), "", "L", false)
				pdf.SetFont(family, "I", 9.5)
				for _, detail := range it.Details {
					pdf.SetX(margin + 5)
					pdf.MultiCell(textWidth-5, 5, tr(detail), "", "L", false)
				}
				pdf.Ln(1.5)
			}
		}
	}

	if len(d.Signatures) > 0 {
		pdf.Ln(6)
		pdf.SetFont(family, "", 10.5)
		if d.SignedAt != "" {
			pdf.MultiCell(textWidth, lineHeight, tr(d.SignedAt), "", "L", false)
			pdf.Ln(4)
		}
		// Signatures side by side, as on the paper, three to a row.
		const perRow = 3
		colWidth := textWidth / perRow
		for start := 0; start < len(d.Signatures); start += perRow {
			row := d.Signatures[start:min(start+perRow, len(d.Signatures))]
			pdf.Ln(10)
			y := pdf.GetY()
			for i := range row {
				pdf.Line(margin+float64(i)*colWidth, y, margin+float64(i+1)*colWidth-6, y)
			}
			pdf.Ln(1.5)
			for _, field := range []struct {
				style string
				text  func(Signature) string
			}{
				{"B", func(s Signature) string { return s.Name }},
				{"", func(s Signature) string { return s.Title }},
				{"", func(s Signature) string { return s.Organization }},
			} {
				pdf.SetFont(family, field.style, 10)
				for i, s := range row {
					pdf.SetX(margin + float64(i)*colWidth)
					pdf.CellFormat(colWidth-6, lineHeight, tr(field.text(s)), "", 0, "L", false, 0, "")
				}
				pdf.Ln(lineHeight)
			}
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return pdf.Output(w)
}

package export

import (
	"github.com/samverkan/samverkan/internal/clock"

	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/samverkan/samverkan/internal/premises"
)

// Protocol is an inspection protocol (tillsynsprotokoll) as printed for
// the licence holder: the facts of the visit, the checks in a table, the
// remarks and what follows. The caller writes it in the reader's
// language; the writer only lays it out.
type Protocol struct {
	Title    string
	Subtitle []string
	Author   string
	Lang     string
	// Facts are label and value pairs: the premises, the licence holder,
	// when and how the visit was made.
	Facts         [][2]string
	ChecksHeading string
	CheckColumns  [3]string // what, result, note
	Checks        [][3]string
	Sections      []Section
	// Signature is the caption under the line to sign on.
	Signature string
	Footer    string
	Date      time.Time // the document's date, so that the same content makes the same file
}

// InspectionProtocol makes the protocol of an inspection of p. municipality
// names the licensing authority; say gives the words.
func InspectionProtocol(in premises.Inspection, p premises.Premises, municipality string, say Say, lang string) Protocol {
	loc := clock.Zone()
	orgs := make([]string, len(in.Organizations))
	for i, o := range in.Organizations {
		orgs[i] = o.Name
	}
	recorded := say("inspection.recorded.no")
	if in.Recorded {
		recorded = say("inspection.recorded.yes")
	}
	d := Protocol{
		Title:    say("inspection.protocol.title"),
		Subtitle: []string{municipality, p.Name + " (" + p.RestaurantNumber + ")"},
		Author:   municipality,
		Lang:     lang,
		Facts: [][2]string{
			{say("inspection.protocol.premises"), p.Name},
			{say("inspection.protocol.restaurant_number"), p.RestaurantNumber},
			{say("inspection.protocol.address"), p.Address},
			{say("inspection.protocol.holder"), p.HolderName + ", " + p.OrganizationNumber},
			{say("inspection.protocol.licence"), say("premises.licence_type." + p.LicenceType)},
			{say("inspection.protocol.serving_hours"), p.ServingHours},
			{say("inspection.protocol.conducted_at"), in.ConductedAt.In(loc).Format("2006-01-02 15:04")},
			{say("inspection.protocol.kind"), say("inspection.kind."+in.Kind) + ", " + say("inspection.mode."+in.Mode)},
			{say("inspection.protocol.organizations"), strings.Join(orgs, ", ")},
			{say("inspection.protocol.inspectors"), in.Inspectors},
			{say("inspection.protocol.recorded"), recorded},
		},
		ChecksHeading: say("inspection.protocol.checks"),
		CheckColumns:  [3]string{say("inspection.protocol.check"), say("inspection.protocol.result"), say("inspection.protocol.note")},
		Signature:     say("inspection.protocol.signature"),
		Footer:        say("inspection.protocol.footer", municipality, p.RestaurantNumber),
		Date:          in.UpdatedAt,
	}
	for _, c := range in.Protocol.Items {
		d.Checks = append(d.Checks, [3]string{c.Check, say("inspection.result." + c.Result), c.Note})
	}
	if in.Protocol.Remarks != "" {
		d.Sections = append(d.Sections, Section{Heading: say("inspection.protocol.remarks"), Paragraphs: []string{in.Protocol.Remarks}})
	}
	if in.FollowUp != "" {
		text := in.FollowUp
		if in.FollowUpOn != "" {
			text += "\n\n" + say("inspection.protocol.follow_up_on", in.FollowUpOn)
		}
		d.Sections = append(d.Sections, Section{Heading: say("inspection.protocol.follow_up"), Paragraphs: []string{text}})
	}
	if in.Sanction != "" {
		d.Sections = append(d.Sections, Section{Heading: say("inspection.protocol.sanction"),
			Paragraphs: []string{say("inspection.sanction." + in.Sanction)}})
	}
	return d
}

// WriteProtocolPDF writes an inspection protocol as a PDF on A4, in the
// embedded font (see setFonts).
func WriteProtocolPDF(w io.Writer, d Protocol) error {
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
	pdf.Ln(4)

	// The facts, label and value side by side.
	const labelWidth = 52.0
	for _, f := range d.Facts {
		if strings.TrimSpace(f[1]) == "" {
			continue
		}
		pdf.SetFont(family, "B", 10)
		y := pdf.GetY()
		pdf.MultiCell(labelWidth, lineHeight, tr(f[0]), "", "L", false)
		labelEnd := pdf.GetY()
		pdf.SetXY(margin+labelWidth, y)
		pdf.SetFont(family, "", 10)
		pdf.MultiCell(textWidth-labelWidth, lineHeight, tr(f[1]), "", "L", false)
		if labelEnd > pdf.GetY() {
			pdf.SetY(labelEnd)
		}
	}

	if len(d.Checks) > 0 {
		pdf.Ln(5)
		pdf.SetFont(family, "B", 13)
		pdf.MultiCell(textWidth, 7, tr(d.ChecksHeading), "", "L", false)
		pdf.Ln(1)
		widths := []float64{72, 34, textWidth - 72 - 34}
		tableRow(pdf, family, tr, widths, d.CheckColumns[:], true)
		for _, c := range d.Checks {
			tableRow(pdf, family, tr, widths, c[:], false)
		}
	}

	for _, s := range d.Sections {
		pdf.Ln(3)
		keepWithNext(pdf, 6.5+2*lineHeight)
		pdf.SetFont(family, "B", 12)
		pdf.MultiCell(textWidth, 6.5, tr(s.Heading), "", "L", false)
		pdf.SetFont(family, "", 10)
		for _, p := range s.Paragraphs {
			for para := range strings.SplitSeq(p, "\n\n") {
				pdf.MultiCell(textWidth, lineHeight, tr(para), "", "L", false)
				pdf.Ln(1)
			}
		}
	}

	if d.Signature != "" {
		// The line to sign on and its caption stay together.
		_, pageHeight := pdf.GetPageSize()
		if pdf.GetY()+18 > pageHeight-margin {
			pdf.AddPage()
		}
		pdf.Ln(12)
		y := pdf.GetY()
		pdf.Line(margin, y, margin+80, y)
		pdf.Ln(1.5)
		pdf.SetFont(family, "", 9.5)
		pdf.CellFormat(80, lineHeight, tr(d.Signature), "", 1, "L", false, 0, "")
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return pdf.Output(w)
}

// tableRow draws one row of a table with borders, each cell as tall as
// the tallest, on a new page when it does not fit.
func tableRow(pdf *fpdf.Fpdf, family string, tr func(string) string, widths []float64, cells []string, head bool) {
	const pad, lh = 1.2, 4.6
	style, size := "", 9.5
	if head {
		style = "B"
	}
	pdf.SetFont(family, style, size)
	lines := make([][]string, len(cells))
	height := lh
	for i, c := range cells {
		// SplitText measures the text as UTF-8; each line is translated
		// for the font after (for the core fonts, to their code page).
		for _, l := range pdf.SplitText(c, widths[i]-2*pad) {
			lines[i] = append(lines[i], tr(l))
		}
		if len(lines[i]) == 0 {
			lines[i] = []string{""}
		}
		height = max(height, float64(len(lines[i]))*lh)
	}
	height += 2 * pad
	_, pageHeight := pdf.GetPageSize()
	if pdf.GetY()+height > pageHeight-margin {
		pdf.AddPage()
		pdf.SetFont(family, style, size)
	}
	x, y := margin, pdf.GetY()
	if head {
		pdf.SetFillColor(221, 228, 238)
	}
	for i := range cells {
		fill := ""
		if head {
			fill = "F"
		}
		pdf.Rect(x, y, widths[i], height, "D"+fill)
		for j, l := range lines[i] {
			pdf.SetXY(x+pad, y+pad+float64(j)*lh)
			pdf.CellFormat(widths[i]-2*pad, lh, l, "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
	pdf.SetXY(margin, y+height)
}

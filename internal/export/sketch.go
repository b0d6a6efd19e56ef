package export

import (
	"math"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
)

// Sketch is a map drawn without a background: a line through positions (a
// walked route) and numbered points, north up, with a scale bar. It is the
// map of a printed report: map tiles are not printed (their terms, and a
// document that must not depend on another server), and the numbers tie
// each point to the list beside it.
type Sketch struct {
	Line    []LatLon
	Points  []SketchPoint
	Caption string // under the drawing: what it shows, in the reader's language
}

// LatLon is a position in WGS 84 degrees.
type LatLon struct{ Lat, Lon float64 }

// SketchPoint is a numbered point of a sketch.
type SketchPoint struct {
	LatLon
	Label string // short: "3"
}

// empty reports whether the sketch has nothing to draw.
func (s *Sketch) empty() bool { return s == nil || (len(s.Line) == 0 && len(s.Points) == 0) }

// Sketch layout, in millimetres.
const (
	sketchMaxHeight = 110.0
	sketchPad       = 8.0 // inside the frame, so that a point's disc is not cut
	pointRadius     = 2.6
	metresPerDegLat = 111_320.0
)

// project places positions on a plane in metres: an equirectangular
// projection about the middle latitude, exact enough for the few
// kilometres of a walk.
func project(all []LatLon) (xs, ys []float64) {
	var mid float64
	for _, p := range all {
		mid += p.Lat
	}
	mid /= float64(len(all))
	k := math.Cos(mid * math.Pi / 180)
	for _, p := range all {
		xs = append(xs, p.Lon*metresPerDegLat*k)
		ys = append(ys, p.Lat*metresPerDegLat)
	}
	return xs, ys
}

// scaleBar returns a round length for a scale bar about a quarter of span
// metres.
func scaleBar(span float64) float64 {
	want := span / 4
	best := 10.0
	for _, m := range []float64{10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000} {
		if m <= want {
			best = m
		}
	}
	return best
}

// drawSketch draws s at the current position across the text width and
// moves below it.
func drawSketch(pdf *fpdf.Fpdf, family string, tr func(string) string, s *Sketch) {
	all := append(append([]LatLon{}, s.Line...), func() []LatLon {
		out := make([]LatLon, len(s.Points))
		for i, p := range s.Points {
			out[i] = p.LatLon
		}
		return out
	}()...)
	for _, p := range all {
		if math.IsNaN(p.Lat) || math.IsNaN(p.Lon) || math.IsInf(p.Lat, 0) || math.IsInf(p.Lon, 0) {
			return
		}
	}
	xs, ys := project(all)
	minX, maxX, minY, maxY := xs[0], xs[0], ys[0], ys[0]
	for i := range xs {
		minX, maxX = min(minX, xs[i]), max(maxX, xs[i])
		minY, maxY = min(minY, ys[i]), max(maxY, ys[i])
	}
	// At least 200 m across, so that one point or a short line is drawn
	// at a readable scale; centred.
	const least = 200.0
	if w := maxX - minX; w < least {
		minX, maxX = minX-(least-w)/2, maxX+(least-w)/2
	}
	if h := maxY - minY; h < least {
		minY, maxY = minY-(least-h)/2, maxY+(least-h)/2
	}
	inner := textWidth - 2*sketchPad
	scale := inner / (maxX - minX) // mm per metre
	if h := (maxY - minY) * scale; h > sketchMaxHeight-2*sketchPad {
		scale = (sketchMaxHeight - 2*sketchPad) / (maxY - minY)
	}
	width, height := textWidth, (maxY-minY)*scale+2*sketchPad
	keepWithNext(pdf, height+12)
	top := pdf.GetY() + 2
	offX := margin + (width-(maxX-minX)*scale)/2
	at := func(i int) (float64, float64) {
		return offX + (xs[i]-minX)*scale, top + sketchPad + (maxY-ys[i])*scale
	}

	pdf.SetDrawColor(150, 150, 150)
	pdf.SetLineWidth(0.3)
	pdf.Rect(margin, top, width, height, "D")

	if len(s.Line) > 1 {
		pdf.SetDrawColor(31, 78, 121)
		pdf.SetLineWidth(0.9)
		pdf.SetLineJoinStyle("round")
		pdf.SetLineCapStyle("round")
		for i := 1; i < len(s.Line); i++ {
			x0, y0 := at(i - 1)
			x1, y1 := at(i)
			pdf.Line(x0, y0, x1, y1)
		}
	}
	pdf.SetLineWidth(0.3)
	pdf.SetDrawColor(255, 255, 255)
	pdf.SetFillColor(160, 30, 30)
	pdf.SetTextColor(255, 255, 255)
	pdf.SetFont(family, "B", 7.5)
	for i, p := range s.Points {
		x, y := at(len(s.Line) + i)
		pdf.Circle(x, y, pointRadius, "FD")
		pdf.SetXY(x-pointRadius, y-pointRadius)
		pdf.CellFormat(2*pointRadius, 2*pointRadius, tr(p.Label), "", 0, "CM", false, 0, "")
	}

	// North, and the scale bar, in the corners.
	pdf.SetTextColor(60, 60, 60)
	pdf.SetDrawColor(60, 60, 60)
	pdf.SetFont(family, "B", 9)
	nx, ny := margin+width-7, top+4
	pdf.Line(nx, ny+8, nx, ny+2)
	pdf.Line(nx, ny+2, nx-1.5, ny+4.5)
	pdf.Line(nx, ny+2, nx+1.5, ny+4.5)
	pdf.SetXY(nx-3, ny-2.5)
	pdf.CellFormat(6, 4, "N", "", 0, "C", false, 0, "")
	bar := scaleBar(maxX - minX)
	bx, by := margin+5, top+height-5
	pdf.SetLineWidth(0.6)
	pdf.Line(bx, by, bx+bar*scale, by)
	pdf.Line(bx, by-1.2, bx, by+0.4)
	pdf.Line(bx+bar*scale, by-1.2, bx+bar*scale, by+0.4)
	pdf.SetFont(family, "", 8)
	pdf.SetXY(bx, by-5)
	pdf.CellFormat(bar*scale+10, 4, tr(metresText(bar)), "", 0, "L", false, 0, "")

	pdf.SetLineWidth(0.2)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetXY(margin, top+height+1.5)
	if s.Caption != "" {
		pdf.SetFont(family, "I", 9)
		pdf.MultiCell(textWidth, 4.5, tr(s.Caption), "", "L", false)
	}
	pdf.Ln(2)
}

// metresText writes a length as a map's scale bar does: "200 m", "2 km".
func metresText(m float64) string {
	if m >= 1000 {
		return strconv.FormatFloat(m/1000, 'f', -1, 64) + " km"
	}
	return strconv.FormatFloat(m, 'f', -1, 64) + " m"
}

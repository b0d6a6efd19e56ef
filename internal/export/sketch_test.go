package export

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestSketch: a walk's map is drawn in the PDF: its numbered points, north,
// a scale bar of a round length and the caption are in the text read back;
// a single point, points on one spot and a long line are drawn at a
// readable scale, and a position that is not a number draws nothing
// rather than failing.
func TestSketch(t *testing.T) {
	needFont(t)
	noret := []LatLon{{61.0081, 14.5801}, {61.0089, 14.5812}, {61.0093, 14.5825}, {61.0098, 14.5790}}
	doc := func(s *Sketch) Document {
		return Document{Title: "Trygghetsvandring Noret", Lang: "sv", Footer: "Samverkan",
			Sections: []Section{{Heading: "Karta", Sketch: s}, {Heading: "Punkter", Paragraphs: []string{"Efter kartan."}}}}
	}
	var buf bytes.Buffer
	sk := &Sketch{Line: noret, Caption: "Rutten och punkterna, numrerade som i listan.",
		Points: []SketchPoint{{noret[0], "1"}, {noret[2], "2"}, {LatLon{61.0090, 14.5830}, "3"}}}
	if err := WritePDF(&buf, doc(sk)); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Karta", "N", "1", "2", "3", "Rutten och punkterna, numrerade som i listan.", "Efter kartan.", " m"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	// The caption and what follows come after the drawing, not over it.
	if strings.Index(text, "Efter kartan.") < strings.Index(text, "Rutten och punkterna") {
		t.Errorf("the section after the map is above its caption:\n%s", text)
	}

	for name, s := range map[string]*Sketch{
		"one point":        {Points: []SketchPoint{{noret[0], "1"}}},
		"points on a spot": {Points: []SketchPoint{{noret[0], "1"}, {noret[0], "2"}}},
		"a long line":      {Line: []LatLon{{61.0, 14.5}, {61.3, 15.2}, {60.9, 13.9}}},
		"not a number":     {Line: []LatLon{{math.NaN(), 14.5}, {61.0, math.Inf(1)}}, Points: []SketchPoint{{noret[0], "1"}}},
		"nothing":          {},
	} {
		buf.Reset()
		if err := WritePDF(&buf, doc(s)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestScaleBar(t *testing.T) {
	for _, c := range []struct {
		span, want float64
		text       string
	}{
		{200, 50, "50 m"}, {850, 200, "200 m"}, {4000, 1000, "1 km"}, {9000, 2000, "2 km"}, {30, 10, "10 m"},
	} {
		if got := scaleBar(c.span); got != c.want || metresText(got) != c.text {
			t.Errorf("scaleBar(%v) = %v %q; want %v %q", c.span, got, metresText(got), c.want, c.text)
		}
	}
}

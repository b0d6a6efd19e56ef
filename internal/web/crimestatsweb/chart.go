package crimestatsweb

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/crimestats"
	"github.com/samverkan/samverkan/internal/i18n"
)

// The trend chart is drawn on the server as an inline SVG with presentation
// attributes only (the CSP forbids style attributes), readable without
// JavaScript; its title and description say what it shows, and the table
// beside it is its text alternative. It draws the whole years: the rate per
// 100,000 inhabitants of the three regions when the figures have rates
// (comparable across sizes), else the municipality's counts alone.

const (
	chartWidth  = 640
	chartHeight = 300
	padLeft     = 64
	padRight    = 16
	padTop      = 16
	padBottom   = 40
)

type chart struct {
	Width, Height int
	Title, Desc   string
	Measure       string // "rate" or "count"
	Lines         []chartLine
	YTicks        []chartTick
	XTicks        []chartTick
	X0, X1        int // the plot area's left and right
	Y0, Y1        int // its bottom and top
	YLabelX       int // where the labels of the values end
	XLabelY       int // where the labels of the years stand
}

type chartLine struct {
	Label  string
	Points string // "x,y x,y …" of a polyline
	Dots   []chartDot
	Stroke string
	Dash   string // a dash pattern, so that the lines differ without colour
	Marker string // circle, square or triangle, for the same reason
}

type chartDot struct {
	X, Y  float64
	Title string // the figure, shown as a tooltip
	Path  string // the marker's outline when not a circle
}

type chartTick struct {
	Pos   float64
	Label string
}

var lineStyles = [3]struct{ stroke, dash, marker string }{
	{"#005a9c", "", "circle"},
	{"#b35900", "6 4", "square"},
	{"#3d3d3d", "2 3", "triangle"},
}

// drawChart returns the chart of c, or nil when there are fewer than two
// whole years to draw.
func drawChart(loc *i18n.Localizer, c crimestats.Comparison) *chart {
	var years []string
	for _, p := range c.Periods {
		if !strings.Contains(p, "-") {
			years = append(years, p)
		}
	}
	if len(years) < 2 {
		return nil
	}
	series := []crimestats.Series{c.Municipality, c.County, c.Country}
	measure := "count"
	for _, s := range series {
		for _, p := range s.Points {
			if p.Rate != nil && !strings.Contains(p.Period, "-") {
				measure = "rate"
			}
		}
	}
	if measure == "count" {
		series = series[:1]
	}
	value := func(p crimestats.Point) (float64, bool) {
		if measure == "rate" {
			if p.Rate == nil {
				return 0, false
			}
			return *p.Rate, true
		}
		if p.Count == nil {
			return 0, false
		}
		return float64(*p.Count), true
	}
	// The years any line has a value of.
	var drawn []string
	for _, yr := range years {
		for _, s := range series {
			if p, ok := s.At(yr); ok {
				if _, ok := value(p); ok {
					drawn = append(drawn, yr)
					break
				}
			}
		}
	}
	years = drawn
	if len(years) < 2 {
		return nil
	}
	top := 0.0
	for _, s := range series {
		for _, y := range years {
			if p, ok := s.At(y); ok {
				if v, ok := value(p); ok {
					top = math.Max(top, v)
				}
			}
		}
	}
	if top == 0 {
		return nil
	}
	step := niceStep(top / 4)
	top = math.Ceil(top/step) * step
	ch := &chart{Width: chartWidth, Height: chartHeight, Measure: measure,
		X0: padLeft, X1: chartWidth - padRight, Y0: chartHeight - padBottom, Y1: padTop,
		YLabelX: padLeft - 6, XLabelY: chartHeight - padBottom + 20}
	x := func(i int) float64 {
		return float64(ch.X0) + float64(i)*float64(ch.X1-ch.X0)/float64(len(years)-1)
	}
	y := func(v float64) float64 { return float64(ch.Y0) - v/top*float64(ch.Y0-ch.Y1) }
	for v := 0.0; v <= top+step/2; v += step {
		ch.YTicks = append(ch.YTicks, chartTick{Pos: y(v), Label: groupedDecimal(loc, v)})
	}
	every := (len(years) + 9) / 10 // at most ten year labels
	for i, yr := range years {
		if i%every == 0 || i == len(years)-1 {
			ch.XTicks = append(ch.XTicks, chartTick{Pos: x(i), Label: yr})
		}
	}
	var names []string
	for i, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		st := lineStyles[i]
		line := chartLine{Label: s.Region.Name, Stroke: st.stroke, Dash: st.dash, Marker: st.marker}
		var pts []string
		for j, yr := range years {
			p, ok := s.At(yr)
			if !ok {
				continue
			}
			v, ok := value(p)
			if !ok {
				continue
			}
			px, py := x(j), y(v)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
			dot := chartDot{X: px, Y: py, Title: s.Region.Name + " " + yr + ": " + groupedDecimal(loc, v)}
			switch st.marker {
			case "square":
				dot.Path = fmt.Sprintf("M%.1f %.1fh8v8h-8z", px-4, py-4)
			case "triangle":
				dot.Path = fmt.Sprintf("M%.1f %.1fl5 9h-10z", px, py-5)
			}
			line.Dots = append(line.Dots, dot)
		}
		if len(pts) == 0 {
			continue
		}
		line.Points = strings.Join(pts, " ")
		ch.Lines = append(ch.Lines, line)
		names = append(names, s.Region.Name)
	}
	if len(ch.Lines) == 0 {
		return nil
	}
	first, last := years[0], years[len(years)-1]
	if measure == "rate" {
		ch.Title = loc.T("crimestats.chart.title_rate", c.Crime, first, last)
	} else {
		ch.Title = loc.T("crimestats.chart.title_count", c.Crime, first, last)
	}
	ch.Desc = loc.T("crimestats.chart.desc", strings.Join(names, ", "), strconv.Itoa(len(years)))
	return ch
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

package export

import (
	"embed"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// fonts holds DejaVu Sans, copied from npm's package dejavu-fonts-ttf at
// build time by scripts/assets (with its licence); only its README is in
// the repository. Without the fonts the PDFs use the core fonts.
//
//go:generate ../../scripts/assets
//go:embed fonts
var fontFiles embed.FS

// fontFamily is the family of the embedded font in a PDF.
const fontFamily = "DejaVuSans"

// unicodeFont is the embedded font's files by fpdf style ("" regular, "B"
// bold, "I" italic), or nil when the binary has none. A variable, so that
// a test can take the font away as a build without it would.
var unicodeFont = sync.OnceValue(func() map[string][]byte {
	files := map[string][]byte{}
	for style, name := range map[string]string{"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"} {
		b, err := fontFiles.ReadFile("fonts/" + name)
		if err != nil {
			return nil
		}
		files[style] = b
	}
	return files
})

// UnicodeFont says whether the PDFs carry their own font, which prints
// every letter and sign; without it they use the core fonts, which know
// Windows-1252 only and print anything else as ".".
func UnicodeFont() bool { return unicodeFont() != nil }

// setFonts gives pdf its fonts and returns the family to use and what
// turns text into what the family prints: the embedded font takes the
// text as it is; the core fonts take Windows-1252, which holds the Swedish
// letters and little more.
func setFonts(pdf *fpdf.Fpdf) (family string, tr func(string) string) {
	files := unicodeFont()
	if files == nil {
		return "Helvetica", pdf.UnicodeTranslatorFromDescriptor("")
	}
	for _, style := range []string{"", "B", "I"} {
		pdf.AddUTF8FontFromBytes(fontFamily, style, files[style])
	}
	return fontFamily, func(s string) string { return s }
}

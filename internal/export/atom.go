package export

import (
	"encoding/xml"
	"io"
	"time"
)

// Feed is an Atom feed. IDs are permanent IRIs: the product uses the
// addresses of the pages, which never change.
type Feed struct {
	ID       string
	Title    string
	Subtitle string
	Self     string // the feed's own address
	Link     string // the page the feed follows
	Author   string
	Lang     string
	Updated  time.Time // when empty, the latest entry's
	Entries  []Entry
}

// Entry is one entry of a feed.
type Entry struct {
	ID        string
	Title     string
	Link      string
	Summary   string
	Author    string // when empty, the feed's
	Published time.Time
	Updated   time.Time
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Link      atomLink   `xml:"link"`
	Author    atomPerson `xml:"author"`
	Summary   *atomText  `xml:"summary,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// WriteAtom writes f as an Atom 1.0 document.
func WriteAtom(w io.Writer, f Feed) error {
	updated := f.Updated
	for _, e := range f.Entries {
		if e.Updated.After(updated) {
			updated = e.Updated
		}
	}
	out := atomFeed{
		Lang: f.Lang, ID: f.ID, Title: atomText{"text", f.Title}, Updated: atomTime(updated),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.Self}, {Rel: "alternate", Type: "text/html", Href: f.Link}},
		Author: atomPerson{f.Author},
	}
	if f.Subtitle != "" {
		out.Subtitle = &atomText{"text", f.Subtitle}
	}
	for _, e := range f.Entries {
		ae := atomEntry{ID: e.ID, Title: atomText{"text", e.Title}, Updated: atomTime(e.Updated),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: e.Link}, Author: atomPerson{e.Author}}
		if ae.Author.Name == "" {
			ae.Author.Name = f.Author
		}
		if !e.Published.IsZero() {
			ae.Published = atomTime(e.Published)
		}
		if e.Summary != "" {
			ae.Summary = &atomText{"text", e.Summary}
		}
		out.Entries = append(out.Entries, ae)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

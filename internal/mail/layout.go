package mail

import (
	_ "embed"
	"html/template"
)

//go:embed layout.html
var layoutHTML string

// HTMLTemplate is the HTML part of the product's e-mail: the common page
// (its language, title and heading from the data's Lang and Title, the
// styles inline, as mail programs want them) around content, a template
// that defines "content". A template that does not parse stops the start.
func HTMLTemplate(name, content string) *template.Template {
	return template.Must(template.Must(template.New(name).Parse(layoutHTML)).Parse(content))
}

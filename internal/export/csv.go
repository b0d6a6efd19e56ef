package export

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/samverkan/samverkan/internal/promise"
)

// commitmentColumns is the header of the CSV of promises and commitments:
// one row per commitment, with its promise's columns repeated, so that the
// file opens as one table.
var commitmentColumns = []string{
	"promise_id", "promise_title", "municipality_code", "promise_status", "starts_on", "ends_on", "period_label",
	"published_at", "commitment_id", "organization_id", "organization_name", "text", "target", "unit", "due_on",
	"responsible", "status", "reason", "amendment_id",
}

// WriteCommitmentsCSV writes the promises and their commitments as CSV
// with a header row, CRLF line ends as RFC 4180 says.
func WriteCommitmentsCSV(w io.Writer, promises []promise.Promise) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(commitmentColumns); err != nil {
		return err
	}
	for _, p := range promises {
		published := ""
		if p.PublishedAt != nil {
			published = p.PublishedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		head := []string{id(p.ID), p.Title, p.MunicipalityCode, string(p.Status), p.StartsOn, p.EndsOn, p.PeriodLabel, published}
		for _, c := range p.Commitments {
			target := ""
			if c.Target != nil {
				target = strconv.FormatFloat(*c.Target, 'f', -1, 64)
			}
			amendment := ""
			if c.AmendmentID != 0 {
				amendment = id(c.AmendmentID)
			}
			rec := append(append([]string{}, head...), id(c.ID), id(c.OrganizationID), c.OrganizationName, c.Text, target,
				c.Unit, c.DueOn, c.Responsible, string(c.Status), c.Reason, amendment)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

package export

import (
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
// for Excel with Swedish settings (see CSV) with a header row: a target
// with a decimal comma, every text defused.
func WriteCommitmentsCSV(w io.Writer, promises []promise.Promise) error {
	cw, err := NewCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write(commitmentColumns...); err != nil {
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
				target = Decimal(*c.Target)
			}
			amendment := ""
			if c.AmendmentID != 0 {
				amendment = id(c.AmendmentID)
			}
			rec := append(append([]string{}, head...), id(c.ID), id(c.OrganizationID), c.OrganizationName, c.Text, target,
				c.Unit, c.DueOn, c.Responsible, string(c.Status), c.Reason, amendment)
			if err := cw.Write(rec...); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

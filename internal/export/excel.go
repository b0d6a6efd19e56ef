package export

import (
	"github.com/samverkan/samverkan/internal/clock"

	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/premises"
)

// Say gives the words of a message key in the reader's language: an
// i18n.Localizer's T.
type Say func(key string, args ...any) string

// Date is a day without a time of day, written as a date in a spreadsheet.
type Date string // 2017-01-13

// Sheet is a table of a spreadsheet: a header row and rows of cells. A
// cell is a string, an int, a float64, a time.Time (written as a date and
// time in Sweden), a Date, or nil for an empty cell.
type Sheet struct {
	Name    string
	Columns []string
	Rows    [][]any
}

// WriteXLSX writes the sheets as an Excel workbook (Office Open XML): a
// bold header row that stays in view and filters, dates and times as real
// dates. created is the workbook's date, so that the same content makes
// the same workbook.
func WriteXLSX(w io.Writer, sheets []Sheet, created time.Time) error {
	loc := clock.Zone()
	f := excelize.NewFile()
	defer f.Close()
	stamp := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Samverkan", Created: stamp, Modified: stamp}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	dateTimeFmt, dateFmt := "yyyy-mm-dd hh:mm", "yyyy-mm-dd"
	dateTime, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateTimeFmt})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, s := range sheets {
		name := sheetName(s.Name, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		head := make([]any, len(s.Columns))
		widths := make([]int, len(s.Columns))
		for j, c := range s.Columns {
			head[j] = c
			widths[j] = len([]rune(c))
		}
		if err := f.SetSheetRow(name, "A1", &head); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if len(s.Columns) > 0 {
			last, _ := excelize.CoordinatesToCellName(len(s.Columns), 1)
			if err := f.SetCellStyle(name, "A1", last, header); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
		for r, row := range s.Rows {
			for c, v := range row {
				cell, err := excelize.CoordinatesToCellName(c+1, r+2)
				if err != nil {
					return fmt.Errorf("xlsx: %w", err)
				}
				style, width := 0, 0
				switch v := v.(type) {
				case nil:
					continue
				case time.Time:
					if v.IsZero() {
						continue
					}
					err = f.SetCellValue(name, cell, v.In(loc))
					style, width = dateTime, 16
				case Date:
					t, perr := time.Parse("2006-01-02", string(v))
					if perr != nil {
						err = f.SetCellStr(name, cell, string(v))
						width = len(v)
						break
					}
					err = f.SetCellValue(name, cell, t)
					style, width = date, 10
				case string:
					err = f.SetCellStr(name, cell, v)
					width = len([]rune(v))
				default:
					err = f.SetCellValue(name, cell, v)
					width = len(fmt.Sprint(v))
				}
				if err != nil {
					return fmt.Errorf("xlsx: %w", err)
				}
				if style != 0 {
					if err := f.SetCellStyle(name, cell, cell, style); err != nil {
						return fmt.Errorf("xlsx: %w", err)
					}
				}
				if c < len(widths) && width > widths[c] {
					widths[c] = width
				}
			}
		}
		for j, wd := range widths {
			col, _ := excelize.ColumnNumberToName(j + 1)
			if err := f.SetColWidth(name, col, col, float64(min(max(wd, 6), 60))+2); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
		if len(s.Columns) > 0 {
			if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
			last, _ := excelize.CoordinatesToCellName(len(s.Columns), len(s.Rows)+1)
			if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		}
	}
	return f.Write(w)
}

// sheetName makes a name Excel accepts: at most 31 characters, none of
// []:*?/\.
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = "Sheet" + strconv.Itoa(i+1)
	}
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// activityColumns are the fixed columns of an activities CSV; the
// counters of every kind follow (activity.CounterNames), then the rest.
var (
	activityColumns     = []string{"id", "kind", "organization_id", "organization_name", "municipality_code", "commitment_id", "started_at", "ended_at", "place", "lat", "lon"}
	activityMoreColumns = []string{"topic", "channel", "partners", "participants_per_premises", "notes", "synthetic"}
)

// WriteActivitiesCSV writes activities as CSV for Excel with Swedish
// settings (see CSV) with a header row, one column per counter, times in
// Sweden as RFC 3339, positions and counters with a decimal comma. each
// calls its function with every activity in turn (activity.Store.Each),
// so that an export of any size streams row by row.
func WriteActivitiesCSV(w io.Writer, each func(func(activity.Activity) error) error) error {
	cw, err := NewCSV(w)
	if err != nil {
		return err
	}
	counters := activity.CounterNames()
	if err := cw.Write(slices.Concat(activityColumns, counters, activityMoreColumns)...); err != nil {
		return err
	}
	loc := clock.Zone()
	err = each(func(a activity.Activity) error {
		ended := ""
		if a.EndedAt != nil {
			ended = a.EndedAt.In(loc).Format(time.RFC3339)
		}
		rec := []string{id(a.ID), a.Kind, id(a.OrganizationID), a.OrganizationName, a.MunicipalityCode, optionalID(a.CommitmentID),
			a.StartedAt.In(loc).Format(time.RFC3339), ended, a.Place, coordinate(a.Lat), coordinate(a.Lon)}
		for _, c := range counters {
			v, ok := a.Counts[c]
			if !ok {
				rec = append(rec, "")
				continue
			}
			rec = append(rec, Decimal(v))
		}
		rec = append(rec, a.Topic, a.Channel, partnerNames(a), participantList(a), a.Notes, strconv.FormatBool(a.Synthetic))
		return cw.Write(rec...)
	})
	if err != nil {
		return err
	}
	return cw.Flush()
}

func optionalID(n int64) string {
	if n == 0 {
		return ""
	}
	return id(n)
}

func coordinate(f *float64) string {
	if f == nil {
		return ""
	}
	return Decimal(*f)
}

func partnerNames(a activity.Activity) string {
	names := make([]string, len(a.Partners))
	for i, p := range a.Partners {
		names[i] = p.Name
	}
	return strings.Join(names, "; ")
}

func participantList(a activity.Activity) string {
	parts := make([]string, len(a.Participants))
	for i, p := range a.Participants {
		parts[i] = p.PremisesName + ": " + strconv.Itoa(p.Count)
	}
	return strings.Join(parts, "; ")
}

// ActivitySheet is the sheet of activities: the same columns as the CSV,
// headed and filled in the reader's language.
func ActivitySheet(list []activity.Activity, say Say) Sheet {
	counters := activity.CounterNames()
	s := Sheet{Name: say("activity.sheet")}
	for _, c := range activityColumns {
		s.Columns = append(s.Columns, say("activity.column."+c))
	}
	for _, c := range counters {
		s.Columns = append(s.Columns, say("activity.counter."+c))
	}
	for _, c := range activityMoreColumns {
		s.Columns = append(s.Columns, say("activity.column."+c))
	}
	for _, a := range list {
		var ended any
		if a.EndedAt != nil {
			ended = *a.EndedAt
		}
		var commitment any
		if a.CommitmentID != 0 {
			commitment = int(a.CommitmentID)
		}
		row := []any{int(a.ID), say("activity.kind." + a.Kind), int(a.OrganizationID), a.OrganizationName, a.MunicipalityCode,
			commitment, a.StartedAt, ended, a.Place, floatOrNil(a.Lat), floatOrNil(a.Lon)}
		for _, c := range counters {
			if v, ok := a.Counts[c]; ok {
				row = append(row, v)
			} else {
				row = append(row, nil)
			}
		}
		topic := ""
		if a.Topic != "" {
			topic = say("activity.topic." + a.Topic)
		}
		synthetic := ""
		if a.Synthetic {
			synthetic = say("activity.synthetic")
		}
		row = append(row, topic, a.Channel, partnerNames(a), participantList(a), a.Notes, synthetic)
		s.Rows = append(s.Rows, row)
	}
	return s
}

func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// WriteActivitiesXLSX writes activities as an Excel workbook.
func WriteActivitiesXLSX(w io.Writer, list []activity.Activity, say Say, created time.Time) error {
	return WriteXLSX(w, []Sheet{ActivitySheet(list, say)}, created)
}

// SummarySheets are the sheets of a year's supervision: the sums, and
// every visit.
func SummarySheets(s premises.Summary, municipalityName string, say Say) []Sheet {
	sums := Sheet{Name: say("inspection.summary.sheet"), Columns: []string{say("inspection.summary.what"), say("inspection.summary.count")}}
	add := func(label string, n int) { sums.Rows = append(sums.Rows, []any{label, n}) }
	sums.Rows = append(sums.Rows, []any{say("inspection.summary.title", municipalityName, s.Year), nil})
	add(say("inspection.summary.premises_total"), s.PremisesTotal)
	add(say("inspection.summary.premises_visited"), s.PremisesVisited)
	add(say("inspection.summary.inspections"), s.Inspections)
	add(say("inspection.summary.recorded"), s.Recorded)
	add(say("inspection.summary.hidden"), s.Hidden)
	add(say("inspection.summary.joint"), s.Joint)
	add(say("inspection.summary.follow_ups"), s.FollowUps)
	for _, k := range s.ByKind {
		add(say("inspection.summary.by_kind", say("inspection.kind."+k.Kind)), k.Inspections)
		add(say("inspection.summary.by_kind_recorded", say("inspection.kind."+k.Kind)), k.Recorded)
	}
	for _, sn := range s.Sanctions {
		add(say("inspection.summary.sanction", say("inspection.sanction."+sn.Sanction)), sn.Count)
	}

	visits := Sheet{Name: say("inspection.summary.visits_sheet"), Columns: []string{
		say("inspection.column.conducted_at"), say("inspection.column.restaurant_number"), say("inspection.column.premises"),
		say("inspection.column.kind"), say("inspection.column.mode"), say("inspection.column.recorded"),
		say("inspection.column.organizations"), say("inspection.column.deficiencies"), say("inspection.column.follow_up"),
		say("inspection.column.follow_up_on"), say("inspection.column.sanction"),
	}}
	for _, v := range s.Visits {
		names := make([]string, len(v.Organizations))
		for i, o := range v.Organizations {
			names[i] = o.Name
		}
		deficiencies := 0
		for _, c := range v.Protocol.Items {
			if c.Result == premises.ResultDeficiency {
				deficiencies++
			}
		}
		recorded, sanction := say("inspection.recorded.no"), ""
		if v.Recorded {
			recorded = say("inspection.recorded.yes")
		}
		if v.Sanction != "" {
			sanction = say("inspection.sanction." + v.Sanction)
		}
		var followUpOn any
		if v.FollowUpOn != "" {
			followUpOn = Date(v.FollowUpOn)
		}
		visits.Rows = append(visits.Rows, []any{v.ConductedAt, v.RestaurantNumber, v.PremisesName,
			say("inspection.kind." + v.Kind), say("inspection.mode." + v.Mode), recorded, strings.Join(names, ", "),
			deficiencies, v.FollowUp, followUpOn, sanction})
	}
	return []Sheet{sums, visits}
}

// WriteSummaryXLSX writes a year's supervision as an Excel workbook.
func WriteSummaryXLSX(w io.Writer, s premises.Summary, municipalityName string, say Say, created time.Time) error {
	return WriteXLSX(w, SummarySheets(s, municipalityName, say), created)
}

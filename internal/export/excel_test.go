package export

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/premises"
)

func sampleActivities(t *testing.T) []activity.Activity {
	loc := stockholm(t)
	end := time.Date(2017, 2, 18, 18, 30, 0, 0, loc)
	lat, lon := 61.16, 13.205
	trainingEnd := time.Date(2016, 12, 13, 17, 0, 0, 0, loc)
	return []activity.Activity{
		{ID: 101, Kind: activity.KindTrafficControl, OrganizationID: 1, OrganizationName: "Polisen, lokalpolisområde Mora",
			MunicipalityCode: "2023", CommitmentID: 21, StartedAt: time.Date(2017, 2, 18, 15, 30, 0, 0, loc), EndedAt: &end,
			Place: "Riksväg 66 mot Lindvallen (demo)", Lat: &lat, Lon: &lon,
			Counts: map[string]float64{"vehicles_checked": 120, "breath_tests": 118, "offences": 3},
			Notes:  "Afterski, \"lugnt\"; två rattfylleri", Partners: []activity.Party{{ID: 5, Name: "Fjällvakterna Ordningsvakter AB (demo)"}}},
		{ID: 102, Kind: activity.KindTraining, OrganizationID: 3, OrganizationName: "Malung-Sälens kommun", MunicipalityCode: "2023",
			StartedAt: time.Date(2016, 12, 13, 13, 0, 0, 0, loc), EndedAt: &trainingEnd, Topic: activity.TopicResponsibleService,
			Counts:       map[string]float64{"participants": 7, "hours": 4.5},
			Participants: []activity.Participant{{PremisesID: 1, PremisesName: "Restaurang Kåtan", Count: 3}, {PremisesID: 2, PremisesName: "Puben", Count: 4}},
			Synthetic:    true},
		{ID: 103, Kind: activity.KindInformation, OrganizationID: 4, OrganizationName: "Destination Sälenfjällen", MunicipalityCode: "2023",
			StartedAt: time.Date(2017, 2, 8, 9, 0, 0, 0, loc), Channel: "Sociala medier", Counts: map[string]float64{"reach": 25000}},
	}
}

func TestWriteActivitiesCSV(t *testing.T) {
	var buf bytes.Buffer
	list := sampleActivities(t)
	list[2].Notes = "@SUM(A1:A9) och =1+1"
	if err := WriteActivitiesCSV(&buf, each(list)); err != nil {
		t.Fatal(err)
	}
	golden(t, "activities.csv", buf.Bytes())

	// Excel with Swedish settings: semicolons (a name with a comma stays in
	// its field), decimal commas, and the formula kept as text.
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 4 {
		t.Fatalf("rows = %d, want a header and 3 activities", len(rows))
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	for _, c := range []struct {
		row  int
		col  string
		want string
	}{
		{1, "organization_name", "Polisen, lokalpolisområde Mora"},
		{1, "lat", "61,16"},
		{1, "lon", "13,205"},
		{2, "hours", "4,5"},
		{3, "reach", "25000"},
		{3, "notes", "'@SUM(A1:A9) och =1+1"},
	} {
		if i := col(c.col); i < 0 || rows[c.row][i] != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, rows[c.row][max(i, 0)], c.want)
		}
	}
}

// each calls fn with every activity of list, as activity.Store.Each does
// with those of a filter.
func each(list []activity.Activity) func(func(activity.Activity) error) error {
	return func(fn func(activity.Activity) error) error {
		for _, a := range list {
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	}
}

// dump writes a workbook as text: each sheet's name and its rows as a
// reader sees them (dates formatted), and the kind of a few cells.
func dump(t *testing.T, raw []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the workbook cannot be read back: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, name := range f.GetSheetList() {
		b.WriteString("== " + name + "\n")
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, " | ") + "\n")
		}
	}
	return b.String()
}

func TestWriteActivitiesXLSX(t *testing.T) {
	var buf bytes.Buffer
	created := time.Date(2018, 5, 2, 8, 0, 0, 0, time.UTC)
	if err := WriteActivitiesXLSX(&buf, sampleActivities(t), sayer(t, i18n.Swedish), created); err != nil {
		t.Fatal(err)
	}
	golden(t, "activities.xlsx.txt", []byte(dump(t, buf.Bytes())))

	// Times are real dates and numbers are numbers, for sorting and sums.
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	for cell, want := range map[string]excelize.CellType{"G2": excelize.CellTypeNumber, "L2": excelize.CellTypeNumber, "D2": excelize.CellTypeSharedString} {
		if got, err := f.GetCellType(sheet, cell); err != nil || (got != want && !(want == excelize.CellTypeNumber && got == excelize.CellTypeUnset)) {
			t.Errorf("cell %s is of type %v, want %v (%v)", cell, got, want, err)
		}
	}
	raw, _ := f.GetCellValue(sheet, "G2", excelize.Options{RawCellValue: true})
	if raw != "42784.645833333336" && !strings.HasPrefix(raw, "42784.64583") {
		t.Errorf("G2 holds %q, want the Excel date of 2017-02-18 15:30", raw)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2018-05-02T08:00:00Z" {
		t.Errorf("created = %q, %v", props.Created, err)
	}
}

func sampleSummary(t *testing.T) premises.Summary {
	loc := stockholm(t)
	return premises.Summary{MunicipalityCode: "2023", Year: 2017, PremisesTotal: 14, PremisesVisited: 12, Inspections: 3, Recorded: 2,
		Hidden: 1, Joint: 1, FollowUps: 1,
		ByKind: []premises.KindCount{{Kind: premises.OnSite, Inspections: 1, Recorded: 1}, {Kind: premises.Register, Inspections: 1},
			{Kind: premises.Joint, Inspections: 1, Recorded: 1, Hidden: 1}, {Kind: premises.Preventive}},
		Sanctions: []premises.SanctionCount{{Sanction: "remark", Count: 1}, {Sanction: "warning"}, {Sanction: "revocation"}},
		Visits: []premises.Inspection{
			{PremisesName: "Restaurang Kåtan", RestaurantNumber: "20230001", Kind: premises.Register, Mode: premises.ModeOpen,
				ConductedAt: time.Date(2017, 10, 3, 10, 0, 0, 0, loc), Organizations: []premises.Organization{{ID: 3, Name: "Malung-Sälens kommun"}}},
			{PremisesName: "Nattklubben Lindvallen", RestaurantNumber: "20230003", Kind: premises.Joint, Mode: premises.ModeHidden,
				ConductedAt: time.Date(2017, 12, 30, 23, 15, 0, 0, loc), Recorded: true, Sanction: "remark", FollowUp: "Nytt besök", FollowUpOn: "2018-01-20",
				Organizations: []premises.Organization{{ID: 3, Name: "Malung-Sälens kommun"}, {ID: 1, Name: "Polisen"}},
				Protocol:      premises.Protocol{Items: []premises.Check{{Check: "Ålderskontroller", Result: premises.ResultDeficiency}, {Check: "Ljudnivå", Result: premises.ResultOK}}}},
			{PremisesName: "Puben", RestaurantNumber: "20230005", Kind: premises.OnSite, Mode: premises.ModeOpen,
				ConductedAt: time.Date(2017, 12, 31, 20, 0, 0, 0, loc), Recorded: true},
		}}
}

func TestWriteSummaryXLSX(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.Swedish, i18n.English} {
		var buf bytes.Buffer
		if err := WriteSummaryXLSX(&buf, sampleSummary(t), "Malung-Sälens kommun", sayer(t, lang), time.Date(2018, 1, 2, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		golden(t, "summary_"+string(lang)+".xlsx.txt", []byte(dump(t, buf.Bytes())))
	}
}

func TestSheetName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Insatser", "Insatser"},
		{"", "Sheet3"},
		{"a/b:c?d", "a-b-c-d"},
		{strings.Repeat("å", 40), strings.Repeat("å", 31)},
	}
	for _, tt := range tests {
		if got := sheetName(tt.in, 2); got != tt.want {
			t.Errorf("sheetName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

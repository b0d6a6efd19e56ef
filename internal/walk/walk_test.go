package walk

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
)

var actor = audit.Actor{Label: "test"}

// fixture is a database with Mora's parties, a place at Noret, a
// promise in Mora and a party of Malung-Sälen only.
type fixture struct {
	d                          *db.DB
	s                          *Store
	police, mora, owner, salen int64
	commitment, salenCommit    int64
}

func setup(t testing.TB, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	orgs := org.NewStore(d)
	mk := func(name, kind string, codes ...string) int64 {
		o, err := orgs.Create(ctx, actor, org.Input{Name: name, Kind: kind, MunicipalityCodes: codes})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return o.ID
	}
	f := fixture{d: d, s: NewStore(d), police: mk("Polisen, lokalpolisområde Mora", "police", "2062", "2023"),
		mora: mk("Mora kommun", "municipality", "2062"), owner: mk("Noret Handel Fastigheter AB", "company", "2062"),
		salen: mk("Malung-Sälens kommun", "municipality", "2023")}
	lat, lon := 61.0085, 14.58
	if _, err := report.NewStore(d).CreatePlace(ctx, actor, report.PlaceInput{MunicipalityCode: "2062", Name: "Noret", Lat: &lat, Lon: &lon}); err != nil {
		t.Fatal(err)
	}
	if _, err := report.NewStore(d).CreatePlace(ctx, actor, report.PlaceInput{MunicipalityCode: "2062", Name: "Utan punkt"}); err != nil {
		t.Fatal(err)
	}
	ps := promise.NewStore(d)
	p, err := ps.Create(ctx, actor, promise.Input{Title: "Noret", MunicipalityCode: "2062", Problem: "p", Effect: "e",
		StartsOn: "2026-01-01", EndsOn: "2027-12-31", Commitments: []promise.CommitmentInput{{OrganizationID: sid(f.mora), Text: "Belysning"}}})
	if err != nil {
		t.Fatal(err)
	}
	f.commitment = p.Commitments[0].ID
	q, err := ps.Create(ctx, actor, promise.Input{Title: "Sälen", MunicipalityCode: "2023", Problem: "p", Effect: "e",
		StartsOn: "2026-01-01", EndsOn: "2027-12-31", Commitments: []promise.CommitmentInput{{OrganizationID: sid(f.salen), Text: "Besök"}}})
	if err != nil {
		t.Fatal(err)
	}
	f.salenCommit = q.Commitments[0].ID
	return f
}

func sid(id int64) string { return strconv.FormatInt(id, 10) }

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a validation error", err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func count(t testing.TB, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f fixture) noret() Input {
	return Input{MunicipalityCode: "2062", HeldOn: day(-25), Area: "Noret", ResidentsCount: 7, Notes: "Mörkt och blött.",
		OrganizationIDs: []string{sid(f.mora), sid(f.police), sid(f.owner)},
		Route:           []byte(`{"type":"LineString","coordinates":[[14.578,61.008],[14.582,61.009]]}`)}
}

func TestCreateWalk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		audits := count(t, d, "audit_log")
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatalf("CreateWalk() error = %v", err)
		}
		want := Walk{ID: w.ID, MunicipalityCode: "2062", HeldOn: day(-25), Area: "Noret", ResidentsCount: 7, Notes: "Mörkt och blött.",
			Route:         []byte(`{"type":"LineString","coordinates":[[14.578,61.008],[14.582,61.009]]}`),
			Organizations: []Party{{f.mora, "Mora kommun"}, {f.police, "Polisen, lokalpolisområde Mora"}, {f.owner, "Noret Handel Fastigheter AB"}},
			Points:        []Point{}, Commitments: []Commitment{}, CreatedAt: d.Now().UTC(), UpdatedAt: d.Now().UTC()}
		if diff := cmp.Diff(want, w, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("CreateWalk() mismatch (-want +got):\n%s", diff)
		}
		read, err := f.s.Walk(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, read, cmpopts.EquateApproxTime(1e9)); diff != "" {
			t.Errorf("Walk() mismatch (-want +got):\n%s", diff)
		}
		if got := count(t, d, "audit_log"); got != audits+1 {
			t.Errorf("audit entries = %d, want %d", got, audits+1)
		}
	})
}

func TestCreateWalkInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		for _, tt := range []struct {
			name   string
			change func(*Input)
			want   map[string]string
		}{
			{"empty", func(in *Input) { *in = Input{} }, map[string]string{"held_on": "error.required", "area": "error.required",
				"municipality_code": "error.choose"}},
			{"bad date", func(in *Input) { in.HeldOn = "12/11/2026" }, map[string]string{"held_on": "error.date"}},
			{"residents typed", func(in *Input) { in.ResidentsText = "sju" }, map[string]string{"residents_count": "error.number"}},
			{"residents negative", func(in *Input) { in.ResidentsCount = -1 }, map[string]string{"residents_count": "walk.error.residents_range"}},
			{"party elsewhere", func(in *Input) { in.OrganizationIDs = []string{sid(f.salen)} },
				map[string]string{"organization_ids": "walk.error.organization_not_in_municipality"}},
			{"party unknown", func(in *Input) { in.OrganizationIDs = []string{"x"} },
				map[string]string{"organization_ids": "walk.error.organization_not_in_municipality"}},
			{"route a point", func(in *Input) { in.Route = []byte(`{"type":"Point","coordinates":[14.5,61]}`) }, map[string]string{"route": "walk.error.route"}},
			{"route abroad", func(in *Input) { in.Route = []byte(`{"type":"LineString","coordinates":[[2.3,48.8],[2.4,48.9]]}`) },
				map[string]string{"route": "walk.error.route"}},
			{"route junk", func(in *Input) { in.Route = []byte(`"nej"`) }, map[string]string{"route": "walk.error.route"}},
			{"personal data", func(in *Input) { in.Notes = "Ring Anna på 070-123 45 67" }, map[string]string{"notes": "error.personal_data_notes"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				in := f.noret()
				tt.change(&in)
				_, err := f.s.CreateWalk(ctx, actor, in)
				if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
					t.Errorf("CreateWalk() errors (-want +got):\n%s", diff)
				}
				if n := count(t, d, "safety_walks"); n != 0 {
					t.Errorf("%d walks stored after a refusal", n)
				}
			})
		}
		in := f.noret()
		in.Notes, in.Redact = "Ring Anna på 070-123 45 67", true
		w, err := f.s.CreateWalk(ctx, actor, in)
		if err != nil {
			t.Fatal(err)
		}
		if w.Notes == in.Notes || bytes.Contains([]byte(w.Notes), []byte("070")) {
			t.Errorf("redacted notes = %q, want the number masked", w.Notes)
		}
	})
}

// photoJPEG is a small JPEG with an EXIF block naming a position and a
// comment, as a phone's camera writes them.
func photoJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for x := range 16 {
		for y := range 12 {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 20), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	exif := append([]byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"), []byte("GPSLatitude 61.0085 GPSLongitude 14.58")...)
	segment := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	comment := []byte("Taken by Anna Andersson")
	segment = append(segment, 0xFF, 0xFE, byte((len(comment)+2)>>8), byte(len(comment)+2))
	segment = append(segment, comment...)
	out := append([]byte{}, plain[:2]...)
	out = append(out, segment...)
	return append(out, plain[2:]...)
}

// bombPNG is the start of a PNG that claims 100 000 × 100 000 pixels.
func bombPNG() []byte {
	ihdr := []byte("IHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00")
	out := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d")
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func TestCleanPhoto(t *testing.T) {
	withExif := photoJPEG(t)
	if !bytes.Contains(withExif, []byte("GPSLatitude")) {
		t.Fatal("the test photo has no position to strip")
	}
	clean, typ, refusal := CleanPhoto(withExif)
	if refusal != "" || typ != "image/jpeg" {
		t.Fatalf("CleanPhoto(jpeg) = %q, %q, want image/jpeg", typ, refusal)
	}
	for _, marker := range []string{"Exif", "GPSLatitude", "Anna"} {
		if bytes.Contains(clean, []byte(marker)) {
			t.Errorf("the cleaned photo still holds %q", marker)
		}
	}
	if _, err := jpeg.Decode(bytes.NewReader(clean)); err != nil {
		t.Errorf("the cleaned photo does not decode: %v", err)
	}
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	if _, typ, refusal := CleanPhoto(pngBuf.Bytes()); typ != "image/png" || refusal != "" {
		t.Errorf("CleanPhoto(png) = %q, %q, want image/png", typ, refusal)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"text", []byte("hello, not a picture"), "walk.error.photo_type"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "walk.error.photo_type"},
		{"cut jpeg", withExif[:len(withExif)/2], "walk.error.photo_broken"},
		{"too large", append(withExif, make([]byte, MaxPhotoBytes)...), "walk.error.photo_too_large"},
		// A PNG header that claims 100 000 × 100 000 pixels.
		{"bomb", bombPNG(), "walk.error.photo_dimensions"},
	} {
		if clean, _, got := CleanPhoto(tt.data); got != tt.want || clean != nil {
			t.Errorf("CleanPhoto(%s) = %d bytes, %q, want nothing and %q", tt.name, len(clean), got, tt.want)
		}
	}
}

func TestAddPoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		byPlace, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "lighting",
			Description: "Trasig belysning på parkeringen", Photo: photoJPEG(t), CommitmentID: sid(f.commitment)})
		if err != nil {
			t.Fatalf("AddPoint(place) error = %v", err)
		}
		want := Point{ID: byPlace.ID, WalkID: w.ID, Lat: 61.0085, Lon: 14.58, Place: "Noret", Category: "lighting",
			Description: "Trasig belysning på parkeringen", HasPhoto: true, CommitmentID: f.commitment, Actions: []Action{}, CreatedAt: d.Now().UTC()}
		if diff := cmp.Diff(want, byPlace); diff != "" {
			t.Errorf("AddPoint(place) mismatch (-want +got):\n%s", diff)
		}
		typed, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{LatText: "61,0091", LonText: " 14.5812", Category: "vegetation",
			Description: "Buskar skymmer gångvägen"})
		if err != nil {
			t.Fatalf("AddPoint(lat/lon) error = %v", err)
		}
		if typed.Lat != 61.0091 || typed.Lon != 14.5812 || typed.HasPhoto {
			t.Errorf("AddPoint(lat/lon) = %v, %v, photo %v; want 61.0091, 14.5812 without a photo", typed.Lat, typed.Lon, typed.HasPhoto)
		}
		ph, err := f.s.Photo(ctx, byPlace.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ph.ContentType != "image/jpeg" || ph.MunicipalityCode != "2062" || bytes.Contains(ph.Data, []byte("GPSLatitude")) {
			t.Errorf("Photo() = %s of %s with position %v", ph.ContentType, ph.MunicipalityCode, bytes.Contains(ph.Data, []byte("GPSLatitude")))
		}
		if _, err := f.s.Photo(ctx, typed.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Photo(no photo) error = %v, want not found", err)
		}
		read, err := f.s.Walk(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(read.Points) != 2 || read.Points[0].ID != byPlace.ID || !read.Points[0].HasPhoto {
			t.Errorf("Walk().Points = %+v, want the two points in order", read.Points)
		}
	})
}

func TestAddPointInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		audits := count(t, d, "audit_log")
		good := PointInput{Place: "Noret", Category: "lighting", Description: "Mörkt"}
		for _, tt := range []struct {
			name   string
			change func(*PointInput)
			want   map[string]string
		}{
			{"empty", func(in *PointInput) { *in = PointInput{} }, map[string]string{"category": "error.choose",
				"description": "error.required", "place": "walk.error.where"}},
			{"category", func(in *PointInput) { in.Category = "noise" }, map[string]string{"category": "error.one_of"}},
			{"place unknown", func(in *PointInput) { in.Place = "Lindvallen" }, map[string]string{"place": "error.place_unknown"}},
			{"place without point", func(in *PointInput) { in.Place = "Utan punkt" }, map[string]string{"place": "walk.error.place_without_position"}},
			{"lat typed", func(in *PointInput) { in.LatText, in.LonText = "norr", "14.58" }, map[string]string{"lat": "error.lat_number"}},
			{"lon missing", func(in *PointInput) { in.LatText = "61.0" }, map[string]string{"lon": "error.position_pair"}},
			{"abroad", func(in *PointInput) { in.LatText, in.LonText = "48.85", "2.35" }, map[string]string{"lat": "error.outside_sweden"}},
			{"photo type", func(in *PointInput) { in.Photo = []byte("%PDF-1.4") }, map[string]string{"photo": "walk.error.photo_type"}},
			{"report elsewhere", func(in *PointInput) { in.ReportID = "999999" }, map[string]string{"report_id": "walk.error.report_unknown"}},
			{"commitment elsewhere", func(in *PointInput) { in.CommitmentID = sid(f.salenCommit) },
				map[string]string{"commitment_id": "walk.error.commitment_unknown"}},
			{"personal data", func(in *PointInput) { in.Description = "Anna Andersson, 19800101-1234, bor här" },
				map[string]string{"description": "error.personal_data_notes"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				in := good
				tt.change(&in)
				_, err := f.s.AddPoint(ctx, actor, w.ID, in)
				if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
					t.Errorf("AddPoint() errors (-want +got):\n%s", diff)
				}
				if err := f.s.CheckPoint(ctx, w.ID, in); err == nil {
					t.Error("CheckPoint() = nil, want the same refusal")
				}
			})
		}
		if n := count(t, d, "safety_walk_points"); n != 0 {
			t.Errorf("%d points stored after refusals", n)
		}
		if n := count(t, d, "audit_log"); n != audits {
			t.Errorf("audit entries %d after refusals, want %d", n, audits)
		}
		if _, err := f.s.AddPoint(ctx, actor, 999999, good); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("AddPoint(no walk) error = %v, want not found", err)
		}
	})
}

func TestActions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "lighting", Description: "Mörkt"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Byt armatur", OrganizationID: sid(f.salen), DueOn: "2026-13-01"})
		if diff := cmp.Diff(map[string]string{"organization_id": "walk.error.organization_not_in_municipality", "due_on": "error.date"},
			fields(t, err)); diff != "" {
			t.Errorf("AddAction(invalid) errors (-want +got):\n%s", diff)
		}
		if n := count(t, d, "safety_walk_actions"); n != 0 {
			t.Fatalf("%d actions stored after a refusal", n)
		}
		lamp, err := f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Byt armatur", OrganizationID: sid(f.mora), DueOn: day(-6)})
		if err != nil {
			t.Fatalf("AddAction() error = %v", err)
		}
		patrol, err := f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Patrullera fredagar", OrganizationID: sid(f.police),
			DueOn: day(13), Status: StatusInProgress})
		if err != nil {
			t.Fatal(err)
		}
		if lamp.Status != StatusOpen || lamp.OrganizationName != "Mora kommun" || lamp.DoneOn != "" {
			t.Errorf("AddAction() = %+v, want open and owned by Mora kommun", lamp)
		}
		open, err := f.s.OpenActions(ctx, []int64{f.police, f.mora})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range open {
			ids = append(ids, a.ID)
		}
		if diff := cmp.Diff([]int64{lamp.ID, patrol.ID}, ids); diff != "" {
			t.Errorf("OpenActions() ids (-want +got):\n%s", diff)
		}
		if today := Date(clocktest.Now()); !open[0].Overdue(today) || open[1].Overdue(today) || open[0].WalkID != w.ID || open[0].Place != "Noret" {
			t.Errorf("OpenActions()[0] = %+v, want the overdue lamp of the walk", open[0])
		}

		ch := ChangeOf(lamp)
		ch.Status = StatusDone
		done, err := f.s.UpdateAction(ctx, actor, lamp.ID, ch)
		if err != nil {
			t.Fatalf("UpdateAction(done) error = %v", err)
		}
		if done.Status != StatusDone || done.DoneOn != day(0) {
			t.Errorf("UpdateAction(done) = %s on %q, want done on the clock's day %s", done.Status, done.DoneOn, day(0))
		}
		if open, _ := f.s.OpenActions(ctx, []int64{f.mora}); len(open) != 0 {
			t.Errorf("OpenActions(mora) after done = %d, want 0", len(open))
		}
		ch.Status = StatusOpen
		reopened, err := f.s.UpdateAction(ctx, actor, lamp.ID, ch)
		if err != nil || reopened.DoneOn != "" {
			t.Errorf("UpdateAction(open) = %+v, %v, want done_on cleared", reopened, err)
		}
		ch.Status = "finished"
		if _, err := f.s.UpdateAction(ctx, actor, lamp.ID, ch); fields(t, err)["status"] != "error.one_of" {
			t.Errorf("UpdateAction(bad status) error = %v", err)
		}
		if _, err := f.s.UpdateAction(ctx, actor, 999999, ch); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("UpdateAction(unknown) error = %v, want not found", err)
		}
		a, walkID, code, err := f.s.ActionOf(ctx, patrol.ID)
		if err != nil || walkID != w.ID || code != "2062" || a.Text != "Patrullera fredagar" {
			t.Errorf("ActionOf() = %+v, %d, %q, %v", a, walkID, code, err)
		}
		var audits int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'safety_walk_action'`).Scan(&audits); err != nil {
			t.Fatal(err)
		}
		if audits != 4 {
			t.Errorf("audit entries of actions = %d, want 4 (two made, two changes)", audits)
		}
	})
}

func TestWalksList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		for _, day := range []string{day(-97), day(-67), day(-36)} {
			in := f.noret()
			in.HeldOn = day
			w, err := f.s.CreateWalk(ctx, actor, in)
			if err != nil {
				t.Fatal(err)
			}
			p, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "gathering", Description: "Många samlas"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Fältarbetare", OrganizationID: sid(f.mora)}); err != nil {
				t.Fatal(err)
			}
		}
		salen := Input{MunicipalityCode: "2023", HeldOn: day(-35), Area: "Lindvallen"}
		if _, err := f.s.CreateWalk(ctx, actor, salen); err != nil {
			t.Fatal(err)
		}
		mora := Scope{Municipalities: []string{"2062"}}
		first, err := f.s.Walks(ctx, Filter{Scope: mora, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Items) != 2 || first.Items[0].HeldOn != day(-36) || first.Next == "" {
			t.Fatalf("Walks(first page) = %+v, want the two latest of Mora and a cursor", first)
		}
		if it := first.Items[0]; it.Points != 1 || it.Actions != 1 || it.OpenActions != 1 || it.Area != "Noret" {
			t.Errorf("Walks() item = %+v, want 1 point, 1 action, 1 open", it)
		}
		second, err := f.s.Walks(ctx, Filter{Scope: mora, Limit: 2, Cursor: first.Next})
		if err != nil {
			t.Fatal(err)
		}
		if len(second.Items) != 1 || second.Items[0].HeldOn != day(-97) || second.Next != "" {
			t.Errorf("Walks(second page) = %+v, want the earliest only", second)
		}
		none, err := f.s.Walks(ctx, Filter{Scope: mora, MunicipalityCode: "2023"})
		if err != nil || len(none.Items) != 0 {
			t.Errorf("Walks(Mora's scope, Sälen) = %+v, %v; want nothing", none.Items, err)
		}
		if nobody, _ := f.s.Walks(ctx, Filter{}); len(nobody.Items) != 0 {
			t.Errorf("Walks(no scope) = %d items, want 0", len(nobody.Items))
		}
		if all, _ := f.s.Walks(ctx, Filter{Scope: Scope{All: true}}); len(all.Items) != 4 {
			t.Errorf("Walks(all) = %d items, want 4", len(all.Items))
		}
		if _, err := f.s.Walks(ctx, Filter{Scope: mora, Cursor: "junk"}); !errors.Is(err, db.ErrBadCursor) {
			t.Errorf("Walks(bad cursor) error = %v", err)
		}
	})
}

// day is the date offset days from the tests' day (clocktest), so that the
// tests hold on any day scripts/test-days runs them on.
func day(offset int) string {
	return clocktest.Now().In(clock.Zone()).AddDate(0, 0, offset).Format(time.DateOnly)
}

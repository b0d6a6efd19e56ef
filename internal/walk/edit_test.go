package walk

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/report"
)

// audits counts the audit entries of an entity and action.
func audits(t *testing.T, d *db.DB, entity, action string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = ? AND action = ?`, entity, action).
		Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// moraReport makes a report in Mora a few days before the tests' day.
func moraReport(t *testing.T, f fixture) int64 {
	t.Helper()
	r, _, err := report.NewStore(f.d).Create(context.Background(), actor, f.mora, report.Input{Category: report.DefaultCategories[0],
		OccurredAt: clocktest.Now().AddDate(0, 0, -3).Format(time.RFC3339), MunicipalityCode: "2062", Place: "Noret"})
	if err != nil {
		t.Fatalf("create a report: %v", err)
	}
	return r.ID
}

func TestUpdateWalk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		before := audits(t, d, "safety_walk", "update")

		// Refused: nothing stored, no entry.
		in := InputOf(w)
		in.Area, in.OrganizationIDs = " ", []string{sid(f.salen)}
		_, err = f.s.UpdateWalk(ctx, actor, w.ID, in)
		if diff := cmp.Diff(map[string]string{"area": "error.required", "organization_ids": "walk.error.organization_not_in_municipality"},
			fields(t, err)); diff != "" {
			t.Errorf("UpdateWalk(invalid) errors (-want +got):\n%s", diff)
		}
		in = InputOf(w)
		in.MunicipalityCode = "2023"
		if _, err := f.s.UpdateWalk(ctx, actor, w.ID, in); fields(t, err)["municipality_code"] != "walk.error.municipality_fixed" {
			t.Errorf("UpdateWalk(another municipality) error = %v", err)
		}
		if read, _ := f.s.Walk(ctx, w.ID); read.Area != "Noret" || len(read.Organizations) != 3 || audits(t, d, "safety_walk", "update") != before {
			t.Fatalf("a refused change stored something: %+v", read)
		}

		in = InputOf(w)
		in.Area, in.HeldOn, in.ResidentsCount, in.Notes = "Noret och Strandvägen", day(-24), 9, "Blött."
		in.OrganizationIDs, in.Route = []string{sid(f.police)}, nil
		changed, err := f.s.UpdateWalk(ctx, actor, w.ID, in)
		if err != nil {
			t.Fatalf("UpdateWalk() error = %v", err)
		}
		if changed.Area != "Noret och Strandvägen" || changed.HeldOn != day(-24) || changed.ResidentsCount != 9 || changed.Notes != "Blött." ||
			changed.Route != nil || len(changed.Organizations) != 1 || changed.Organizations[0].ID != f.police || changed.MunicipalityCode != "2062" {
			t.Errorf("UpdateWalk() = %+v", changed)
		}
		if n := audits(t, d, "safety_walk", "update"); n != before+1 {
			t.Errorf("%d update entries, want %d", n, before+1)
		}
	})
}

func TestUpdatePointAndLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		// The fixture's promise is a draft: a point made with its
		// commitment keeps it through a change, but a change may not set
		// it anew.
		p, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "lighting", Description: "Mörkt",
			Photo: photoJPEG(t), CommitmentID: sid(f.commitment)})
		if err != nil {
			t.Fatal(err)
		}
		rep := moraReport(t, f)
		hidden := func(int64) (bool, error) { return false, nil }
		visible := func(int64) (bool, error) { return true, nil }

		ch := PointChangeOf(p)
		ch.Description, ch.ReportID, ch.ReportVisible = "Mörkt vid infarten", sid(rep), hidden
		_, err = f.s.UpdatePoint(ctx, actor, p.ID, ch)
		if diff := cmp.Diff(map[string]string{"report_id": "walk.error.report_unknown"}, fields(t, err)); diff != "" {
			t.Errorf("UpdatePoint(a report the user may not read) errors (-want +got):\n%s", diff)
		}
		if read, _, _, _ := f.s.PointOf(ctx, p.ID); read.Description != "Mörkt" || read.ReportID != 0 {
			t.Fatalf("a refused change stored %+v", read)
		}

		ch.ReportVisible = visible
		changed, err := f.s.UpdatePoint(ctx, actor, p.ID, ch)
		if err != nil {
			t.Fatalf("UpdatePoint() error = %v", err)
		}
		if changed.Description != "Mörkt vid infarten" || changed.ReportID != rep || changed.CommitmentID != f.commitment || !changed.HasPhoto {
			t.Errorf("UpdatePoint() = %+v, want the report linked, the commitment and the photo kept", changed)
		}

		// Clearing the commitment, then setting it again: the draft
		// promise's commitment is not offered, so it is refused.
		ch = PointChangeOf(changed)
		ch.CommitmentID = ""
		if changed, err = f.s.UpdatePoint(ctx, actor, p.ID, ch); err != nil || changed.CommitmentID != 0 {
			t.Fatalf("UpdatePoint(clear the commitment) = %+v, %v", changed, err)
		}
		ch.CommitmentID = sid(f.commitment)
		if _, err := f.s.UpdatePoint(ctx, actor, p.ID, ch); fields(t, err)["commitment_id"] != "walk.error.commitment_not_in_force" {
			t.Errorf("UpdatePoint(a draft promise's commitment) error = %v", err)
		}
		ch.CommitmentID = sid(f.salenCommit)
		if _, err := f.s.UpdatePoint(ctx, actor, p.ID, ch); fields(t, err)["commitment_id"] != "walk.error.commitment_unknown" {
			t.Errorf("UpdatePoint(another municipality's commitment) error = %v", err)
		}
		if _, err := promise.NewStore(d).Publish(ctx, actor, mustPromiseOf(t, d, f.commitment)); err != nil {
			t.Fatal(err)
		}
		ch.CommitmentID = sid(f.commitment)
		if changed, err = f.s.UpdatePoint(ctx, actor, p.ID, ch); err != nil || changed.CommitmentID != f.commitment {
			t.Errorf("UpdatePoint(a commitment in force) = %+v, %v", changed, err)
		}

		// The photo: a broken one is refused and the old one stays;
		// removing it drops it.
		ch = PointChangeOf(changed)
		ch.Photo = []byte("not a photo")
		if _, err := f.s.UpdatePoint(ctx, actor, p.ID, ch); fields(t, err)["photo"] != "walk.error.photo_type" {
			t.Errorf("UpdatePoint(broken photo) error = %v", err)
		}
		if _, err := f.s.Photo(ctx, p.ID); err != nil {
			t.Errorf("the photo is gone after a refused change: %v", err)
		}
		ch.Photo, ch.RemovePhoto = nil, true
		if changed, err = f.s.UpdatePoint(ctx, actor, p.ID, ch); err != nil || changed.HasPhoto {
			t.Errorf("UpdatePoint(remove the photo) = %+v, %v", changed, err)
		}
		if _, err := f.s.Photo(ctx, p.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Photo() after removing it: %v", err)
		}
		// Another place without a position moves the point there.
		ch = PointChangeOf(changed)
		ch.Lat, ch.Lon, ch.Place = nil, nil, "Utan punkt"
		if _, err := f.s.UpdatePoint(ctx, actor, p.ID, ch); fields(t, err)["place"] != "walk.error.place_without_position" {
			t.Errorf("UpdatePoint(a place without position) error = %v", err)
		}
		if n := audits(t, d, "safety_walk_point", "update"); n != 4 {
			t.Errorf("%d update entries of the point, want 4", n)
		}

		// An action's links change through its change.
		a, err := f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Byt armatur", OrganizationID: sid(f.mora)})
		if err != nil {
			t.Fatal(err)
		}
		ach := ChangeOf(a)
		ach.ReportID, ach.CommitmentID, ach.ReportVisible = sid(rep), sid(f.commitment), visible
		if a, err = f.s.UpdateAction(ctx, actor, a.ID, ach); err != nil || a.ReportID != rep || a.CommitmentID != f.commitment {
			t.Fatalf("UpdateAction(links) = %+v, %v", a, err)
		}
		ach = ChangeOf(a)
		ach.ReportID = ""
		if a, err = f.s.UpdateAction(ctx, actor, a.ID, ach); err != nil || a.ReportID != 0 || a.CommitmentID != f.commitment {
			t.Errorf("UpdateAction(clear the report) = %+v, %v", a, err)
		}
	})
}

func mustPromiseOf(t *testing.T, d *db.DB, commitment int64) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `SELECT promise_id FROM commitments WHERE id = ?`, commitment).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDeletePointAndAction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "lighting", Description: "Mörkt", Photo: photoJPEG(t)})
		if err != nil {
			t.Fatal(err)
		}
		done, err := f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Byt armatur", OrganizationID: sid(f.mora), Status: StatusDone})
		if err != nil {
			t.Fatal(err)
		}
		open, err := f.s.AddAction(ctx, actor, p.ID, ActionInput{Text: "Patrullera", OrganizationID: sid(f.police)})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.DeletePoint(ctx, actor, p.ID); !errors.Is(err, ErrOpenActions) {
			t.Fatalf("DeletePoint(with an open action) error = %v, want ErrOpenActions", err)
		}
		if count(t, d, "safety_walk_points") != 1 || count(t, d, "safety_walk_actions") != 2 || audits(t, d, "safety_walk_point", "delete") != 0 {
			t.Fatal("a refused delete deleted something")
		}
		if err := f.s.DeleteAction(ctx, actor, open.ID); err != nil {
			t.Fatalf("DeleteAction() error = %v", err)
		}
		if _, _, _, err := f.s.ActionOf(ctx, open.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ActionOf(removed) error = %v", err)
		}
		if err := f.s.DeleteAction(ctx, actor, open.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("DeleteAction(again) error = %v, want not found", err)
		}
		if err := f.s.DeletePoint(ctx, actor, p.ID); err != nil {
			t.Fatalf("DeletePoint() error = %v", err)
		}
		if count(t, d, "safety_walk_points") != 0 || count(t, d, "safety_walk_actions") != 0 {
			t.Error("the point or its done action is left")
		}
		if _, err := f.s.Photo(ctx, p.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Photo(deleted point) error = %v", err)
		}
		if a, pt := audits(t, d, "safety_walk_action", "delete"), audits(t, d, "safety_walk_point", "delete"); a != 2 || pt != 1 {
			t.Errorf("delete entries: %d of actions (want 2: %d and %d), %d of points (want 1)", a, open.ID, done.ID, pt)
		}
		if err := f.s.DeletePoint(ctx, actor, p.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("DeletePoint(again) error = %v, want not found", err)
		}
	})
}

// exifJPEG is a JPEG of w × h pixels, red in its top left quarter and
// blue elsewhere, with an EXIF block that holds an orientation and a GPS
// directory with a latitude, as a phone writes them.
func exifJPEG(t testing.TB, w, h, orientation int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	// IFD0: orientation, and the GPS directory's offset.
	tiff = be.AppendUint16(tiff, 2)
	tiff = append(tiff, 0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1)
	tiff = be.AppendUint16(tiff, uint16(orientation))
	tiff = append(tiff, 0, 0)
	gps := uint32(8 + 2 + 2*12 + 4)
	tiff = append(tiff, 0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1)
	tiff = be.AppendUint32(tiff, gps)
	tiff = be.AppendUint32(tiff, 0)
	// The GPS directory: latitude 61° 0' 30".
	tiff = be.AppendUint16(tiff, 1)
	tiff = append(tiff, 0x00, 0x02, 0x00, 0x05, 0, 0, 0, 3)
	tiff = be.AppendUint32(tiff, gps+2+12+4)
	tiff = be.AppendUint32(tiff, 0)
	for _, v := range []uint32{61, 1, 0, 1, 30, 1} {
		tiff = be.AppendUint32(tiff, v)
	}
	exif := append([]byte("Exif\x00\x00"), tiff...)
	plain := buf.Bytes()
	out := append([]byte{}, plain[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(exif)+2)>>8), byte(len(exif)+2))
	out = append(out, exif...)
	return append(out, plain[2:]...)
}

// TestPhotoOrientation: a phone's photo taken upright (stored sideways
// with orientation 6) comes out turned, scaled to MaxPhotoSide on its
// long side, without EXIF.
func TestPhotoOrientation(t *testing.T) {
	in := exifJPEG(t, 2400, 1200, 6)
	if got := Orientation(in); got != 6 {
		t.Fatalf("Orientation() = %d, want 6", got)
	}
	clean, typ, refusal := CleanPhoto(in)
	if refusal != "" || typ != "image/jpeg" {
		t.Fatalf("CleanPhoto() = %q, %q", typ, refusal)
	}
	if bytes.Contains(clean, []byte("Exif")) || bytes.Contains(clean, []byte{0xFF, 0xE1}) || Orientation(clean) != 1 {
		t.Error("the cleaned photo still has an EXIF block")
	}
	img, err := jpeg.Decode(bytes.NewReader(clean))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 1600 {
		t.Fatalf("the cleaned photo is %d × %d, want 800 × 1600 (turned and scaled)", b.Dx(), b.Dy())
	}
	// Turned clockwise, the red top left quarter is at the top right.
	red := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r > 0xc000 && g < 0x4000 && b < 0x4000
	}
	if !red(700, 100) || red(100, 100) || red(700, 1500) || red(100, 1500) {
		t.Error("the photo is not turned clockwise")
	}
	for o, want := range map[int][2]int{1: {1600, 800}, 3: {1600, 800}, 8: {800, 1600}} {
		clean, _, _ := CleanPhoto(exifJPEG(t, 2400, 1200, o))
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(clean))
		if err != nil || cfg.Width != want[0] || cfg.Height != want[1] {
			t.Errorf("orientation %d: %d × %d, %v, want %v", o, cfg.Width, cfg.Height, err, want)
		}
	}
	// A small photo keeps its size.
	small, _, _ := CleanPhoto(exifJPEG(t, 40, 20, 8))
	if cfg, _ := jpeg.DecodeConfig(bytes.NewReader(small)); cfg.Width != 20 || cfg.Height != 40 {
		t.Errorf("small photo with orientation 8: %d × %d, want 20 × 40", cfg.Width, cfg.Height)
	}
}

// FuzzOrientation: the EXIF reader never panics or reads past its input,
// and always answers an orientation of 1 to 8.
func FuzzOrientation(f *testing.F) {
	f.Add(exifJPEG(f, 8, 8, 6))
	f.Add(photoJPEG(f))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\xff\xff\xff\xff"))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x1aExif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff\x12\x01\x03\x00\x01\x00\x00\x00"))
	f.Add([]byte("\xff\xd8\xff\xff\xff\xd9"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := Orientation(data); o < 1 || o > 8 {
			t.Errorf("Orientation() = %d", o)
		}
	})
}

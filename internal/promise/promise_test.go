package promise

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
)

// fixture is a database with the municipalities and four organisations:
// the police and Mora kommun (parties of the agreement), a business and
// an organisation in another municipality.
type fixture struct {
	d                                 *db.DB
	s                                 *Store
	police, mora, business, elsewhere int64
}

var actor = audit.Actor{UserID: 0, Label: "test"}

func setup(t *testing.T, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	orgs := org.NewStore(d)
	mk := func(name, kind, code string) int64 {
		o, err := orgs.Create(ctx, actor, org.Input{Name: name, Kind: kind, MunicipalityCodes: []string{code}})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return o.ID
	}
	return fixture{d: d, s: NewStore(d),
		police: mk("Polisen", "police", "2062"), mora: mk("Mora kommun", "municipality", "2062"),
		business: mk("Noretgrillen", "company", "2062"), elsewhere: mk("Orsa kommun", "municipality", "2034")}
}

func sid(id int64) string { return strconv.FormatInt(id, 10) }

func (f fixture) agreementInput() AgreementInput {
	return AgreementInput{
		Title: "Samverkansavtal Mora 2016", MunicipalityCode: "2062",
		Parties: []PartyInput{
			{OrganizationID: sid(f.mora), SignatoryTitle: "Kommunalråd", SignatoryName: "Anna Hed"},
			{OrganizationID: sid(f.police), SignatoryTitle: "Lokalpolisområdeschef"},
		},
		SignedOn: "2016-09-02", SignedPlace: "Mora", StartsOn: "2016-09-02", EndsOn: "2018-12-31",
		Purpose:    "Stärka det lokala brottsförebyggande arbetet.",
		FollowUp:   "Vid BRÅ-möten.",
		FocusAreas: []FocusAreaInput{{Title: "Trafik", Description: "Säkrare trafikmiljö."}, {}, {Title: "Narkotika"}},
	}
}

func (f fixture) promiseInput(agreementID int64) Input {
	four := 4.0
	return Input{
		Title: "Tryggare kvällar vid Noret", MunicipalityCode: "2062", AgreementID: sid(agreementID),
		Problem: "Ungdomar samlas på parkeringarna vid Noret på kvällar och helger.", Effect: "Tryggheten ökar.",
		StartsOn: "2016-10-01", EndsOn: "2016-12-31", PeriodLabel: "Hösten 2016",
		Communication: []Channel{{Channel: "websites"}, {Channel: "press", DoneOn: "2016-10-03"}},
		Commitments: []CommitmentInput{
			{OrganizationID: sid(f.police), Text: "Synlig polis vid Noret", Target: &four, Unit: "insatser"},
			{OrganizationID: sid(f.mora), Text: "Fältarbetare ute på fredagar", Responsible: "Fältgruppen"},
			{},
			{OrganizationID: sid(f.mora), Text: "Se över belysningen", DueOn: "2016-12-31"},
		},
	}
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *validation.Error", err, err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestAgreementVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.CreateAgreement(ctx, actor, f.agreementInput())
		if err != nil {
			t.Fatalf("CreateAgreement() error = %v", err)
		}
		want := Agreement{
			ID: a.ID, Title: "Samverkansavtal Mora 2016", MunicipalityCode: "2062", PartyIDs: []string{sid(f.mora), sid(f.police)},
			Parties: []Party{
				{OrganizationID: f.mora, OrganizationName: "Mora kommun", SignatoryTitle: "Kommunalråd", SignatoryName: "Anna Hed"},
				{OrganizationID: f.police, OrganizationName: "Polisen", SignatoryTitle: "Lokalpolisområdeschef"},
			},
			SignedOn: "2016-09-02", SignedPlace: "Mora", StartsOn: "2016-09-02", EndsOn: "2018-12-31",
			Purpose: "Stärka det lokala brottsförebyggande arbetet.", FollowUp: "Vid BRÅ-möten.",
			FocusAreas: []FocusArea{{Title: "Trafik", Description: "Säkrare trafikmiljö."}, {Title: "Narkotika"}},
			Version:    1,
		}
		ignore := cmp.Options{cmpopts.IgnoreFields(Agreement{}, "CreatedAt", "UpdatedAt"), cmpopts.IgnoreFields(FocusArea{}, "ID")}
		if diff := cmp.Diff(want, a, ignore); diff != "" {
			t.Errorf("CreateAgreement() mismatch (-want +got):\n%s", diff)
		}
		got, err := f.s.Agreement(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("Agreement(%d) mismatch (-created +read):\n%s", a.ID, diff)
		}

		in := f.agreementInput()
		in.Purpose = "Öka tryggheten och minska brottsligheten."
		in.PartyIDs = []string{sid(f.business)}
		v2, err := f.s.UpdateAgreement(ctx, audit.Actor{Label: "samordnare@example.se"}, a.ID, in)
		if err != nil {
			t.Fatalf("UpdateAgreement() error = %v", err)
		}
		if v2.Version != 2 || len(v2.Parties) != 3 {
			t.Errorf("UpdateAgreement() = version %d with %d parties, want 2 with 3", v2.Version, len(v2.Parties))
		}
		// Saving the same again makes no version.
		if same, err := f.s.UpdateAgreement(ctx, actor, a.ID, in); err != nil || same.Version != 2 {
			t.Errorf("UpdateAgreement(unchanged) = version %d, %v; want 2, nil", same.Version, err)
		}
		versions, err := f.s.Versions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(versions) != 2 || versions[0].Version != 2 || versions[0].ActorLabel != "samordnare@example.se" || versions[1].Version != 1 {
			t.Fatalf("Versions() = %+v, want 2 then 1", versions)
		}
		changed := []string{}
		for _, c := range Changes(versions[1].Agreement, versions[0].Agreement) {
			changed = append(changed, c.Field)
		}
		if diff := cmp.Diff([]string{"parties", "purpose"}, changed); diff != "" {
			t.Errorf("Changes(v1, v2) fields mismatch (-want +got):\n%s", diff)
		}
		if n := count(t, d, "audit_log WHERE entity = 'agreement'"); n != 2 {
			t.Errorf("audit entries for the agreement = %d, want 2", n)
		}
		if _, err := f.s.Agreement(ctx, a.ID+100); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Agreement(unknown) error = %v, want ErrNotFound", err)
		}
	})
}

func TestAgreementRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		before := count(t, d, "audit_log")
		tests := []struct {
			name   string
			change func(*AgreementInput)
			want   map[string]string
		}{
			{"end before start", func(in *AgreementInput) { in.EndsOn = "2016-01-01" }, map[string]string{"ends_on": "error.ends_before_start"}},
			{"not a date", func(in *AgreementInput) { in.StartsOn = "2016-02-30" }, map[string]string{"starts_on": "error.date"}},
			{"empty texts", func(in *AgreementInput) { in.Title, in.Purpose = " ", "" }, map[string]string{"title": "error.required", "purpose": "error.required"}},
			{"one party", func(in *AgreementInput) { in.Parties = in.Parties[:1] }, map[string]string{"party_ids": "error.parties_min"}},
			{"unknown party", func(in *AgreementInput) { in.Parties[1].OrganizationID = "999999" }, map[string]string{"parties.1.organization_id": "error.organization_unknown"}},
			{"party twice", func(in *AgreementInput) { in.Parties[1].OrganizationID = in.Parties[0].OrganizationID }, map[string]string{"parties.1.organization_id": "error.party_twice"}},
			{"focus area without title", func(in *AgreementInput) { in.FocusAreas[2].Title = ""; in.FocusAreas[2].Description = "x" }, map[string]string{"focus_areas.2.title": "error.required"}},
			{"unknown municipality", func(in *AgreementInput) { in.MunicipalityCode = "9999" }, map[string]string{"municipality_code": "error.municipality_unknown"}},
		}
		for _, tt := range tests {
			in := f.agreementInput()
			tt.change(&in)
			_, err := f.s.CreateAgreement(ctx, actor, in)
			if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
				t.Errorf("%s: CreateAgreement() fields mismatch (-want +got):\n%s", tt.name, diff)
			}
		}
		for _, table := range []string{"agreements", "agreement_parties", "agreement_focus_areas", "agreement_versions"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("%s has %d rows after refused input, want 0", table, n)
			}
		}
		if n := count(t, d, "audit_log"); n != before {
			t.Errorf("audit_log grew from %d to %d on refused input", before, n)
		}
	})
}

func TestPromiseLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.CreateAgreement(ctx, actor, f.agreementInput())
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.s.Create(ctx, actor, f.promiseInput(a.ID))
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		if p.Status != Draft || len(p.Commitments) != 3 || len(p.Parties) != 2 || p.Parties[0].SignatoryName != "Anna Hed" {
			t.Fatalf("Create() = %+v; want a draft with 3 commitments and the agreement's 2 parties", p)
		}
		if diff := cmp.Diff([]Channel{{"press", "2016-10-03"}, {"websites", ""}}, p.Communication); diff != "" {
			t.Errorf("Communication mismatch (-want +got):\n%s", diff)
		}
		got, err := f.s.Promise(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, got, cmpopts.IgnoreFields(Commitment{}, "UpdatedAt")); diff != "" {
			t.Errorf("Promise(%d) mismatch (-created +read):\n%s", p.ID, diff)
		}
		if *got.Commitments[0].Target != 4 || got.Commitments[0].Unit != "insatser" || got.Commitments[2].DueOn != "2016-12-31" {
			t.Errorf("commitments read back = %+v", got.Commitments)
		}

		// A draft's commitments have no status to record.
		if _, err := f.s.SetStatus(ctx, actor, p.Commitments[0].ID, StatusInput{Status: "done"}); fields(t, err)["status"] != "error.status_of_draft" {
			t.Errorf("SetStatus(draft) error = %v", err)
		}
		// A draft changes freely: drop one commitment, change one, add one.
		in := InputOf(p)
		in.Commitments = append(in.Commitments[:1], CommitmentInput{OrganizationID: sid(f.police), Text: "Trafikkontroller vid infarterna"})
		in.Commitments[0].Text = "Synlig polis vid Noret på kvällarna"
		p2, err := f.s.Update(ctx, actor, p.ID, in)
		if err != nil {
			t.Fatalf("Update(draft) error = %v", err)
		}
		if len(p2.Commitments) != 2 || p2.Commitments[0].ID != p.Commitments[0].ID || p2.Commitments[0].Text != "Synlig polis vid Noret på kvällarna" {
			t.Errorf("Update(draft) commitments = %+v", p2.Commitments)
		}

		pub, err := f.s.Publish(ctx, actor, p.ID)
		if err != nil || pub.Status != Published || pub.PublishedAt == nil {
			t.Fatalf("Publish() = %v, %v; want published", pub.Status, err)
		}
		if _, err := f.s.Publish(ctx, actor, p.ID); fields(t, err)["status"] != "error.not_draft" {
			t.Errorf("Publish(again) error = %v", err)
		}
		// What was promised changes only by amendment.
		in = InputOf(pub)
		in.EndsOn = "2017-05-31"
		in.Commitments = in.Commitments[:1]
		in.Title = "Ny titel"
		_, err = f.s.Update(ctx, actor, p.ID, in)
		if diff := cmp.Diff(map[string]string{"ends_on": "error.change_by_amendment", "commitments": "error.change_by_amendment"}, fields(t, err)); diff != "" {
			t.Errorf("Update(published) fields mismatch (-want +got):\n%s", diff)
		}
		in = InputOf(pub)
		in.Communication = []Channel{{"press", "2016-10-03"}, {"websites", "2016-10-05"}}
		if u, err := f.s.Update(ctx, actor, p.ID, in); err != nil || u.Communication[1].DoneOn != "2016-10-05" {
			t.Errorf("Update(published, communication) = %+v, %v", u.Communication, err)
		}

		// Not done needs a reason, which citizens are told.
		cid := pub.Commitments[1].ID
		if _, err := f.s.SetStatus(ctx, actor, cid, StatusInput{Status: "not_done"}); fields(t, err)["reason"] != "error.required" {
			t.Errorf("SetStatus(not_done, no reason) error = %v", err)
		}
		if _, err := f.s.SetStatus(ctx, actor, cid, StatusInput{Status: "finished"}); fields(t, err)["status"] != "error.one_of" {
			t.Errorf("SetStatus(unknown) error = %v", err)
		}
		c, err := f.s.SetStatus(ctx, actor, cid, StatusInput{Status: "not_done", Reason: " Vägen var avstängd. "})
		if err != nil || c.Status != NotDone || c.Reason != "Vägen var avstängd." {
			t.Errorf("SetStatus(not_done) = %+v, %v", c, err)
		}
		c, err = f.s.SetStatus(ctx, actor, cid, StatusInput{Status: "done", Reason: "ignored"})
		if err != nil || c.Status != Done || c.Reason != "" {
			t.Errorf("SetStatus(done) = %+v, %v; want done without a reason", c, err)
		}

		// The amendment extends the period and brings a new party.
		_, err = f.s.Amend(ctx, actor, p.ID, AmendmentInput{DecidedOn: "2016-12-15", Description: "Förlängs.",
			Commitments: []CommitmentInput{{OrganizationID: sid(f.business), Text: "Belysning"}}})
		if diff := cmp.Diff(map[string]string{"commitments.0.organization_id": "error.not_a_party"}, fields(t, err)); diff != "" {
			t.Errorf("Amend(commitment of no party) mismatch (-want +got):\n%s", diff)
		}
		if _, err := f.s.Amend(ctx, actor, p.ID, AmendmentInput{DecidedOn: "2016-12-15", Description: "Inget"}); fields(t, err)["ends_on"] != "error.amendment_empty" {
			t.Errorf("Amend(nothing) error = %v", err)
		}
		am, err := f.s.Amend(ctx, actor, p.ID, AmendmentInput{DecidedOn: "2016-12-15", Description: "Förlängs.", EndsOn: "2017-05-31",
			PartyIDs: []string{sid(f.business)}, Commitments: []CommitmentInput{{OrganizationID: sid(f.business), Text: "Belysning"}}})
		if err != nil {
			t.Fatalf("Amend() error = %v", err)
		}
		if am.EndsOn != "2017-05-31" || len(am.Parties) != 3 || len(am.Commitments) != 3 || len(am.Amendments) != 1 {
			t.Fatalf("Amend() = ends %s, %d parties, %d commitments, %d amendments", am.EndsOn, len(am.Parties), len(am.Commitments), len(am.Amendments))
		}
		wantAmendment := Amendment{ID: am.Amendments[0].ID, DecidedOn: "2016-12-15", Description: "Förlängs.", PreviousEndsOn: "2016-12-31",
			EndsOn: "2017-05-31", CommitmentIDs: []string{sid(am.Commitments[2].ID)}}
		if diff := cmp.Diff(wantAmendment, am.Amendments[0], cmpopts.IgnoreFields(Amendment{}, "CreatedAt")); diff != "" {
			t.Errorf("amendment mismatch (-want +got):\n%s", diff)
		}
		if !am.Amendments[0].Extends() || am.Commitments[2].AmendmentID != am.Amendments[0].ID {
			t.Errorf("amendment %+v does not extend or own its commitment", am.Amendments[0])
		}

		progress := ProgressOf(am)
		if len(progress.Commitments) != 3 || progress.Commitments[0].Done != 0 || progress.Commitments[0].Activities == nil {
			t.Errorf("ProgressOf() = %+v", progress)
		}
		raw, _ := json.Marshal(progress.Commitments[0])
		if string(raw) != `{"id":"`+sid(am.Commitments[0].ID)+`","organization_id":"`+sid(f.police)+`","text":"Synlig polis vid Noret på kvällarna","target":4,"unit":"insatser","measure":"activities","status":"planned","reason":"","done":0,"activities":[]}` {
			t.Errorf("progress JSON = %s", raw)
		}

		ended, err := f.s.End(ctx, actor, p.ID)
		if err != nil || ended.Status != Ended || !ended.IsPublic() || ended.EndedAt == nil {
			t.Errorf("End() = %v, %v", ended.Status, err)
		}
		if _, err := f.s.Amend(ctx, actor, p.ID, AmendmentInput{DecidedOn: "2017-06-01", Description: "x", EndsOn: "2017-08-01"}); fields(t, err)["status"] != "error.not_published" {
			t.Errorf("Amend(ended) error = %v", err)
		}
		var actions []string
		rows, err := d.QueryContext(ctx, `SELECT action FROM audit_log WHERE entity = 'promise' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			_ = rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		if diff := cmp.Diff([]string{"create", "update", "publish", "update", "amend", "end"}, actions); diff != "" {
			t.Errorf("audit actions mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestPromiseRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.CreateAgreement(ctx, actor, f.agreementInput())
		if err != nil {
			t.Fatal(err)
		}
		before := count(t, d, "audit_log")
		zero := 0.0
		tests := []struct {
			name   string
			change func(*Input)
			want   map[string]string
		}{
			{"end before start", func(in *Input) { in.EndsOn = "2016-09-30" }, map[string]string{"ends_on": "error.ends_before_start"}},
			{"commitment by no party given", func(in *Input) {
				in.PartyIDs = []string{sid(f.police), sid(f.mora)}
				in.Commitments[1].OrganizationID = sid(f.business)
			}, map[string]string{"commitments.1.organization_id": "error.not_a_party"}},
			{"commitment by an unknown organisation", func(in *Input) { in.Commitments[1].OrganizationID = "999999" },
				map[string]string{"party_ids": "error.organization_unknown", "commitments.1.organization_id": "error.not_a_party"}},
			{"empty commitment text", func(in *Input) { in.Commitments[3].Text = "  " }, map[string]string{"commitments.3.text": "error.required"}},
			{"target without unit", func(in *Input) { in.Commitments[0].Unit = "" }, map[string]string{"commitments.0.unit": "error.unit_required"}},
			{"zero target", func(in *Input) { in.Commitments[0].Target = &zero }, map[string]string{"commitments.0.target": "error.target"}},
			{"bad due date", func(in *Input) { in.Commitments[3].DueOn = "31/12" }, map[string]string{"commitments.3.due_on": "error.date"}},
			{"agreement of another municipality", func(in *Input) { in.MunicipalityCode = "2034" }, map[string]string{"agreement_id": "error.agreement_other_municipality"}},
			{"unknown agreement", func(in *Input) { in.AgreementID = "abc" }, map[string]string{"agreement_id": "error.agreement_unknown"}},
			{"unknown channel", func(in *Input) { in.Communication[0].Channel = "radio" }, map[string]string{"communication.0.channel": "error.one_of"}},
			{"commitment id on create", func(in *Input) { in.Commitments[0].ID = sid(1) }, map[string]string{"commitments.0.id": "error.commitment_unknown"}},
			{"everything missing", func(in *Input) { *in = Input{} }, map[string]string{
				"title": "error.required", "problem": "error.required", "effect": "error.required", "starts_on": "error.required",
				"ends_on": "error.required", "municipality_code": "error.choose", "party_ids": "error.parties_min"}},
		}
		for _, tt := range tests {
			in := f.promiseInput(a.ID)
			tt.change(&in)
			_, err := f.s.Create(ctx, actor, in)
			if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
				t.Errorf("%s: Create() fields mismatch (-want +got):\n%s", tt.name, diff)
			}
		}
		for _, table := range []string{"promises", "promise_parties", "promise_channels", "commitments", "promise_amendments"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("%s has %d rows after refused input, want 0", table, n)
			}
		}
		if n := count(t, d, "audit_log"); n != before {
			t.Errorf("audit_log grew from %d to %d on refused input", before, n)
		}

		// Without an agreement or parties, those who commit are the parties.
		in := f.promiseInput(0)
		in.AgreementID = ""
		p, err := f.s.Create(ctx, actor, in)
		if err != nil || len(p.Parties) != 2 {
			t.Errorf("Create(no agreement) = %d parties, %v; want the 2 that commit", len(p.Parties), err)
		}
	})
}

// TestPromiseDefaultParties: without parties given, a promise under an
// agreement has the agreement's parties, with their signatories, and
// every other organisation that commits (the contract's rule: in Sälen the
// destination company commits without being a party to the agreement);
// with parties given, those and no others.
func TestPromiseDefaultParties(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.CreateAgreement(ctx, actor, f.agreementInput())
		if err != nil {
			t.Fatal(err)
		}
		type party struct {
			ID    int64
			Title string
		}
		partiesOf := func(p Promise) []party {
			var out []party
			for _, pt := range p.Parties {
				out = append(out, party{pt.OrganizationID, pt.SignatoryTitle})
			}
			return out
		}

		// The business commits twice and the police once more: each is a
		// party once, after the agreement's two.
		in := f.promiseInput(a.ID)
		in.Commitments = append(in.Commitments,
			CommitmentInput{OrganizationID: sid(f.business), Text: "Belysning på parkeringen"},
			CommitmentInput{OrganizationID: " " + sid(f.business) + " ", Text: "Rundor vid stängning"},
			CommitmentInput{OrganizationID: sid(f.police), Text: "Trafikkontroller"})
		p, err := f.s.Create(ctx, actor, in)
		if err != nil {
			t.Fatalf("Create(agreement, no parties) error = %v", err)
		}
		want := []party{{f.mora, "Kommunalråd"}, {f.police, "Lokalpolisområdeschef"}, {f.business, ""}}
		if diff := cmp.Diff(want, partiesOf(p)); diff != "" {
			t.Errorf("parties (-want +got):\n%s", diff)
		}
		if len(p.Commitments) != 6 || p.Commitments[3].OrganizationName != "Noretgrillen" {
			t.Errorf("commitments = %+v, want 6, the business's by name", p.Commitments)
		}

		// Parties given are the parties: the agreement's are not added, and
		// a commitment of another organisation is refused.
		in = f.promiseInput(a.ID)
		in.PartyIDs = []string{sid(f.police), sid(f.mora), sid(f.business)}
		in.Commitments[1].OrganizationID = sid(f.business)
		p, err = f.s.Create(ctx, actor, in)
		if err != nil {
			t.Fatalf("Create(party_ids) error = %v", err)
		}
		if diff := cmp.Diff([]party{{f.police, ""}, {f.mora, ""}, {f.business, ""}}, partiesOf(p)); diff != "" {
			t.Errorf("parties given (-want +got):\n%s", diff)
		}
		in.PartyIDs = []string{sid(f.business)}
		if _, err := f.s.Create(ctx, actor, in); fields(t, err)["commitments.0.organization_id"] != "error.not_a_party" {
			t.Errorf("Create(commitment of no party given) error = %v, want not_a_party", err)
		}

		// The rule is the domain's: DefaultParties says it without a database.
		rows, ids := DefaultParties(&Agreement{Parties: []Party{{OrganizationID: 7, SignatoryTitle: "Kommunalråd"}}},
			[]CommitmentInput{{OrganizationID: "7"}, {OrganizationID: "9"}, {OrganizationID: ""}, {OrganizationID: "9"}})
		if diff := cmp.Diff([]PartyInput{{OrganizationID: "7", SignatoryTitle: "Kommunalråd"}}, rows); diff != "" || !slices.Equal(ids, []string{"9"}) {
			t.Errorf("DefaultParties() = %v, %v", rows, ids)
		}
		if rows, ids := DefaultParties(nil, []CommitmentInput{{OrganizationID: "3"}, {OrganizationID: "4"}}); rows != nil || !slices.Equal(ids, []string{"3", "4"}) {
			t.Errorf("DefaultParties(no agreement) = %v, %v", rows, ids)
		}
	})
}

func TestListAndScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.CreateAgreement(ctx, actor, f.agreementInput())
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for i, start := range []string{"2016-10-01", "2017-10-01", "2018-10-01"} {
			in := f.promiseInput(a.ID)
			in.StartsOn, in.EndsOn = start, start[:4]+"-12-31"
			in.Title = "Löfte " + strconv.Itoa(i)
			p, err := f.s.Create(ctx, actor, in)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		for _, id := range ids[:2] {
			if _, err := f.s.Publish(ctx, actor, id); err != nil {
				t.Fatal(err)
			}
		}
		titles := func(filter Filter) []string {
			t.Helper()
			var out []string
			for {
				page, err := f.s.List(ctx, filter)
				if err != nil {
					t.Fatalf("List(%+v) error = %v", filter, err)
				}
				for _, p := range page.Items {
					out = append(out, p.Title)
				}
				if page.Next == "" {
					return out
				}
				filter.Cursor = page.Next
			}
		}
		// Dates stored as text sort as dates: the latest period first.
		if diff := cmp.Diff([]string{"Löfte 1", "Löfte 0"}, titles(Filter{Public: true, Limit: 1})); diff != "" {
			t.Errorf("public list mismatch (-want +got):\n%s", diff)
		}
		if got := titles(Filter{Public: true, MunicipalityCode: "2034"}); len(got) != 0 {
			t.Errorf("public list of Orsa = %v, want none", got)
		}
		all := []string{"Löfte 2", "Löfte 1", "Löfte 0"}
		if diff := cmp.Diff(all, titles(Filter{Scope: Scope{Organizations: []int64{f.police}}})); diff != "" {
			t.Errorf("list of a party's member mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(all, titles(Filter{Scope: Scope{Municipalities: []string{"2062"}}, Public: true})); diff != "" {
			t.Errorf("list of Mora's coordinator mismatch (-want +got):\n%s", diff)
		}
		if got := titles(Filter{Scope: Scope{Organizations: []int64{f.business}, Municipalities: []string{"2034"}}}); len(got) != 0 {
			t.Errorf("list of an outsider = %v, want none", got)
		}
		if got := titles(Filter{}); len(got) != 0 {
			t.Errorf("list without scope = %v, want none", got)
		}
		page, err := f.s.Agreements(ctx, AgreementFilter{Scope: Scope{Organizations: []int64{f.mora}}})
		if err != nil || len(page.Items) != 1 || len(page.Items[0].FocusAreas) != 2 {
			t.Errorf("Agreements(party) = %+v, %v", page.Items, err)
		}
		if page, err := f.s.Agreements(ctx, AgreementFilter{Scope: Scope{Organizations: []int64{f.elsewhere}}}); err != nil || len(page.Items) != 0 {
			t.Errorf("Agreements(outsider) = %d items, %v", len(page.Items), err)
		}
		// The dates come back as they went in, on both databases.
		var starts, ends string
		if err := d.QueryRowContext(ctx, `SELECT starts_on, ends_on FROM promises WHERE id = ?`, ids[0]).Scan(&starts, &ends); err != nil || starts != "2016-10-01" || ends != "2016-12-31" {
			t.Errorf("stored dates = %q, %q, %v", starts, ends, err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM promises WHERE starts_on BETWEEN ? AND ?`, "2017-01-01", "2018-12-31").Scan(&n); err != nil || n != 2 {
			t.Errorf("promises starting 2017–2018 = %d, %v; want 2", n, err)
		}
	})
}

func TestIsOver(t *testing.T) {
	for _, tt := range []struct {
		status Status
		endsOn string
		today  string
		want   bool
	}{
		{Published, "2018-04-30", "2018-04-30", false}, // its last day
		{Published, "2018-04-30", "2018-05-01", true},  // the day after
		{Published, "2027-04-30", "2026-07-01", false}, // published for a season to come
		{Draft, "2027-04-30", "2026-07-01", false},
		{Ended, "2027-04-30", "2026-12-07", true}, // ended early by its coordinator
	} {
		if got := (Promise{Status: tt.status, EndsOn: tt.endsOn}).IsOver(tt.today); got != tt.want {
			t.Errorf("IsOver(%s, ends %s, on %s) = %v, want %v", tt.status, tt.endsOn, tt.today, got, tt.want)
		}
	}
}

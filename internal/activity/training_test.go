package activity

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/premises"
)

func TestTrainedPremises(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		pr := premises.NewStore(d)
		mk := func(number, name string) int64 {
			p, err := pr.Create(ctx, actor, premises.Input{Name: name, RestaurantNumber: number, OrganizationNumber: "556012-5790",
				HolderName: "AB", MunicipalityCode: "2023", LicenceType: premises.PermanentPublic})
			if err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		ake, pub, oster := mk("20230002", "Åkes krog"), mk("20230003", "Puben"), mk("20230004", "Östra baren")
		train := func(start, topic string, participants ...ParticipantInput) {
			t.Helper()
			if _, err := f.s.Create(ctx, actor, Input{Kind: KindTraining, OrganizationID: sid(f.malung), StartedAt: start, Topic: topic,
				Participants: participants}); err != nil {
				t.Fatal(err)
			}
		}
		train("2016-12-13T13:00:00+01:00", TopicResponsibleService, ParticipantInput{sid(f.kataan), 3}, ParticipantInput{sid(ake), 1})
		train("2017-12-05T13:00:00+01:00", TopicNarcotics, ParticipantInput{sid(f.kataan), 2})
		train("2015-11-01T13:00:00+01:00", TopicResponsibleService, ParticipantInput{sid(pub), 5}) // before the date asked about

		got, err := f.s.TrainedPremises(ctx, "2023", time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		last := func(s string) *time.Time {
			tm, _ := time.Parse(time.RFC3339, s)
			tm = tm.UTC()
			return &tm
		}
		want := []TrainedPremises{
			{PremisesID: ake, Name: "Åkes krog", RestaurantNumber: "20230002", LastTrainedAt: last("2016-12-13T13:00:00+01:00"),
				Trainings: 1, Participants: 1, Topics: []string{TopicResponsibleService}},
			{PremisesID: f.kataan, Name: "Restaurang Kåtan", RestaurantNumber: "20230001", LastTrainedAt: last("2017-12-05T13:00:00+01:00"),
				Trainings: 2, Participants: 5, Topics: []string{TopicResponsibleService, TopicNarcotics}},
			{PremisesID: pub, Name: "Puben", RestaurantNumber: "20230003", Topics: []string{}},
			{PremisesID: oster, Name: "Östra baren", RestaurantNumber: "20230004", Topics: []string{}},
		}
		// Swedish order: Å after R, but those with training first.
		want[0], want[1] = want[1], want[0]
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("TrainedPremises() mismatch (-want +got):\n%s", diff)
		}
	})
}

package survey

// Templates: the questions a survey starts from. Each question keeps a
// stable key, so that the same template run in two years can be compared
// question by question, whatever the municipality did to the wording.

// Template is a survey to start from.
type Template struct {
	Key       string
	Kind      string // Citizen, Staff, Youth
	Title     string
	Intro     string
	Questions []Question
}

// Template keys.
const (
	TemplateCitizen = "citizen_safety"
	TemplateStaff   = "staff_dialogue"
	TemplateYouth   = "youth_short"
	TemplateVisitor = "visitor_safety"
)

// Template sections.
const (
	SectionSafety     = "safety"
	SectionProblems   = "problems"
	SectionPlaces     = "places"
	SectionCauses     = "causes"
	SectionOpen       = "open"
	SectionBackground = "background"
)

// Background question keys: their answers go to their own table.
const (
	KeyAgeBand   = "age_band"
	KeyGender    = "gender"
	KeyResidence = "residence"
)

// The keys of the core questions, which results and the demo refer to.
const (
	KeySafetyEvening = "safety_evening"
	KeyWorryCrime    = "worry_crime"
	KeyAvoidPlace    = "avoid_place"
	KeyWhenUnsafe    = "when_unsafe"
)

// The keys of the visitor survey: where and when a visitor felt unsafe,
// what happened, and how safe the visit felt overall.
const (
	KeySafetyOverall = "safety_overall"
	KeyUnsafePlace   = "unsafe_place"
	KeyUnsafeWhen    = "unsafe_when"
	KeyWhatHappened  = "what_happened"
)

func q(section, key, kind, sv, en string, required bool, opts ...Option) Question {
	return Question{Section: section, Key: key, Kind: kind, Text: sv, TextEn: en, Required: required, Options: opts}
}

func o(value, sv, en string) Option { return Option{Value: value, Label: sv, LabelEn: en} }

// PlaceReasons are the follow-up options of the templates' place
// questions, asked for each place answered: why it feels unsafe. A place
// question's options are its follow-up options; the keys are stable.
var PlaceReasons = []Option{
	o("lighting", "Dålig belysning", "Poor lighting"),
	o("gathering", "Människor som samlas", "People gathering"),
	o("intoxicated", "Berusade eller drogpåverkade personer", "People drunk or on drugs"),
	o("traffic", "Trafik", "Traffic"),
	o("vandalism", "Nedskräpning eller skadegörelse", "Littering or vandalism"),
	o("hidden", "Svårt att se eller ta sig därifrån", "Hard to see or to get away"),
	o("other", "Annat", "Something else"),
}

// problems are the problems seen in the area, asked as NTU asks them, each
// on the four-step problem scale.
var problems = []struct{ key, sv, en string }{
	{"problem_litter", "Nedskräpning", "Littering"},
	{"problem_vandalism", "Skadegörelse", "Vandalism"},
	{"problem_graffiti", "Klotter", "Graffiti"},
	{"problem_intoxicated", "Berusade personer eller personer påverkade av narkotika på allmän plats", "People drunk or on drugs in public places"},
	{"problem_youth_groups", "Ungdomsgrupper som stör", "Groups of young people causing trouble"},
	{"problem_traffic", "Vårdslös trafik", "Reckless driving"},
}

func problemQuestions() []Question {
	out := make([]Question, len(problems))
	for i, p := range problems {
		out[i] = q(SectionProblems, p.key, ProblemScale, "Hur stort problem är följande i området där du bor? "+p.sv,
			"How big a problem is this in the area where you live? "+p.en, false)
	}
	return out
}

func background() []Question {
	return []Question{
		q(SectionBackground, KeyAgeBand, Single, "Hur gammal är du?", "How old are you?", false,
			o("under_20", "Under 20 år", "Under 20"), o("20_34", "20–34 år", "20–34"), o("35_64", "35–64 år", "35–64"),
			o("65_plus", "65 år eller äldre", "65 or older")),
		q(SectionBackground, KeyGender, Single, "Vilket kön har du?", "What is your gender?", false,
			o("woman", "Kvinna", "Woman"), o("man", "Man", "Man"), o("other", "Annat eller vill inte svara", "Other or prefer not to say")),
		// The options of the area of residence are the municipality's
		// named places, added when the survey is made (residenceOptions).
		q(SectionBackground, KeyResidence, Single, "I vilket område bor du?", "In which area do you live?", false),
	}
}

// Templates lists the templates in the order offered.
var Templates = []Template{
	{
		Key: TemplateCitizen, Kind: Citizen,
		Title: "Trygghetsundersökning",
		Intro: "Hjälp oss att förstå var och när det känns otryggt. Enkäten är anonym och tar ungefär fem minuter.",
		Questions: append(append([]Question{
			q(SectionSafety, KeySafetyEvening, SafetyScale,
				"Hur trygg skulle du känna dig om du gick ut ensam sent en kväll i området där du bor?",
				"How safe would you feel if you went out alone late in the evening in the area where you live?", true),
			q(SectionSafety, KeyWorryCrime, Single, "Hur ofta har du under de senaste tolv månaderna känt dig orolig för att utsättas för brott?",
				"How often in the last twelve months have you worried about becoming a victim of crime?", false,
				o("never", "Aldrig", "Never"), o("sometimes", "Någon gång", "Now and then"),
				o("often", "Ofta", "Often"), o("dont_know", "Vet inte", "Don't know")),
		}, problemQuestions()...), append([]Question{
			q(SectionPlaces, KeyAvoidPlace, Place,
				"Finns det något område som du undviker på grund av att du känner dig otrygg? Markera det och berätta varför.",
				"Is there an area you avoid because you feel unsafe there? Mark it and tell us why.", false, PlaceReasons...),
			q(SectionPlaces, KeyWhenUnsafe, When, "När känns det mest otryggt där?", "When does it feel least safe there?", false),
			q(SectionOpen, "improve", Text, "Vad skulle göra området där du bor tryggare?", "What would make the area where you live safer?", false),
		}, background()...)...),
	},
	{
		Key: TemplateStaff, Kind: Staff,
		Title: "Medarbetardialog om trygghet",
		Intro: "För polis och kommunens medarbetare: var, när och varför uppstår problemen du möter i arbetet?",
		Questions: []Question{
			q(SectionPlaces, "problem_place", Place, "Vilka platser ser du som mest problematiska?", "Which places do you see as the most problematic?", true, PlaceReasons...),
			q(SectionPlaces, "problem_time", When, "När uppstår problemen?", "When do the problems arise?", true),
			q(SectionProblems, "problems_seen", Multiple, "Vilka problem möter du där?", "Which problems do you meet there?", true,
				o("gatherings", "Samlingar av ungdomar", "Young people gathering"), o("intoxication", "Berusning och narkotika", "Intoxication and drugs"),
				o("traffic", "Trafik och buskörning", "Traffic and reckless driving"), o("vandalism", "Skadegörelse och klotter", "Vandalism and graffiti"),
				o("violence", "Våld och hot", "Violence and threats"), o("litter", "Nedskräpning", "Littering")),
			q(SectionCauses, "causes", Multiple, "Vilka orsaker ser du?", "Which causes do you see?", false,
				o("lighting", "Dålig belysning", "Poor lighting"), o("nothing_to_do", "Brist på aktiviteter", "Nothing to do"),
				o("alcohol", "Alkohol- och narkotikatillgång", "Access to alcohol and drugs"), o("design", "Platsens utformning", "The design of the place"),
				o("adults", "Få vuxna ute", "Few adults around")),
			q(SectionOpen, "ideas", Text, "Vad skulle du vilja att vi gör tillsammans?", "What would you like us to do together?", false),
			q(SectionOpen, "years", Number, "Hur många år har du arbetat i kommunen?", "How many years have you worked in the municipality?", false),
		},
	},
	{
		Key: TemplateYouth, Kind: Youth,
		Title: "Kort enkät för unga",
		Intro: "Fem frågor om hur du har det där du bor. Anonymt.",
		Questions: []Question{
			q(SectionSafety, KeySafetyEvening, SafetyScale, "Hur trygg känner du dig ute på kvällen där du bor?",
				"How safe do you feel outside in the evening where you live?", true),
			q(SectionPlaces, KeyAvoidPlace, Place, "Finns det någon plats du undviker?", "Is there a place you avoid?", false, PlaceReasons...),
			q(SectionPlaces, KeyWhenUnsafe, When, "När känns det otryggt?", "When does it feel unsafe?", false),
			q(SectionOpen, "meet", Single, "Var brukar du träffa kompisar på kvällen?", "Where do you usually meet friends in the evening?", false,
				o("home", "Hemma", "At home"), o("youth_centre", "Fritidsgård", "Youth centre"), o("outdoors", "Ute, till exempel vid affärer eller parkeringar", "Outdoors, at shops or car parks"),
				o("sports", "Idrott eller förening", "Sports or a club")),
			q(SectionOpen, "wish", Text, "Vad skulle du vilja ha mer av?", "What would you like more of?", false),
			q(SectionBackground, KeyAgeBand, Single, "Hur gammal är du?", "How old are you?", false,
				o("under_13", "Under 13 år", "Under 13"), o("13_15", "13–15 år", "13–15"), o("16_19", "16–19 år", "16–19")),
		},
	},
	visitorTemplate,
}

// visitorTemplate is a short survey for the visitors of a destination (a
// ski resort in the high season, say).
var visitorTemplate = Template{
	Key: TemplateVisitor, Kind: Visitor,
	Title: "Trygghet för besökare",
	Intro: "Är du här på besök? Berätta var och när du kände dig otrygg, så kan vi göra något åt det. Anonymt, två minuter.",
	Questions: []Question{
		q(SectionSafety, KeySafetyOverall, SafetyScale, "Hur trygg har du känt dig under ditt besök, överlag?",
			"Overall, how safe have you felt during your visit?", true),
		q(SectionPlaces, KeyUnsafePlace, Place, "Var kände du dig otrygg? Markera platsen och berätta varför.",
			"Where did you feel unsafe? Mark the place and tell us why.", false, PlaceReasons...),
		q(SectionPlaces, KeyUnsafeWhen, When, "När var det?", "When was it?", false),
		q(SectionProblems, KeyWhatHappened, Multiple, "Vad hände, eller vad fick dig att känna dig otrygg?",
			"What happened, or what made you feel unsafe?", false,
			o("intoxicated", "Berusade personer", "Drunk people"), o("violence", "Bråk eller våld", "Fights or violence"),
			o("harassment", "Ofredande eller trakasserier", "Harassment"), o("theft", "Stöld, till exempel av skidor", "Theft, of skis for example"),
			o("traffic", "Trafik eller skoterkörning", "Traffic or snowmobiles"), o("crowding", "Trängsel, till exempel vid bussen", "Crowding, at the bus for example"),
			o("dark", "Mörkt eller dålig belysning", "Dark or poor lighting"), o("other", "Annat", "Something else")),
		q(SectionOpen, "visit_tip", Text, "Vad skulle göra ditt besök tryggare?", "What would make your visit safer?", false),
		background()[0],
	},
}

// TemplateOf returns the template with key.
func TemplateOf(key string) (Template, bool) {
	for _, t := range Templates {
		if t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}

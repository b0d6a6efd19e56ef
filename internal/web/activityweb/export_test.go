package activityweb

// What the external tests of this package (package activityweb_test) read
// of its insides.
var (
	ActivityInputOf  = activityInputOf
	ActivityFilterOf = activityFilterOf
)

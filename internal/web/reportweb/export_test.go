package reportweb

// What the external tests of this package (package reportweb_test) read of
// its insides.
var (
	WhenChoices  = whenChoices
	ReportFields = reportFields
	Files        = files
)

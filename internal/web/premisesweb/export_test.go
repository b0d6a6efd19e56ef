package premisesweb

// What the external tests of this package (package premisesweb_test) read
// of its insides.
var (
	ImportField  = importField
	CoverageLine = coverageLine
)

package web

// statisticsMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix).
var statisticsMatrix = map[string]access{}

// statisticsTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func statisticsTarget(ts *testServer, path string) map[string]string {
	return nil
}

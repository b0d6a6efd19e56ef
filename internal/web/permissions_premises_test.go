package web

// premisesMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix).
var premisesMatrix = map[string]access{}

// premisesTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func premisesTarget(ts *testServer, path string) map[string]string {
	return nil
}

package adminweb

// What the external tests of this package (package adminweb_test) read of
// its insides.
var (
	AuditEntities  = auditEntities
	OrgFields      = orgFields
	NewUserFields  = newUserFields
	EditUserFields = editUserFields
	PasswordFields = passwordFields
)

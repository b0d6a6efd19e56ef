package adminweb_test

import (
	"testing"

	"github.com/samverkan/samverkan/internal/web/adminweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestFormMessageKeysExist: the entities the audit trail filters by and
// the fields of this area's forms have their labels in the catalogue. The
// kernel's TestMessageKeysExist checks the keys the code and the templates
// of every area name; these lists it cannot see.
func TestFormMessageKeysExist(t *testing.T) {
	t.Parallel()
	bundle := webtest.LoadBundle(t)
	var need []string
	for _, e := range adminweb.AuditEntities {
		need = append(need, "entity."+e)
	}
	for _, list := range [][]string{adminweb.OrgFields, adminweb.NewUserFields, adminweb.EditUserFields, adminweb.PasswordFields} {
		for _, f := range list {
			need = append(need, "field."+f)
		}
	}
	for _, key := range need {
		if !bundle.Has(key) {
			t.Errorf("message key %s is not in the catalogue", key)
		}
	}
}

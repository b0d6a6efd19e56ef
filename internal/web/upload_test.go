package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestImportUploadRead: the file of an import form is read with its name;
// none, or one over the limit, is a validation error of the field with its
// status; a body that is not a form is a bad request.
func TestImportUploadRead(t *testing.T) {
	u := ImportUpload{Field: "register_file", MaxSize: 1 << 20, Missing: "error.import_file_missing"}
	post := func(file []byte, filename string) *http.Request {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("municipality_code", "2062")
		if file != nil {
			fw, _ := mw.CreateFormFile(u.Field, filename)
			fw.Write(file)
		}
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/import", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return r
	}

	name, data, _, errs, err := u.Read(httptest.NewRecorder(), post([]byte("namn;kommun\n"), "register.csv"))
	if err != nil || errs != nil || name != "register.csv" || string(data) != "namn;kommun\n" {
		t.Errorf("a file = %q %q, %v, %v", name, data, errs, err)
	}
	for _, c := range []struct {
		name   string
		req    *http.Request
		status int
		key    string
	}{
		{"no file", post(nil, ""), http.StatusUnprocessableEntity, "error.import_file_missing"},
		{"an empty file", post([]byte{}, "tom.csv"), http.StatusUnprocessableEntity, "error.import_file_missing"},
		{"too large", post(bytes.Repeat([]byte("x"), 2<<20), "stor.csv"), http.StatusRequestEntityTooLarge, "error.import_too_large"},
		{"not multipart", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/import", strings.NewReader("register_file=x"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}(), http.StatusUnprocessableEntity, "error.import_file_missing"},
	} {
		_, data, status, errs, err := u.Read(httptest.NewRecorder(), c.req)
		if err != nil || status != c.status || errs[u.Field].Key != c.key || data != nil {
			t.Errorf("%s = status %d, errors %v, %d bytes, %v; want %d with %s", c.name, status, errs, len(data), err, c.status, c.key)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/import", strings.NewReader("--x\r\nbroken"))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if _, _, _, _, err := u.Read(httptest.NewRecorder(), r); err == nil {
		t.Error("a broken multipart body was read")
	}
}

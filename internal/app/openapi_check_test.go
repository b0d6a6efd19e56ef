package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/samverkan/samverkan/internal/web/webtest"
)

// apiCheck sends requests to the whole product and checks every answer
// against the OpenAPI document with kin-openapi's openapi3filter: the
// status is one the operation documents, the content type one its response
// has, and the body matches the response's schema. The document is loaded
// strict (see strictResponses), so a field the handler writes and the
// document does not name is a mismatch too. A request that should succeed
// is checked against the document as well (its parameters and body).
type apiCheck struct {
	t      *testing.T
	ts     *webtest.TestServer
	doc    *openapi3.T
	router routers.Router

	// seen counts the responses checked, by operation ("GET /api/v1/…")
	// and status.
	seen map[string]map[int]int
}

func newAPICheck(t *testing.T, ts *webtest.TestServer) *apiCheck {
	t.Helper()
	doc := openAPIDoc(t)
	strictResponses(doc)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router of the OpenAPI document: %v", err)
	}
	return &apiCheck{t: t, ts: ts, doc: doc, router: router, seen: map[string]map[int]int{}}
}

// strictResponses closes every object schema a response reaches that has
// properties and says nothing of others (additionalProperties: false), so
// that the check finds the fields a handler writes and the document leaves
// out. Only the test's copy is closed: the published document stays open,
// as a client must ignore a field added later (the contract grows by
// adding).
func strictResponses(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			closed := false
			s.AdditionalProperties.Has = &closed
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range group {
				walk(sub)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, res := range op.Responses.Map() {
				if res.Value == nil {
					continue
				}
				for _, mt := range res.Value.Content {
					walk(mt.Schema)
				}
			}
		}
	}
}

// do sends a request as who (with an API token; anonymous sends none) and
// checks the answer: want is the status it must have, and the answer must
// be what the document says of that operation and status. body is JSON, or
// "" for none. It returns the response for the next step of a scenario.
func (a *apiCheck) do(who webtest.Who, method, path, body string, want int) *webtest.Response {
	a.t.Helper()
	return a.send(who, method, path, "application/json", body, want)
}

// send is do with a body of another media type.
func (a *apiCheck) send(who webtest.Who, method, path, mediaType, body string, want int) *webtest.Response {
	t := a.t
	t.Helper()
	c := a.ts.API(t, who)
	var headers []string
	var reqBody io.Reader
	if body != "" {
		headers = []string{"Content-Type", mediaType}
		reqBody = strings.NewReader(body)
	}
	res := c.Do(t, method, path, reqBody, headers...)

	// The request as the router and the validator see it.
	req, err := http.NewRequest(method, c.BaseURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s as %s: no operation of the document: %v", method, path, who, err)
		return res
	}
	name := fmt.Sprintf("%s (%s %s as %s)", route.Operation.OperationID, method, path, who)
	if res.Status != want {
		t.Errorf("%s = %d, want %d; body:\n%.600s", name, res.Status, want, res.Body)
		return res
	}
	opts := &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true,
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	// A mismatch names the place in the body and the rule; the whole schema
	// printed with each would drown the list.
	opts.WithCustomSchemaErrorFunc(func(err *openapi3.SchemaError) string {
		return fmt.Sprintf("at /%s: %s", strings.Join(err.JSONPointer(), "/"), err.Reason)
	})
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if want < 400 {
		// What the handler took must be what the document says it takes.
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s: the request the handler took does not match the document:\n%v\nrequest body: %.600s", name, err, body)
		}
	}
	doc := route.Operation.Responses.Status(res.Status)
	if doc == nil && res.Status < 400 {
		t.Errorf("%s: status %d is not documented (only errors fall to the default response)", name, res.Status)
		return res
	}
	if doc == nil {
		doc = route.Operation.Responses.Default()
	}
	if doc != nil && doc.Value != nil && len(doc.Value.Content) == 0 && res.Body != "" {
		t.Errorf("%s: status %d has no body in the document, the answer has %.200q", name, res.Status, res.Body)
	}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: res.Status, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader([]byte(res.Body))), Options: opts,
	})
	if err != nil {
		t.Errorf("%s: the answer %d does not match the document:\n%v\nbody: %.1000s", name, res.Status, err, res.Body)
	}
	key := route.Method + " " + route.Path
	if a.seen[key] == nil {
		a.seen[key] = map[int]int{}
	}
	a.seen[key][res.Status]++
	return res
}

// unauthenticated sends every operation that needs a sign-in without one
// and checks the 401 against the document; ids in paths are "1".
func (a *apiCheck) unauthenticated() {
	for _, o := range operations(a.doc) {
		if o.op.Security != nil && len(*o.op.Security) == 0 {
			continue // public
		}
		path := wildcardValue.Replace(o.path)
		a.do(webtest.AsAnon, o.method, path, "", http.StatusUnauthorized)
	}
}

var wildcardValue = strings.NewReplacer("{id}", "1", "{code}", "2023", "{kind}", "on_site")

// coverage fails the test when an operation was not checked with a
// successful answer, and reports how many operations and answers were
// checked.
func (a *apiCheck) coverage() {
	t := a.t
	t.Helper()
	var answers, ops int
	statuses := map[int]int{}
	for _, o := range operations(a.doc) {
		byStatus := a.seen[o.method+" "+o.path]
		ok := false
		for status, n := range byStatus {
			answers += n
			statuses[status] += n
			ok = ok || status < 400
		}
		if !ok {
			t.Errorf("%s %s (%s): no successful answer was checked against the document", o.method, o.path, o.op.OperationID)
			continue
		}
		ops++
	}
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity} {
		if statuses[status] == 0 {
			t.Errorf("no %d answer was checked against the document", status)
		}
	}
	var parts []string
	for _, s := range slices.Sorted(maps.Keys(statuses)) {
		parts = append(parts, fmt.Sprintf("%d×%d", statuses[s], s))
	}
	t.Logf("checked %d answers of %d operations against the document: %s", answers, ops, strings.Join(parts, ", "))
}

// id is the "id" of a JSON object answer.
func id(t *testing.T, res *webtest.Response) string {
	t.Helper()
	return at(t, res, "id")
}

// at is the string at a path of keys and indexes ("items", "0", "id") in
// a JSON answer.
func at(t *testing.T, res *webtest.Response, path ...string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
		t.Fatalf("answer %.300q: %v", res.Body, err)
	}
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				t.Fatalf("no %s in %.300s", strings.Join(path, "."), res.Body)
			}
			v = x[i]
		default:
			t.Fatalf("no %s in %.300s", strings.Join(path, "."), res.Body)
		}
	}
	s, ok := v.(string)
	if !ok || s == "" {
		t.Fatalf("%s is not a string in %.300s", strings.Join(path, "."), res.Body)
	}
	return s
}

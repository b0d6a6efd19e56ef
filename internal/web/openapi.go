package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// The OpenAPI document is kept in parts: openapi/base.json holds the
// document's head, the shared components and the kernel's operations, and
// each area adds its operations and schemas in the openapi.json of its own
// package (internal/web/reportweb/openapi.json, …).
// The parts are merged once, at start; a path or schema named twice is a
// programming error and stops the program. A schema marked
// "x-patch-of": "SomeInput" is given SomeInput's properties at the merge
// (see expandPatches).
//
//go:embed openapi/*.json
var openAPIParts embed.FS

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(s.openAPIDoc)
	return err
}

// OpenAPI returns the merged document, for tests that check responses
// against it.
func (s *Server) OpenAPI() []byte { return s.openAPIDoc }

// openAPIOf merges the kernel's parts and each area's openapi.json.
func openAPIOf(areas []Area) ([]byte, error) {
	parts := []openAPISource{{"kernel", openAPIParts, "openapi/*.json"}}
	for _, a := range areas {
		if a.Files != nil {
			parts = append(parts, openAPISource{a.Name, a.Files, "openapi.json"})
		}
	}
	base, err := fs.ReadFile(openAPIParts, "openapi/base.json")
	if err != nil {
		return nil, err
	}
	return mergeOpenAPI(base, parts)
}

// openAPISource is where parts of the document are: the files of fsys
// that match glob.
type openAPISource struct {
	name string
	fsys fs.FS
	glob string
}

// openAPIPart is what a part may hold besides the base's head.
type openAPIPart struct {
	Paths      map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas    map[string]json.RawMessage `json:"schemas"`
		Responses  map[string]json.RawMessage `json:"responses"`
		Parameters map[string]json.RawMessage `json:"parameters"`
	} `json:"components"`
}

// mergeOpenAPI merges the parts of sources into the document base (the
// head, the shared components and the core operations).
func mergeOpenAPI(raw []byte, sources []openAPISource) ([]byte, error) {
	var err error
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("openapi/base.json: %w", err)
	}
	var all openAPIPart
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, fmt.Errorf("openapi/base.json: %w", err)
	}
	type file struct {
		name string
		fsys fs.FS
	}
	var files []file
	for _, src := range sources {
		names, err := fs.Glob(src.fsys, src.glob)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if src.name == "kernel" && n == "openapi/base.json" {
				continue
			}
			files = append(files, file{src.name + ": " + n, src.fsys})
		}
	}
	for _, f := range files {
		name := f.name
		raw, err := fs.ReadFile(f.fsys, name[strings.Index(name, ": ")+2:])
		if err != nil {
			return nil, err
		}
		var part openAPIPart
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, m := range []struct {
			kind     string
			into, in *map[string]json.RawMessage
		}{
			{"path", &all.Paths, &part.Paths},
			{"schema", &all.Components.Schemas, &part.Components.Schemas},
			{"response", &all.Components.Responses, &part.Components.Responses},
			{"parameter", &all.Components.Parameters, &part.Components.Parameters},
		} {
			if *m.into == nil {
				*m.into = map[string]json.RawMessage{}
			}
			for _, k := range slices.Sorted(maps.Keys(*m.in)) {
				if _, dup := (*m.into)[k]; dup {
					return nil, fmt.Errorf("%s: %s %q is defined twice", name, m.kind, k)
				}
				(*m.into)[k] = (*m.in)[k]
			}
		}
	}
	if err := expandPatches(all.Components.Schemas); err != nil {
		return nil, err
	}
	// Put the merged maps back into the base document, keeping whatever
	// else its components hold (security schemes).
	var components map[string]json.RawMessage
	if err := json.Unmarshal(doc["components"], &components); err != nil {
		return nil, fmt.Errorf("openapi/base.json components: %w", err)
	}
	if components == nil {
		components = map[string]json.RawMessage{}
	}
	set := func(into map[string]json.RawMessage, key string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		into[key] = b
		return nil
	}
	for key, v := range map[string]map[string]json.RawMessage{
		"schemas": all.Components.Schemas, "responses": all.Components.Responses, "parameters": all.Components.Parameters,
	} {
		if len(v) > 0 {
			if err := set(components, key, v); err != nil {
				return nil, err
			}
		}
	}
	if err := set(doc, "components", components); err != nil {
		return nil, err
	}
	if err := set(doc, "paths", all.Paths); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// expandPatches gives each schema marked "x-patch-of": "SomeInput" the
// properties of that schema, none required: a PATCH reads its body over
// the input of the record as it is (PatchOf), so it takes every field of
// the input, and a field added to the input is in the patch without
// being written twice.
func expandPatches(schemas map[string]json.RawMessage) error {
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		var patch map[string]json.RawMessage
		if err := json.Unmarshal(schemas[name], &patch); err != nil {
			return fmt.Errorf("schema %q: %w", name, err)
		}
		var of string
		if raw, ok := patch["x-patch-of"]; !ok {
			continue
		} else if err := json.Unmarshal(raw, &of); err != nil {
			return fmt.Errorf("schema %q: x-patch-of is not a schema's name: %w", name, err)
		}
		if _, ok := patch["properties"]; ok {
			return fmt.Errorf("schema %q: x-patch-of takes the properties of %q; it has its own", name, of)
		}
		var input struct {
			Properties json.RawMessage `json:"properties"`
		}
		if raw, ok := schemas[of]; !ok {
			return fmt.Errorf("schema %q: x-patch-of names %q, which is no schema", name, of)
		} else if err := json.Unmarshal(raw, &input); err != nil || input.Properties == nil {
			return fmt.Errorf("schema %q: x-patch-of names %q, which has no properties", name, of)
		}
		patch["properties"] = input.Properties
		b, err := json.Marshal(patch)
		if err != nil {
			return err
		}
		schemas[name] = b
	}
	return nil
}

package httpapi

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/truce-center/truce"
)

// TestQueryParamsNameRoutes: every operation queryParams describes is a
// route of the table, and its parameters are in the document.
func TestQueryParamsNameRoutes(t *testing.T) {
	s := New(nil, nil)
	routes := map[string]bool{}
	for _, rt := range s.routes() {
		routes[rt.Method+" "+rt.Path] = true
	}
	doc := s.OpenAPI()
	paths := doc["paths"].(map[string]map[string]any)
	for key, qs := range queryParams {
		if !routes[key] {
			t.Errorf("queryParams names %q, which is not a route", key)
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		op := paths[path][strings.ToLower(method)].(map[string]any)
		params, _ := op["parameters"].([]any)
		n := 0
		for _, p := range params {
			if p.(map[string]any)["in"] == "query" {
				n++
			}
		}
		if n != len(qs) {
			t.Errorf("%s: %d query parameters in the document, want %d", key, n, len(qs))
		}
	}
}

// TestSchemaOfConflictList: a notification's conflicts, held as a
// truce.ConflictList, are described as the list of conflicts they
// encode to, not as the struct that holds them.
func TestSchemaOfConflictList(t *testing.T) {
	schemas := map[string]any{}
	schemaOf(reflect.TypeFor[truce.Notification](), schemas)
	got := schemas["Notification"].(map[string]any)["properties"].(map[string]any)["conflicts"]
	want := schemaOf(reflect.TypeFor[[]truce.Conflict](), schemas)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("conflicts: %v, want %v", got, want)
	}
	if _, ok := schemas["ConflictList"]; ok {
		t.Error("the document describes ConflictList")
	}
}

// TestSchemaOfGeoJSON: a volume's geometry, held parsed as a
// truce.GeoJSON, is described as the raw JSON value it encodes to, as
// when it was a json.RawMessage.
func TestSchemaOfGeoJSON(t *testing.T) {
	schemas := map[string]any{}
	schemaOf(reflect.TypeFor[truce.Volume](), schemas)
	got := schemas["Volume"].(map[string]any)["properties"].(map[string]any)["geometry"]
	if want := schemaOf(reflect.TypeFor[json.RawMessage](), schemas); !reflect.DeepEqual(got, want) {
		t.Fatalf("geometry: %v, want %v", got, want)
	}
	if _, ok := schemas["GeoJSON"]; ok {
		t.Error("the document describes GeoJSON")
	}
}

// TestSchemaOfNotificationExtra: the fields a notification holds behind
// its embedded NotificationExtra are described as its own, optional, as
// encoding/json writes them; the embedded struct is not a property.
func TestSchemaOfNotificationExtra(t *testing.T) {
	schemas := map[string]any{}
	schemaOf(reflect.TypeFor[truce.Notification](), schemas)
	n := schemas["Notification"].(map[string]any)
	props := n["properties"].(map[string]any)
	for _, name := range []string{"terms", "breaches", "notices"} {
		if props[name] == nil {
			t.Errorf("no property %s", name)
		}
	}
	if props["NotificationExtra"] != nil || slices.Contains(n["required"].([]string), "terms") {
		t.Errorf("the extra is described as a property, or its fields as required: %v", n)
	}
}

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

// TestSchemaOfHeldTypes: values held in memory in a form of their own
// are described as what they encode to, not as the structs that hold
// them: a notification's conflicts (truce.ConflictList) as the list of
// conflicts, a volume's geometry (truce.GeoJSON) as the raw JSON value
// it was when it was a json.RawMessage.
func TestSchemaOfHeldTypes(t *testing.T) {
	for _, tc := range []struct {
		holder     reflect.Type
		prop, held string
		as         reflect.Type
	}{
		{reflect.TypeFor[truce.Notification](), "conflicts", "ConflictList", reflect.TypeFor[[]truce.Conflict]()},
		{reflect.TypeFor[truce.Volume](), "geometry", "GeoJSON", reflect.TypeFor[json.RawMessage]()},
	} {
		t.Run(tc.held, func(t *testing.T) {
			schemas := map[string]any{}
			schemaOf(tc.holder, schemas)
			got := schemas[tc.holder.Name()].(map[string]any)["properties"].(map[string]any)[tc.prop]
			if want := schemaOf(tc.as, schemas); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %v, want %v", tc.prop, got, want)
			}
			if _, ok := schemas[tc.held]; ok {
				t.Errorf("the document describes %s", tc.held)
			}
		})
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

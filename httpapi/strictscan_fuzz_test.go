package httpapi

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/zones"
)

// FuzzCheckJSON holds the one-pass check of well-formed bodies
// (scanJSON) to the token-by-token one (checkTokens): the same fields,
// the same messages, in the same order, for every body and request type.
func FuzzCheckJSON(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"strike","title":"t","volumes":[{"geometry":{"type":"Point","coordinates":[36.2,37.1]},"radius_m":500,"altitude":{"min_m":0,"max_m":9000},"start":"2026-12-05T10:00:00Z","end":"2026-12-05T12:00:00Z"}]}`,
		`{"Kind":"strike","kind":"flight","volumes":[{"Geometry":1,"geometry":{"a":1,"a":2}}]}`,
		`{"name":"\ud800x","kind":"\u00e9\"q","endorsers":["\udc00"],"restricts":{"parties":["*"]}}`,
		`[{"x":1},{"x":1,"x":2}]`,
		`{"sources":[{"name":"a","Name":"b"}],"location":{"type":"Point","coordinates":[1,2]}}`,
		`{"a\u0062":1,"ab":2}`,
		`"\ud83d\ude00"`,
		`  {"title" : "x" , "volumes" : [ ] }  `,
	} {
		f.Add([]byte(seed))
	}
	types := []reflect.Type{reflect.TypeFor[*notifications.NotificationInput](), reflect.TypeFor[*zones.ZoneInput](),
		reflect.TypeFor[*reports.ReportInput](), reflect.TypeFor[*members.PartyInput](), reflect.TypeFor[*map[string]any]()}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		for _, typ := range types {
			got, want := scanJSON(data, typ), checkTokens(data, typ)
			if len(got) != len(want) || len(got) > 0 && !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %q:\n scanJSON    %v\n checkTokens %v", typ, data, got, want)
			}
		}
	})
}

package geo

import "testing"

// TestPack: packed geometries encode as before and none can grow into
// the next.
func TestPack(t *testing.T) {
	var gs []Geometry
	for _, s := range []string{
		`{"type":"Point","coordinates":[35.5,33.9]}`,
		`{"type":"LineString","coordinates":[[35,33],[36,34],[36.5,33.5]]}`,
		`{"type":"Polygon","coordinates":[[[35,33],[36,33],[36,34],[35,34],[35,33]]]}`,
	} {
		g, errs := Parse([]byte(s), "g", Limits{})
		if errs != nil {
			t.Fatal(errs)
		}
		gs = append(gs, g)
	}
	var before []string
	ptrs := make([]*Geometry, len(gs))
	for i := range gs {
		b, _ := gs[i].MarshalJSON()
		before = append(before, string(b))
		ptrs[i] = &gs[i]
	}
	Pack(ptrs...)
	for i := range gs {
		if b, _ := gs[i].MarshalJSON(); string(b) != before[i] {
			t.Errorf("geometry %d changed: %s, was %s", i, b, before[i])
		}
		if cap(gs[i].pts) != len(gs[i].pts) {
			t.Errorf("geometry %d keeps spare room", i)
		}
	}
	_ = append(gs[0].pts, LonLat{1, 1})
	if b, _ := gs[1].MarshalJSON(); string(b) != before[1] {
		t.Errorf("appending to one geometry changed the next: %s", b)
	}
}

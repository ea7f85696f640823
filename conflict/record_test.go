package conflict

import (
	"reflect"
	"testing"
	"time"
)

// givenObjects are objects whose every field the index must give back
// as it was given: times in UTC, Local, a zone of their own, two zones
// at once, with a monotonic reading, beyond int64 nanoseconds, open
// ends; lists nil, empty and shared; disclosed volumes or none.
func givenObjects(t *testing.T) []Object {
	t.Helper()
	kyiv := time.FixedZone("EET", 2*3600)
	gaza := time.FixedZone("IST", 3*3600)
	now := time.Now() // a monotonic reading
	p := point(t, 37.1, 36.2)
	area := box(t, 37, 36, 37.3, 36.4)
	w := func(s, e time.Time) Volume { return vol(p, 300, Band{0, 1000}, Window{s, e}) }
	return []Object{
		{Type: Zone, ID: "z-utc", Party: partyA, Kind: NoStrike, Active: true,
			Restricts: Restrictions{Parties: []string{partyB}, Activities: []string{Any}},
			Volumes:   []Volume{vol(area, 0, AllAltitudes, Window{Start: at(-10)})}},
		{Type: Zone, ID: "z-empty-lists", Party: partyA, Kind: NoStrike, Active: true,
			Restricts: Restrictions{Parties: []string{}, Activities: []string{""}},
			Volumes:   []Volume{vol(area, 0, AllAltitudes, Window{End: at(10)})}, SeenBy: []string{}},
		{Type: Site, ID: "s-local", Party: partyB, Kind: "hospital", Active: true,
			Volumes: []Volume{w(at(-1).Local(), at(5).Local())}},
		{Type: Site, ID: "s-zone", Party: partyB, Kind: "hospital", Active: true,
			Volumes: []Volume{w(at(-1).In(kyiv), at(5).In(kyiv))}},
		{Type: Site, ID: "s-two-zones", Party: partyB, Kind: "school", Active: true,
			Volumes: []Volume{w(at(-1).In(kyiv), at(5).In(gaza))}},
		{Type: Site, ID: "s-monotonic", Party: partyB, Kind: "school", Active: true,
			Volumes: []Volume{w(now.Add(-time.Hour), now.Add(time.Hour))}},
		{Type: Site, ID: "s-beyond", Party: partyB, Kind: "school", Active: true,
			Volumes: []Volume{w(time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC))}},
		{Type: Notification, ID: "n-monotonic", Party: partyB, Kind: HumanitarianMovement, Active: true,
			Volumes:   []Volume{w(now.Add(-time.Hour), now.Add(time.Hour)), w(at(1), at(2))},
			Disclosed: []Volume{Disclose(w(now.Add(-time.Hour), now.Add(time.Hour))), Disclose(w(at(1), at(2)))},
			SeenBy:    []string{partyA, unHum}},
		{Type: Notification, ID: "n-shared", Party: partyA, Kind: HumanitarianMovement, Active: true,
			Volumes:   []Volume{w(at(0), at(3))},
			Disclosed: []Volume{Disclose(w(at(0), at(3)))},
			SeenBy:    []string{partyA, unHum}},
		{Type: Notification, ID: "n-empty-disclosed", Party: partyA, Kind: HumanitarianMovement, Active: true,
			Disclosed: []Volume{}},
	}
}

// TestObjectsComeBackAsGiven: the index keeps objects in records of
// its own (record.go); what Freeze gives back, what Candidate.Precise is
// shown and the windows of conflicts are the objects and times given,
// to the location and the monotonic reading.
func TestObjectsComeBackAsGiven(t *testing.T) {
	objs := givenObjects(t)
	for _, load := range []bool{false, true} {
		ix := New(Settings{})
		if load {
			if err := ix.Load(objs); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, o := range objs {
				if err := ix.Upsert(o); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, _ := ix.Freeze()
		byID := map[string]Object{}
		for _, o := range got {
			byID[o.ID] = o
		}
		for _, o := range objs {
			if !reflect.DeepEqual(byID[o.ID], o) {
				t.Errorf("load %v: %s comes back as\n%+v\nnot\n%+v", load, o.ID, byID[o.ID], o)
			}
			for i, v := range byID[o.ID].Volumes {
				if v.Window != o.Volumes[i].Window {
					t.Errorf("load %v: %s: window %d comes back as %v, not %v", load, o.ID, i, v.Window, o.Volumes[i].Window)
				}
			}
		}
		shown := map[string]bool{}
		indexing := false
		for _, precise := range []bool{true, false} {
			c := Candidate{Party: partyB, Kind: Strike, Volumes: []Volume{vol(point(t, 37.1, 36.2), 500, Band{0, 500}, Window{})},
				Precise: func(o *Object) bool {
					// The index shows the object without its volumes (who
					// it is and who sees it); the brute force, as given.
					want := byID[o.ID]
					if indexing {
						want.Volumes, want.Disclosed = nil, nil
					}
					if !reflect.DeepEqual(*o, want) {
						t.Errorf("Precise is shown %+v, not %+v", *o, want)
					}
					shown[o.ID] = true
					return precise
				}}
			indexing = true
			got := ix.Check(c)
			indexing = false
			want := bruteForce(ix.Settings(), c, objs)
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("load %v, precise %v: the index finds\n%+v\nthe brute force\n%+v", load, precise, got, want)
			}
			for i := range got {
				if got[i].Overlap != want[i].Overlap {
					t.Errorf("load %v: overlap %v, not %v", load, got[i].Overlap, want[i].Overlap)
				}
			}
		}
		if !shown["n-monotonic"] || !shown["n-shared"] {
			t.Errorf("load %v: Precise was shown %v", load, shown)
		}
	}
}

// TestRecordsLetGo: objects replaced and removed give back their
// volumes' room, lists and windows, and the room is used again.
func TestRecordsLetGo(t *testing.T) {
	ix := New(Settings{})
	objs := givenObjects(t)
	for range 3 {
		for _, o := range objs {
			if err := ix.Upsert(o); err != nil {
				t.Fatal(err)
			}
		}
	}
	vols, lists := len(ix.vols), len(ix.lists)
	if want := 13; vols != want {
		t.Errorf("%d volumes kept after three rounds of upserts, want %d", vols, want)
	}
	for _, o := range objs {
		ix.Remove(o.ID)
	}
	if len(ix.listIdx) != 0 || len(ix.exact) != 0 || ix.Len() != 0 {
		t.Errorf("after every removal: %d lists, %d exact windows, %d objects", len(ix.listIdx), len(ix.exact), ix.Len())
	}
	for _, v := range ix.vols {
		if !v.geom.Geometry().IsZero() {
			t.Fatal("a removed volume still holds its geometry")
		}
	}
	for _, o := range objs {
		if err := ix.Upsert(o); err != nil {
			t.Fatal(err)
		}
	}
	if len(ix.vols) != vols || len(ix.lists) != lists {
		t.Errorf("upserted again: %d volumes and %d lists, want %d and %d", len(ix.vols), len(ix.lists), vols, lists)
	}
}

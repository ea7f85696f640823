package conflict

import (
	"github.com/truce-center/truce/geo"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLayerMatchesBruteForce inserts, adds in bulk and deletes random
// rectangles (many rebuilds of the packed tree, dead items, a dynamic
// tree beside it) and compares every search with a scan of a list.
func TestLayerMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	randBox := func(span float32) rect32 {
		x, y := float32(rng.Float64()*40-20), float32(rng.Float64()*40-20)
		return rect32{[2]float32{x, y}, [2]float32{x + span*float32(rng.Float64()), y + span*float32(rng.Float64())}}
	}
	type entry struct {
		b  rect32
		it item
	}
	var l layer
	var live []entry
	next := uint32(0)
	for round := 0; round < 60; round++ {
		switch op := rng.IntN(10); {
		case op < 2: // bulk
			for i := 0; i < 200; i++ {
				e := entry{randBox(3), item{obj: next, part: uint16(i % 3)}}
				next++
				l.Add(e.b.min, e.b.max, e.it)
				live = append(live, e)
			}
			l.Flush()
		case op < 6:
			for i := 0; i < 1+rng.IntN(150); i++ {
				e := entry{randBox(5), item{obj: next}}
				next++
				l.Insert(e.b.min, e.b.max, e.it)
				live = append(live, e)
			}
		default:
			for i := 0; i < 1+rng.IntN(150) && len(live) > 0; i++ {
				k := rng.IntN(len(live))
				e := live[k]
				l.Delete(e.b.min, e.b.max, e.it)
				live = slices.Delete(live, k, k+1)
			}
		}
		if l.Len() != len(live) {
			t.Fatalf("round %d: Len %d, want %d", round, l.Len(), len(live))
		}
		for q := 0; q < 30; q++ {
			qb := randBox(8)
			var got, want []uint32
			l.Search(qb.min, qb.max, func(_, _ [2]float32, it item) bool { got = append(got, it.obj); return true })
			for _, e := range live {
				if e.b.meets(&qb) {
					want = append(want, e.it.obj)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: search %v found %d items, want %d", round, qb, len(got), len(want))
			}
		}
	}
	if l.p.nDead == 0 && len(l.p.items) == 0 {
		t.Fatal("the packed tree was never used")
	}
}

// TestSearchStops: a search stops when its function says so, in the
// packed tree and in the dynamic one.
func TestSearchStops(t *testing.T) {
	var l layer
	for i := 0; i < 100; i++ {
		l.Add([2]float32{0, 0}, [2]float32{1, 1}, item{obj: uint32(i)})
	}
	l.Flush()
	l.Insert([2]float32{0, 0}, [2]float32{1, 1}, item{obj: 1000})
	n := 0
	l.Search([2]float32{0, 0}, [2]float32{1, 1}, func(_, _ [2]float32, _ item) bool { n++; return n < 5 })
	if n != 5 {
		t.Fatalf("%d calls after asking to stop at 5", n)
	}
}

func TestHilbertKeepsNeighboursClose(t *testing.T) {
	if hilbert(0, 0) == hilbert(90, 45) {
		t.Fatal("distant points share a key")
	}
	if a, b := hilbert(10, 10), hilbert(10.0001, 10); a > b+16 || b > a+16 {
		t.Fatalf("keys of points 10 m apart differ by %d", int64(a)-int64(b))
	}
}

// TestManyPartiesAndKinds: past 62 parties (and past 254 names of any
// sort) the codes in the leaves run out; zones restricting such parties
// must still be found, through the overflow bits.
func TestManyPartiesAndKinds(t *testing.T) {
	ix := New(Settings{})
	var objs []Object
	for i := 0; i < 300; i++ {
		p := "party" + itoa(i)
		objs = append(objs, Object{Type: Zone, ID: "z" + itoa(i), Party: "owner" + itoa(i), Kind: NoStrike, Active: true,
			Restricts: Restrictions{Parties: []string{p}, Activities: []string{Strike}},
			Volumes:   []Volume{vol(box(t, 36, 35, 36.1, 35.1), 0, AllAltitudes, win(0, 24))}})
	}
	if err := ix.Load(objs); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 61, 62, 63, 100, 299} {
		c := Candidate{Party: "party" + itoa(i), Kind: Strike, Volumes: []Volume{vol(point(t, 36.05, 35.05), 10, Band{0, 100}, win(1, 2))}}
		got := ix.Check(c)
		want := bruteForce(Settings{}, c, objs)
		if summary(got) != summary(want) || len(got) != 1 {
			t.Errorf("party %d: %s, want %s", i, summary(got), summary(want))
		}
	}
}

// TestCodesDecideOnlyWhenExact: the refine skips the object's names when
// the leaf codes were exact (matched). Flights of 150 parties in one
// place, the first 50 indexed before 300 sites whose owners and kinds
// use up the codes, the rest after, so that their parties have none: a
// flight conflicts with every other party's flight and never its own
// party's, whether either side's party has a code or not; and the
// candidate's own earlier version (same id, another party) is never
// reported.
func TestCodesDecideOnlyWhenExact(t *testing.T) {
	ix := New(Settings{})
	var objs []Object
	flight := func(i int) Object {
		return Object{Type: Notification, ID: "f" + itoa(i), Party: "party" + itoa(i%150), Kind: Flight, Active: true,
			Volumes: []Volume{vol(point(t, 36+float64(i%7)*1e-4, 35), 10, Band{1000, 2000}, win(0, 24))}}
	}
	for i := 0; i < 300; i++ {
		if i%150 < 50 {
			objs = append(objs, flight(i))
		}
	}
	for i := 0; i < 300; i++ {
		objs = append(objs, Object{Type: Site, ID: "s" + itoa(i), Party: "site owner" + itoa(i), Kind: "kind" + itoa(i), Active: true,
			Volumes: []Volume{vol(point(t, 30, 30), 10, AllAltitudes, win(0, 24))}})
	}
	for i := 0; i < 300; i++ {
		if i%150 >= 50 {
			objs = append(objs, flight(i))
		}
	}
	for _, o := range objs {
		if err := ix.Upsert(o); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{0, 1, 49, 62, 149, 200, 299} {
		c := Candidate{ID: "f" + itoa(i), Party: "party" + itoa((i+1)%150), Kind: Flight,
			Volumes: []Volume{vol(point(t, 36, 35), 10, Band{1500, 1600}, win(1, 2))}}
		got := ix.Check(c)
		want := bruteForce(Settings{}, c, objs)
		if summary(got) != summary(want) || len(got) != 297 {
			t.Errorf("flight %d: %d conflicts, want %d (297): %s", i, len(got), len(want), summary(got))
		}
	}
	c := Candidate{Party: "a party with no code", Kind: Flight, Volumes: []Volume{vol(point(t, 36, 35), 10, Band{1500, 1600}, win(1, 2))}}
	if got, want := ix.Check(c), bruteForce(Settings{}, c, objs); summary(got) != summary(want) || len(got) != 300 {
		t.Errorf("a new party: %d conflicts, want %d (300)", len(got), len(want))
	}
}

// TestCapParts: a route cut into more pieces than an item can number is
// filed under maxParts rectangles, the last holding the rest: a strike
// at its far end still meets it, and removing it leaves no item behind.
func TestCapParts(t *testing.T) {
	pts := make([]geo.LonLat, 0, maxParts+5000)
	for i := range cap(pts) {
		lon := 30.0
		if i%2 == 1 {
			lon = 30.3 // every edge wider than lineSpanDeg: a piece each
		}
		pts = append(pts, geo.LonLat{Lon: lon, Lat: 20 + float64(i)*1e-4})
	}
	route := line(t, pts...)
	if n := len(vol(route, 50, Band{0, 100}, win(0, 1)).Footprint.Cover(0, lineSpanDeg)); n <= maxParts {
		t.Fatalf("the route's cover has %d rectangles: the test needs more than %d", n, maxParts)
	}
	ix := New(Settings{})
	hum := Object{Type: Notification, ID: "n-long", Party: partyA, Kind: HumanitarianMovement, Active: true,
		Volumes: []Volume{vol(route, 50, Band{0, 100}, win(0, 1))}}
	if err := ix.Upsert(hum); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.items(); n > maxParts {
		t.Errorf("%d items for one volume in one time slice, want at most %d", n, maxParts)
	}
	end := pts[len(pts)-1]
	strike := Candidate{Party: partyB, Kind: Strike, Volumes: []Volume{vol(point(t, end.Lon, end.Lat), 10, Band{0, 100}, win(0, 1))}}
	if cs := ix.Check(strike); len(cs) != 1 || cs[0].With.ID != "n-long" {
		t.Errorf("a strike at the route's end meets %v, want n-long", summary(cs))
	}
	ix.Remove("n-long")
	if n, _ := ix.items(); n != 0 {
		t.Errorf("%d items left after the route was removed", n)
	}
}

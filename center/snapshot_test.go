package center_test

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/hotline"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/sites"
	"github.com/truce-center/truce/center/zones"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/benchstore"
	"github.com/truce-center/truce/sqlite"
)

// snapStore is a store of the benchmark mix with entries written after a
// snapshot was taken of it: hidden and coarse objects, a notification in
// conflict with them, an acknowledgement, a cancellation, a message.
type snapStore struct {
	dir, snap string
	info      *benchstore.Info
	signer    note.Signer
	clock     *centertest.Clock
}

// clone copies the store and its snapshot (the centers on it closed):
// the questions a center is asked may write to it (access records), and
// two centers compared must start from the same store.
func (s *snapStore) clone(t *testing.T) *snapStore {
	t.Helper()
	out := *s
	out.clock = centertest.NewClock(s.clock.Now())
	out.dir = t.TempDir()
	out.snap = filepath.Join(out.dir, "snapshot")
	files, err := os.ReadDir(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(s.dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out.dir, f.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return &out
}

// openCenter opens a center on the store, with the snapshot at snap ("":
// none), its log lines in logs.
func (s *snapStore) openCenter(t *testing.T, snap string, logs *centertest.LockedBuffer) *center.Center {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, s.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, nil))
	}
	c, err := center.Open(ctx, core.Config{Store: store, Signer: s.signer, Clock: s.clock, Logger: log, Settings: benchstore.Settings(), Snapshot: snap})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (s *snapStore) caller(t *testing.T, c *center.Center, name string) *core.Caller {
	t.Helper()
	token := s.info.Coordinator.Token
	for _, p := range s.info.Parties {
		if p.Name == name {
			token = p.Token
		}
	}
	caller, err := c.Authenticate(token)
	if err != nil {
		t.Fatal(err)
	}
	return caller
}

func newSnapStore(t *testing.T) *snapStore {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	info, err := benchstore.Build(ctx, dir, 400, nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(dir, benchstore.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(key)))
	if err != nil {
		t.Fatal(err)
	}
	s := &snapStore{dir: dir, snap: filepath.Join(dir, "snapshot"), info: info, signer: signer, clock: centertest.NewClock(time.Now().Add(time.Minute))}

	// Opened in full, the center writes its snapshot at once, before
	// any write (a quiet center would otherwise load in full again at
	// its next start), and not again when it closes with nothing new.
	var logs centertest.LockedBuffer
	c := s.openCenter(t, s.snap, &logs)
	size := c.Size()
	c.Close()
	fi, err := os.Stat(s.snap)
	if err != nil {
		t.Fatalf("no snapshot after Close: %v (log: %s)", err, logs.String())
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the snapshot's mode is %v, want 0600", fi.Mode().Perm())
	}
	if n := strings.Count(logs.String(), `msg="wrote the snapshot"`); n != 1 || !strings.Contains(logs.String(), fmt.Sprintf("why=open log_size=%d ", size)) {
		t.Errorf("the log does not say the snapshot was written once, at open, at %d entries: %s", size, logs.String())
	}

	// Entries after the snapshot, by a center that keeps none.
	c = s.openCenter(t, "", nil)
	s.writeMore(t, c)
	if c.Size() <= size {
		t.Fatal("nothing written after the snapshot")
	}
	c.Close()
	return s
}

// writeMore writes acts of every kind the mix lacks.
func (s *snapStore) writeMore(t *testing.T, c *center.Center) {
	t.Helper()
	ctx := context.Background()
	us, ru, sy, un := s.caller(t, c, "us"), s.caller(t, c, "ru"), s.caller(t, c, "sy"), s.caller(t, c, "un")
	now := s.clock.Now()
	valid := truce.Window{Start: truce.InstantOf(now.Add(-time.Hour)), End: truce.InstantOf(now.Add(90 * 24 * time.Hour))}
	// Beside an existing site, so that the strike below meets both.
	var at geoPoint
	for _, site := range c.Sites().SeenBy(un, sites.SiteFilter{}) {
		if err := json.Unmarshal(site.Geometry.JSON(), &at); err == nil && at.Type == "Point" {
			break
		}
	}
	point := func(dx float64) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%.5f,%.5f]}`, at.Coordinates[0]+dx, at.Coordinates[1]))
	}
	if _, err := c.Sites().Add(ctx, us, sites.SiteInput{Name: "hidden clinic", Category: "hospital", Geometry: point(0.001), BufferM: 200,
		Valid: valid, Disclosure: truce.DisclosureHidden, Recipients: []string{}}); err != nil {
		t.Fatal(err)
	}
	coarse, err := c.Sites().Add(ctx, us, sites.SiteInput{Name: "coarse school", Category: "school", Geometry: point(-0.001), BufferM: 100,
		Valid: valid, Disclosure: truce.DisclosureCoarse, Recipients: []string{ru.Party.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Sites().Acknowledge(ctx, ru, coarse.ID); err != nil {
		t.Fatal(err)
	}
	ring := fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[1]f,%[2]f],[%[3]f,%[2]f],[%[3]f,%[4]f],[%[1]f,%[4]f],[%[1]f,%[2]f]]]}`,
		at.Coordinates[0]-0.05, at.Coordinates[1]-0.05, at.Coordinates[0]+0.05, at.Coordinates[1]+0.05)
	z, err := c.Zones().Propose(ctx, un, zones.ZoneInput{Name: "coarse belt", Kind: "no-strike", Geometry: json.RawMessage(ring), Valid: valid,
		Restricts: truce.Restrictions{Parties: []string{ru.Party.ID}, Activities: []string{"strike"}}, Endorsers: []string{ru.Party.ID}, Disclosure: truce.DisclosureCoarse})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Zones().Endorse(ctx, ru, z.ID, ""); err != nil {
		t.Fatal(err)
	}
	start := s.info.Quiet.Add(2 * time.Hour).Truncate(time.Minute)
	vol := truce.Volume{Geometry: truce.NewGeoJSON(point(0)), RadiusM: 500, Altitude: truce.Altitude{MinM: 0, MaxM: 9000}, Start: truce.InstantOf(start), End: truce.InstantOf(start.Add(time.Hour))}
	strike, err := c.Notifications().Submit(ctx, ru, notifications.NotificationInput{Kind: "strike", Title: "after the snapshot", Volumes: []truce.Volume{vol}})
	if err != nil {
		t.Fatal(err)
	}
	if strike.Conflicts.Len() == 0 {
		t.Error("the strike beside the sites has no conflict")
	}
	flight, err := c.Notifications().Submit(ctx, sy, notifications.NotificationInput{Kind: "flight", Title: "to be cancelled", Volumes: []truce.Volume{vol}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Notifications().Cancel(ctx, sy, flight.ID); err != nil {
		t.Fatal(err)
	}
	for _, p := range strike.MustAcknowledge() {
		for _, name := range []string{"us", "sy", "tr", "iq", "jo", "un"} {
			if caller := s.caller(t, c, name); caller.Party.ID == p {
				if _, err := c.Notifications().Acknowledge(ctx, caller, strike.ID, notifications.AckInput{Decision: "acknowledge"}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if _, err := c.Hotline().Send(ctx, us, hotline.MessageInput{To: []string{ru.Party.ID}, Priority: "urgent", Subject: "convoy", Body: "at the crossing at noon"}); err != nil {
		t.Fatal(err)
	}
}

type geoPoint struct {
	Type        string    `json:"type"`
	Coordinates []float64 `json:"coordinates"`
}

// seen is what a center answers: its state, the index's objects, and
// the conflicts of candidates as the engine and as a party's dry run
// see them.
type seen struct {
	state   *core.State
	objects []conflict.Object
	checks  [][]conflict.Conflict
	dryRuns []string
	lists   []string
}

func (s *snapStore) look(t *testing.T, c *center.Center) seen {
	t.Helper()
	var out seen
	c.Read(func(st *core.State) { out.state = st })
	out.objects = c.IndexObjects()
	slices.SortFunc(out.objects, func(a, b conflict.Object) int { return cmp.Compare(a.ID, b.ID) })
	// Candidates in the places and times of the store's own
	// notifications, and strikes on its sites and zones.
	var cands []conflict.Candidate
	start := s.info.Quiet.Add(2 * time.Hour).Truncate(time.Minute)
	taken := map[conflict.ObjectType]int{}
	for _, o := range out.objects {
		if taken[o.Type] >= 30 {
			continue
		}
		taken[o.Type]++
		v := o.Volumes[0]
		if o.Type == conflict.Notification {
			cands = append(cands, conflict.Candidate{Kind: o.Kind, Volumes: []conflict.Volume{v}})
			continue
		}
		if v.Footprint.Geometry.Type() == geo.TypePoint {
			v.Footprint.BufferM = max(v.Footprint.BufferM, 100)
		}
		v.Altitude, v.Window = conflict.Band{MinM: 0, MaxM: 9000}, conflict.Window{Start: start, End: start.Add(time.Hour)}
		cands = append(cands, conflict.Candidate{Kind: conflict.Strike, Volumes: []conflict.Volume{v}})
	}
	ru := s.caller(t, c, "ru")
	for _, cand := range cands {
		cand.Party = ru.Party.ID
		out.checks = append(out.checks, c.Conflicts(nil, cand))
		geom, err := json.Marshal(cand.Volumes[0].Footprint.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		v := cand.Volumes[0]
		vol := truce.Volume{Geometry: truce.NewGeoJSON(geom), Altitude: truce.Altitude{MinM: v.Altitude.MinM, MaxM: v.Altitude.MaxM}, Start: truce.InstantOf(v.Window.Start), End: truce.InstantOf(v.Window.End)}
		switch v.Footprint.Geometry.Type() {
		case geo.TypePoint:
			vol.RadiusM = v.Footprint.BufferM
		case geo.TypeLineString:
			vol.WidthM = 2 * v.Footprint.BufferM
		}
		in := notifications.NotificationInput{Kind: cand.Kind, Volumes: []truce.Volume{vol}}
		got, err := c.Notifications().Deconflict(context.Background(), ru, in)
		out.dryRuns = append(out.dryRuns, fmt.Sprintf("%s %v", canonical(t, got), err))
	}
	for _, name := range []string{"ru", "us", "un"} {
		caller := s.caller(t, c, name)
		listed, err := c.Notifications().List(context.Background(), caller, notifications.NotificationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out.lists = append(out.lists, canonical(t, listed),
			canonical(t, c.Sites().SeenBy(caller, sites.SiteFilter{})), canonical(t, c.Zones().SeenBy(caller, zones.ZoneFilter{})))
	}
	return out
}

// canonical is v's JSON with the members of every object in order: an
// object written after the snapshot holds its geometry as the act made
// it, one loaded from the store as the store keeps it (canonical).
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	b, err = json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (a seen) same(t *testing.T, b seen) {
	t.Helper()
	if diffs, err := core.Diff(a.state, b.state, 10); err != nil || len(diffs) > 0 {
		t.Errorf("the states differ: %v %v", diffs, err)
	}
	if len(a.objects) != len(b.objects) {
		t.Errorf("the index holds %d objects, want %d", len(b.objects), len(a.objects))
	}
	for i := range min(len(a.objects), len(b.objects)) {
		if !reflect.DeepEqual(a.objects[i], b.objects[i]) {
			t.Errorf("index object %s differs:\n%+v\n%+v", a.objects[i].ID, a.objects[i], b.objects[i])
			break
		}
	}
	if !reflect.DeepEqual(a.checks, b.checks) {
		t.Error("the index's answers differ")
	}
	for i := range a.dryRuns {
		if a.dryRuns[i] != b.dryRuns[i] {
			t.Errorf("dry run %d differs:\n%s\n%s", i, a.dryRuns[i], b.dryRuns[i])
			break
		}
	}
	for i := range a.lists {
		if a.lists[i] != b.lists[i] {
			x, y := a.lists[i], b.lists[i]
			j := 0
			for j < min(len(x), len(y)) && x[j] == y[j] {
				j++
			}
			t.Errorf("list %d differs at %d: %.200s\n%.200s", i, j, x[max(j-100, 0):], y[max(j-100, 0):])
		}
	}
}

// TestSnapshotOpen: a center opened from its snapshot, with the entries
// written after it replayed, holds what a center that loads the store in
// full holds, and answers every question the same: its state object for
// object, its conflict index, the engine's checks, the parties' dry runs
// and lists. Closed, it writes a snapshot of what it replayed; opened
// from that one, nothing is left to replay.
func TestSnapshotOpen(t *testing.T) {
	s := newSnapStore(t)
	// Each center is asked the same questions, then its clock moves far
	// ahead (every window ends, every site and zone expires) and the
	// clock's acts run: what falls due comes from the queue its open
	// made. Then it is asked again.
	run := func(c *center.Center, st *snapStore) (seen, uint64) {
		first := st.look(t, c)
		before := c.Size()
		// A day at a time: what falls due together fits one act of the
		// clock, so that both centers write the same acts (the order of
		// equal due times in the queue is the order objects were loaded).
		for range 120 {
			st.clock.Advance(24 * time.Hour)
			if err := c.Advance(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		expired := 0
		c.Read(func(s *core.State) {
			for _, n := range core.TNotification.All(s) {
				if n.State != truce.NotificationSubmitted && n.State != truce.NotificationAcknowledged {
					expired++
				}
			}
		})
		if c.Size() == before || expired < 100 {
			t.Fatalf("the clock's acts wrote %d entries; %d notifications are over", c.Size()-before, expired)
		}
		last := st.look(t, c)
		last.objects = append(first.objects, last.objects...)
		last.checks = append(first.checks, last.checks...)
		last.dryRuns = append(first.dryRuns, last.dryRuns...)
		last.lists = append(first.lists, last.lists...)
		return last, c.Size()
	}
	a := s.clone(t)
	var logs centertest.LockedBuffer
	c := a.openCenter(t, a.snap, &logs)
	if !strings.Contains(logs.String(), "opened from the snapshot") || strings.Contains(logs.String(), "not used") {
		t.Fatalf("the center did not open from its snapshot: %s", logs.String())
	}
	if c.Size() <= 415 {
		t.Fatalf("the center reflects %d entries", c.Size())
	}
	// The lists of parties read from the snapshot share their arrays
	// again (truce.InternList), as those of documents loaded in full do:
	// the codec reads each list into an array of its own. (Those the
	// entries after it changed are the appliers'.)
	var snapSize uint64
	if _, err := fmt.Sscan(regexp.MustCompile(`snapshot_size=(\d+)`).FindStringSubmatch(logs.String())[1], &snapSize); err != nil {
		t.Fatal(err)
	}
	c.Read(func(s *core.State) {
		arrays, shared := map[string]*string{}, 0
		for id, n := range core.TNotification.All(s) {
			if len(n.MustAcknowledge()) == 0 || n.LogIndex >= snapSize {
				continue
			}
			key := strings.Join(n.MustAcknowledge(), ",")
			if p, ok := arrays[key]; !ok {
				arrays[key] = &n.MustAcknowledge()[0]
			} else if p != &n.MustAcknowledge()[0] {
				t.Fatalf("%s's parties %v are an array of their own", id, n.MustAcknowledge())
			} else {
				shared++
			}
		}
		if shared == 0 {
			t.Fatal("no two notifications name the same parties: the check proves nothing")
		}
	})
	fromSnap, size := run(c, a)
	found, disclosed := 0, 0
	for _, cs := range fromSnap.checks {
		found += len(cs)
	}
	for _, o := range fromSnap.objects {
		if o.Disclosed != nil {
			disclosed++
		}
	}
	for _, d := range fromSnap.dryRuns {
		if strings.HasPrefix(d, "[{") {
			found++
		}
	}
	if found == 0 || disclosed == 0 {
		t.Fatalf("%d conflicts found, %d objects disclosed coarsely: the comparison below would prove little", found, disclosed)
	}
	c.Close()
	b := s.clone(t)
	full, fullSize := run(b.openCenter(t, "", nil), b)
	full.same(t, fromSnap)
	if fullSize != size {
		t.Errorf("%d entries from the snapshot, %d loaded in full", size, fullSize)
	}

	// The snapshot written at Close holds what was replayed and written
	// since: opened from it, nothing is left to replay.
	a2 := a.clone(t)
	logs.Reset()
	c = a.openCenter(t, a.snap, &logs)
	if !strings.Contains(logs.String(), fmt.Sprintf("snapshot_size=%d log_size=%[1]d", c.Size())) {
		t.Fatalf("the snapshot written at Close is not of every entry: %s", logs.String())
	}
	a2.look(t, a2.openCenter(t, "", nil)).same(t, a.look(t, c))
}

// TestSnapshotRefused: a snapshot that does not match the log, is
// truncated, has a flipped byte or is of another version is refused with
// a warning naming why, and the center loads in full and holds what it
// should.
func TestSnapshotRefused(t *testing.T) {
	s := newSnapStore(t)
	good, err := os.ReadFile(s.snap)
	if err != nil {
		t.Fatal(err)
	}
	want := s.clone(t)
	w := want.look(t, want.openCenter(t, "", nil))
	// resum sets the checksum of a changed file, so that what is refused
	// is the change, not the checksum.
	resum := func(b []byte) []byte {
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], crc32.MakeTable(crc32.Castagnoli)))
		return b
	}
	for _, tc := range []struct {
		name, reason string
		bytes        func() []byte
	}{
		{"Truncated", "checksum", func() []byte { return good[:len(good)/2] }},
		{"FlippedByte", "checksum", func() []byte {
			b := slices.Clone(good)
			b[len(b)/3] ^= 0x10
			return b
		}},
		{"WrongVersion", "format version", func() []byte {
			b := slices.Clone(good)
			binary.LittleEndian.PutUint32(b[8:], 99)
			return resum(b)
		}},
		{"OtherTypes", "other types", func() []byte {
			b := slices.Clone(good)
			b[12] ^= 1 // the fingerprint of the types
			return resum(b)
		}},
		{"OtherRoot", "root", func() []byte {
			b := slices.Clone(good)
			b[52] ^= 1
			return resum(b)
		}},
		{"LongerThanTheLog", "the log holds", func() []byte {
			b := slices.Clone(good)
			binary.LittleEndian.PutUint64(b[44:], 1<<40)
			return resum(b)
		}},
		{"DamagedSections", "damaged", func() []byte {
			b := slices.Clone(good)
			b[92] = 0x7f // how many sections follow the header
			return resum(b)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "snapshot")
			if err := os.WriteFile(path, tc.bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			var logs centertest.LockedBuffer
			s := s.clone(t)
			c := s.openCenter(t, path, &logs)
			out := logs.String()
			if !strings.Contains(out, "the snapshot was not used") || !strings.Contains(out, tc.reason) {
				t.Errorf("no warning naming %q: %s", tc.reason, out)
			}
			if strings.Contains(out, "opened from the snapshot") {
				t.Errorf("opened from a refused snapshot: %s", out)
			}
			w.same(t, s.look(t, c))
			// The refused snapshot (a new build's format, say) is
			// replaced at once, not after the first write: the next
			// start opens from it.
			c.Close()
			if !strings.Contains(logs.String(), "why=open") {
				t.Errorf("the refused snapshot was not replaced at open: %s", logs.String())
			}
			logs.Reset()
			s.openCenter(t, path, &logs).Close()
			if !strings.Contains(logs.String(), "opened from the snapshot") {
				t.Errorf("the next start did not open from the snapshot written at open: %s", logs.String())
			}
		})
	}
}

// TestSnapshotInBackground: a running center writes its snapshot once
// SnapshotEntries entries were committed since the last one, or once
// SnapshotInterval passed (the injected clock) with entries written, and
// at Close what came after.
func TestSnapshotInBackground(t *testing.T) {
	for _, tc := range []struct {
		name     string
		entries  int
		interval time.Duration
	}{{"Entries", 4, time.Hour}, {"Interval", 1 << 30, time.Minute}} {
		t.Run(tc.name, func(t *testing.T) {
			var logs centertest.LockedBuffer
			clk := centertest.NewClock(centertest.Start)
			path := filepath.Join(t.TempDir(), "snapshot")
			o := centertest.Open(t, func(cfg *core.Config) {
				cfg.Clock, cfg.Snapshot, cfg.SnapshotEntries, cfg.SnapshotInterval = clk, path, tc.entries, tc.interval
				cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			})
			un, err := o.C.Authenticate(o.Init.Token)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 6 {
				clk.Advance(40 * time.Second)
				if _, err := o.C.Members().RegisterParty(context.Background(), un, members.PartyInput{Name: fmt.Sprintf("party %d", i), Kind: "party"}); err != nil {
					t.Fatal(err)
				}
			}
			o.C.Close()
			wrote := strings.Count(logs.String(), `msg="wrote the snapshot"`)
			if wrote < 2 || !strings.Contains(logs.String(), fmt.Sprintf("log_size=%d ", o.C.Size())) {
				t.Fatalf("%d snapshots written, the last not at %d entries: %s", wrote, o.C.Size(), logs.String())
			}
		})
	}
}

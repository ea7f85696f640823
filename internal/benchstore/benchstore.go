// Package benchstore builds the stores the server benchmarks run on: a
// data directory `truce serve` opens, holding n objects of the
// benchmark mix (conflict/benchdata's load: protected sites, zones with
// polygons, strikes, flights, ground and humanitarian movements, plus
// violation reports), written by a real center through its own acts, so
// that the log is as `truce log verify` and `truce log replay` expect.
//
// Stores are built once per size under os.TempDir() and reused (Cached);
// a store whose windows would soon fall due is built again, so that a
// server started on it has nothing due for a day.
//
// It is for benchmarks and load tests only: tokens are kept in the
// directory in clear (bench.json).
package benchstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/sites"
	"github.com/truce-center/truce/center/zones"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/sqlite"
)

// Origin is the log origin of every bench store.
const Origin = "truce.invalid/bench"

// KeyFile is the signing key's name in the directory, as `truce init`
// writes it.
const KeyFile = "center.key"

// InfoFile holds the store's Info as JSON.
const InfoFile = "bench.json"

// Seat is a party of the store and its one member's token.
type Seat struct {
	Name    string `json:"name"`
	PartyID string `json:"party_id"`
	Token   string `json:"token"`
}

// Info describes a built store.
type Info struct {
	Dir string `json:"-"`
	// Objects is how many objects were written (sites, zones,
	// notifications and reports), Entries the log's size.
	Objects int    `json:"objects"`
	Entries uint64 `json:"entries"`
	// Coordinator is the UN desk; Parties are the six parties of the
	// load (us, ru, sy, tr, iq, jo), one member each.
	Coordinator Seat   `json:"coordinator"`
	Parties     []Seat `json:"parties"`
	// Built is when the store was made; its notifications' windows start
	// after Quiet and end within 36 days of it.
	Built time.Time `json:"built"`
	Quiet time.Time `json:"quiet_until"`
	// Counts by kind of object.
	Counts map[string]int `json:"counts"`
	// Seconds the build took.
	Seconds float64 `json:"seconds"`
}

// Settings are the center settings a bench store is built with: the
// question budget raised so that its writers are not refused. A server
// benchmark may use them too.
func Settings() core.Settings {
	return core.Settings{Questions: core.QuestionSettings{PerHour: 1 << 30}}
}

// Cached returns the store of n objects under os.TempDir()
// (truce-bench-store-N), building it if it is missing, incomplete, or
// would have something due within a day. logf, if not nil, reports
// progress.
func Cached(ctx context.Context, n int, logf func(format string, args ...any)) (*Info, error) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-store-%d", n))
	if info, err := Load(dir); err == nil && info.Objects == n && time.Until(info.Quiet) > 24*time.Hour {
		return info, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	return Build(ctx, dir, n, logf)
}

// Load reads the description of a built store in dir.
func Load(dir string) (*Info, error) {
	b, err := os.ReadFile(filepath.Join(dir, InfoFile))
	if err != nil {
		return nil, err
	}
	var info Info
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("%s: %w", InfoFile, err)
	}
	info.Dir = dir
	return &info, nil
}

// Build makes a store of n objects in dir, which must not hold one. The
// objects go through the center's acts (validation, conflict check,
// sealing, the log) from many writers at once, so that the writer
// commits them in large batches.
func Build(ctx context.Context, dir string, n int, logf func(format string, args ...any)) (*Info, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	began := time.Now()
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); err == nil {
		return nil, fmt.Errorf("%s already holds a center", dir)
	}
	skey, vkey, err := note.GenerateKey(nil, Origin)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, KeyFile), []byte(skey+"\n"), 0o600); err != nil {
		return nil, err
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, err
	}
	store, err := sqlite.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer, Settings: Settings(), MaxBatch: 1024, QueueLength: 1 << 16})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	res, err := c.Init(ctx, vkey, "UN", "desk")
	if err != nil {
		return nil, err
	}
	un, err := c.Authenticate(res.Token)
	if err != nil {
		return nil, err
	}
	now := c.Now()
	info := &Info{Dir: dir, Objects: n, Built: now, Quiet: now.Add(quiet), Counts: map[string]int{},
		Coordinator: Seat{Name: "UN", PartyID: res.PartyID, Token: res.Token}}
	callers := map[string]*core.Caller{"un": un}
	for _, name := range []string{"us", "ru", "sy", "tr", "iq", "jo"} {
		p, err := c.Members().RegisterParty(ctx, un, members.PartyInput{Name: name, Kind: truce.KindParty})
		if err != nil {
			return nil, err
		}
		m, err := c.Members().Register(ctx, un, p.ID, members.MemberInput{Name: "desk"})
		if err != nil {
			return nil, err
		}
		if callers[name], err = c.Authenticate(m.Token); err != nil {
			return nil, err
		}
		info.Parties = append(info.Parties, Seat{Name: name, PartyID: p.ID, Token: m.Token})
	}
	partyID := func(name string) string { return callers[name].Party.ID }

	// One goroutine draws the objects (the generator is sequential);
	// many write them.
	acts := make(chan act, 1024)
	go func() {
		defer close(acts)
		g := benchdata.New(benchdata.MiddleEast, 1)
		for i := range n {
			a := act{obj: g.Object(), report: i%200 == 199, ago: time.Duration(i%8760) * time.Hour}
			select {
			case acts <- a:
			case <-ctx.Done():
				return
			}
		}
	}()
	shift := info.Quiet.Truncate(time.Minute).Sub(benchdata.Start)
	var (
		mu      sync.Mutex
		done    atomic.Int64
		errOnce error
	)
	var wg sync.WaitGroup
	for range max(64, 16*runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range acts {
				kind, err := a.write(ctx, c, callers, partyID, now, shift)
				mu.Lock()
				if err != nil && errOnce == nil {
					errOnce = fmt.Errorf("%s %s: %w", kind, a.obj.ID, err)
				}
				info.Counts[kind]++
				mu.Unlock()
				if err != nil {
					continue
				}
				if d := done.Add(1); d%50000 == 0 {
					logf("benchstore: %d of %d objects in %s", d, n, time.Since(began).Round(time.Second))
				}
			}
		}()
	}
	wg.Wait()
	if errOnce != nil {
		return nil, errOnce
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := c.Sync(ctx); err != nil {
		return nil, err
	}
	info.Entries = c.Size()
	info.Seconds = time.Since(began).Seconds()
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, InfoFile), b, 0o600); err != nil {
		return nil, err
	}
	logf("benchstore: %d objects, %d entries in %s", n, info.Entries, time.Since(began).Round(time.Second))
	return info, nil
}

// quiet is how long after a store is built its first notification
// window starts: a server started on it within this time has nothing
// due but what its own benchmark adds. The lead times (48 h at most)
// hold.
const quiet = 3 * 24 * time.Hour

type act struct {
	obj    conflict.Object
	report bool          // write a violation report in the object's place
	ago    time.Duration // how long before the build the reported event happened
}

// write makes the object through the center's act for its kind and
// returns the kind.
func (a act) write(ctx context.Context, c *center.Center, callers map[string]*core.Caller, partyID func(string) string, now time.Time, shift time.Duration) (string, error) {
	o := a.obj
	vol := o.Volumes[0]
	geom, err := json.Marshal(vol.Footprint.Geometry)
	if err != nil {
		return "", err
	}
	caller := callers[o.Party]
	// Sites and zones are valid from the build for two months.
	valid := truce.Window{Start: truce.InstantOf(now.Add(-time.Hour)), End: truce.InstantOf(now.Add(quiet + 60*24*time.Hour))}
	switch {
	case a.report:
		// At the object's first point, within the year before the
		// build: a shelling reported by a party.
		at := now.Add(-time.Hour - a.ago)
		p := vol.Footprint.Geometry.Bounds()
		loc := fmt.Sprintf(`{"type":"Point","coordinates":[%.5f,%.5f]}`, p.MinLon, p.MinLat)
		reporter := callers["us"]
		if o.Party != "un" {
			reporter = caller
		}
		_, err := c.Reports().Submit(ctx, reporter, reports.ReportInput{OccurredAt: at, TimePrecision: 1, GeoPrecision: 2,
			Location: json.RawMessage(loc), EventType: truce.ExplosionsRemoteViolence, SubEventType: truce.Shelling,
			Actor1: "unidentified armed group", Fatalities: 1, Sources: []truce.Source{{Name: "field team", Scale: "local"}}})
		return "report", err
	case o.Type == conflict.Site:
		_, err := c.Sites().Add(ctx, callers["un"], sites.SiteInput{Name: "site " + o.ID, Category: o.Kind, Geometry: geom,
			BufferM: float64(int(vol.Footprint.BufferM)), Valid: valid, Disclosure: truce.DisclosurePrecise, Recipients: []string{}})
		return "site", err
	case o.Type == conflict.Zone:
		restricts := truce.Restrictions{Activities: o.Restricts.Activities}
		for _, p := range o.Restricts.Parties {
			if id := partyID(p); !slices.Contains(restricts.Parties, id) {
				restricts.Parties = append(restricts.Parties, id)
			}
		}
		_, err := c.Zones().Propose(ctx, callers["un"], zones.ZoneInput{Name: "zone " + o.ID, Kind: o.Kind, Geometry: geom,
			Valid: valid, Restricts: restricts, Endorsers: restricts.Parties})
		return "zone", err
	case o.Type == conflict.Notification:
		v, err := volume(vol, shift)
		if err != nil {
			return "", err
		}
		_, err = c.Notifications().Submit(ctx, caller, notifications.NotificationInput{Kind: o.Kind, Title: o.Kind + " " + o.ID, Volumes: []truce.Volume{v}})
		return o.Kind, err
	}
	return "", errors.New("an object of no known type")
}

// Request is a notification's body (JSON, as POST /v1/notifications and
// POST /v1/deconflict take it) and the token of the member who sends it.
type Request struct {
	Token string
	Body  []byte
}

// Requests returns n notifications drawn like the load's (seed 3: not
// the store's own objects), each sent by a member of its own party, in
// the store's quiet time; strikes only if strikes is true.
func (info *Info) Requests(n int, strikes bool) []Request {
	return info.requests(n, strikes, 0)
}

// AwayLon is how far west RequestsAway moves the load: the benchmark
// mix lies between 32° and 60° east, so it lands between 8° west and 20°
// east, where the store holds nothing.
const AwayLon = -40

// RequestsAway returns strikes drawn as Requests draws them, moved
// AwayLon degrees of longitude to where no stored object is: each meets
// nothing, on a large store as on an empty one, so that the cost of the
// store's size can be told from the cost of what a strike meets.
func (info *Info) RequestsAway(n int) []Request {
	return info.requests(n, true, AwayLon)
}

func (info *Info) requests(n int, strikes bool, dLon float64) []Request {
	g := benchdata.New(benchdata.MiddleEast, 3)
	shift := info.Quiet.Add(time.Hour).Truncate(time.Minute).Sub(benchdata.Start)
	seats := map[string]string{"un": info.Coordinator.Token}
	for _, s := range info.Parties {
		seats[s.Name] = s.Token
	}
	out := make([]Request, n)
	for i := range out {
		c := g.Candidate()
		for strikes && c.Kind != conflict.Strike {
			c = g.Candidate()
		}
		v, err := volume(c.Volumes[0], shift)
		if err != nil {
			panic(err) // the generator's geometry always encodes
		}
		if dLon != 0 {
			v.Geometry = truce.NewGeoJSON(moved(v.Geometry.JSON(), dLon))
		}
		b, err := json.Marshal(notifications.NotificationInput{Kind: c.Kind, Title: "load", Volumes: []truce.Volume{v}})
		if err != nil {
			panic(err)
		}
		out[i] = Request{seats[c.Party], b}
	}
	return out
}

// moved is GeoJSON geometry g with every position's longitude moved by
// dLon degrees.
func moved(g json.RawMessage, dLon float64) json.RawMessage {
	var v map[string]any
	if err := json.Unmarshal(g, &v); err != nil {
		panic(err) // encoded just before
	}
	var walk func(x any)
	walk = func(x any) {
		a, ok := x.([]any)
		if !ok || len(a) == 0 {
			return
		}
		if lon, ok := a[0].(float64); ok {
			a[0] = lon + dLon
			return
		}
		for _, y := range a {
			walk(y)
		}
	}
	walk(v["coordinates"])
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// volume is a generated volume as the API takes it, its window moved on
// by shift.
func volume(vol conflict.Volume, shift time.Duration) (truce.Volume, error) {
	geom, err := json.Marshal(vol.Footprint.Geometry)
	if err != nil {
		return truce.Volume{}, err
	}
	v := truce.Volume{Geometry: truce.NewGeoJSON(geom), Altitude: truce.Altitude{MinM: vol.Altitude.MinM, MaxM: vol.Altitude.MaxM},
		Start: truce.InstantOf(vol.Window.Start.Add(shift)), End: truce.InstantOf(vol.Window.End.Add(shift))}
	if vol.Footprint.Geometry.Type() == geo.TypePoint {
		v.RadiusM = float64(int(vol.Footprint.BufferM))
	} else {
		v.WidthM = float64(int(2 * vol.Footprint.BufferM))
	}
	return v, nil
}

// Drive sends reqs in turn (cycling) to base+path with client c from
// clients goroutines while more says so (it is given the running count,
// from 1), and returns the round trips of the answers that succeeded,
// sorted, and how many failed (the first few are printed to w).
func Drive(c Client, base, path string, reqs []Request, clients int, more func(n int64) bool, w io.Writer) ([]time.Duration, int64) {
	var (
		next   atomic.Int64
		failed atomic.Int64
		mu     sync.Mutex
		lat    []time.Duration
		wg     sync.WaitGroup
	)
	fail := func(format string, a ...any) {
		if failed.Add(1) <= 3 {
			fmt.Fprintf(w, format+"\n", a...)
		}
	}
	dial, err := sender(c, base, path, reqs, clients)
	if err != nil {
		fail("%v", err)
		return nil, failed.Load()
	}
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send, done := dial()
			defer done()
			var mine []time.Duration
			for i := next.Add(1); more(i); i = next.Add(1) {
				s := time.Now()
				status, body, err := send(int(i) % len(reqs))
				switch {
				case err != nil:
					fail("%s: %v", path, err)
				case status/100 != 2:
					fail("%s: %d %s", path, status, body)
				default:
					mine = append(mine, time.Since(s))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	return lat, failed.Load()
}

// sendFunc sends reqs[i] and returns the answer's status, and its body
// when the status is not 2xx.
type sendFunc func(i int) (status int, body []byte, err error)

// sender returns what each of Drive's clients calls first: its way of
// sending, and what to call when it is done.
func sender(c Client, base, path string, reqs []Request, clients int) (func() (sendFunc, func()), error) {
	if c == Plain {
		return plainSender(base, path, reqs)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}}
	send := func(i int) (int, []byte, error) {
		r := reqs[i]
		hr, _ := http.NewRequest("POST", base+path, bytes.NewReader(r.Body))
		hr.Header.Set("Authorization", "Bearer "+r.Token)
		hr.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(hr)
		if err != nil {
			return 0, nil, err
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, data, nil
	}
	return func() (sendFunc, func()) { return send, func() {} }, nil
}

// Percentile returns the p-th quantile (0–1) of sorted durations.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

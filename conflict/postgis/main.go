// Command postgis compares truce's in-memory conflict index with the two
// designs a user might pick instead, on the same objects and the same
// candidates, in one process on one machine:
//
//   - PostgreSQL/PostGIS written as a PostGIS expert would: one partial
//     GiST index per class of object (type and kind) on the volume's
//     envelope grown by its buffer and its time range, so that the index
//     alone prefilters; the exact ST_DWithin on geography (sphere) as the
//     refinement; one prepared statement per candidate kind (a UNION ALL
//     of one SELECT per rule and class), generic plans, parallel query
//     and JIT off, 2 GB of shared buffers holding the whole table;
//   - a single R-tree over every object (Tile38's design, package
//     conflict/peers) refined with conflict.Judge.
//
// Each engine is measured twice: in separate hot loops (all candidates
// through one engine, then the next), and interleaved (truce, then the
// R-tree, then PostGIS on the same candidate), where each engine finds
// the CPU caches as the others left them, as a server doing other work
// does. Latencies are measured by the client: PostGIS's include a
// loopback round trip.
//
// PostgreSQL is started by the program itself (internal/pgtest: a
// throwaway cluster in a temporary directory on a loopback port); PostGIS
// comes from Debian's postgresql-15-postgis-3 (scripts/deps.d/postgres.sh).
// It is run by bench.sh and scripts/bench.sh; it is not part of the
// product.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/conflict/peers"
	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/pgtest"
)

func main() {
	n := flag.Int("volumes", 1_000_000, "volumes to load")
	checks := flag.Int("checks", 2000, "candidates to check")
	explain := flag.Bool("explain", false, "print the plan of the first candidate's query")
	regionName := flag.String("region", benchdata.MiddleEast.Name, "middle-east or levant")
	jsonOut := flag.String("json", "", "also write the results to this file as JSON")
	flag.Parse()
	region := benchdata.MiddleEast
	if *regionName == benchdata.Levant.Name {
		region = benchdata.Levant
	}
	ctx := context.Background()

	log.Printf("generating %d objects (%s)", *n, region.Name)
	g := benchdata.New(region, 1)
	objects := make([]conflict.Object, *n)
	for i := range objects {
		objects[i] = g.Object()
	}
	cg := benchdata.New(region, 2)
	cands := make([]conflict.Candidate, *checks)
	for i := range cands {
		cands[i] = cg.Candidate()
	}
	settings := conflict.New(conflict.Settings{}).Settings()

	log.Printf("building truce's index and the single R-tree")
	t0 := time.Now()
	ix := conflict.New(settings)
	if err := ix.Load(objects); err != nil {
		log.Fatal(err)
	}
	truceBuild := time.Since(t0)
	t0 = time.Now()
	rt := peers.NewRTree(settings, objects)
	rtreeBuild := time.Since(t0)

	log.Printf("starting PostgreSQL")
	cluster, err := pgtest.New()
	if err != nil {
		log.Fatal(err)
	}
	defer cluster.Stop()
	for _, set := range []string{
		"shared_buffers = '2GB'", "work_mem = '64MB'", "maintenance_work_mem = '1GB'",
		"max_parallel_workers_per_gather = 0", "max_parallel_maintenance_workers = 0",
		"jit = off", "random_page_cost = 1.1", "effective_cache_size = '8GB'",
		"plan_cache_mode = force_generic_plan", "max_wal_size = '8GB'",
	} {
		if err := cluster.Exec(ctx, "postgres", "ALTER SYSTEM SET "+set); err != nil {
			log.Fatal(err)
		}
	}
	if err := cluster.Restart(); err != nil {
		log.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, cluster.DSN("postgres"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)
	var pgVersion, postgisVersion string
	t0 = time.Now()
	if err := load(ctx, conn, objects); err != nil {
		log.Fatal(err)
	}
	pgBuild := time.Since(t0)
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version'), postgis_lib_version()").Scan(&pgVersion, &postgisVersion); err != nil {
		log.Fatal(err)
	}
	log.Printf("PostgreSQL %s, PostGIS %s: loaded and indexed in %v", pgVersion, postgisVersion, pgBuild.Round(time.Second))
	for _, k := range []string{conflict.Strike, conflict.Flight, conflict.GroundMovement, conflict.HumanitarianMovement} {
		q, n := query(settings, k)
		nargs[k] = n
		if _, err := conn.Prepare(ctx, k, q); err != nil {
			log.Fatalf("%s: %v\n%s", k, err, q)
		}
	}
	if *explain {
		printPlan(ctx, conn, settings, cands[0])
	}

	engines := []engine{
		{name: "truce conflict.Index", check: func(c conflict.Candidate) int { return len(ix.Check(c)) }},
		{name: "single R-tree (Tile38-style)", check: func(c conflict.Candidate) int { return len(rt.Check(c)) }},
		{name: "PostGIS (partial GiST, ST_DWithin)", check: func(c conflict.Candidate) int {
			k, err := ask(ctx, conn, settings, c)
			if err != nil {
				log.Fatal(err)
			}
			return k
		}},
	}
	builds := []time.Duration{truceBuild, rtreeBuild, pgBuild}

	// Warm every cache with a tenth of the questions, then the two ways.
	for _, e := range engines {
		for _, c := range cands[:len(cands)/10] {
			e.check(c)
		}
	}
	res := results{Region: region.Name, Volumes: len(objects), Checks: len(cands),
		PostgreSQL: pgVersion, PostGIS: postgisVersion}
	separate := make([]run, len(engines))
	for i, e := range engines {
		separate[i] = run{lat: make([]time.Duration, len(cands)), found: make([]int, len(cands))}
		for j, c := range cands {
			t := time.Now()
			separate[i].found[j] = e.check(c)
			separate[i].lat[j] = time.Since(t)
		}
	}
	interleaved := make([]run, len(engines))
	for i := range interleaved {
		interleaved[i] = run{lat: make([]time.Duration, len(cands)), found: make([]int, len(cands))}
	}
	for j, c := range cands {
		for i, e := range engines {
			t := time.Now()
			interleaved[i].found[j] = e.check(c)
			interleaved[i].lat[j] = time.Since(t)
		}
	}

	fmt.Printf("region %s, %d volumes, %d checks; PostgreSQL %s, PostGIS %s\n", region.Name, len(objects), len(cands), pgVersion, postgisVersion)
	fmt.Printf("%-36s %10s %10s %10s %10s %8s %10s %8s\n", "", "hot p50", "hot p99", "inter p50", "inter p99", "build", "conflicts", "agree")
	for i, e := range engines {
		sm, sp := pct(separate[i].lat)
		im, ip := pct(interleaved[i].lat)
		agree := 0
		total := 0
		for j := range cands {
			total += separate[i].found[j]
			if separate[i].found[j] == separate[0].found[j] && interleaved[i].found[j] == separate[0].found[j] {
				agree++
			}
		}
		fmt.Printf("%-36s %10v %10v %10v %10v %8v %10d %8d\n", e.name, sm, sp, im, ip, builds[i].Round(100*time.Millisecond), total, agree)
		res.Engines = append(res.Engines, engineResult{Name: e.name, HotMedianUs: us(sm), HotP99Us: us(sp),
			InterleavedMedianUs: us(im), InterleavedP99Us: us(ip), BuildS: builds[i].Seconds(), Conflicts: total, Agree: agree})
	}
	for i := 1; i < len(engines); i++ {
		a, b := res.Engines[i], res.Engines[0]
		fmt.Printf("%s / truce: hot median %.1fx, p99 %.1fx; interleaved median %.1fx, p99 %.1fx\n", engines[i].name,
			a.HotMedianUs/b.HotMedianUs, a.HotP99Us/b.HotP99Us, a.InterleavedMedianUs/b.InterleavedMedianUs, a.InterleavedP99Us/b.InterleavedP99Us)
	}
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

type engine struct {
	name  string
	check func(conflict.Candidate) int
}

type run struct {
	lat   []time.Duration
	found []int
}

type results struct {
	Region     string         `json:"region"`
	Volumes    int            `json:"volumes"`
	Checks     int            `json:"checks"`
	PostgreSQL string         `json:"postgresql"`
	PostGIS    string         `json:"postgis"`
	Engines    []engineResult `json:"engines"`
}

type engineResult struct {
	Name                string  `json:"name"`
	HotMedianUs         float64 `json:"hot_median_us"`
	HotP99Us            float64 `json:"hot_p99_us"`
	InterleavedMedianUs float64 `json:"interleaved_median_us"`
	InterleavedP99Us    float64 `json:"interleaved_p99_us"`
	BuildS              float64 `json:"build_s"`
	Conflicts           int     `json:"conflicts"`
	Agree               int     `json:"agree"`
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

func pct(d []time.Duration) (time.Duration, time.Duration) {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2], s[len(s)*99/100]
}

// args are the parameters of a candidate volume's statement: $1 the
// footprint (EWKT, read as geography), $2 its buffer, $3 and $4 the band,
// $5 and $6 the window, $7 the party, $8–$11 the footprint's box grown
// by its buffer, $12–$15 grown by the horizontal separation too.
func args(s conflict.Settings, c conflict.Candidate, v conflict.Volume) []any {
	b0 := margin(peers.Bounds(v.Footprint, 0))
	b1 := margin(peers.Bounds(v.Footprint, s.SeparationHorizontalM))
	return []any{wkt(v.Footprint.Geometry), v.Footprint.BufferM, v.Altitude.MinM, v.Altitude.MaxM,
		v.Window.Start, v.Window.End, c.Party,
		b0.MinLon, b0.MinLat, b0.MaxLon, b0.MaxLat, b1.MinLon, b1.MinLat, b1.MaxLon, b1.MaxLat}
}

// margin grows a box by a thousandth of a degree (about 100 m): PostGIS
// measures along great circles where truce's boxes follow lon/lat lines,
// and a box that is exact for one is not always a bound for the other.
func margin(r geo.Rect) geo.Rect {
	const m = 1e-3
	return geo.Rect{MinLon: r.MinLon - m, MinLat: r.MinLat - m, MaxLon: r.MaxLon + m, MaxLat: r.MaxLat + m}
}

// nargs is how many parameters each kind's statement takes: those
// without a separation rule do not take the second box.
var nargs = map[string]int{}

func ask(ctx context.Context, conn *pgx.Conn, s conflict.Settings, c conflict.Candidate) (int, error) {
	n := 0
	for _, v := range c.Volumes {
		rows, err := conn.Query(ctx, c.Kind, args(s, c, v)[:nargs[c.Kind]]...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// printPlan shows how PostgreSQL runs the first candidate's question, so
// that a reader can check that the partial indexes answer it.
func printPlan(ctx context.Context, conn *pgx.Conn, s conflict.Settings, c conflict.Candidate) {
	q, n := query(s, c.Kind)
	rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+q, args(s, c, c.Volumes[0])[:n]...)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			log.Fatal(err)
		}
		fmt.Println(line)
	}
}

const schema = `
DROP TABLE IF EXISTS volumes;
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE volumes (
	obj_id       text NOT NULL,
	vol          int NOT NULL,
	obj_type     text NOT NULL,
	kind         text NOT NULL,
	party        text NOT NULL,
	r_parties    text[] NOT NULL,
	r_activities text[] NOT NULL,
	geom         geography NOT NULL,
	buffer_m     float8 NOT NULL,
	alt_min      float8 NOT NULL,
	alt_max      float8 NOT NULL,
	during       tstzrange NOT NULL,
	env          geometry(Polygon, 4326) NOT NULL -- the lon/lat box of geom grown by buffer_m
);`

// classes are the partial indexes: zones and notifications per kind,
// sites all together (the one rule about sites takes every category).
func classes() [][2]string {
	var cs [][2]string
	for _, k := range []string{conflict.DeEscalation, conflict.NoStrike, conflict.NoFly, conflict.SecurityBelt,
		conflict.Corridor, conflict.OppositionArea, conflict.DesignatedGroupArea} {
		cs = append(cs, [2]string{string(conflict.Zone), k})
	}
	cs = append(cs, [2]string{string(conflict.Site), ""})
	for _, k := range []string{conflict.Strike, conflict.Flight, conflict.GroundMovement, conflict.HumanitarianMovement} {
		cs = append(cs, [2]string{string(conflict.Notification), k})
	}
	return cs
}

// classWhere is the predicate of a class's partial index; the queries
// repeat it word for word so that the planner matches them.
func classWhere(alias, typ, kind string) string {
	if kind == "" {
		return fmt.Sprintf("%sobj_type = '%s'", alias, typ)
	}
	return fmt.Sprintf("%sobj_type = '%s' AND %skind = '%s'", alias, typ, alias, kind)
}

func load(ctx context.Context, conn *pgx.Conn, objects []conflict.Object) error {
	if _, err := conn.Exec(ctx, schema); err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		var b strings.Builder
		for _, o := range objects {
			for i, v := range o.Volumes {
				e := peers.Bounds(v.Footprint, 0)
				b.Reset()
				fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tSRID=4326;POLYGON((%s %s,%s %s,%s %s,%s %s,%s %s))\n",
					o.ID, i, o.Type, o.Kind, o.Party, arr(o.Restricts.Parties), arr(o.Restricts.Activities),
					wkt(v.Footprint.Geometry), num(v.Footprint.BufferM), num(v.Altitude.MinM), num(v.Altitude.MaxM),
					tsrange(v.Window),
					num(e.MinLon), num(e.MinLat), num(e.MaxLon), num(e.MinLat), num(e.MaxLon), num(e.MaxLat),
					num(e.MinLon), num(e.MaxLat), num(e.MinLon), num(e.MinLat))
				if _, err := io.WriteString(pw, b.String()); err != nil {
					return
				}
			}
		}
		pw.Close()
	}()
	if _, err := conn.PgConn().CopyFrom(ctx, pr,
		"COPY volumes (obj_id, vol, obj_type, kind, party, r_parties, r_activities, geom, buffer_m, alt_min, alt_max, during, env) FROM STDIN"); err != nil {
		return err
	}
	var ddl []string
	for i, c := range classes() {
		ddl = append(ddl, fmt.Sprintf("CREATE INDEX volumes_class%d ON volumes USING gist (env, during) WHERE %s;", i, classWhere("", c[0], c[1])))
	}
	ddl = append(ddl, "VACUUM ANALYZE volumes;")
	for _, s := range ddl {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

func arr(s []string) string { return "{" + strings.Join(s, ",") + "}" }

func num(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func tsrange(w conflict.Window) string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05+00")
	}
	return "[" + f(w.Start) + "," + f(w.End) + ")"
}

// wkt writes g as WKT with its positions as given. PostGIS draws
// geography edges as great circles where truce follows the lon/lat lines
// of RFC 7946; for the short edges of the load the two differ by metres.
func wkt(g geo.Geometry) string {
	pos := func(b *strings.Builder, ps []geo.LonLat) {
		b.WriteByte('(')
		for i, p := range ps {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(b, "%s %s", num(p.Lon), num(p.Lat))
		}
		b.WriteByte(')')
	}
	var b strings.Builder
	switch g.Type() {
	case geo.TypePoint:
		p := g.Point()
		return fmt.Sprintf("SRID=4326;POINT(%s %s)", num(p.Lon), num(p.Lat))
	case geo.TypeLineString:
		b.WriteString("SRID=4326;LINESTRING")
		pos(&b, g.Line())
	case geo.TypePolygon, geo.TypeMultiPolygon:
		b.WriteString("SRID=4326;MULTIPOLYGON(")
		for i, p := range g.Polygons() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j, r := range p {
				if j > 0 {
					b.WriteByte(',')
				}
				pos(&b, r)
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// query generates, from the rule table, the one SQL statement that asks
// a candidate of kind k every question truce's index asks: for each
// applicable rule, one SELECT per class of object it may match, joined by
// UNION ALL. Each SELECT names its class's partial index predicate, so
// the index on (env, during) answers the box and window tests alone;
// the exact tests follow on the rows it returns. Distances are on the
// sphere (use_spheroid false), as truce's are.
// It returns the statement and the number of parameters it takes.
func query(s conflict.Settings, k string) (string, int) {
	var parts []string
	nargs := 11
	for _, r := range s.Rules {
		direct := slices.Contains(r.Kinds, k)
		swapped := r.Symmetric && r.Other == conflict.Notification && slices.Contains(r.OtherKinds, k)
		if !direct && !swapped {
			continue
		}
		var kinds []string
		all := false
		if direct {
			all = len(r.OtherKinds) == 0
			kinds = append(kinds, r.OtherKinds...)
		}
		if swapped {
			for _, x := range r.Kinds {
				if !slices.Contains(kinds, x) {
					kinds = append(kinds, x)
				}
			}
		}
		sepH, sepV := 0.0, 0.0
		box := "ST_MakeEnvelope($8, $9, $10, $11, 4326)"
		if r.Separation {
			sepH, sepV = s.SeparationHorizontalM, s.SeparationVerticalM
			box = "ST_MakeEnvelope($12, $13, $14, $15, 4326)"
			nargs = 15
		}
		var w []string
		w = append(w, "v.env && "+box, "v.during && tstzrange($5, $6, '[)')")
		gap := "greatest(v.alt_min - $4::float8, $3::float8 - v.alt_max)"
		if sepV > 0 {
			w = append(w, fmt.Sprintf("(%s <= 0 OR %s < %v)", gap, gap, sepV))
		} else {
			w = append(w, gap+" <= 0")
		}
		if r.DifferentParty {
			w = append(w, "v.party <> $7::text")
		}
		switch r.Requires {
		case conflict.RestrictedParty:
			w = append(w, "($7::text = ANY(v.r_parties) OR '*' = ANY(v.r_parties))")
		case conflict.RestrictedActivity:
			w = append(w, "($7::text = ANY(v.r_parties) OR '*' = ANY(v.r_parties))")
			w = append(w, fmt.Sprintf("('%s' = ANY(v.r_activities) OR '*' = ANY(v.r_activities))", k))
		}
		w = append(w, fmt.Sprintf("ST_DWithin(v.geom, $1::geography, v.buffer_m + $2::float8 + %v, false)", sepH))
		for _, c := range classes() {
			if c[0] != string(r.Other) || (c[1] != "" && !all && !slices.Contains(kinds, c[1])) {
				continue
			}
			cw := classWhere("v.", c[0], c[1])
			if c[1] == "" && !all {
				cw += fmt.Sprintf(" AND v.kind IN (%s)", quoteList(kinds))
			}
			parts = append(parts, fmt.Sprintf("SELECT '%s' AS rule, v.obj_id, v.vol FROM volumes v WHERE %s AND %s",
				r.ID, cw, strings.Join(w, " AND ")))
		}
	}
	return strings.Join(parts, "\nUNION ALL\n"), nargs
}

func quoteList(ks []string) string {
	q := make([]string, len(ks))
	for i, k := range ks {
		q[i] = "'" + k + "'"
	}
	return strings.Join(q, ",")
}

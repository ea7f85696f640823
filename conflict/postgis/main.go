// Command postgis compares truce's in-memory conflict index with the
// same checks done by PostgreSQL/PostGIS, in one run on one machine. It
// loads the benchmark load (package benchdata) into a table with GiST
// indexes on the geography and the time range, asks every candidate's
// question as one SQL statement generated from the same rule table
// (ST_DWithin on geography plus range and band overlaps), then builds the
// Go index from the same objects and asks the same questions. It prints
// the median and 99th percentile latencies and their ratio.
//
// It is run by bench.sh, which starts a throwaway PostgreSQL; it is not
// part of the product.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/geo"
)

func main() {
	dsn := flag.String("dsn", "", "PostgreSQL connection string")
	n := flag.Int("volumes", 1_000_000, "volumes to load")
	checks := flag.Int("checks", 1000, "candidates to check")
	explain := flag.Bool("explain", false, "print the plan of the first candidate's query")
	regionName := flag.String("region", benchdata.MiddleEast.Name, "middle-east or levant")
	flag.Parse()
	region := benchdata.MiddleEast
	if *regionName == benchdata.Levant.Name {
		region = benchdata.Levant
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)

	log.Printf("generating %d objects (%s)", *n, region.Name)
	g := benchdata.New(region, 1)
	objects := make([]conflict.Object, *n)
	maxBuf := 0.0
	for i := range objects {
		objects[i] = g.Object()
		for _, v := range objects[i].Volumes {
			maxBuf = math.Max(maxBuf, v.Footprint.BufferM)
		}
	}
	cg := benchdata.New(region, 2)
	cands := make([]conflict.Candidate, *checks)
	for i := range cands {
		cands[i] = cg.Candidate()
	}

	loadStart := time.Now()
	if err := load(ctx, conn, objects); err != nil {
		log.Fatal(err)
	}
	loadTime := time.Since(loadStart)
	log.Printf("loaded and indexed in %v", loadTime)

	s := conflict.New(conflict.Settings{}).Settings()
	stmts := map[string]string{}
	for _, k := range []string{conflict.Strike, conflict.Flight, conflict.GroundMovement, conflict.HumanitarianMovement} {
		stmts[k] = query(s, k, maxBuf)
		if _, err := conn.Prepare(ctx, k, stmts[k]); err != nil {
			log.Fatalf("%s: %v\n%s", k, err, stmts[k])
		}
	}
	if *explain {
		// Show how PostgreSQL plans the first candidate's question, so
		// that a reader can check the indexes are used.
		c := cands[0]
		v := c.Volumes[0]
		rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, COSTS OFF) "+stmts[c.Kind], wkt(v.Footprint.Geometry), v.Footprint.BufferM,
			v.Altitude.MinM, v.Altitude.MaxM, v.Window.Start, v.Window.End, c.Party)
		if err != nil {
			log.Fatal(err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				log.Fatal(err)
			}
			fmt.Println(line)
		}
	}

	// Warm the caches with a tenth of the questions, then measure all.
	pgCount := 0
	for i := 0; i < len(cands)/10; i++ {
		if _, err := ask(ctx, conn, cands[i]); err != nil {
			log.Fatal(err)
		}
	}
	pgLat := make([]time.Duration, len(cands))
	pgFound := make([]int, len(cands))
	for i, c := range cands {
		t := time.Now()
		k, err := ask(ctx, conn, c)
		pgLat[i] = time.Since(t)
		if err != nil {
			log.Fatal(err)
		}
		pgFound[i] = k
		pgCount += k
	}

	log.Printf("building the Go index")
	buildStart := time.Now()
	ix := conflict.New(conflict.Settings{})
	for i := range objects {
		if err := ix.Upsert(objects[i]); err != nil {
			log.Fatal(err)
		}
	}
	buildTime := time.Since(buildStart)
	goLat := make([]time.Duration, len(cands))
	goCount, agree := 0, 0
	for i := 0; i < len(cands)/10; i++ {
		ix.Check(cands[i])
	}
	for i, c := range cands {
		t := time.Now()
		k := len(ix.Check(c))
		goLat[i] = time.Since(t)
		goCount += k
		if k == pgFound[i] {
			agree++
		}
	}

	pm, pp := pct(pgLat)
	gm, gp := pct(goLat)
	fmt.Printf("region %s, %d volumes, %d checks\n", region.Name, len(objects), len(cands))
	fmt.Printf("%-28s %12s %12s %12s %10s\n", "", "median", "p99", "build", "conflicts")
	fmt.Printf("%-28s %12v %12v %12v %10d\n", "PostGIS (ST_DWithin, GiST)", pm, pp, loadTime.Round(time.Second), pgCount)
	fmt.Printf("%-28s %12v %12v %12v %10d\n", "truce conflict.Index", gm, gp, buildTime.Round(time.Second), goCount)
	fmt.Printf("ratio (PostGIS / truce): median %.0fx, p99 %.0fx\n", float64(pm)/float64(gm), float64(pp)/float64(gp))
	fmt.Printf("checks with the same number of conflicts: %d of %d\n", agree, len(cands))
}

func pct(d []time.Duration) (time.Duration, time.Duration) {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2], s[len(s)*99/100]
}

func ask(ctx context.Context, conn *pgx.Conn, c conflict.Candidate) (int, error) {
	n := 0
	for _, v := range c.Volumes {
		rows, err := conn.Query(ctx, c.Kind, wkt(v.Footprint.Geometry), v.Footprint.BufferM,
			v.Altitude.MinM, v.Altitude.MaxM, v.Window.Start, v.Window.End, c.Party)
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
	during       tstzrange NOT NULL
);`

const indexes = `
CREATE INDEX volumes_geom ON volumes USING gist (geom);
CREATE INDEX volumes_during ON volumes USING gist (during);
CREATE INDEX volumes_kind ON volumes (obj_type, kind);
ANALYZE volumes;`

func load(ctx context.Context, conn *pgx.Conn, objects []conflict.Object) error {
	if _, err := conn.Exec(ctx, schema); err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		var b strings.Builder
		for _, o := range objects {
			for i, v := range o.Volumes {
				b.Reset()
				fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
					o.ID, i, o.Type, o.Kind, o.Party, arr(o.Restricts.Parties), arr(o.Restricts.Activities),
					wkt(v.Footprint.Geometry), num(v.Footprint.BufferM), num(v.Altitude.MinM), num(v.Altitude.MaxM),
					tsrange(v.Window))
				if _, err := io.WriteString(pw, b.String()); err != nil {
					return
				}
			}
		}
		pw.Close()
	}()
	if _, err := conn.PgConn().CopyFrom(ctx, pr,
		"COPY volumes (obj_id, vol, obj_type, kind, party, r_parties, r_activities, geom, buffer_m, alt_min, alt_max, during) FROM STDIN"); err != nil {
		return err
	}
	_, err := conn.Exec(ctx, indexes)
	return err
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

func quoteList(ks []string) string {
	q := make([]string, len(ks))
	for i, k := range ks {
		q[i] = "'" + k + "'"
	}
	return strings.Join(q, ",")
}

// query generates, from the rule table, the one SQL statement that asks
// a candidate of kind k every question the Go engine asks: one SELECT per
// applicable rule, joined by UNION ALL. Parameters: $1 the footprint
// (EWKT), $2 its buffer, $3 and $4 the band, $5 and $6 the window, $7 the
// party. ST_DWithin is first called with the largest buffer in the table,
// a constant the GiST index can use, then with the row's own buffer.
// Distances are on the sphere (use_spheroid false), as truce's are.
func query(s conflict.Settings, k string, maxBuf float64) string {
	var parts []string
	for _, r := range s.Rules {
		direct := slices.Contains(r.Kinds, k)
		swapped := r.Symmetric && r.Other == conflict.Notification && slices.Contains(r.OtherKinds, k)
		if !direct && !swapped {
			continue
		}
		var kinds []string
		all := false
		if direct {
			if len(r.OtherKinds) == 0 {
				all = true
			}
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
		if r.Separation {
			sepH, sepV = s.SeparationHorizontalM, s.SeparationVerticalM
		}
		var w []string
		w = append(w, fmt.Sprintf("v.obj_type = '%s'", r.Other))
		if !all {
			w = append(w, fmt.Sprintf("v.kind IN (%s)", quoteList(kinds)))
		}
		w = append(w, "v.during && tstzrange($5, $6, '[)')")
		gap := "greatest(v.alt_min - $4::float8, $3::float8 - v.alt_max)"
		if sepV > 0 {
			w = append(w, fmt.Sprintf("(%s <= 0 OR %s < %v)", gap, gap, sepV))
		} else {
			w = append(w, gap+" <= 0")
		}
		w = append(w, fmt.Sprintf("ST_DWithin(v.geom, $1::geography, %v + $2::float8 + %v, false)", maxBuf, sepH))
		w = append(w, fmt.Sprintf("ST_DWithin(v.geom, $1::geography, v.buffer_m + $2::float8 + %v, false)", sepH))
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
		parts = append(parts, fmt.Sprintf("SELECT '%s' AS rule, v.obj_id, v.vol FROM volumes v WHERE %s", r.ID, strings.Join(w, " AND ")))
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

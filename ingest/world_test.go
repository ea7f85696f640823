package ingest

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/truce-center/truce"
)

// The world labelled set (testdata/world, see its README): wire-style
// articles about ten conflicts, each event labelled with a point, a day
// and actor1. Its held-out batch was frozen before any rule was tuned
// on it, so its scores are the honest estimate.

type worldEvent struct {
	SubEventType string  `json:"sub_event_type"`
	Date         string  `json:"date"`
	Place        string  `json:"place"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	Actor1       string  `json:"actor1"`
	Fatalities   *int    `json:"fatalities,omitempty"`
}

type worldLabel struct {
	Conflict string       `json:"conflict"`
	Country  string       `json:"country"`
	Batch    string       `json:"batch"`
	Events   []worldEvent `json:"events"`
}

type worldArticle = labelledAs[worldLabel]

func loadWorld(t testing.TB, dir string) []worldArticle {
	return readLabelled[worldLabel](t, filepath.Join(dir, "*.*"))
}

// worldScore is the per-field accuracy of one batch. An extracted event
// matches a label when it has the same event type and a date within two
// days; the other fields are scored on matched events.
type worldScore struct {
	articles, labels, found, matched int
	sub, place, actor1, tollN, toll  int
	strict                           int // matched with place within 25 km too
}

func (s worldScore) precision() float64 { return ratio(s.matched, s.found) }
func (s worldScore) recall() float64    { return ratio(s.matched, s.labels) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s worldScore) String() string {
	return fmt.Sprintf("%d articles, %d events labelled, %d found: precision %.3f recall %.3f (strict with place: P %.3f R %.3f); of %d matched: sub-event %.2f, place ≤25 km %.2f, actor1 %.2f, toll %d/%d",
		s.articles, s.labels, s.found, s.precision(), s.recall(), ratio(s.strict, s.found), ratio(s.strict, s.labels),
		s.matched, ratio(s.sub, s.matched), ratio(s.place, s.matched), ratio(s.actor1, s.matched), s.toll, s.tollN)
}

// scoreWorld extracts every article and scores it; logf, when not nil,
// gets one line per miss, extra or wrong field.
func scoreWorld(x *Extractor, set []worldArticle, logf func(string, ...any)) map[string]*worldScore {
	out := map[string]*worldScore{}
	for _, w := range set {
		s := out[w.label.Batch]
		if s == nil {
			s = &worldScore{}
			out[w.label.Batch] = s
		}
		s.articles++
		ex := x.Extract(w.article)
		s.found += len(ex.Events)
		s.labels += len(w.label.Events)
		pair := pairLabels(w.label.Events, ex.Events)
		for li, l := range w.label.Events {
			best := pair[li]
			if best < 0 {
				if logf != nil {
					logf("%s: missed %s %s %s", w.file, l.SubEventType, l.Place, l.Date)
				}
				continue
			}
			ev := ex.Events[best]
			s.matched++
			var wrong []string
			if ev.SubEventType == l.SubEventType {
				s.sub++
			} else {
				wrong = append(wrong, "sub-event "+ev.SubEventType)
			}
			if ev.Place != nil && distanceKm(ev.Place.Place.Lat, ev.Place.Place.Lon, l.Lat, l.Lon) <= 25 {
				s.place++
				s.strict++
			} else if ev.Place != nil {
				wrong = append(wrong, fmt.Sprintf("place %s (%.0f km off)", ev.Place.Place.Name, distanceKm(ev.Place.Place.Lat, ev.Place.Place.Lon, l.Lat, l.Lon)))
			} else {
				wrong = append(wrong, "unplaced")
			}
			if ev.Actor1 == l.Actor1 {
				s.actor1++
			} else {
				wrong = append(wrong, fmt.Sprintf("actor1 %q, want %q", ev.Actor1, l.Actor1))
			}
			if l.Fatalities != nil {
				s.tollN++
				if ev.Fatalities == *l.Fatalities {
					s.toll++
				} else {
					wrong = append(wrong, fmt.Sprintf("toll %d, want %d", ev.Fatalities, *l.Fatalities))
				}
			}
			if logf != nil && len(wrong) > 0 {
				logf("%s: %s %s %s: %s", w.file, l.SubEventType, l.Place, l.Date, strings.Join(wrong, "; "))
			}
		}
		used := make([]bool, len(ex.Events))
		for _, e := range pair {
			if e >= 0 {
				used[e] = true
			}
		}
		for i, ev := range ex.Events {
			if !used[i] && logf != nil {
				place, date := "-", "-"
				if ev.Place != nil {
					place = ev.Place.Place.Name
				}
				if ev.Date != nil {
					date = ev.Date.Label()
				}
				logf("%s: extra %s %s %s (%q)", w.file, ev.SubEventType, place, date, ev.Trigger)
			}
		}
	}
	return out
}

// pairScore says how well an extracted event fits a label: -1 when it
// cannot be its telling (another event type, no date, or more than two
// days off); otherwise more for a place within 25 km, the same
// sub-event type, the same perpetrator and a closer day.
func pairScore(l worldEvent, ev Event) float64 {
	day, err := time.Parse("2006-01-02", l.Date)
	if err != nil {
		panic(fmt.Sprintf("bad label date %q", l.Date))
	}
	typ, _ := truce.EventTypeOf(l.SubEventType)
	if ev.EventType != typ || ev.Date == nil {
		return -1
	}
	dd := ev.Date.Date.Sub(day).Hours() / 24
	if dd < -2 || dd > 2 {
		return -1
	}
	sc := 3 - abs(dd)
	if ev.Place != nil && distanceKm(ev.Place.Place.Lat, ev.Place.Place.Lon, l.Lat, l.Lon) <= 25 {
		sc += 10
	}
	if ev.SubEventType == l.SubEventType {
		sc += 5
	}
	if ev.Actor1 == l.Actor1 {
		sc += 2
	}
	return sc
}

// pairLabels pairs each label with at most one extracted event (-1 for
// none), each event with at most one label: greedily in the labels'
// order, then improved by exchanging the events of two labels, or
// giving a label a free event, while the total fit grows. Without the
// exchanges, a label met first takes the other side's claim of the same
// strike when that one is placed, and leaves its own telling to the
// other label.
func pairLabels(labels []worldEvent, evs []Event) []int {
	sc := make([][]float64, len(labels))
	for li, l := range labels {
		sc[li] = make([]float64, len(evs))
		for i, ev := range evs {
			sc[li][i] = pairScore(l, ev)
		}
	}
	pair := make([]int, len(labels))
	used := make([]bool, len(evs))
	for li := range labels {
		pair[li] = -1
		best := -1.0
		for i := range evs {
			if !used[i] && sc[li][i] >= 0 && sc[li][i] > best {
				pair[li], best = i, sc[li][i]
			}
		}
		if pair[li] >= 0 {
			used[pair[li]] = true
		}
	}
	fit := func(li, i int) float64 {
		if i < 0 {
			return 0
		}
		return sc[li][i]
	}
	for improved := true; improved; {
		improved = false
		for a := range labels {
			for b := a + 1; b < len(labels); b++ {
				ea, eb := pair[a], pair[b]
				if (eb < 0 || sc[a][eb] >= 0) && (ea < 0 || sc[b][ea] >= 0) && fit(a, eb)+fit(b, ea) > fit(a, ea)+fit(b, eb) &&
					!(ea < 0 && eb < 0) {
					pair[a], pair[b] = eb, ea
					improved = true
				}
			}
			for i := range evs {
				if !used[i] && sc[a][i] > fit(a, pair[a]) {
					if pair[a] >= 0 {
						used[pair[a]] = false
					}
					pair[a], used[i] = i, true
					improved = true
				}
			}
		}
	}
	return pair
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestWorldAccuracy measures extraction on the world set, the held-out
// batch apart, and guards the figures reached (ingest/BENCHMARKS.md).
func TestWorldAccuracy(t *testing.T) {
	g := fullGazetteer(t)
	x := NewExtractor(g, DefaultActors())
	set := loadWorld(t, "testdata/world")
	// Real articles found with the search tool are measured the same
	// way when INGEST_REAL names their folder: their text is not ours and
	// is never committed (see BENCHMARKS.md).
	for _, dir := range filepath.SplitList(os.Getenv("INGEST_REAL")) {
		set = append(set, loadWorld(t, dir)...)
	}
	scores := scoreWorld(x, set, t.Logf)
	for _, batch := range slices.Sorted(maps.Keys(scores)) { // every batch a label names, new ones too
		t.Logf("%s: %s", batch, scores[batch])
	}
	// The floors are what the rules reach (BENCHMARKS.md), a little
	// below: the held-out batch was frozen before tuning, so its floors
	// are lower and honest; a change that loses ground on it fails.
	for _, f := range []struct {
		batch                      string
		precision, recall          float64
		place, actor1, subEventAny float64
	}{
		{"heldout", 0.83, 0.75, 0.85, 0.72, 0.75},
		{"heldout2", 0.87, 0.70, 0.80, 0.82, 0.85},
		{"tuning", 0.93, 0.90, 0.90, 0.88, 0.85},
	} {
		s := scores[f.batch]
		if s == nil {
			t.Fatalf("no %s batch in testdata/world", f.batch)
		}
		if s.precision() < f.precision || s.recall() < f.recall || ratio(s.place, s.matched) < f.place ||
			ratio(s.actor1, s.matched) < f.actor1 || ratio(s.sub, s.matched) < f.subEventAny {
			t.Errorf("%s: %s; want precision ≥ %.2f, recall ≥ %.2f, place ≥ %.2f, actor1 ≥ %.2f, sub-event ≥ %.2f",
				f.batch, s, f.precision, f.recall, f.place, f.actor1, f.subEventAny)
		}
	}
	// The issue asks for at least 60 articles and 150 events, a third
	// of them held out.
	var articles, labels, heldout int
	for _, batch := range []string{"heldout", "heldout2", "tuning"} {
		articles += scores[batch].articles
		labels += scores[batch].labels
	}
	heldout = scores["heldout"].labels + scores["heldout2"].labels
	if articles < 60 || labels < 150 || 3*heldout < labels {
		t.Errorf("the world set has %d articles and %d labelled events (%d held out), want at least 60, 150 and a third", articles, labels, heldout)
	}
}

// BenchmarkExtractWorld extracts every article of the world set (wire
// reports of five to ten sentences) and reports articles per second.
func BenchmarkExtractWorld(b *testing.B) {
	x := NewExtractor(fullGazetteer(b), DefaultActors())
	set := loadWorld(b, "testdata/world")
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	n := 0
	for b.Loop() {
		for _, w := range set {
			x.Extract(w.article)
			n++
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "articles/s")
	// On a machine shared with other work the wall clock says how busy
	// it was; the process's CPU time says what extraction costs.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

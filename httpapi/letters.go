package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/formats"
	"github.com/truce-center/truce/formats/letter"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/letters", Summary: "The caller's party's notification letter (PDF; the coordinator: ?party= any party's): the sites and notifications notified to it from ?from= to ?to=, with acknowledgements and a receipt of every act listed",
				Produces: "application/pdf", Handle: (*Server).getLetter},
		}
	})
}

func (s *Server) getLetter(w http.ResponseWriter, r *http.Request) error {
	from, to, err := timeParams(r)
	if err != nil {
		return err
	}
	// Without ?to= the letter covers everything up to now, the acts of
	// this very instant included.
	until := to
	inPeriod := func(t time.Time) bool { return !t.Before(from) && (until.IsZero() || t.Before(until)) }
	if to.IsZero() {
		to = s.c.Now()
	}
	if !from.Before(to) {
		return truce.Invalid([]truce.FieldError{{Field: "from", Message: "must be before to"}})
	}
	// The letter is addressed to the caller's party, or, for the
	// coordinator, to the party it names; it shows that party's view.
	c := callerOf(r)
	if id := r.URL.Query().Get("party"); id != "" && id != c.Party.ID {
		if !c.IsCoordinator() {
			return truce.Errorf(truce.EForbidden, "only the coordinator may ask for another party's letter")
		}
		party, err := s.c.Members().Party(c, id)
		if err != nil {
			return err
		}
		c = &core.Caller{Party: *party}
	}
	p, err := s.pictureAs(r, c) // records the accesses the letter shows
	if err != nil {
		return err
	}
	me := c.Party.ID
	l := &letter.Letter{Origin: s.c.Origin(), To: c.Party.Name, ToKind: c.Party.Kind, From: from, Until: to}
	var acts []uint64
	for _, st := range p.Sites {
		if !slices.Contains(st.Recipients(), me) || !inPeriod(st.CreatedAt.Time()) {
			continue
		}
		it := letter.Item{ID: st.ID, Title: fmt.Sprintf("%s (%s, buffer %g m)", st.Name, st.Category, st.BufferM), Owner: p.PartyName(st.Owner),
			Where: where(st.Geometry.JSON(), st.Coarse().JSON()), When: window(st.Valid), State: st.State, Acts: []uint64{st.AddedLogIndex}}
		for _, a := range st.Acknowledgements {
			it.Answers = append(it.Answers, fmt.Sprintf("%s acknowledged the %s on %s (entry %d)", p.PartyName(a.Party), a.Of, stamp(a.At), a.LogIndex))
			it.Acts = append(it.Acts, a.LogIndex)
		}
		if st.RemovalLogIndex() != 0 {
			it.Answers = append(it.Answers, fmt.Sprintf("removed on %s (entry %d)", stamp(*st.RemovedAt()), st.RemovalLogIndex()))
			it.Acts = append(it.Acts, st.RemovalLogIndex())
		}
		l.Sites = append(l.Sites, it)
		acts = append(acts, it.Acts...)
	}
	for _, n := range p.Notifications {
		if !slices.Contains(n.MustAcknowledge(), me) || !inPeriod(n.CreatedAt.Time()) {
			continue
		}
		it := letter.Item{ID: n.ID, Title: fmt.Sprintf("%s: %s", n.Kind, n.Title), Owner: p.PartyName(n.Party), State: n.State,
			Acts: []uint64{n.SubmittedLogIndex}}
		var wins []string
		for i, v := range n.Volumes {
			wins = append(wins, fmt.Sprintf("volume %d: %s, %s to %s, %g–%g m", i, where(v.Geometry.JSON(), nil), stamp(v.Start.Time()), stamp(v.End.Time()), v.Altitude.MinM, v.Altitude.MaxM))
		}
		it.When = strings.Join(wins, "; ")
		for _, a := range n.Acknowledgements {
			verb := "acknowledged"
			if a.Decision == "object" {
				verb = "objected"
			}
			line := fmt.Sprintf("%s %s on %s (entry %d)", p.PartyName(a.Party), verb, stamp(a.At), a.LogIndex)
			if a.Note != "" {
				line += ": " + a.Note
			}
			it.Answers = append(it.Answers, line)
			it.Acts = append(it.Acts, a.LogIndex)
		}
		l.Notices = append(l.Notices, it)
		acts = append(acts, it.Acts...)
	}
	slices.Sort(acts)
	for _, i := range slices.Compact(acts) {
		proof, err := s.c.Log().Receipt(r.Context(), i)
		if err != nil {
			return err
		}
		l.Receipts = append(l.Receipts, letter.Receipt{Index: i, Proof: proof})
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="letter-`+to.UTC().Format("2006-01-02")+`.pdf"`)
	return letter.Write(w, l)
}

// where describes a geometry for a letter: a point's position, or a
// shape's type and first position; a coarse cover is said to be one.
func where(precise, coarse []byte) string {
	g, isPrecise := formats.Shape(precise, coarse)
	if g.IsZero() {
		return "not shown to your party"
	}
	pt := g.Point()
	s := fmt.Sprintf("%s at %.5f N, %.5f E", g.Type(), pt.Lat, pt.Lon)
	if !isPrecise {
		s = "coarse area only (" + s + ")"
	}
	return s
}

func window(w truce.Window) string { return stamp(w.Start.Time()) + " to " + stamp(w.End.Time()) }

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

package sources

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/ingest"
)

const (
	TypeArticleIngest   = "article.ingest"
	TypeCandidateDecide = "candidate.decide"
	TypeActorAdd        = "actor.add"
)

// monitor reports whether caller works on open sources: the coordinator
// and observers do.
func monitor(caller *core.Caller) bool { return reports.Reviewer(caller) }

// gazetteer is loaded on first use (it takes a moment and memory a
// center that never ingests need not spend) and shared: it is read-only.
var gazetteer struct {
	once sync.Once
	g    *ingest.Gazetteer
	err  error
}

// extractorOf returns an extractor over the gazetteer and the actor list:
// the committed one, extended by the center's own additions (actor.add
// entries), so that every center extracts with the actors it was told of.
func extractorOf(c *core.Center) (*ingest.Extractor, error) {
	gazetteer.once.Do(func() {
		gazetteer.g, gazetteer.err = ingest.DefaultGazetteer()
	})
	if gazetteer.err != nil {
		return nil, fmt.Errorf("loading the gazetteer: %w", gazetteer.err)
	}
	var added []ingest.Actor
	c.Read(func(s *core.State) { added = listActors(s) })
	return ingest.NewExtractor(gazetteer.g, actorList(added)), nil
}

// actorList is the committed actor list with additions merged in order.
func actorList(added []ingest.Actor) *ingest.Actors {
	list := ingest.DefaultActors()
	for _, a := range added {
		list.Add(a) // validated when it was added
	}
	return list
}

func listActors(s *core.State) []ingest.Actor {
	out := make([]ingest.Actor, 0, core.TActor.Len(s))
	for _, a := range core.TActor.Sorted(s) {
		out = append(out, *a)
	}
	return out
}

// AddActor extends the center's actor list (a state, its forces, an
// armed group, with aliases) used to read open sources. Reviewers add;
// the addition merges into an actor of the same name.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer, EInvalid naming each bad field (name, category — required for
// a new actor — kind, aliases[i], metonyms[i]), and the write errors
// (package doc).
func (svc SourceService) AddActor(ctx context.Context, caller *core.Caller, in ingest.Actor) (*ingest.Actor, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "actors are added by the coordinator and observers")
	}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		var added []ingest.Actor
		core.TActor.Each(v, func(_ string, obj *ingest.Actor) { added = append(added, *obj) })
		if err := actorList(added).Add(in); err != nil {
			return "", nil, err
		}
		return TypeActorAdd, in, nil
	})
	if err != nil {
		return nil, err
	}
	var out *ingest.Actor
	c.Read(func(s *core.State) { out = core.TActor.Get(s, actorKey(e)) })
	return out, nil
}

// actorKey is where an addition is kept: one object per act, applied in
// log order when the list is built.
func actorKey(e *truce.Entry) string { return fmt.Sprintf("act_%020d", e.Index) }

// ApplyActorAdd is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyActorAdd(v *core.View, e *truce.Entry, a *ingest.Actor) error {
	core.TActor.Put(v, actorKey(e), a)
	return nil
}

// Actors lists the actor list the center extracts with.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer.
func (svc SourceService) Actors(caller *core.Caller) ([]ingest.Actor, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open-source work is shown to the coordinator and observers")
	}
	var added []ingest.Actor
	c.Read(func(s *core.State) { added = listActors(s) })
	return actorList(added).List(), nil
}

// ArticleInput is the body of POST /v1/articles: either the article's
// fields, or a document (plain text, HTML, or an RSS/Atom feed whose
// items are articles) with its file name.
type ArticleInput struct {
	Title     string    `json:"title,omitempty"`
	Text      string    `json:"text,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Scale     string    `json:"scale,omitempty"`
	Document  string    `json:"document,omitempty"`
	Name      string    `json:"name,omitempty"`
}

// articleBody is the entry: what is public of an article. Its text and
// the candidates extracted from it are sealed (the text can be long, and
// monitors' work is theirs until they file a report).
type articleBody struct {
	Title     string    `json:"title,omitempty"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Scale     string    `json:"scale,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Sealed    string    `json:"sealed"`
}

type articleSecret struct {
	Text       string            `json:"text"`
	Candidates []candidateSecret `json:"candidates"`
	Places     []truce.Mention   `json:"places,omitempty"`
	Actors     []truce.Mention   `json:"actors,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"`
}

type candidateSecret struct {
	Report   reports.ReportInput `json:"report"`
	Citation truce.Citation      `json:"citation"`
	Flags    []string            `json:"flags,omitempty"`
	Inferred []string            `json:"inferred,omitempty"`
}

// Ingest reads an article or a document of articles, extracts
// candidate reports from each, and stores them: one entry per article.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer; EInvalid naming document (it does not parse), text (neither
// text nor a document), published or scale; EInternal if the gazetteer
// does not load; and the write errors (package doc). Each article is its
// own act: on a write error it returns the articles already stored with
// the error.
func (svc SourceService) Ingest(ctx context.Context, caller *core.Caller, in ArticleInput) ([]truce.Article, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open sources are ingested by the coordinator and observers")
	}
	var arts []ingest.Article
	switch {
	case in.Document != "":
		parsed, err := ingest.Parse(in.Name, []byte(in.Document))
		if err != nil {
			return nil, truce.Invalid([]truce.FieldError{{Field: "document", Message: err.Error()}})
		}
		for i := range parsed {
			if parsed[i].Source == "" {
				parsed[i].Source = in.Source
			}
			if parsed[i].Scale == "" {
				parsed[i].Scale = in.Scale
			}
		}
		arts = parsed
	case strings.TrimSpace(in.Text) != "":
		arts = []ingest.Article{{Title: in.Title, Text: in.Text, Published: in.Published, Source: in.Source, URL: in.URL, Scale: in.Scale}}
	default:
		return nil, truce.Invalid([]truce.FieldError{{Field: "text", Message: "is required, or a document"}})
	}
	var errs truce.Fields
	if !in.Published.IsZero() && !core.CheckTime(in.Published, "published", &errs) {
		return nil, errs.Err()
	}
	if in.Scale != "" && !slices.Contains(truce.SourceScales, in.Scale) {
		return nil, truce.Invalid([]truce.FieldError{{Field: "scale", Message: "must be one of " + strings.Join(truce.SourceScales, ", ")}})
	}
	x, err := extractorOf(c)
	if err != nil {
		return nil, err
	}
	var out []truce.Article
	for _, a := range arts {
		// An article without a publication date is not dated by the
		// time of ingest: its relative dates stay unresolved, its events
		// come back flagged, and the article carries the warning.
		ex := x.Extract(a)
		sec := articleSecret{Text: a.Text, Places: placeMentions(ex), Actors: actorMentions(ex), Warnings: ex.Warnings}
		// Nothing read is dropped: complete candidates the center would
		// refuse as reports (a date after its clock), and events without
		// a place or a date, are kept with flags saying why.
		for _, cand := range append(ex.Candidates(), ex.Flagged()...) {
			ri := candidateReport(cand, a)
			flags := cand.Flags
			if len(flags) == 0 {
				if err := reports.ValidateReport(c, &ri); err != nil {
					flags = append(flags, "refused as a report: "+err.Error())
				}
			}
			var inferred []string
			if cand.Actor1Inferred {
				inferred = []string{"actor1"}
			}
			sec.Candidates = append(sec.Candidates, candidateSecret{Report: ri, Flags: flags, Inferred: inferred, Citation: truce.Citation{URL: cand.Citation.URL,
				Title: cand.Citation.Title, Sentence: cand.Citation.Sentence, Start: cand.Citation.Start, End: cand.Citation.End}})
		}
		sealed, payload, err := core.Seal(sec)
		if err != nil {
			return nil, err
		}
		e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
			b := articleBody{Title: a.Title, Source: a.Source, URL: a.URL, Scale: a.Scale, Published: a.Published, Sealed: sealed}
			return TypeArticleIngest, core.WithPayloads{Body: b, Payloads: map[string][]byte{sealed: payload}}, nil
		})
		if err != nil {
			return out, err
		}
		art, err := SourceService{C: c}.Article(caller, articleID(e))
		if err != nil {
			return out, err
		}
		out = append(out, *art)
	}
	return out, nil
}

// placeMentions and actorMentions are what an extraction recognised, as
// the API shows it. A village the article names that the gazetteer lacks
// is a place mention too, of kind "village", without a location: the
// reader sees why an event there is placed at its district or left
// unplaced.
func placeMentions(ex *ingest.Extraction) []truce.Mention {
	out := make([]truce.Mention, 0, len(ex.Places)+len(ex.Unlisted))
	for _, p := range ex.Places {
		loc, _ := json.Marshal(ingest.Point{Lon: p.Place.Lon, Lat: p.Place.Lat})
		out = append(out, truce.Mention{Start: p.Start, End: p.End, Text: p.Text, Name: p.Place.Name, Kind: p.Place.Kind,
			Country: p.Place.Country, Location: loc, How: p.How})
	}
	for _, u := range ex.Unlisted {
		out = append(out, truce.Mention{Start: u.Start, End: u.End, Text: u.Text, Name: u.Text, Kind: "village", How: ingest.HowNotListed})
	}
	slices.SortStableFunc(out, func(a, b truce.Mention) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

func actorMentions(ex *ingest.Extraction) []truce.Mention {
	out := make([]truce.Mention, 0, len(ex.Actors))
	for _, m := range ex.Actors {
		out = append(out, truce.Mention{Start: m.Start, End: m.End, Text: m.Text, Name: m.Actor, Country: m.Country,
			Category: m.Category, How: m.How})
	}
	return out
}

// candidateReport maps an extracted candidate to the body of a report.
func candidateReport(cand ingest.Candidate, a ingest.Article) reports.ReportInput {
	var loc json.RawMessage
	if cand.Place != "" { // a flagged candidate without a place has no location, not [0, 0]
		loc, _ = json.Marshal(cand.Location)
	}
	ri := reports.ReportInput{OccurredAt: cand.OccurredAt, TimePrecision: cand.TimePrecision, Location: loc, GeoPrecision: cand.GeoPrecision,
		Place: cand.Place, EventType: cand.EventType, SubEventType: cand.SubEventType, Actor1: cand.Actor1, Actor2: cand.Actor2,
		Fatalities: cand.Fatalities, Notes: cand.Notes}
	if ri.Actor1 == "" {
		ri.Actor1 = "Unidentified"
	}
	for _, s := range cand.Sources {
		scale := s.Scale
		if scale == "" {
			scale = "international"
		}
		ri.Sources = append(ri.Sources, truce.Source{Name: s.Name, URL: s.URL, Scale: scale})
	}
	if len(ri.Sources) == 0 {
		name := a.Source
		if name == "" {
			name = "unnamed open source"
		}
		ri.Sources = []truce.Source{{Name: name, URL: a.URL, Scale: "international"}}
	}
	return ri
}

func articleID(e *truce.Entry) string { return fmt.Sprintf("art_%d", e.Index) }

// ApplyArticleIngest is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyArticleIngest(v *core.View, e *truce.Entry, b *articleBody) error {
	// Observers and the coordinator read what monitors ingest.
	var readers []string
	core.TParty.Each(v, func(id string, obj *truce.Party) {
		if obj.Kind == truce.KindObserver {
			readers = append(readers, id)
		}
	})
	if err := v.RecordSeal(b.Sealed, e, readers...); err != nil {
		return err
	}
	a := &truce.Article{ID: articleID(e), Title: b.Title, Source: b.Source, URL: b.URL, Scale: b.Scale, Published: b.Published,
		Candidates: []string{}, Party: e.Actor.Party, IngestedAt: e.Time, LogIndex: e.Index}
	var sec articleSecret
	ok, err := v.OpenInto(b.Sealed, &sec)
	if err != nil {
		return err
	}
	if ok {
		a.Text = sec.Text
		a.Places, a.Actors, a.Warnings = sec.Places, sec.Actors, sec.Warnings
		for i, cs := range sec.Candidates {
			raw, err := json.Marshal(cs.Report)
			if err != nil {
				return err
			}
			cs.Citation.Article = a.ID
			cand := &truce.CandidateReport{ID: fmt.Sprintf("can_%d_%d", e.Index, i), Article: a.ID, Report: raw, Citation: cs.Citation,
				Status: truce.CandidatePending, CreatedAt: e.Time, LogIndex: e.Index, Flags: cs.Flags, Inferred: cs.Inferred}
			a.Candidates = append(a.Candidates, cand.ID)
			core.TCandidate.Put(v, cand.ID, cand)
		}
	}
	core.TArticle.Put(v, a.ID, a)
	return nil
}

// DecideInput is the body of POST /v1/candidates/{id}/decision.
type DecideInput struct {
	Decision string `json:"decision"` // "accept" or "discard"
}

type candidateDecideBody struct {
	Candidate string `json:"candidate"`
	Decision  string `json:"decision"`
}

// Decide accepts a candidate report — filing it as a report
// that cites its article and sentence, in the normal review flow — or
// discards it. Reviewers decide.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer; EInvalid naming decision (neither "accept" nor "discard", or
// accepting a flagged candidate); ENotFound if there is no such
// candidate; EConflict if it is already decided; and the write errors
// (package doc).
func (svc SourceService) Decide(ctx context.Context, caller *core.Caller, id string, in DecideInput) (*truce.CandidateReport, error) {
	c := svc.C
	if !reports.Reviewer(caller) {
		return nil, truce.Errorf(truce.EForbidden, "candidate reports are decided by the coordinator and observers")
	}
	if in.Decision != "accept" && in.Decision != "discard" {
		return nil, truce.Invalid([]truce.FieldError{{Field: "decision", Message: `must be "accept" or "discard"`}})
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		cand := core.TCandidate.Get(v, id)
		if cand == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no candidate report %q", id)
		}
		if cand.Status != truce.CandidatePending {
			return "", nil, truce.Errorf(truce.EConflict, "the candidate is already %s", cand.Status)
		}
		if in.Decision == "accept" && len(cand.Flags) > 0 {
			return "", nil, truce.Invalid([]truce.FieldError{{Field: "decision",
				Message: "a flagged candidate cannot be accepted as it is (" + strings.Join(cand.Flags, "; ") + "): file a report from its citation"}})
		}
		return TypeCandidateDecide, candidateDecideBody{Candidate: id, Decision: in.Decision}, nil
	})
	if err != nil {
		return nil, err
	}
	return SourceService{C: c}.Candidate(caller, id)
}

// ApplyCandidateDecide is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyCandidateDecide(v *core.View, e *truce.Entry, b *candidateDecideBody) error {
	old := core.TCandidate.Get(v, b.Candidate)
	if old == nil || old.Status != truce.CandidatePending {
		return fmt.Errorf("decision on candidate %s does not apply", b.Candidate)
	}
	cand := *old
	cand.DecidedBy, cand.LogIndex = e.Actor.Member, e.Index
	cand.Status = truce.CandidateDiscarded
	if b.Decision == "accept" {
		// The accepted candidate becomes a report in this same act, filed
		// by the reviewer's party, its notes citing the sentence.
		var ri reports.ReportInput
		if err := json.Unmarshal(old.Report, &ri); err != nil {
			return err
		}
		ri.Notes = strings.TrimSpace(ri.Notes + fmt.Sprintf(" [from %s, bytes %d-%d: %q]", old.Article, old.Citation.Start, old.Citation.End, old.Citation.Sentence))
		if len([]rune(ri.Notes)) > 10000 {
			ri.Notes = string([]rune(ri.Notes)[:10000])
		}
		raw, err := json.Marshal(ri)
		if err != nil {
			return err
		}
		sub := *e
		sub.Body = raw
		var sb reports.ReportInput
		if err := core.Body(&sub, &sb); err != nil {
			return err
		}
		if err := reports.ApplyReportSubmit(v, &sub, &sb); err != nil {
			return err
		}
		cand.Status, cand.Accepted = truce.CandidateAccepted, reports.ReportID(e)
	}
	core.TCandidate.Put(v, cand.ID, &cand)
	return nil
}

// Article returns one article to the coordinator and observers.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer, and ENotFound if there is no such article.
func (svc SourceService) Article(caller *core.Caller, id string) (*truce.Article, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open-source work is shown to the coordinator and observers")
	}
	return core.CopyOf(c, core.TArticle, "article", id)
}

// Articles lists the articles, newest first, without their texts.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer.
func (svc SourceService) Articles(caller *core.Caller) ([]truce.Article, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open-source work is shown to the coordinator and observers")
	}
	out := []truce.Article{}
	c.Read(func(s *core.State) {
		for obj := range core.TArticle.Values(s) {
			a := *obj
			a.Text = ""
			out = append(out, a)
		}
	})
	slices.SortFunc(out, func(a, b truce.Article) int { return cmp.Compare(b.LogIndex, a.LogIndex) })
	return out, nil
}

// Candidate returns one candidate report.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer, and ENotFound if there is no such candidate.
func (svc SourceService) Candidate(caller *core.Caller, id string) (*truce.CandidateReport, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open-source work is shown to the coordinator and observers")
	}
	return core.CopyOf(c, core.TCandidate, "candidate report", id)
}

// Candidates lists candidate reports, with a status if given.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer.
func (svc SourceService) Candidates(caller *core.Caller, status string) ([]truce.CandidateReport, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open-source work is shown to the coordinator and observers")
	}
	out := []truce.CandidateReport{}
	c.Read(func(s *core.State) {
		for obj := range core.TCandidate.Values(s) {
			if x := obj; status == "" || x.Status == status {
				out = append(out, *x)
			}
		}
	})
	slices.SortFunc(out, func(a, b truce.CandidateReport) int {
		return cmp.Or(cmp.Compare(a.LogIndex, b.LogIndex), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Stories groups the ingested articles into stories (shared places,
// actors, dates and wording) with their briefs, newest story first.
//
// It returns EForbidden unless the caller is the coordinator or an
// observer, and EInternal if the gazetteer does not load.
func (svc SourceService) Stories(caller *core.Caller) ([]ingest.Brief, error) {
	c := svc.C
	if !monitor(caller) {
		return nil, truce.Errorf(truce.EForbidden, "open-source work is shown to the coordinator and observers")
	}
	x, err := extractorOf(c)
	if err != nil {
		return nil, err
	}
	var arts []ingest.Article
	c.Read(func(s *core.State) {
		for obj := range core.TArticle.Values(s) {
			a := obj
			arts = append(arts, ingest.Article{Title: a.Title, Text: a.Text, Published: a.Published, Source: a.Source, URL: a.URL, Scale: a.Scale})
		}
	})
	slices.SortFunc(arts, func(a, b ingest.Article) int {
		return cmp.Or(a.Published.Compare(b.Published), strings.Compare(a.URL, b.URL))
	})
	var out []ingest.Brief
	for _, st := range x.Group(arts) {
		out = append(out, st.Brief())
	}
	if out == nil {
		out = []ingest.Brief{}
	}
	return out, nil
}

// SourceService is what a center does with sources: Center.Sources returns it.
type SourceService struct{ C *core.Center }

func CandidateEvent(s *core.State, at core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
	if !monitor(caller) {
		return nil, false
	}
	var b candidateDecideBody
	if json.Unmarshal(e.Body, &b) != nil {
		return nil, false
	}
	c := core.TCandidate.Get(at, b.Candidate)
	return c, c != nil
}

func ArticleEvent(s *core.State, at core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
	if !monitor(caller) {
		return nil, false
	}
	a := core.TArticle.Get(at, articleID(e))
	if a == nil {
		return nil, false
	}
	out := *a
	out.Text = ""
	return out, true
}

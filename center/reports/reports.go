package reports

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/geo"
)

const (
	TypeReportSubmit   = "report.submit"
	TypeReportReview   = "report.review"
	TypeReportEvidence = "report.evidence"
	TypeReportRequest  = "report.request"
	TypeReportAnswer   = "report.answer"
	TypeReportMove     = "report.move"
)

// ReportInput is the body of POST /v1/reports.
type ReportInput struct {
	OccurredAt    time.Time       `json:"occurred_at"`
	TimePrecision int             `json:"time_precision"`
	Location      json.RawMessage `json:"location"`
	GeoPrecision  int             `json:"geo_precision"`
	Place         string          `json:"place,omitempty"`
	EventType     string          `json:"event_type"`
	SubEventType  string          `json:"sub_event_type"`
	Actor1        string          `json:"actor1"`
	Inter1        int             `json:"inter1,omitempty"`
	Actor2        string          `json:"actor2,omitempty"`
	Inter2        int             `json:"inter2,omitempty"`
	Fatalities    int             `json:"fatalities"`
	Notes         string          `json:"notes,omitempty"`
	Sources       []truce.Source  `json:"sources"`
}

// ValidateReport checks a report's fields as a submission must have
// them, and normalises them in place.
//
// It returns EInvalid naming each bad field.
func ValidateReport(c *core.Center, in *ReportInput) error {
	var errs truce.Fields
	switch {
	case in.OccurredAt.IsZero():
		errs.Add("occurred_at", "is required (RFC 3339 time)")
	case !core.CheckTime(in.OccurredAt, "occurred_at", &errs):
	case in.OccurredAt.After(c.Now()):
		errs.Add("occurred_at", "is in the future")
	}
	in.OccurredAt = in.OccurredAt.UTC()
	if in.TimePrecision < 1 || in.TimePrecision > 3 {
		errs.Add("time_precision", "must be 1 (day), 2 (week) or 3 (month)")
	}
	if in.GeoPrecision < 1 || in.GeoPrecision > 3 {
		errs.Add("geo_precision", "must be 1 (the place itself), 2 (near it) or 3 (the region)")
	}
	g, gerrs := core.ParseGeometry(in.Location, "location", geo.TypePoint)
	errs = append(errs, gerrs...)
	if !g.IsZero() {
		in.Location, _ = json.Marshal(g)
	}
	if subs, ok := truce.EventTypes[in.EventType]; !ok {
		errs.Add("event_type", "must be one of ACLED's six event types: %s", strings.Join(sortedKeys(truce.EventTypes), ", "))
	} else if !truce.ValidEvent(in.EventType, in.SubEventType) {
		errs.Add("sub_event_type", "must be a sub-type of %s: %s", in.EventType, strings.Join(subs, ", "))
	}
	for field, s := range map[string]*string{"place": &in.Place, "actor2": &in.Actor2} {
		*s = strings.TrimSpace(*s)
		if len([]rune(*s)) > 200 {
			errs.Add(field, "is longer than 200 characters")
		}
	}
	if a, msg := core.CleanName(in.Actor1); msg != "" {
		errs.Add("actor1", "%s", msg)
	} else {
		in.Actor1 = a
	}
	for field, code := range map[string]int{"inter1": in.Inter1, "inter2": in.Inter2} {
		if _, ok := truce.ActorCategories[code]; !ok && code != 0 {
			errs.Add(field, "must be an ACLED actor category from 1 to 8, or 0")
		}
	}
	if in.Fatalities < 0 || in.Fatalities > 100000 {
		errs.Add("fatalities", "must be a whole number from 0 to 100000 (a conservative count)")
	}
	if len([]rune(in.Notes)) > 10000 {
		errs.Add("notes", "is longer than 10000 characters")
	}
	if len(in.Sources) == 0 {
		errs.Add("sources", "must name at least one source")
	}
	if len(in.Sources) > 50 {
		errs.Add("sources", "holds more than 50 sources")
	}
	for i, s := range in.Sources {
		f := fmt.Sprintf("sources[%d]", i)
		if n, msg := core.CleanName(s.Name); msg != "" {
			errs.Add(f+".name", "%s", msg)
		} else {
			in.Sources[i].Name = n
		}
		if s.URL != "" {
			if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s.URL) > 2000 {
				errs.Add(f+".url", "must be an http(s) URL")
			}
		}
		if !slices.Contains(truce.SourceScales, s.Scale) {
			errs.Add(f+".scale", "must be one of %s", strings.Join(truce.SourceScales, ", "))
		}
	}
	return errs.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func ReportID(e *truce.Entry) string { return fmt.Sprintf("rep_%d", e.Index) }

// Submit files a violation or incident report. Any member may.
//
// It returns EInvalid naming each bad field (occurred_at: missing, out of
// range or in the future; time_precision; geo_precision; location;
// event_type; sub_event_type; place; actor1; actor2; inter1; inter2;
// fatalities; notes; sources and each source's name, url and scale), and
// the write errors (package doc).
func (svc ReportService) Submit(ctx context.Context, caller *core.Caller, in ReportInput) (*truce.Report, error) {
	c := svc.C
	if err := ValidateReport(c, &in); err != nil {
		return nil, err
	}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		return TypeReportSubmit, in, nil
	})
	if err != nil {
		return nil, err
	}
	return ReportService{C: c}.Get(caller, ReportID(e))
}

// ApplyReportSubmit is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyReportSubmit(v *core.View, e *truce.Entry, b *ReportInput) error {
	r := &truce.Report{ID: ReportID(e), Party: e.Actor.Party, Member: e.Actor.Member, OccurredAt: b.OccurredAt,
		TimePrecision: b.TimePrecision, Location: b.Location, GeoPrecision: b.GeoPrecision, Place: b.Place,
		EventType: b.EventType, SubEventType: b.SubEventType, Actor1: b.Actor1, Inter1: b.Inter1, Actor2: b.Actor2,
		Inter2: b.Inter2, Interaction: truce.Interaction(b.Inter1, b.Inter2), Fatalities: b.Fatalities, Notes: b.Notes,
		Sources: b.Sources, Evidence: []truce.Evidence{}, Zones: []string{}, Status: truce.ReportSubmitted,
		Reviews: []truce.Review{}, Requests: []truce.InfoRequest{}, CreatedAt: e.Time, SubmittedLogIndex: e.Index, LogIndex: e.Index}
	core.TReport.Put(v, r.ID, r)
	return nil
}

// Reviewer reports whether caller reviews reports: the coordinator and
// observers do.
func Reviewer(caller *core.Caller) bool {
	return caller.IsCoordinator() || caller.Party.Kind == truce.KindObserver
}

// ReviewInput is the body of POST /v1/reports/{id}/reviews.
type ReviewInput struct {
	Status string `json:"status"`
	Note   string `json:"note,omitempty"`
}

// reviewBody is the entry: the report and the review, as given.
type reviewBody struct {
	Report string `json:"report"`
	ReviewInput
}

// Review moves a report through its review: a reviewer takes it
// (under-review: it holds it, and others see who), then the holder —
// or the coordinator — gives the verdict with a note. The coordinator
// may reopen a decided report.
//
// It returns EForbidden if the caller is neither the coordinator nor an
// observer; EInvalid naming status or note (missing with a verdict, or
// longer than 4000 characters); ENotFound if there is no such report;
// EConflict for a verdict on a report not taken under review, a report
// held by another member (unless the caller is the coordinator), taking
// a report the caller already holds, or any review of a decided report
// but the coordinator's reopening; and the write errors (package doc).
func (svc ReportService) Review(ctx context.Context, caller *core.Caller, id string, in ReviewInput) (*truce.Report, error) {
	c := svc.C
	if !Reviewer(caller) {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator and observers review reports")
	}
	var errs truce.Fields
	final := in.Status == truce.ReportVerified || in.Status == truce.ReportUnverified || in.Status == truce.ReportRejected
	if !final && in.Status != truce.ReportUnderReview {
		errs.Add("status", "must be under-review, verified, unverified or rejected")
	}
	if final && strings.TrimSpace(in.Note) == "" {
		errs.Add("note", "is required with a verdict: say what it rests on")
	}
	if len([]rune(in.Note)) > 4000 {
		errs.Add("note", "is longer than 4000 characters")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		r := core.TReport.Get(v, id)
		if r == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no report %q", id)
		}
		switch r.Status {
		case truce.ReportSubmitted:
			if final {
				return "", nil, truce.Errorf(truce.EConflict, "take the report under review first")
			}
		case truce.ReportUnderReview:
			if r.Holder != caller.Member.ID && !caller.IsCoordinator() {
				holder := r.Holder
				if m := core.TMember.Get(v, r.Holder); m != nil {
					holder = m.Name + " (" + m.ID + ")"
				}
				return "", nil, truce.Errorf(truce.EConflict, "the report is held for review by %s", holder)
			}
			if !final && r.Holder == caller.Member.ID {
				return "", nil, truce.Errorf(truce.EConflict, "you already hold this report")
			}
		default:
			if !(caller.IsCoordinator() && in.Status == truce.ReportUnderReview) {
				return "", nil, truce.Errorf(truce.EConflict, "the report is %s; only the coordinator can reopen it", r.Status)
			}
		}
		return TypeReportReview, reviewBody{Report: id, ReviewInput: in}, nil
	})
	if err != nil {
		return nil, err
	}
	return ReportService{C: c}.Get(caller, id)
}

// ApplyReportReview is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyReportReview(v *core.View, e *truce.Entry, b *reviewBody) error {
	return changeReport(v, b.Report, e, func(r *truce.Report) error {
		r.Reviews = append(slices.Clone(r.Reviews), truce.Review{Member: e.Actor.Member, Party: e.Actor.Party, Status: b.Status, Note: b.Note, At: e.Time, LogIndex: e.Index})
		r.Status, r.Holder = b.Status, ""
		if b.Status == truce.ReportUnderReview {
			r.Holder = e.Actor.Member
		}
		return nil
	})
}

type evidenceBody struct {
	Report    string `json:"report"`
	SHA256    string `json:"sha256"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	Name      string `json:"name,omitempty"`
}

// AddEvidence attaches a file to a report: the log holds its SHA-256,
// the bytes are kept beside the log. The reporting party, the coordinator
// and observers may add evidence.
//
// It returns ETooLarge for a file over Settings.Reports.EvidenceMaxBytes,
// EInvalid naming body (empty) or name, ENotFound if there is no such
// report, EForbidden if the caller may not add evidence to it, EConflict
// if the same file is already attached, and the write errors (package
// doc).
func (svc ReportService) AddEvidence(ctx context.Context, caller *core.Caller, id, name string, data []byte) (*truce.Evidence, error) {
	c := svc.C
	if max := c.Settings().Reports.EvidenceMaxBytes; int64(len(data)) > max {
		return nil, truce.Errorf(truce.ETooLarge, "evidence is limited to %d bytes", max)
	}
	if len(data) == 0 {
		return nil, truce.Invalid([]truce.FieldError{{Field: "body", Message: "is empty: send the file's bytes"}})
	}
	if n, msg := core.CleanName(name); name != "" && msg != "" {
		return nil, truce.Invalid([]truce.FieldError{{Field: "name", Message: msg}})
	} else {
		name = n
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		r := core.TReport.Get(v, id)
		if r == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no report %q", id)
		}
		if r.Party != caller.Party.ID && !Reviewer(caller) {
			return "", nil, truce.Errorf(truce.EForbidden, "evidence is added by the reporting party, the coordinator and observers")
		}
		if slices.ContainsFunc(r.Evidence, func(ev truce.Evidence) bool { return ev.SHA256 == hash }) {
			return "", nil, truce.Errorf(truce.EConflict, "this file is already attached")
		}
		b := evidenceBody{Report: id, SHA256: hash, MediaType: http.DetectContentType(data), Size: int64(len(data)), Name: name}
		return TypeReportEvidence, core.WithPayloads{Body: b, Payloads: map[string][]byte{evidenceKey(hash): data}}, nil
	})
	if err != nil {
		return nil, err
	}
	rep, err := ReportService{C: c}.Get(caller, id)
	if err != nil {
		return nil, err
	}
	for _, ev := range rep.Evidence {
		if ev.SHA256 == hash {
			return &ev, nil
		}
	}
	return nil, fmt.Errorf("evidence %s not found after writing it", hash)
}

func evidenceKey(hash string) string { return "evidence:sha256:" + hash }

// ApplyReportEvidence is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyReportEvidence(v *core.View, e *truce.Entry, b *evidenceBody) error {
	return changeReport(v, b.Report, e, func(r *truce.Report) error {
		r.Evidence = append(slices.Clone(r.Evidence), truce.Evidence{SHA256: b.SHA256, MediaType: b.MediaType, Size: b.Size,
			Name: b.Name, Party: e.Actor.Party, At: e.Time, LogIndex: e.Index})
		return nil
	})
}

// Evidence returns an evidence file's bytes and media type to those
// allowed: the reporting party, the coordinator and observers.
//
// It returns ENotFound if there is no such report, no evidence of that
// hash on it, or its bytes are not in this store; EForbidden if the
// caller may not see the bytes (that the evidence exists is public on
// the report); and the store's error, as EInternal, if reading fails.
func (svc ReportService) Evidence(ctx context.Context, caller *core.Caller, id, hash string) ([]byte, string, error) {
	c := svc.C
	r, err := ReportService{C: c}.Get(caller, id)
	if err != nil {
		return nil, "", err
	}
	i := slices.IndexFunc(r.Evidence, func(ev truce.Evidence) bool { return ev.SHA256 == hash })
	if i < 0 {
		return nil, "", truce.Errorf(truce.ENotFound, "no evidence %q on report %s", hash, id)
	}
	if r.Party != caller.Party.ID && !Reviewer(caller) {
		return nil, "", truce.Errorf(truce.EForbidden, "evidence is shown to the reporting party, the coordinator and observers")
	}
	data, err := c.Store.Payload(ctx, evidenceKey(hash))
	if err != nil {
		return nil, "", err
	}
	if data == nil {
		return nil, "", truce.Errorf(truce.ENotFound, "the bytes of evidence %s are not in this store", hash)
	}
	return data, r.Evidence[i].MediaType, nil
}

// RequestInput is the body of POST /v1/reports/{id}/requests.
type RequestInput struct {
	To       string `json:"to"`
	Question string `json:"question"`
}

type requestBody struct {
	Report string `json:"report"`
	RequestInput
}

// RequestInfo asks a party — the accused, usually — for information on a
// report. Reviewers ask.
//
// It returns EForbidden if the caller is neither the coordinator nor an
// observer, EInvalid naming question (empty or longer than 4000
// characters) or to (not a registered party), ENotFound if there is no
// such report, and the write errors (package doc).
func (svc ReportService) RequestInfo(ctx context.Context, caller *core.Caller, id string, in RequestInput) (*truce.Report, error) {
	c := svc.C
	if !Reviewer(caller) {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator and observers ask for information")
	}
	var errs truce.Fields
	q := strings.TrimSpace(in.Question)
	if q == "" || len([]rune(q)) > 4000 {
		errs.Add("question", "is required, at most 4000 characters")
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		if core.TParty.Get(v, in.To) == nil {
			errs.Add("to", "is not a registered party")
		}
		if err := errs.Err(); err != nil {
			return "", nil, err
		}
		if core.TReport.Get(v, id) == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no report %q", id)
		}
		return TypeReportRequest, requestBody{Report: id, RequestInput: RequestInput{To: in.To, Question: q}}, nil
	})
	if err != nil {
		return nil, err
	}
	return ReportService{C: c}.Get(caller, id)
}

// ApplyReportRequest is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyReportRequest(v *core.View, e *truce.Entry, b *requestBody) error {
	return changeReport(v, b.Report, e, func(r *truce.Report) error {
		r.Requests = append(slices.Clone(r.Requests), truce.InfoRequest{N: len(r.Requests) + 1, To: b.To, Question: b.Question,
			AskedBy: e.Actor.Member, AskedAt: e.Time, LogIndex: e.Index})
		return nil
	})
}

// AnswerInput is the body of POST /v1/reports/{id}/requests/{n}/answer.
type AnswerInput struct {
	Answer string `json:"answer"`
}

type answerBody struct {
	Report string `json:"report"`
	N      int    `json:"n"`
	Answer string `json:"answer"`
}

// Answer records the asked party's answer to a request for information.
//
// It returns EInvalid naming answer (empty or longer than 10000
// characters), ENotFound if there is no such report or request n on it,
// EForbidden if the request is addressed to another party, EConflict if
// it is already answered, and the write errors (package doc).
func (svc ReportService) Answer(ctx context.Context, caller *core.Caller, id string, n int, in AnswerInput) (*truce.Report, error) {
	c := svc.C
	a := strings.TrimSpace(in.Answer)
	if a == "" || len([]rune(a)) > 10000 {
		return nil, truce.Invalid([]truce.FieldError{{Field: "answer", Message: "is required, at most 10000 characters"}})
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		r := core.TReport.Get(v, id)
		if r == nil || n < 1 || n > len(r.Requests) {
			return "", nil, truce.Errorf(truce.ENotFound, "no request %d on report %q", n, id)
		}
		q := r.Requests[n-1]
		if q.To != caller.Party.ID {
			return "", nil, truce.Errorf(truce.EForbidden, "the request is addressed to another party")
		}
		if q.AnsweredAt != nil {
			return "", nil, truce.Errorf(truce.EConflict, "the request is already answered")
		}
		return TypeReportAnswer, answerBody{Report: id, N: n, Answer: a}, nil
	})
	if err != nil {
		return nil, err
	}
	return ReportService{C: c}.Get(caller, id)
}

// ApplyReportAnswer is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyReportAnswer(v *core.View, e *truce.Entry, b *answerBody) error {
	return changeReport(v, b.Report, e, func(r *truce.Report) error {
		if b.N < 1 || b.N > len(r.Requests) || r.Requests[b.N-1].To != e.Actor.Party {
			return fmt.Errorf("answer to request %d of report %s does not apply", b.N, b.Report)
		}
		r.Requests = slices.Clone(r.Requests)
		t := e.Time
		q := &r.Requests[b.N-1]
		q.Answer, q.AnsweredBy, q.AnsweredAt, q.LogIndex = b.Answer, e.Actor.Member, &t, e.Index
		return nil
	})
}

// MoveInput is the body of POST /v1/reports/{id}/incident: With names a
// report whose incident this one joins; With equal to the report itself
// makes it an incident of its own; "" returns it to automatic grouping.
type MoveInput struct {
	With string `json:"with"`
}

type moveBody struct {
	Report string `json:"report"`
	MoveInput
}

// Move lets a reviewer move a report between incidents.
//
// It returns EForbidden if the caller is neither the coordinator nor an
// observer, ENotFound if there is no such report, EInvalid naming with if
// it is not a report, and the write errors (package doc).
func (svc ReportService) Move(ctx context.Context, caller *core.Caller, id string, in MoveInput) (*truce.Report, error) {
	c := svc.C
	if !Reviewer(caller) {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator and observers group reports")
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		if core.TReport.Get(v, id) == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no report %q", id)
		}
		if in.With != "" && core.TReport.Get(v, in.With) == nil {
			return "", nil, truce.Invalid([]truce.FieldError{{Field: "with", Message: "is not a report"}})
		}
		return TypeReportMove, moveBody{Report: id, MoveInput: in}, nil
	})
	if err != nil {
		return nil, err
	}
	return ReportService{C: c}.Get(caller, id)
}

// ApplyReportMove is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyReportMove(v *core.View, e *truce.Entry, b *moveBody) error {
	return changeReport(v, b.Report, e, func(r *truce.Report) error {
		r.PinnedTo = b.With
		return nil
	})
}

// changeReport applies change to a copy of report id, records entry e as
// the report's latest, and puts the copy: installed reports are never
// changed in place.
func changeReport(v *core.View, id string, e *truce.Entry, change func(r *truce.Report) error) error {
	old := core.TReport.Get(v, id)
	if old == nil {
		return fmt.Errorf("no report %s", id)
	}
	r := *old
	if err := change(&r); err != nil {
		return err
	}
	r.LogIndex = e.Index
	core.TReport.Put(v, r.ID, &r)
	return nil
}

// zoneShapes are the zones a reader may see, as that reader sees them (a
// coarse zone by its cover).
type zoneShape struct {
	id    string
	valid truce.Window
	fp    geo.Footprint
}

// zoneShapes returns the zones caller may see, parsed; if at is not
// zero, only those valid at that time (one report's read parses only
// the zones it could fall in).
func zoneShapes(s *core.State, caller *core.Caller, at time.Time) []zoneShape {
	var out []zoneShape
	for obj := range core.TZone.Values(s) {
		z, _, ok := core.ZoneFor(caller, obj, obj)
		if !ok || z.State == truce.ZoneWithdrawn || !at.IsZero() && (at.Before(z.Valid.Start.Time()) || !at.Before(z.Valid.End.Time())) {
			continue
		}
		sh := core.ZoneGeo.Of(s, obj.ID, obj).Shown(z.Geometry)
		if !sh.Ok {
			continue
		}
		out = append(out, zoneShape{z.ID, z.Valid, geo.Footprint{Geometry: sh.G}})
	}
	slices.SortFunc(out, func(a, b zoneShape) int { return strings.Compare(a.id, b.id) })
	return out
}

// reportFor returns r as caller sees it: with the zones (that the caller
// may see) it fell in when it happened, and its incident.
func reportFor(s *core.State, r *truce.Report, zones []zoneShape, incidents map[string]string) *truce.Report {
	out := *r
	out.Zones = []string{}
	if sh := core.ReportGeo.Of(s, r.ID, r)[0]; sh.Ok {
		p := geo.Footprint{Geometry: sh.G}
		for _, z := range zones {
			if !r.OccurredAt.Before(z.valid.Start.Time()) && r.OccurredAt.Before(z.valid.End.Time()) && p.Intersects(z.fp) {
				out.Zones = append(out.Zones, z.id)
			}
		}
	}
	out.Incident = incidents[r.ID]
	return &out
}

// Get returns one report. Reports are seen by every member: they are
// the public record of the ceasefire.
//
// It returns ENotFound if there is no such report.
func (svc ReportService) Get(caller *core.Caller, id string) (*truce.Report, error) {
	c := svc.C
	var out *truce.Report
	c.Read(func(s *core.State) {
		if r := core.TReport.Get(s, id); r != nil {
			_, byReport := ListIncidents(s)
			out = reportFor(s, r, zoneShapes(s, caller, r.OccurredAt), byReport)
		}
	})
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "no report %q", id)
	}
	return out, nil
}

// ReportFilter selects reports.
type ReportFilter struct {
	BBox      *geo.Rect
	From, To  time.Time
	Zone      string
	EventType string
	Actor     string
	Status    string
}

// List lists reports, oldest first.
func (svc ReportService) List(ctx context.Context, caller *core.Caller, f ReportFilter) []truce.Report {
	c := svc.C
	var out []truce.Report
	c.ReadSized(ctx, func(s *core.State) { out = ListReports(s, caller, f) })
	return out
}

func ListReports(s *core.State, caller *core.Caller, f ReportFilter) []truce.Report {
	zones := zoneShapes(s, caller, time.Time{})
	_, byReport := ListIncidents(s)
	out := []truce.Report{}
	for obj := range core.TReport.Values(s) {
		r := obj
		if f.EventType != "" && r.EventType != f.EventType || f.Status != "" && r.Status != f.Status ||
			!f.From.IsZero() && r.OccurredAt.Before(f.From) || !f.To.IsZero() && !r.OccurredAt.Before(f.To) ||
			f.Actor != "" && !strings.EqualFold(r.Actor1, f.Actor) && !strings.EqualFold(r.Actor2, f.Actor) ||
			!core.ReportGeo.Of(s, r.ID, r)[0].InBox(f.BBox) {
			continue
		}
		rv := reportFor(s, r, zones, byReport)
		if f.Zone != "" && !slices.Contains(rv.Zones, f.Zone) {
			continue
		}
		out = append(out, *rv)
	}
	slices.SortFunc(out, func(a, b truce.Report) int { return cmp.Compare(a.SubmittedLogIndex, b.SubmittedLogIndex) })
	return out
}

// Each calls fn for every report, oldest first, as ACLED-style
// exports need them (no zones, no incident), without copying the list.
//
// It stops at fn's first error and returns it unchanged, whatever its
// code (EInternal if it is not a *truce.Error); it has none of its own.
func (svc ReportService) Each(fn func(r *truce.Report) error) error {
	c := svc.C
	var all []*truce.Report
	c.Read(func(s *core.State) {
		all = make([]*truce.Report, 0, core.TReport.Len(s))
		for obj := range core.TReport.Values(s) {
			all = append(all, obj)
		}
	})
	slices.SortFunc(all, func(a, b *truce.Report) int { return cmp.Compare(a.SubmittedLogIndex, b.SubmittedLogIndex) })
	for _, r := range all {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// ReportService is what a center does with reports: Center.Reports returns it.
type ReportService struct{ C *core.Center }

func ReportEvent(s *core.State, at core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
	id := ReportID(e)
	if e.Type != TypeReportSubmit {
		var b struct {
			Report string `json:"report"`
		}
		if json.Unmarshal(e.Body, &b) != nil {
			return nil, false
		}
		id = b.Report
	}
	r := core.TReport.Get(at, id)
	if r == nil {
		return nil, false
	}
	// Reports are every member's to see; zones and incidents are
	// resolved by the read endpoints, not here.
	out := *r
	out.Zones = []string{}
	return out, true
}

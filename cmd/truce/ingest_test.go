package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/members"
)

// TestIngest sends articles written for ingest's tests through `truce
// ingest`, then accepts one candidate into the review flow and discards
// another, and reads the stories and their briefs.
func TestIngest(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	ctx := context.Background()
	coord := client(t, s.url, res.Token)
	var obs, pty struct{ ID string }
	coord.Post(ctx, "/v1/parties", map[string]string{"name": "Monitors", "kind": "observer"}, &obs)
	coord.Post(ctx, "/v1/parties", map[string]string{"name": "Russian Federation", "kind": "party"}, &pty)
	var om, pm members.MemberCreated
	coord.Post(ctx, "/v1/parties/"+obs.ID+"/members", map[string]string{"name": "analyst"}, &om)
	coord.Post(ctx, "/v1/parties/"+pty.ID+"/members", map[string]string{"name": "desk"}, &pm)

	// Six articles: three on the convoy story, others besides.
	in := t.TempDir()
	src := "../../ingest/testdata/articles"
	names, _ := filepath.Glob(filepath.Join(src, "0[1-6]-*"))
	n := 0
	for _, f := range names {
		if strings.HasSuffix(f, ".json") {
			continue
		}
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(in, filepath.Base(f)), b, 0o600)
		n++
	}
	if n < 4 {
		t.Fatalf("only %d test articles found in %s", n, src)
	}
	code, _, errs := run(t, "ingest", "--server", s.url, "--token", pm.Token, in)
	if code == 0 || !strings.Contains(errs, "403") {
		t.Fatalf("a party ingested: %d %q", code, errs)
	}
	code, out, errs := run(t, "ingest", "--server", s.url, "--token", om.Token, "--scale", "international", in)
	m := regexp.MustCompile(`ingested (\d+) files: (\d+) articles, (\d+) candidate reports`).FindStringSubmatch(out)
	if code != 0 || m == nil || m[3] == "0" {
		t.Fatalf("ingest: %d %q %q", code, out, errs)
	}
	analyst := client(t, s.url, om.Token)
	var cands []truce.CandidateReport
	if err := analyst.Get(ctx, "/v1/candidates?status=pending", &cands); err != nil || len(cands) < 2 {
		t.Fatalf("candidates: %v %d", err, len(cands))
	}
	// Every candidate cites a sentence that is in its article, at the
	// offsets given.
	for _, c := range cands {
		var a truce.Article
		if err := analyst.Get(ctx, "/v1/articles/"+c.Article, &a); err != nil {
			t.Fatal(err)
		}
		if c.Citation.End > len(a.Text) || a.Text[c.Citation.Start:c.Citation.End] != c.Citation.Sentence {
			t.Fatalf("candidate %s cites %q at %d-%d, not in its article", c.ID, c.Citation.Sentence, c.Citation.Start, c.Citation.End)
		}
	}
	var accepted, discarded truce.CandidateReport
	if err := analyst.Post(ctx, "/v1/candidates/"+cands[0].ID+"/decision", map[string]string{"decision": "accept"}, &accepted); err != nil {
		t.Fatal(err)
	}
	if err := analyst.Post(ctx, "/v1/candidates/"+cands[1].ID+"/decision", map[string]string{"decision": "discard"}, &discarded); err != nil {
		t.Fatal(err)
	}
	if accepted.Status != "accepted" || accepted.Accepted == "" || discarded.Status != "discarded" {
		t.Fatalf("decisions: %+v / %+v", accepted, discarded)
	}
	if err := analyst.Post(ctx, "/v1/candidates/"+cands[0].ID+"/decision", map[string]string{"decision": "discard"}, nil); truce.ErrorCode(err) != truce.EConflict {
		t.Fatalf("second decision: %v", err)
	}
	// The accepted candidate is a report in the normal review flow,
	// citing its article, and visible to every party.
	var rep truce.Report
	if err := client(t, s.url, pm.Token).Get(ctx, "/v1/reports/"+accepted.Accepted, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Status != "submitted" || !strings.Contains(rep.Notes, cands[0].Article) {
		t.Fatalf("accepted report: %+v", rep)
	}
	// Stories and their briefs.
	var briefs []struct {
		StoryID string `json:"story_id"`
		Title   string
	}
	if err := analyst.Get(ctx, "/v1/stories", &briefs); err != nil || len(briefs) == 0 {
		t.Fatalf("stories: %v %d", err, len(briefs))
	}
	md, err := analyst.Raw(ctx, "GET", "/v1/stories/"+briefs[0].StoryID+"/brief", nil)
	if err != nil || !strings.Contains(string(md), briefs[0].Title) {
		t.Fatalf("brief: %v %.200s", err, md)
	}
	// The actor list is extended through the API, and extraction uses it.
	if err := client(t, s.url, pm.Token).Post(ctx, "/v1/actors", map[string]any{"name": "x", "category": 1}, nil); truce.ErrorCode(err) != truce.EForbidden {
		t.Fatalf("a party extended the actor list: %v", err)
	}
	err = analyst.Post(ctx, "/v1/actors", map[string]any{"name": "Qalamoun Shield Brigade", "category": 9}, nil)
	if te, ok := err.(*truce.Error); !ok || len(te.Fields) == 0 || te.Fields[0].Field != "category" {
		t.Fatalf("a bad category: %v", err)
	}
	if err := analyst.Post(ctx, "/v1/actors", map[string]any{"name": "Qalamoun Shield Brigade", "category": 3,
		"kind": "militia", "aliases": []string{"Qalamoun Shield"}}, nil); err != nil {
		t.Fatal(err)
	}
	var actors []struct{ Name string }
	if err := analyst.Get(ctx, "/v1/actors", &actors); err != nil || !slices.ContainsFunc(actors, func(a struct{ Name string }) bool { return a.Name == "Qalamoun Shield Brigade" }) {
		t.Fatalf("actors: %v %d", err, len(actors))
	}
	var arts []truce.Article
	if err := analyst.Post(ctx, "/v1/articles", map[string]any{"title": "Shelling in Douma", "source": "Local monitor", "scale": "local",
		"published": "2016-09-11T12:00:00Z",
		"text":      "The Qalamoun Shield shelled the town of Douma on 10 September 2016, killing three civilians, activists said."}, &arts); err != nil {
		t.Fatal(err)
	}
	if err := analyst.Get(ctx, "/v1/candidates?status=pending", &cands); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(cands, func(c truce.CandidateReport) bool {
		return c.Article == arts[0].ID && strings.Contains(string(c.Report), "Qalamoun Shield Brigade")
	}) {
		t.Fatalf("no candidate names the added actor: %+v", arts)
	}
	// The log and the replay cover it all.
	if code, _, errs := verify(t, s.url, filepath.Join(t.TempDir(), "trust.json"), om.Token); code != 0 {
		t.Fatalf("verify: %s", errs)
	}
	s.stop()
	if code, out, errs := run(t, "log", "replay", "--data", dir); code != 0 {
		t.Fatalf("replay: %q %q", out, errs)
	}
}

package httpapi

import (
	"net/http"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/sources"
	"github.com/truce-center/truce/ingest"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "POST", Path: "/v1/articles", Summary: "Ingest an open-source article, or a document of them (text, HTML, RSS/Atom); candidate reports are extracted",
				Request: sources.ArticleInput{}, Response: []truce.Article{}, Status: http.StatusCreated, Handle: (*Server).ingestArticles},
			{Method: "GET", Path: "/v1/articles", Summary: "Ingested articles, newest first (coordinator and observers)",
				Response: []truce.Article{}, Handle: (*Server).listArticles},
			{Method: "GET", Path: "/v1/articles/{id}", Summary: "One article with its text",
				Response: truce.Article{}, Handle: (*Server).getArticle},
			{Method: "GET", Path: "/v1/candidates", Summary: "Candidate reports extracted from articles (?status=pending|accepted|discarded)",
				Response: []truce.CandidateReport{}, Handle: (*Server).listCandidates},
			{Method: "POST", Path: "/v1/candidates/{id}/decision", Summary: "Accept a candidate into the review flow as a report, or discard it",
				Request: sources.DecideInput{}, Response: truce.CandidateReport{}, Handle: act(http.StatusOK, func(c *center.Center, r *http.Request, k *core.Caller, id string, in sources.DecideInput) (*truce.CandidateReport, error) {
					return c.Sources().Decide(r.Context(), k, id, in)
				})},
			{Method: "GET", Path: "/v1/actors", Summary: "The actor list open sources are read with (coordinator and observers)",
				Response: []ingest.Actor{}, Handle: (*Server).listActors},
			{Method: "POST", Path: "/v1/actors", Summary: "Extend the actor list: a new actor, or aliases merged into one of the same name",
				Request: ingest.Actor{}, Response: ingest.Actor{}, Status: http.StatusCreated,
				Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, k *core.Caller, _ string, in ingest.Actor) (*ingest.Actor, error) {
					return c.Sources().AddActor(r.Context(), k, in)
				})},
			{Method: "GET", Path: "/v1/stories", Summary: "Articles grouped into stories, each with its brief",
				Response: []ingest.Brief{}, Handle: (*Server).listStories},
			{Method: "GET", Path: "/v1/stories/{id}/brief", Summary: "A story's brief: JSON, or Markdown with Accept: text/markdown",
				Response: ingest.Brief{}, Handle: (*Server).storyBrief},
		}
	})
}

func (s *Server) ingestArticles(w http.ResponseWriter, r *http.Request) error {
	var in sources.ArticleInput
	if err := decode(r, &in); err != nil {
		return err
	}
	arts, err := s.c.Sources().Ingest(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, arts)
	return nil
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) error {
	arts, err := s.c.Sources().Articles(callerOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, arts)
	return nil
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.c.Sources().Article(callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) listCandidates(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.c.Sources().Candidates(callerOf(r), r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

func (s *Server) listStories(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.c.Sources().Stories(callerOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, bs)
	return nil
}

func (s *Server) storyBrief(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.c.Sources().Stories(callerOf(r))
	if err != nil {
		return err
	}
	for _, b := range bs {
		if b.StoryID != r.PathValue("id") {
			continue
		}
		if strings.Contains(r.Header.Get("Accept"), "text/markdown") {
			w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
			w.Write([]byte(b.Markdown()))
			return nil
		}
		writeJSON(w, http.StatusOK, b)
		return nil
	}
	return truce.Errorf(truce.ENotFound, "no story %q", r.PathValue("id"))
}

func (s *Server) listActors(w http.ResponseWriter, r *http.Request) error {
	as, err := s.c.Sources().Actors(callerOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, as)
	return nil
}

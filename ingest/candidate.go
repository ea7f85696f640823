package ingest

import (
	"encoding/json"
	"fmt"
	"time"
)

// Point is a WGS 84 position. It marshals as a GeoJSON Point
// ({"type": "Point", "coordinates": [lon, lat]}), as reports carry it.
type Point struct {
	Lon float64
	Lat float64
}

// MarshalJSON writes the point as GeoJSON.
func (p Point) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	}{"Point", [2]float64{p.Lon, p.Lat}})
}

// UnmarshalJSON reads a GeoJSON Point.
func (p *Point) UnmarshalJSON(b []byte) error {
	var g struct {
		Type        string    `json:"type"`
		Coordinates []float64 `json:"coordinates"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return err
	}
	if g.Type != "Point" || len(g.Coordinates) < 2 {
		return fmt.Errorf("not a GeoJSON Point")
	}
	p.Lon, p.Lat = g.Coordinates[0], g.Coordinates[1]
	return nil
}

// Source is one source of a report, as in PRODUCT §10.
type Source struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Scale string `json:"scale,omitempty"`
}

// Citation says where in an article a candidate was read: the sentence
// and its byte offsets in the article's Text.
type Citation struct {
	URL      string `json:"url"`
	Title    string `json:"title,omitempty"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Candidate is a report suggested by an article, shaped as the body of
// POST /v1/reports (PRODUCT §10) plus the citation it was read from. A
// reviewer accepts it into the normal review flow or discards it.
// OccurredAt is the event's day (UTC midnight; the middle of the period
// for week and month precision); Location is the place's point (for
// GeoNear, the town it is near; for GeoRegion, the region's centre).
type Candidate struct {
	OccurredAt    time.Time `json:"occurred_at"`
	TimePrecision int       `json:"time_precision"`
	Location      Point     `json:"location"`
	GeoPrecision  int       `json:"geo_precision"`
	Place         string    `json:"place"`
	Country       string    `json:"country"`
	EventType     string    `json:"event_type"`
	SubEventType  string    `json:"sub_event_type"`
	Actor1        string    `json:"actor1"`
	// Actor1Inferred says that no sentence of the event names actor1:
	// it is the article's dominant armed actor, or the unidentified
	// armed group of the event's country, for the reviewer to confirm
	// (Event.Actor1Inferred).
	Actor1Inferred bool     `json:"actor1_inferred,omitempty"`
	Actor2         string   `json:"actor2"`
	Interaction    int      `json:"interaction,omitempty"`
	Fatalities     int      `json:"fatalities"`
	Notes          string   `json:"notes"`
	Sources        []Source `json:"sources"`
	Citation       Citation `json:"citation"`
	// Flags say what a flagged candidate lacks (Extraction.Flagged);
	// a complete one has none but FlagDayAssumed, FlagDayFromURL and
	// FlagDayFromText.
	Flags []string `json:"flags,omitempty"`
}

// Flags of incomplete candidates.
const (
	FlagNoPlace = "no place: the sentence names none of its own"
	FlagNoDate  = "no date: the sentence and the text before it give none"
	// FlagDayAssumed marks a complete candidate whose day is the
	// report's: the text names none for it (Event.DateAssumed).
	FlagDayAssumed = "day assumed: the text names none; the day of publication is taken"
	// FlagDayFromURL and FlagDayFromText mark a candidate whose day
	// counts from a publication day read from the article's address or
	// from a date line atop its text (Event.DateFrom).
	FlagDayFromURL  = "day from the address: the report states no publication date; its address gives the day the date counts from"
	FlagDayFromText = "day from a date line: the report states no publication date; a date line atop its text gives the day the date counts from"
	// FlagUnlisted is followed by the village's name in brackets.
	FlagUnlisted = "no place: the village it names is not in the gazetteer"
)

// Candidates returns a Candidate for every event that has a place and a
// date, in the order of the text. The notes are the cited sentence,
// verbatim: the reviewer sees what the source said, not a paraphrase.
func (ex *Extraction) Candidates() []Candidate { return ex.candidates(false) }

// Flagged returns a Candidate for every event that lacks a place or a
// date, with Flags saying which: nothing read is dropped silently. Its
// Location or OccurredAt is then the zero value; a reviewer completes it
// from the citation.
func (ex *Extraction) Flagged() []Candidate { return ex.candidates(true) }

func (ex *Extraction) candidates(flagged bool) []Candidate {
	var out []Candidate
	for _, ev := range ex.Events {
		if (ev.Place == nil || ev.Date == nil) != flagged {
			continue
		}
		sent := ex.Sentences[ev.Sentence]
		c := Candidate{
			EventType:      ev.EventType,
			SubEventType:   ev.SubEventType,
			Actor1:         ev.Actor1,
			Actor1Inferred: ev.Actor1Inferred,
			Actor2:         ev.Actor2,
			Interaction:    ev.Interaction,
			Fatalities:     ev.Fatalities,
			Notes:          sent.Text,
			Sources:        []Source{{Name: sourceName(ex.Article), URL: ex.Article.URL, Scale: ex.Article.Scale}},
			Citation: Citation{
				URL: ex.Article.URL, Title: ex.Article.Title,
				Sentence: sent.Text, Start: sent.Start, End: sent.End,
			},
		}
		if ev.Place != nil {
			c.Location = Point{Lon: ev.Place.Place.Lon, Lat: ev.Place.Place.Lat}
			c.GeoPrecision, c.Place, c.Country = ev.Place.GeoPrecision, ev.Place.Place.Name, ev.Place.Place.Country
		} else if ev.Village != "" {
			c.Flags = append(c.Flags, FlagUnlisted+" ("+ev.Village+")")
		} else {
			c.Flags = append(c.Flags, FlagNoPlace)
		}
		if ev.Date != nil {
			c.OccurredAt, c.TimePrecision = ev.Date.Date, ev.Date.Precision
			if ev.DateAssumed {
				c.Flags = append(c.Flags, FlagDayAssumed)
			}
			switch ev.DateFrom {
			case PublishedFromURL:
				c.Flags = append(c.Flags, FlagDayFromURL)
			case PublishedFromText:
				c.Flags = append(c.Flags, FlagDayFromText)
			}
		} else {
			c.Flags = append(c.Flags, FlagNoDate)
		}
		out = append(out, c)
	}
	return out
}

func sourceName(a Article) string {
	if a.Source != "" {
		return a.Source
	}
	if a.URL != "" {
		return a.URL
	}
	return "unknown"
}

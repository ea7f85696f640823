package truce

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// siteBefore is Site as it was before its coarse area, commitment and
// removal went behind pointers: the JSON of both must be the same.
type siteBefore struct {
	ID               string            `json:"id"`
	Name             string            `json:"name,omitempty"`
	Category         string            `json:"category"`
	Owner            string            `json:"owner"`
	Geometry         GeoJSON           `json:"geometry,omitzero"`
	Coarse           GeoJSON           `json:"coarse,omitzero"`
	BufferM          float64           `json:"buffer_m"`
	Valid            windowBefore      `json:"valid"`
	Disclosure       string            `json:"disclosure"`
	Sealed           string            `json:"sealed,omitempty"`
	Recipients       []string          `json:"recipients"`
	Acknowledgements []Acknowledgement `json:"acknowledgements"`
	State            string            `json:"state"`
	CreatedAt        time.Time         `json:"created_at"`
	AddedLogIndex    uint64            `json:"added_log_index"`
	LogIndex         uint64            `json:"log_index"`
	RemovedAt        *time.Time        `json:"removed_at,omitempty"`
	RemovalLogIndex  uint64            `json:"removal_log_index,omitempty"`
}

// TestSiteJSONAsBefore: a site decoded from a document and encoded again,
// compacted or not, gives the bytes the site type before its rare fields
// moved behind pointers gave, with or without them, null or empty; the
// accessors read what was decoded, and the setters write what the
// fields held.
func TestSiteJSONAsBefore(t *testing.T) {
	head := `{"id":"sit_1","name":"a","category":"hospital","owner":"pty_1","geometry":{"coordinates":[37.1,36.2],"type":"Point"},`
	tail := `"recipients":["pty_2"],"acknowledgements":[],"state":"active","created_at":"2016-09-13T01:00:00Z","added_log_index":5,"log_index":5`
	docs := []string{
		head + `"buffer_m":300,"valid":{"start":"2016-09-13T01:00:00Z","end":"2016-09-14T01:00:00Z"},"disclosure":"precise",` + tail + `}`,
		head + `"coarse":{"coordinates":[[[37,36],[37.1,36],[37.1,36.1],[37,36]]],"type":"Polygon"},"buffer_m":300,"valid":{},"disclosure":"hidden","sealed":"sha256:00ff",` + tail + `}`,
		head + `"coarse":null,"buffer_m":0,"valid":{},"disclosure":"coarse","sealed":"",` + tail + `,"removed_at":"2016-09-13T03:00:00Z","removal_log_index":9}`,
		head + `"coarse":[],"buffer_m":0,"valid":{},"disclosure":"coarse",` + tail + `,"removal_log_index":9}`,
		head + `"buffer_m":0,"valid":{},"disclosure":"coarse",` + tail + `,"removed_at":null}`,
	}
	for i, doc := range docs {
		var s Site
		var b siteBefore
		if err := json.Unmarshal([]byte(doc), &s); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(doc), &b); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(&b)
		for _, compact := range []bool{false, true} {
			if compact {
				s.Compact()
			}
			if got, _ := json.Marshal(&s); string(got) != string(want) {
				t.Errorf("document %d (compacted: %v):\n got %s\nwant %s", i, compact, got, want)
			}
		}
		if string(s.Coarse().JSON()) != string(b.Coarse.JSON()) || s.Sealed() != b.Sealed ||
			(s.RemovedAt() == nil) != (b.RemovedAt == nil) || s.RemovalLogIndex() != b.RemovalLogIndex {
			t.Errorf("document %d: the accessors read other values than the fields held", i)
		}
		var set Site
		json.Unmarshal([]byte(doc), &set)
		set.SiteCoarse, set.SiteSealed, set.SiteRemoval = nil, nil, nil
		set.SetCoarse(b.Coarse)
		set.SetSealed(b.Sealed)
		if b.RemovedAt != nil {
			set.SetRemoved(*b.RemovedAt, b.RemovalLogIndex)
		}
		if b.RemovedAt == nil && b.RemovalLogIndex != 0 {
			continue // a removal index without a time: no setter makes it
		}
		if got, _ := json.Marshal(&set); string(got) != string(want) {
			t.Errorf("document %d set again:\n got %s\nwant %s", i, got, want)
		}
	}
}

// TestListRefsJSON: a notification's parties that must acknowledge and a
// site's recipients, held by reference, write what the lists wrote: null
// for null or none, [] for empty, the list otherwise, compacted or not.
func TestListRefsJSON(t *testing.T) {
	for _, list := range []string{``, `,"x":null`, `,"x":[]`, `,"x":["pty_3","pty_4"]`} {
		ntf := `{"id":"ntf_1","kind":"strike","party":"pty_2","urgent":false,"state":"submitted","conflicts":null` + strings.ReplaceAll(list, "x", "must_acknowledge") + `,"acknowledgements":[]}`
		site := `{"id":"sit_1","category":"hospital","owner":"pty_1","buffer_m":0,"valid":{}` + strings.ReplaceAll(list, "x", "recipients") + `,"acknowledgements":[],"state":"active"}`
		for _, c := range []struct {
			doc       string
			now, then any
		}{
			{ntf, new(Notification), &struct {
				MustAcknowledge []string `json:"must_acknowledge"`
			}{}},
			{site, new(Site), new(siteBefore)},
		} {
			if err := json.Unmarshal([]byte(c.doc), c.now); err != nil {
				t.Fatal(err)
			}
			json.Unmarshal([]byte(c.doc), c.then)
			want, _ := json.Marshal(c.then)
			for _, compact := range []bool{false, true} {
				if compact {
					c.now.(interface{ Compact() }).Compact()
				}
				got, _ := json.Marshal(c.now)
				if k := `"must_acknowledge":`; strings.Contains(string(want), k) {
					_, w, _ := strings.Cut(string(want), k)
					if _, g, _ := strings.Cut(string(got), k); !strings.HasPrefix(g, strings.TrimSuffix(w, "}")) {
						t.Errorf("%s (compacted %v): %s", c.doc, compact, got)
					}
				} else if string(got) != string(want) {
					t.Errorf("%s (compacted %v):\n got %s\nwant %s", c.doc, compact, got, want)
				}
			}
		}
	}
}

package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestEventsDisclosure: the event stream filters zones, sites and
// notifications exactly as the reads do, and never carries precise
// geometry.
func TestEventsDisclosure(t *testing.T) {
	w := newWorld(t, worldOpts{})
	us := w.stream(t, "US", streamOpts{})
	ru := w.stream(t, "RU", streamOpts{})
	site := func(name, disclosure, lon string) (string, uint64) {
		var s struct {
			ID       string `json:"id"`
			LogIndex uint64 `json:"log_index"`
		}
		w.do(t, "POST", "/v1/sites", w.tok["RU"], fmt.Sprintf(`{"name":%q,"category":"hospital",
			"geometry":{"type":"Point","coordinates":[%s,36.2]},"buffer_m":100,"disclosure":%q,"recipients":[],
			"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-12T00:00:00Z"}}`, name, lon, disclosure), 201, &s)
		return s.ID, s.LogIndex
	}
	hidden, _ := site("Secret clinic", "hidden", "37.191919")
	precise, _ := site("Open clinic", "precise", "37.181818")
	var n struct {
		ID       string `json:"id"`
		LogIndex uint64 `json:"log_index"`
	}
	w.do(t, "POST", "/v1/notifications", w.tok["RU"], `{"kind":"strike","volumes":[{"geometry":{"type":"Point","coordinates":[37.171717,36.1]},
		"radius_m":100,"altitude":{"min_m":0,"max_m":100},"start":"2016-09-14T00:00:00Z","end":"2016-09-14T01:00:00Z"}]}`, 201, &n)
	last := n.LogIndex

	text := func(evs []sseEvent) string {
		var b strings.Builder
		for _, e := range evs {
			b.WriteString(e.Event + " " + e.Data + "\n")
		}
		return b.String()
	}
	usText := text(us.until(t, last-1)) // US sees no event for RU's own strike
	ruText := text(ru.until(t, last))
	if strings.Contains(usText, hidden) || strings.Contains(usText, "Secret clinic") || strings.Contains(usText, n.ID) {
		t.Fatalf("US's stream carries what US may not see:\n%s", usText)
	}
	if !strings.Contains(usText, precise) || !strings.Contains(ruText, hidden) || !strings.Contains(ruText, n.ID) {
		t.Fatalf("streams lack events:\nUS %s\nRU %s", usText, ruText)
	}
	for _, raw := range [][]byte{us.rawBytes(), ru.rawBytes()} {
		for _, coord := range []string{"37.191919", "37.181818", "37.171717"} {
			if bytes.Contains(raw, []byte(coord)) {
				t.Fatalf("an event carries precise coordinates (%s)", coord)
			}
		}
	}
	// And the event's data is the object as the reads show it.
	for _, line := range strings.Split(usText, "\n") {
		if strings.Contains(line, precise) {
			var ev struct{ Data map[string]any }
			json.Unmarshal([]byte(line[strings.Index(line, "{"):]), &ev)
			if obj := ev.Data; obj["id"] != precise || obj["name"] != "Open clinic" {
				t.Fatalf("site event: %s", line)
			}
		}
	}
}

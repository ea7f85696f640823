package truce

import (
	"encoding/json"
	"testing"
)

// TestCompactChangesNothingStored: a compacted notification encodes to
// the same bytes (the projection is compared byte for byte with its
// replay), and its empty lists stay empty, not null.
func TestCompactChangesNothingStored(t *testing.T) {
	doc := `{"acknowledgements":[],"conflicts":[{"overlap":{"end":"2016-09-13T02:00:00Z","start":"2016-09-13T01:00:00Z"},"rule":"strike-protected-site","volume":0,"with":{"category":"hospital","id":"sit_9","party":"pty_3","type":"site"}},{"overlap":{"end":"2016-09-13T02:00:00Z","start":"2016-09-13T01:00:00Z"},"rule":"strike-protected-site","volume":0,"with":{"area":{"coordinates":[37.1,36.2],"type":"Point"},"category":"school","type":"site"}}],"id":"ntf_1","kind":"strike","must_acknowledge":["pty_3","pty_4","pty_5"],"party":"pty_2","state":"submitted","volumes":[{"end":"2016-09-13T02:00:00Z","geometry":{"coordinates":[37.1,36.2],"type":"Point"},"radius_m":100,"start":"2016-09-13T01:00:00Z"}]}`
	var n Notification
	if err := json.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(&n)
	n.Compact()
	after, _ := json.Marshal(&n)
	if string(before) != string(after) {
		t.Fatalf("compacting changed the document:\n%s\n%s", before, after)
	}
	if cap(n.Conflicts) != len(n.Conflicts) || cap(n.MustAcknowledge) != 3 {
		t.Errorf("lists keep spare room: %d/%d, %d/%d", len(n.Conflicts), cap(n.Conflicts), len(n.MustAcknowledge), cap(n.MustAcknowledge))
	}
	if n.Acknowledgements == nil {
		t.Error("an empty list became null")
	}
}

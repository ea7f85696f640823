package strictjson

import "testing"

func TestUnmarshalRefusesWhatJSONAccepts(t *testing.T) {
	type v struct {
		A int `json:"a"`
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"a":1}`, true},
		{` {"a":1} `, true},
		{`{"a":1,"b":2}`, false},
		{`{"a":1}{}`, false},
		{`{"a":1}]`, false},
		{`{"a":1} x`, false},
		{``, false},
	} {
		var got v
		if err := Unmarshal([]byte(tc.in), &got); (err == nil) != tc.ok {
			t.Errorf("%q: err %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

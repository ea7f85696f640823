package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/zones"
)

// FuzzDecode feeds request bodies to the strict decoder: it must never
// panic, every refusal must name at least one field with a message, and a
// body it accepts must be one encoding/json accepts too, and valid UTF-8
// (so that nothing became U+FFFD on the way in).
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, dst := range []any{&members.PartyInput{}, &zones.ZoneInput{}, &notifications.NotificationInput{}, &reports.ReportInput{}} {
			err := decodeBytes(data, dst)
			if err == nil {
				dec := json.NewDecoder(bytes.NewReader(data))
				dec.DisallowUnknownFields()
				if refErr := dec.Decode(dst); refErr != nil {
					t.Fatalf("accepted %q, which a strict decoder refuses: %v", data, refErr)
				}
				if !utf8.Valid(data) {
					t.Fatalf("accepted %q, which is not valid UTF-8", data)
				}
				continue
			}
			var te *truce.Error
			if !errors.As(err, &te) || (te.Code == truce.EInvalid && len(te.Fields) == 0) {
				t.Fatalf("refusal without a named field: %v", err)
			}
			for _, fe := range te.Fields {
				if fe.Field == "" || fe.Message == "" {
					t.Fatalf("an error names no field or says nothing: %+v", fe)
				}
			}
		}
	})
}

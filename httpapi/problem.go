package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
)

// statusOf is the one table from error code to HTTP status.
var statusOf = map[string]int{
	truce.EInvalid:         http.StatusBadRequest,
	truce.EUnauthorized:    http.StatusUnauthorized,
	truce.EForbidden:       http.StatusForbidden,
	truce.ENotFound:        http.StatusNotFound,
	truce.EConflict:        http.StatusConflict,
	truce.EVersionMismatch: http.StatusPreconditionFailed,
	truce.ETooLarge:        http.StatusRequestEntityTooLarge,
	truce.EUnavailable:     http.StatusServiceUnavailable,
	truce.EInternal:        http.StatusInternalServerError,
}

// Problem is an RFC 9457 problem document, with the extension member
// "errors" listing each bad field.
type Problem struct {
	Type     string             `json:"type"`
	Title    string             `json:"title"`
	Status   int                `json:"status"`
	Detail   string             `json:"detail,omitempty"`
	Instance string             `json:"instance,omitempty"`
	Errors   []truce.FieldError `json:"errors,omitempty"`
}

// problemType is the base of the problem type URIs; each code is a
// fragment of the API documentation.
const problemType = "https://truce.invalid/problems#"

// writeError renders err as a problem document. Errors that are not a
// *truce.Error are internal: they are logged with an id, and the client
// sees only the id.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var te *truce.Error
	if !errors.As(err, &te) {
		id := requestID(r)
		log.Error("internal error", "request_id", id, "err", err)
		te = &truce.Error{Code: truce.EInternal, Message: "internal error; quote request id " + id}
	}
	status := statusOf[te.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	p := Problem{
		Type:   problemType + te.Code,
		Title:  http.StatusText(status),
		Status: status,
		Detail: te.Message,
		Errors: te.Fields,
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// maxBody is the largest request body accepted (16 MiB): room for a zone
// of geo.DefaultMaxVertices (100,000) positions in any formatting.
const maxBody = 16 << 20

// decode reads a JSON request body strictly into dst: one object, no
// unknown fields, within the size limit. When dst is a struct, every
// unknown field and every field of the wrong type is reported, not only
// the first.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &truce.Error{Code: truce.EInvalid, Message: "the body must be application/json",
			Fields: []truce.FieldError{{Field: "Content-Type", Message: "must be application/json"}}}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return jsonError(err)
	}
	return decodeBytes(data, dst)
}

// decodeBytes is decode without the HTTP part.
func decodeBytes(data []byte, dst any) error {
	strict := func(b []byte, v any) error {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return err
		}
		if _, err := dec.Token(); err != io.EOF {
			return errors.New("data after the json value")
		}
		return nil
	}
	err := strict(data, dst)
	if err == nil {
		return nil
	}
	rv := reflect.ValueOf(dst)
	var fields map[string]json.RawMessage
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct || json.Unmarshal(data, &fields) != nil {
		return jsonError(err)
	}
	// Field by field, to name every bad one.
	var errs truce.Fields
	st := rv.Elem().Type()
	byName := map[string]int{}
	for i := range st.NumField() {
		f := st.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if f.IsExported() && name != "-" {
			byName[name] = i
		}
	}
	for _, key := range slices.Sorted(maps.Keys(fields)) {
		i, ok := byName[key]
		if !ok {
			errs.Add(fieldName(key), "is not a known field")
			continue
		}
		fv := reflect.New(st.Field(i).Type)
		if ferr := strict(fields[key], fv.Interface()); ferr != nil {
			var te *truce.Error
			if errors.As(jsonError(ferr), &te) && len(te.Fields) == 1 {
				f := te.Fields[0]
				switch {
				case f.Field == "body":
					f.Field = key
				case !strings.HasPrefix(f.Field, key):
					f.Field = key + "." + f.Field
				}
				errs = append(errs, f)
			} else {
				errs.Add(key, "is not valid")
			}
		}
	}
	if len(errs) == 0 {
		return jsonError(err)
	}
	return errs.Err()
}

// jsonError turns a decoding error into a problem naming the field.
func jsonError(err error) error {
	var (
		maxErr  *http.MaxBytesError
		typeErr *json.UnmarshalTypeError
		synErr  *json.SyntaxError
	)
	switch {
	case errors.As(err, &maxErr):
		return truce.Errorf(truce.ETooLarge, "the body is larger than %d bytes", maxBody)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return truce.Invalid([]truce.FieldError{{Field: field, Message: fmt.Sprintf("must be %s, not %s", jsonKind(typeErr.Type), typeErr.Value)}})
	case errors.As(err, &synErr):
		return truce.Invalid([]truce.FieldError{{Field: "body", Message: fmt.Sprintf("is not valid JSON at byte %d: %v", synErr.Offset, synErr)}})
	case errors.Is(err, io.EOF):
		return truce.Invalid([]truce.FieldError{{Field: "body", Message: "is empty; a JSON object is required"}})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return truce.Invalid([]truce.FieldError{{Field: "body", Message: "ends in the middle of a JSON value"}})
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return truce.Invalid([]truce.FieldError{{Field: fieldName(strings.Trim(name, `"`)), Message: "is not a known field"}})
	}
	return truce.Invalid([]truce.FieldError{{Field: "body", Message: err.Error()}})
}

func jsonKind(t reflect.Type) string {
	if t == reflect.TypeOf(time.Time{}) {
		return "an RFC 3339 time"
	}
	switch k := t.Kind().String(); k {
	case "string":
		return "a string"
	case "int", "int64", "uint64", "int32", "uint", "uint32":
		return "an integer"
	case "float64", "float32":
		return "a number"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return t.String()
}

// writeJSON writes v with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// fieldName names a body member in an error; an empty key is shown as
// "" so that the error still names something.
func fieldName(key string) string {
	if key == "" {
		return `""`
	}
	return key
}

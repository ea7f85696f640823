package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"mime"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/internal/strictjson"
)

// Codes of refusals that only the HTTP layer makes, beside truce's own.
const (
	codeMediaType = "unsupported_media_type" // a body that is not application/json
	codeMethod    = "method_not_allowed"     // a known path asked with a method it does not serve
	codeTimeout   = "request_timeout"        // a body that did not arrive within Limits.BodyTimeout
)

// statusOf is the one table from error code to HTTP status.
var statusOf = map[string]int{
	codeMediaType:          http.StatusUnsupportedMediaType,
	codeMethod:             http.StatusMethodNotAllowed,
	codeTimeout:            http.StatusRequestTimeout,
	truce.EInvalid:         http.StatusBadRequest,
	truce.EUnauthorized:    http.StatusUnauthorized,
	truce.EForbidden:       http.StatusForbidden,
	truce.ENotFound:        http.StatusNotFound,
	truce.EConflict:        http.StatusConflict,
	truce.EVersionMismatch: http.StatusPreconditionFailed,
	truce.ETooLarge:        http.StatusRequestEntityTooLarge,
	truce.EUnavailable:     http.StatusServiceUnavailable,
	truce.ETooMany:         http.StatusTooManyRequests,
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

// MaxProblemErrors is the most errors[] items a problem document lists.
// A request with more bad fields gets the first MaxProblemErrors-1 and
// one last item, field "errors", that counts the rest: the answer to a
// hostile body stays small however many fields it gets wrong.
const MaxProblemErrors = 50

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
	if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(te.RetryAfter.Seconds())))))
	}
	p := Problem{
		Type:   problemType + te.Code,
		Title:  http.StatusText(status),
		Status: status,
		Detail: te.Message,
		Errors: capErrors(te.Fields),
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// capErrors returns fields cut to MaxProblemErrors items, the last
// counting those left out.
func capErrors(fields []truce.FieldError) []truce.FieldError {
	if len(fields) <= MaxProblemErrors {
		return fields
	}
	kept := slices.Clone(fields[:MaxProblemErrors-1])
	more := len(fields) - len(kept)
	return append(kept, truce.FieldError{Field: "errors",
		Message: fmt.Sprintf("%d more errors are not listed (a problem document lists at most %d)", more, MaxProblemErrors)})
}

// maxBody is the largest request body accepted (16 MiB): room for a zone
// of geo.DefaultMaxVertices (100,000) positions in any formatting.
const maxBody = 16 << 20

// decode reads a JSON request body strictly into dst: Content-Type
// application/json (415 otherwise), one object within the size limit,
// read within the body timeout, no unknown fields, no key in another case
// than the field's, no key twice in an object, only valid UTF-8 and no
// lone UTF-16 surrogates. When dst is a struct, every bad field is
// reported, not only the first.
func decode(r *http.Request, dst any) error {
	if err := requireJSON(r); err != nil {
		return err
	}
	// The body is read into a pooled buffer: decoding copies what it
	// keeps (strings, json.RawMessage), so the bytes are free once
	// decodeBytes returns.
	bp := bodyBufs.Get().(*[]byte)
	data, err := readBodyInto((*bp)[:0], r, maxBody)
	if err == nil {
		err = decodeBytes(data, dst)
	}
	if cap(data) <= maxPooledBody {
		*bp = data[:0]
		bodyBufs.Put(bp)
	}
	return err
}

var bodyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// maxPooledBody: a buffer grown past this (a large zone's geometry) is
// left to the collector rather than kept.
const maxPooledBody = 64 << 10

// requireJSON refuses a body whose Content-Type is not application/json
// (a charset parameter, if any, must be utf-8).
func requireJSON(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "application/json" {
		return nil // what nearly every request says, without the parse
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && mt == "application/json" && (params["charset"] == "" || strings.EqualFold(params["charset"], "utf-8")) {
		return nil
	}
	msg := "is missing; the body must be sent as application/json"
	if ct != "" {
		msg = fmt.Sprintf("is %q; the body must be sent as application/json", ct)
	}
	return &truce.Error{Code: codeMediaType, Message: "the body must be application/json",
		Fields: []truce.FieldError{{Field: "Content-Type", Message: msg}}}
}

// readBody reads the whole request body, at most limit bytes: a longer
// one is ETooLarge, one that does not arrive in time (the server's body
// deadline) is a 408.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	return readBodyInto(nil, r, limit)
}

// readBodyInto is readBody appending to buf.
func readBodyInto(buf []byte, r *http.Request, limit int64) ([]byte, error) {
	data, err := readAll(buf, r.Body, limit)
	var netErr net.Error
	switch {
	case err == nil:
		return data, nil
	case err == errTooLarge:
		return nil, truce.Errorf(truce.ETooLarge, "the body is larger than %d bytes", limit)
	case errors.As(err, &netErr) && netErr.Timeout():
		return nil, truce.Errorf(codeTimeout, "the body did not arrive in time")
	}
	return nil, truce.Invalid([]truce.FieldError{{Field: "body", Message: "could not be read: " + err.Error()}})
}

// decodeBytes is decode without the HTTP part. dst must hold its zero
// value.
func decodeBytes(data []byte, dst any) error {
	if in, ok := dst.(*notifications.NotificationInput); ok {
		if v, ok := decodeNotificationFast(data); ok {
			*in = v
			return nil
		}
	}
	return decodeGeneral(data, dst)
}

// decodeGeneral is decodeBytes for any body: checkJSON's checks, then
// encoding/json's strict decoding, and each bad field named.
func decodeGeneral(data []byte, dst any) error {
	if errs := checkJSON(data, reflect.TypeOf(dst)); len(errs) > 0 {
		return errs.Err()
	}
	err := strictjson.Unmarshal(data, dst)
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
		if ferr := strictjson.Unmarshal(fields[key], fv.Interface()); ferr != nil {
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
		typeErr *json.UnmarshalTypeError
		synErr  *json.SyntaxError
	)
	switch {
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
	setJSON(w.Header())
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// The header values of a JSON answer, shared by every answer: a header
// map holds them as they are, since nothing writes into a value's slice
// (Header.Set replaces it; Add, at its capacity, copies it).
var (
	valueJSON    = []string{"application/json"}
	valueNosniff = []string{"nosniff"}
)

// setJSON sets the header of a JSON answer (two allocations fewer an
// answer than Header.Set makes).
func setJSON(h http.Header) {
	h["Content-Type"] = valueJSON[:1:1]
	h["X-Content-Type-Options"] = valueNosniff[:1:1]
}

// fieldName names a body member in an error; an empty key is shown as
// "" so that the error still names something.
func fieldName(key string) string {
	if key == "" {
		return `""`
	}
	return key
}

// readAll is io.ReadAll appending to buf, reading no more than one byte
// past limit: a longer body is errTooLarge.
func readAll(buf []byte, r io.Reader, limit int64) ([]byte, error) {
	start := len(buf)
	for {
		if int64(len(buf)-start) > limit {
			return buf, errTooLarge
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), start+int(limit)+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// errTooLarge is readAll's error for a body longer than its limit; the
// answer's status then closes the connection (unreadCloser) rather than
// read the rest.
var errTooLarge = errors.New("body too large")

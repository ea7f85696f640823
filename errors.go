package truce

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes. The HTTP layer maps each to one status; nothing else
// interprets them.
const (
	EInvalid         = "invalid"          // the request is malformed; Fields says where
	EUnauthorized    = "unauthorized"     // no valid token
	EForbidden       = "forbidden"        // a valid token without the right
	ENotFound        = "not_found"        // no such object, or not visible to the caller
	EConflict        = "conflict"         // the act is not allowed in the object's state
	EVersionMismatch = "version_mismatch" // If-Match did not name the current version
	ETooLarge        = "too_large"        // the body exceeds a limit
	EUnavailable     = "unavailable"      // back-pressure or shutdown: try again later
	ETooMany         = "too_many"         // the caller's budget is spent: try again after RetryAfter
	EInternal        = "internal"         // a bug or a failed dependency; details are logged, not shown
)

// FieldError names one bad field of a request and says what is wrong
// with it. Field is a path in the request body such as
// "geometry.coordinates[0][3]" or "volumes[1].start".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type that crosses package boundaries. Code is
// one of the E* constants; Message is safe to show to the caller; Fields
// lists each bad field when Code is EInvalid.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// RetryAfter, with EUnavailable or ETooMany, says when to try again
	// (0: soon).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EInvalid error listing fields, or nil when fields is
// empty, so that validators can end with `return truce.Invalid(errs)`.
func Invalid(fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "the request has invalid fields", Fields: fields}
}

// ErrorCode returns the code of err if it is or wraps an *Error, and
// EInternal otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// Fields collects FieldErrors while validating one request.
type Fields []FieldError

// Add records that field is bad for the reason given.
func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns the collected errors as an EInvalid *Error, or nil.
func (f Fields) Err() error { return Invalid(f) }

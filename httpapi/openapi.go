package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/truce-center/truce"
)

// OpenAPI returns the OpenAPI 3.1 document of the API, generated from the
// route table and the Go types of the bodies.
func (s *Server) OpenAPI() map[string]any {
	schemas := map[string]any{}
	paths := map[string]map[string]any{}
	param := regexp.MustCompile(`\{([a-z0-9_]+)(\.\.\.)?\}`)
	for _, rt := range s.routes() {
		path := param.ReplaceAllString(rt.Path, "{$1}")
		op := map[string]any{"summary": rt.Summary, "operationId": operationID(rt)}
		var params []any
		for _, m := range param.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range queryParams[rt.Method+" "+rt.Path] {
			schema := map[string]any{"type": "string"}
			if q.Enum != nil {
				schema["enum"] = q.Enum
			}
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": false,
				"description": q.Description, "schema": schema})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Public {
			op["security"] = []any{} // said explicitly: no token needed
		} else {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		if rt.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Request), schemas)}}}
		}
		status := rt.Status
		if status == 0 {
			status = http.StatusOK
		}
		resp := map[string]any{"description": http.StatusText(status)}
		switch {
		case rt.Response != nil:
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Response), schemas)}}
		case rt.Produces != "":
			resp["content"] = map[string]any{rt.Produces: map[string]any{}}
		}
		responses := map[string]any{itoa(status): resp}
		for _, code := range problemStatuses(rt) {
			responses[itoa(code)] = map[string]any{"$ref": "#/components/responses/" + problemNames[code]}
		}
		responses["default"] = map[string]any{"$ref": "#/components/responses/Problem"}
		op["responses"] = responses
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(rt.Method)] = op
	}
	problemSchema := schemaOf(reflect.TypeOf(Problem{}), schemas)
	problemResponse := func(what string) map[string]any {
		return map[string]any{"description": what + ": an RFC 9457 problem document; errors[] names each bad field",
			"content": map[string]any{"application/problem+json": map[string]any{"schema": problemSchema}}}
	}
	responses := map[string]any{"Problem": problemResponse("Any other failure (500 internal, with a request id to quote)")}
	for code, name := range problemNames {
		responses[name] = problemResponse(problemWhat[code])
	}
	return map[string]any{
		"openapi": "3.1.0",
		// The document is the same for every center; clients set their
		// center's address. This is `truce serve`'s default.
		"servers": []any{map[string]any{"url": "http://127.0.0.1:8080", "description": "truce serve's default address; use your center's"}},
		"info": map[string]any{"title": "truce", "version": "1",
			"description": "The ceasefire coordination center's API. Times are RFC 3339 UTC, geometry GeoJSON (WGS 84), distances metres. " +
				"A member that has enrolled a key (POST /v1/me/key) signs every write with it: RFC 9421 Signature-Input and Signature over " +
				`("@method" "@path" "@query" "content-digest") with created, nonce, keyid, alg="ed25519" and tag = the log's origin, and an RFC 9530 Content-Digest (sha-256).`},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"responses":       responses,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

// queryParam is one query parameter an operation reads.
type queryParam struct {
	Name, Description string
	Enum              []string
}

// Shared query parameters.
var (
	qBBox = queryParam{Name: "bbox", Description: "minLon,minLat,maxLon,maxLat (WGS 84)"}
	qAt   = queryParam{Name: "at", Description: "an instant (RFC 3339): only what is valid then"}
	qFrom = queryParam{Name: "from", Description: "an instant (RFC 3339), inclusive"}
	qTo   = queryParam{Name: "to", Description: "an instant (RFC 3339), exclusive"}
)

// queryParams declares, by "METHOD path" of the route table, the query
// parameters the handlers read (with r.URL.Query()), so that generated
// clients can send them. TestQueryParamsNameRoutes keeps every key a
// route of the table.
var queryParams = map[string][]queryParam{
	"GET /v1/zones":         {qBBox, qAt, {Name: "kind", Description: "a zone kind"}, {Name: "state", Description: "a zone state"}},
	"GET /v1/zones/{id}":    {{Name: "version", Description: "an older version's number"}},
	"GET /v1/sites":         {qBBox, qAt, {Name: "category", Description: "a site category"}, {Name: "state", Description: "active or removed"}},
	"GET /v1/notifications": {qBBox, qFrom, qTo, {Name: "kind", Description: "an activity"}, {Name: "state", Description: "a notification state"}},
	"GET /v1/reports": {qBBox, qFrom, qTo, {Name: "zone", Description: "a zone id"}, {Name: "event_type", Description: "an ACLED event type"},
		{Name: "actor", Description: "actor1 or actor2, any case"}, {Name: "status", Description: "a review status"}},
	"POST /v1/reports/{id}/evidence": {{Name: "name", Description: "the file's name"}},
	"GET /v1/incidents":              {{Name: "min_reports", Description: "the fewest reports an incident must have (default 1)"}},
	"GET /v1/stats/violations": {{Name: "zone", Description: "a zone id"}, qFrom, qTo,
		{Name: "bucket", Enum: []string{"day", "week"}, Description: "the time bucket (default day)"},
		{Name: "by", Enum: []string{"perpetrator", "event_type"}, Description: "the key (default event_type)"},
		{Name: "include", Enum: []string{"all"}, Description: "count unverified reports too"}},
	"GET /v1/messages": {{Name: "thread", Description: "a thread's first message id"},
		{Name: "unacknowledged", Enum: []string{"true"}, Description: "only messages to the caller's party it has not acknowledged"},
		{Name: "fields", Enum: []string{"envelope"}, Description: "envelopes only, without subject and body"}},
	"GET /v1/events":         {{Name: "last_event_id", Description: "resume after this log index"}},
	"GET /v1/candidates":     {{Name: "status", Description: "a candidate's status"}},
	"GET /v1/sitreps/{date}": {{Name: "format", Enum: []string{"html", "pdf"}, Description: "html (default) or pdf"}},
	"GET /v1/letters":        {qFrom, qTo, {Name: "party", Description: "the party the letter is addressed to (coordinator only; default the caller's)"}},
}

// problemNames names the shared problem responses by status; problemWhat
// says when each comes.
var (
	problemNames = map[int]string{400: "ProblemInvalid", 401: "ProblemUnauthorized", 403: "ProblemForbidden", 404: "ProblemNotFound",
		409: "ProblemConflict", 412: "ProblemVersionMismatch", 413: "ProblemTooLarge", 503: "ProblemUnavailable"}
	problemWhat = map[int]string{400: "Bad input (a field, a query parameter or the body)", 401: "No valid bearer token",
		403: "The caller's party may not do this", 404: "No such object, or one the caller may not see",
		409: "The object's state does not allow the act", 412: "If-Match does not match the object's current version",
		413: "The body is too large", 503: "The store is busy or unavailable; retry after Retry-After seconds"}
)

// problemStatuses lists the problem responses an operation declares, by
// what the route is: every authenticated operation can be refused its
// token or its party's right and reads query parameters or a body; a path
// with parameters can name nothing; a write can meet a state, a version,
// a size limit or a busy store. Public reads of the log can only miss.
func problemStatuses(rt route) []int {
	var codes []int
	if !rt.Public {
		codes = append(codes, 400, 401, 403)
	}
	if strings.Contains(rt.Path, "{") || (rt.Public && strings.HasPrefix(rt.Path, "/log/")) {
		codes = append(codes, 404)
	}
	if rt.Method != "GET" {
		codes = append(codes, 409)
		if strings.Contains(rt.Path, "{") {
			codes = append(codes, 412)
		}
		codes = append(codes, 413, 503)
	}
	return codes
}

func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, part := range strings.Split(rt.Path, "/") {
		part = strings.Trim(part, "{}.")
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func itoa(i int) string { return jsonNumber(i) }

func jsonNumber(i int) string { b, _ := json.Marshal(i); return string(b) }

var (
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage{})
	// jsonAs: types whose JSON is that of another type (their
	// MarshalJSON's), described as that type.
	jsonAs = map[reflect.Type]reflect.Type{
		reflect.TypeFor[truce.ConflictList](): reflect.TypeFor[[]truce.Conflict](),
		reflect.TypeFor[truce.GeoJSON]():      reflect.TypeFor[json.RawMessage](),
		reflect.TypeFor[truce.Instant]():      timeType,
	}
)

// schemaOf returns the JSON Schema of t, adding named structs to schemas
// and referring to them.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if as, ok := jsonAs[t]; ok {
		t = as
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := t.Name()
		if name == "" {
			return structSchema(t, schemas)
		}
		if _, ok := schemas[name]; !ok {
			schemas[name] = map[string]any{} // placeholder against recursion
			schemas[name] = structSchema(t, schemas)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	addFields(t, schemas, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if required != nil {
		s["required"] = required
	}
	return s
}

// addFields describes t's fields, and those of the structs it embeds by
// pointer without a JSON name in their place, as encoding/json writes
// them (a nil pointer writes none of its fields: they are optional).
// A struct embedded by value is still described as a property named
// for its type, as before (not what encoding/json writes: to be
// corrected on its own, since it changes the document).
func addFields(t reflect.Type, schemas map[string]any, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
			var optional []string
			addFields(f.Type.Elem(), schemas, props, &optional)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.OpenAPI())
	return nil
}

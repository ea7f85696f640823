// Command goclient is a short scenario run by httpapi's TestGeneratedGoClient
// with a client that oapi-codegen generated from /v1/openapi.json beside
// it (client.gen.go, package main). It prints one JSON object of what it
// saw; the test checks it. It lives in testdata so that the module's build
// ignores it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	base, token := os.Args[1], os.Args[2]
	ctx := context.Background()
	auth := func(ctx context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
	c, err := NewClientWithResponses(base, WithRequestEditorFn(auth))
	check(err)
	out := map[string]any{}

	h, err := c.GetV1HealthWithResponse(ctx)
	check(err)
	out["health"] = h.JSON200.Status

	me, err := c.GetV1MeWithResponse(ctx)
	check(err)
	out["me_party_kind"] = me.JSON200.Party.Kind

	p, err := c.PostV1PartiesWithResponse(ctx, PostV1PartiesJSONRequestBody{Name: "Generated Go Client Party", Kind: "party"})
	check(err)
	out["created_status"] = p.StatusCode()
	out["created_name"] = p.JSON201.Name

	m, err := c.PostV1PartiesIdMembersWithResponse(ctx, p.JSON201.Id, PostV1PartiesIdMembersJSONRequestBody{Name: "desk"})
	check(err)
	out["member_token_given"] = m.JSON201.Token != ""

	// A bad request: the problem document is typed by the declared 400.
	bad, err := c.PostV1PartiesWithResponse(ctx, PostV1PartiesJSONRequestBody{Name: "", Kind: "army"})
	check(err)
	out["bad_status"] = bad.StatusCode()
	var fields []string
	if bad.ApplicationproblemJSON400 != nil && bad.ApplicationproblemJSON400.Errors != nil {
		for _, e := range *bad.ApplicationproblemJSON400.Errors {
			fields = append(fields, e.Field)
		}
	}
	out["bad_fields"] = fields

	// The other party may not register parties: a typed 403.
	other, err := NewClientWithResponses(base, WithRequestEditorFn(func(ctx context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+m.JSON201.Token)
		return nil
	}))
	check(err)
	f, err := other.PostV1PartiesWithResponse(ctx, PostV1PartiesJSONRequestBody{Name: "X", Kind: "party"})
	check(err)
	out["forbidden_typed"] = f.ApplicationproblemJSON403 != nil && f.ApplicationproblemJSON403.Status == 403

	// Query parameters, declared in the document, typed in the client.
	by := Perpetrator
	st, err := c.GetV1StatsViolationsWithResponse(ctx, &GetV1StatsViolationsParams{By: &by})
	check(err)
	out["stats_status"] = st.StatusCode()
	month := GetV1StatsViolationsParamsBucket("month")
	sb, err := c.GetV1StatsViolationsWithResponse(ctx, &GetV1StatsViolationsParams{Bucket: &month})
	check(err)
	if sb.ApplicationproblemJSON400 != nil && sb.ApplicationproblemJSON400.Errors != nil {
		for _, e := range *sb.ApplicationproblemJSON400.Errors {
			out["stats_bad_field"] = e.Field
		}
	}

	ps, err := c.GetV1PartiesWithResponse(ctx)
	check(err)
	out["parties"] = len(*ps.JSON200)
	check(json.NewEncoder(os.Stdout).Encode(out))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

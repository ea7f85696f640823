package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// Client calls a center's API and reads its log. Its errors for problem
// documents are *truce.Error values with the server's code and fields.
type Client struct {
	Base  string // e.g. "http://127.0.0.1:8080"
	Token string
	HTTP  *http.Client
	sign  *signer // set by SignWith (clientsign.go)
}

// NewClient returns a client for the center at base.
func NewClient(base, token string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server address %q is not an http(s) URL", base)
	}
	return &Client{Base: strings.TrimRight(base, "/"), Token: token, HTTP: &http.Client{}}, nil
}

func (c *Client) do(ctx context.Context, method, path string, body io.Reader, hdr http.Header) (*http.Response, error) {
	var signBody []byte
	if c.sign != nil && method != "GET" && method != "HEAD" {
		if body != nil {
			b, err := io.ReadAll(body)
			if err != nil {
				return nil, err
			}
			signBody, body = b, bytes.NewReader(b)
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, body)
	if err != nil {
		return nil, err
	}
	if c.sign != nil && method != "GET" && method != "HEAD" {
		if err := c.signRequest(ctx, req, signBody); err != nil {
			return nil, fmt.Errorf("signing %s %s: %w", method, path, err)
		}
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.HTTP.Do(req)
}

// Raw performs a request and returns the body of a 2xx answer; other
// answers become errors (a *truce.Error for a problem document).
func (c *Client) Raw(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	data, _, err := c.exchange(ctx, method, path, body)
	return data, err
}

// View reads GET path with the log size its answer reflects (the
// Truce-Log-Size header): the body of a 2xx answer, or the error of
// another (a *truce.Error for a problem document), and the size either
// way. An answer without the header, or with one that is not a decimal
// size, is an error naming the path.
func (c *Client) View(ctx context.Context, path string) ([]byte, uint64, error) {
	data, hdr, err := c.exchange(ctx, "GET", path, nil)
	if hdr == nil {
		return nil, 0, err
	}
	raw := hdr.Get(HeaderLogSize)
	size, perr := strconv.ParseUint(raw, 10, 64)
	if perr != nil || strconv.FormatUint(size, 10) != raw {
		bad := fmt.Errorf("GET %s: the answer's %s header is %q, not a log size", path, HeaderLogSize, raw)
		if err != nil {
			bad = fmt.Errorf("%w (the answer: %v)", bad, err)
		}
		return nil, 0, bad
	}
	return data, size, err
}

// exchange performs a request and returns the body of a 2xx answer and
// the answer's header; other answers become errors (a *truce.Error for a
// problem document), with the header. The header is nil when no answer
// came.
func (c *Client) exchange(ctx context.Context, method, path string, body []byte) ([]byte, http.Header, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	resp, err := c.do(ctx, method, path, rd, nil)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<30))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		var p Problem
		if json.Unmarshal(data, &p) == nil && p.Type != "" {
			code, _ := strings.CutPrefix(p.Type, problemType)
			return nil, resp.Header, &truce.Error{Code: code, Message: fmt.Sprintf("%s %s: %d %s", method, path, p.Status, p.Detail), Fields: p.Errors}
		}
		return nil, resp.Header, fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return data, resp.Header, nil
}

// Get decodes the JSON answer of GET path into dst.
func (c *Client) Get(ctx context.Context, path string, dst any) error {
	data, err := c.Raw(ctx, "GET", path, nil)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, dst)
}

// Post sends in as JSON and decodes the answer into out (if not nil).
func (c *Client) Post(ctx context.Context, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	data, err := c.Raw(ctx, "POST", path, b)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// ReadCheckpoint reads the log's signed checkpoint.
func (c *Client) ReadCheckpoint(ctx context.Context) ([]byte, error) {
	return c.Raw(ctx, "GET", "/log/checkpoint", nil)
}

// ReadTile reads a hash tile or entry bundle.
func (c *Client) ReadTile(ctx context.Context, t ledger.Tile) ([]byte, error) {
	return c.Raw(ctx, "GET", "/log/"+t.Path(), nil)
}

// LogKey reads the center's verifier key.
func (c *Client) LogKey(ctx context.Context) (string, error) {
	b, err := c.Raw(ctx, "GET", "/log/key", nil)
	return strings.TrimSpace(string(b)), err
}

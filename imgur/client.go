package imgur

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// Client talks to the Imgur API. It is safe for concurrent use.
//
// Every call goes through one request builder and one response checker
// (do): it refuses to send when the known credits are exhausted, applies the
// token (refreshing it when due), sends If-None-Match and serves the cached
// body on 304, records the rate-limit headers, retries once on 429, 502,
// 503 and 504, and turns every failure into a typed error.
type Client struct {
	cfg    Config
	http   *http.Client
	tokens *tokenSource

	mu   sync.Mutex
	rate RateLimit
	// holdUntil: after a 429, no request of this client is sent before
	// then (Imgur's limit is the client's, not one request's).
	holdUntil time.Time

	edits cacheEdits // cached pages changed by unfavorites
}

// New returns a client for cfg. It fails only on an unusable configuration.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("imgur config: %w", err)
	}
	c := &Client{cfg: cfg}
	c.http = &http.Client{
		Transport:     cfg.Transport,
		CheckRedirect: checkRedirect,
	}
	c.tokens = &tokenSource{client: c}
	return c, nil
}

// checkRedirect follows at most five redirects, and only those of a GET to
// the same scheme and host. Any other is refused before anything is sent:
// a POST carries the client secret and the refresh token in its body (and
// a 307 or 308 would send them again), another host or plain http would
// receive the access token or the Mashape key.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	target := req.URL.Scheme + "://" + req.URL.Host
	switch {
	case len(via) >= 5:
		return errors.New("too many redirects")
	case first.Method != http.MethodGet:
		return fmt.Errorf("refused a redirect of %s %s to %s", first.Method, first.URL.Path, target)
	case req.URL.Scheme != first.URL.Scheme || !strings.EqualFold(req.URL.Host, first.URL.Host):
		return fmt.Errorf("refused a redirect to %s", target)
	}
	return nil
}

// SetToken makes the client act as the token's account.
// A token of another account ends a hold and forgets the user credits
// known: Imgur's user limits are the account's (the application's stay).
func (c *Client) SetToken(t Token) {
	if prev := c.tokens.current().Username; !strings.EqualFold(prev, t.Username) {
		c.mu.Lock()
		c.holdUntil = time.Time{}
		if prev != "" {
			c.rate.UserKnown, c.rate.UserRemaining, c.rate.UserLimit, c.rate.UserReset = false, 0, 0, time.Time{}
		}
		c.mu.Unlock()
	}
	c.tokens.set(t)
}

// Token returns the current token (possibly refreshed since SetToken).
func (c *Client) Token() Token { return c.tokens.current() }

// RateLimit returns the last known credits.
func (c *Client) RateLimit() RateLimit {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rate
}

// SeedRateLimit starts the client from credits known before it was made
// (an earlier process found them run out): at 0 with a reset ahead, no
// request is sent until then.
func (c *Client) SeedRateLimit(r RateLimit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rate = r
}

func (c *Client) updateRate(f func(RateLimit) RateLimit) RateLimit {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rate = f(c.rate)
	return c.rate
}

// authMode says how a call authenticates.
type authMode int

const (
	authBearer authMode = iota // the user's access token
	authClient                 // Client-ID only
)

// call describes one API request.
type call struct {
	method   string
	path     string     // absolute path on the API host, e.g. /3/credits
	form     url.Values // POST body, form-encoded
	auth     authMode
	cacheKey string // GET only; "" disables conditional requests
	free     bool   // costs no credits (OAuth): not refused when exhausted
	// decode reads the data of a successful body, fresh or cached; an
	// error makes the body unreadable (and a cached one is dropped).
	decode func(data json.RawMessage) error
	// stalePrefix names the cache entries that a change of this response
	// makes stale (page 0 of a sort changed: its later pages shifted).
	stalePrefix string
	// origin, when set, is sent as the Origin header.
	origin string
	// account is the account the path names ("" or "me": the token's);
	// the call is refused, unsent, when the token is another account's,
	// so that a request queued before an account switch never goes out
	// with the new account's token nor fills its cache.
	account string
}

// result is a successful response.
type result struct {
	body        []byte
	data        json.RawMessage // the envelope's data, when the body has one
	notModified bool            // 304 answered from the cache
}

// do performs c with at most one token refresh.
func (c *Client) do(ctx context.Context, cl call) (*result, error) {
	if cl.auth != authBearer {
		return c.send(ctx, cl, Token{})
	}
	tok, err := c.tokens.valid(ctx)
	if err != nil {
		return nil, err
	}
	if cl.account != "" && cl.account != "me" && tok.Username != "" && !strings.EqualFold(cl.account, tok.Username) {
		return nil, fmt.Errorf("%w: the request is %s's, the login %s's", ErrOtherAccount, CleanLine(cl.account), tok.Username)
	}
	res, err := c.send(ctx, cl, tok)
	if err == nil || !errors.Is(err, ErrUnauthorized) {
		return res, err
	}
	if tok.RefreshToken == "" {
		return nil, fmt.Errorf("%w: %w", ErrNoRefreshToken, err)
	}
	tok, rerr := c.tokens.refresh(ctx, tok.AccessToken)
	if rerr != nil {
		return nil, rerr
	}
	return c.send(ctx, cl, tok)
}

// send performs c with tok, retrying a GET once on 429, 502, 503 or 504.
func (c *Client) send(ctx context.Context, cl call, tok Token) (*result, error) {
	for attempt := 1; ; attempt++ {
		if err := c.held(ctx, cl, attempt); err != nil {
			return nil, err
		}
		if err := c.refusal(cl); err != nil {
			return nil, err
		}
		res, status, header, err := c.attempt(ctx, cl, tok, attempt)
		if err == nil || attempt > 1 || cl.method != http.MethodGet || !retryable(status) {
			return res, err
		}
		wait, ok := c.backoff(header)
		if !ok {
			return res, err
		}
		if status == http.StatusTooManyRequests {
			c.hold(wait) // the other requests in flight wait with this one
		}
		if serr := c.cfg.Sleep(ctx, wait); serr != nil {
			return nil, err // cancelled while waiting: report what happened
		}
	}
}

// hold keeps every request of the client back for d.
func (c *Client) hold(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until := c.cfg.Now().Add(d); until.After(c.holdUntil) {
		c.holdUntil = until
	}
}

// held waits out a hold before a call that costs credits (the retry has
// waited already); it fails only when ctx ends first.
func (c *Client) held(ctx context.Context, cl call, attempt int) error {
	if cl.free || attempt > 1 {
		return nil
	}
	c.mu.Lock()
	until := c.holdUntil
	c.mu.Unlock()
	if d := until.Sub(c.cfg.Now()); d > 0 {
		if err := c.cfg.Hold(ctx, d); err != nil {
			return transportError(ctx, cl, err)
		}
	}
	return nil
}

// refusal is the error of a call that must not be sent for lack of
// credits (the POST allowance too, for a POST), or nil.
func (c *Client) refusal(cl call) error {
	if cl.free {
		return nil
	}
	rate, now := c.RateLimit(), c.cfg.Now()
	if reset, which, ok := rate.Exhausted(now); ok {
		return &RateLimitError{Reset: reset, Which: which}
	}
	if reset, ok := rate.PostExhausted(now); ok && cl.method == http.MethodPost {
		return &RateLimitError{Reset: reset, Which: "post"}
	}
	return nil
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before the retry: Retry-After when given, else one
// second, plus up to 50 % jitter, capped at MaxRetryWait. It declines to
// retry when the credits will clearly not be back by then.
func (c *Client) backoff(h http.Header) (time.Duration, bool) {
	now := c.cfg.Now()
	base := time.Second
	if d, ok := retryAfter(h, now); ok {
		base = d
	}
	if reset, _, ok := c.RateLimit().Exhausted(now); ok && reset.Sub(now) > c.cfg.MaxRetryWait {
		return 0, false
	}
	return min(base+c.cfg.Jitter(base/2+1), c.cfg.MaxRetryWait), true
}

// attempt sends cl once. When Imgur answers 304 for a cached body that no
// longer reads, Imgur would answer 304 for ever: the entry is dropped and
// the request sent once more, without If-None-Match.
func (c *Client) attempt(ctx context.Context, cl call, tok Token, n int) (*result, int, http.Header, error) {
	account := tok.Username
	cached := c.lookup(account, cl)
	res, status, header, err := c.exchange(ctx, cl, tok, n, cached)
	if !errors.Is(err, errStaleCache) {
		return res, status, header, err
	}
	c.dropCached(account, cl.cacheKey)
	if err := c.refusal(cl); err != nil {
		return nil, status, header, err
	}
	return c.exchange(ctx, cl, tok, n, cacheEntry{})
}

// errStaleCache: a 304 pointed at a cached body that does not decode.
var errStaleCache = errors.New("cached response unreadable")

// exchange sends one HTTP request, conditional on cached, and checks the
// response.
func (c *Client) exchange(ctx context.Context, cl call, tok Token, n int, cached cacheEntry) (res *result, status int, header http.Header, err error) {
	start := c.cfg.Now()
	defer func() {
		if c.cfg.Trace != nil {
			c.cfg.Trace(Trace{Method: cl.method, Path: cl.path, Attempt: n, Status: status, Err: err,
				Duration: c.cfg.Now().Sub(start), CacheHit: res != nil && res.notModified, RateLimit: c.RateLimit()})
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := c.newRequest(ctx, cl, tok)
	if err != nil {
		return nil, 0, nil, err
	}
	if cached.usable() {
		req.Header.Set("If-None-Match", cached.etag)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, nil, transportError(ctx, cl, err)
	}
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes+1))
	rate := c.updateRate(func(r RateLimit) RateLimit { return r.merge(resp.Header, c.cfg.Now()) })
	res, err = c.check(cl, resp, body, readErr, rate, cached)
	if err == nil && !res.notModified {
		c.store(tok.Username, cl, cached, resp.Header.Get("ETag"), body)
	}
	return res, resp.StatusCode, resp.Header, err
}

// check turns a response into a result or a typed error.
func (c *Client) check(cl call, resp *http.Response, body []byte, readErr error, rate RateLimit, cached cacheEntry) (*result, error) {
	status := resp.StatusCode
	switch {
	case int64(len(body)) > c.cfg.MaxBodyBytes:
		return nil, &APIError{Method: cl.method, Path: cl.path, StatusCode: status,
			Kind: ErrMalformed, Message: fmt.Sprintf("response larger than %d MiB", c.cfg.MaxBodyBytes>>20)}
	case readErr != nil:
		return nil, &APIError{Method: cl.method, Path: cl.path, StatusCode: status,
			Kind: ErrUnavailable, Message: "response cut off: " + clip(readErr.Error())}
	case status == http.StatusNotModified && cached.usable():
		res, err := c.success(cl, status, cached.body)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errStaleCache, err)
		}
		res.notModified = true
		return res, nil
	case status < 200 || status > 299:
		reset, _, _ := rate.Exhausted(c.cfg.Now())
		if post, ok := rate.PostExhausted(c.cfg.Now()); ok && cl.method == http.MethodPost {
			reset = post
		}
		return nil, decodeError(cl.method, cl.path, status, resp.Header, body, c.cfg.Now(), reset)
	}
	return c.success(cl, status, body)
}

// success checks a 2xx body: JSON, an envelope whose success is not false.
// OAuth token responses have no envelope; their data is the whole body.
func (c *Client) success(cl call, status int, body []byte) (*result, error) {
	var env envelope
	if err := decodeLenient(body, &env); err != nil {
		// Empty, HTML or cut off: an outage, described as it came (a
		// 200 is not called a 500).
		msg, _ := errorMessage(body)
		return nil, &APIError{Method: cl.method, Path: cl.path, StatusCode: status, Kind: ErrUnavailable, Message: msg}
	}
	if env.Success != nil && !*env.Success {
		return nil, decodeError(cl.method, cl.path, envelopeStatus(env.Status, status), nil, body, c.cfg.Now(), time.Time{})
	}
	data := env.Data
	if len(data) == 0 {
		data = body
	}
	if cl.decode != nil && cl.decode(data) != nil {
		return nil, &APIError{Method: cl.method, Path: cl.path, StatusCode: status, Kind: ErrMalformed}
	}
	return &result{body: body, data: data}, nil
}

// envelopeStatus is the body's "status" when it is an error code, else the
// HTTP status.
func envelopeStatus(raw json.RawMessage, fallback int) int {
	var n int
	if json.Unmarshal(raw, &n) == nil && n >= 400 && n <= 599 {
		return n
	}
	if fallback < 400 {
		return http.StatusBadRequest
	}
	return fallback
}

func (c *Client) newRequest(ctx context.Context, cl call, tok Token) (*http.Request, error) {
	var body io.Reader
	if cl.form != nil {
		body = strings.NewReader(cl.form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.cfg.APIURL+cl.path, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("User-Agent", "imgfav/"+c.cfg.Version)
	req.Header.Set("Accept", "application/json")
	if cl.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	switch {
	case cl.auth == authBearer && tok.AccessToken != "":
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	case cl.auth == authClient:
		req.Header.Set("Authorization", "Client-ID "+c.cfg.ClientID)
	}
	if cl.origin != "" {
		req.Header.Set("Origin", cl.origin)
	}
	if c.cfg.MashapeKey != "" {
		req.Header.Set("X-Mashape-Key", c.cfg.MashapeKey)
	}
	return req, nil
}

// transportError reports a request that got no response. The caller's own
// cancellation stays recognisable; everything else is ErrUnreachable.
func transportError(ctx context.Context, cl call, err error) error {
	if ctxErr := context.Cause(ctx); ctxErr != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s %s: %w", cl.method, cl.path, ctxErr)
	}
	msg := err.Error()
	var uerr *url.Error
	if errors.As(err, &uerr) {
		msg = uerr.Err.Error() // without the URL
	}
	var operr *net.OpError
	if errors.As(err, &operr) && operr.Err != nil {
		msg = operr.Err.Error() // without "dial tcp 1.2.3.4:443"
		var scerr *os.SyscallError
		if errors.As(operr.Err, &scerr) {
			msg = scerr.Err.Error() // "connection refused"
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		msg = "timed out"
	}
	return fmt.Errorf("%w: %s", ErrUnreachable, clip(msg))
}

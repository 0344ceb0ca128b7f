package imgur

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultAPIURL       = "https://api.imgur.com"
	DefaultImageURL     = "https://i.imgur.com"
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRetryWait = 2 * time.Minute
	DefaultMaxBodyBytes = 10 << 20
)

// Config configures a Client. Only ClientID is required.
type Config struct {
	APIURL       string // REST under /3/, OAuth under /oauth2/; default DefaultAPIURL
	ImageURL     string // media and thumbnails; default DefaultImageURL
	ClientID     string
	ClientSecret string // needed to refresh tokens; never printed
	MashapeKey   string // sent as X-Mashape-Key when set (commercial endpoint)
	Version      string // the program's version, for the User-Agent imgfav/<version>

	Timeout      time.Duration // per request attempt; default DefaultTimeout
	MaxRetryWait time.Duration // longest wait before the one retry; default DefaultMaxRetryWait
	MaxBodyBytes int64         // response size limit; default DefaultMaxBodyBytes

	// Transport sends the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Cache, when set, stores ETag and body of GET responses and serves the
	// body again on 304 Not Modified.
	Cache Cache
	// OnRefresh is called with a refreshed token before the client uses it,
	// so the owner can persist the (possibly rotated) pair first.
	OnRefresh func(Token) error
	// Trace, when set, is called once per HTTP request (a retry, or the
	// plain request that replaces a 304 over an unreadable cached body,
	// is traced again), for a debug log. It never sees tokens or secrets.
	Trace func(Trace)

	// Clock, sleep and jitter, replaceable in tests. Sleep is the wait
	// before a retry; Hold the wait of a request held back by another's
	// 429 (it retries nothing, so a script says nothing of it).
	Now    func() time.Time
	Sleep  func(ctx context.Context, d time.Duration) error
	Hold   func(ctx context.Context, d time.Duration) error
	Jitter func(d time.Duration) time.Duration // a random duration in [0, d)
}

// String describes the configuration without its secrets.
func (c Config) String() string {
	return fmt.Sprintf("imgur.Config{APIURL:%q ImageURL:%q ClientID:%q ClientSecret:%s MashapeKey:%s}",
		c.APIURL, c.ImageURL, c.ClientID, redacted(c.ClientSecret), redacted(c.MashapeKey))
}

// GoString is String, so %#v does not print secrets either.
func (c Config) GoString() string { return c.String() }

func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "[redacted]"
}

// Trace describes one HTTP attempt.
type Trace struct {
	Method    string
	Path      string
	Status    int // 0 when no response arrived
	Duration  time.Duration
	CacheHit  bool // 304 answered from the cache
	Attempt   int  // 1, or 2 for the retry
	Err       error
	RateLimit RateLimit
	// ImageHost marks a request for a picture or media (Path is then the
	// host and path of its URL): it costs no credits and sends no token.
	ImageHost bool
}

func (c Config) withDefaults() (Config, error) {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if c.ImageURL == "" {
		c.ImageURL = DefaultImageURL
	}
	for _, u := range []struct{ name, value string }{{"API URL", c.APIURL}, {"image URL", c.ImageURL}} {
		if err := checkBaseURL(u.value); err != nil {
			return c, fmt.Errorf("%s %q: %w", u.name, u.value, err)
		}
	}
	c.APIURL = strings.TrimRight(c.APIURL, "/")
	c.ImageURL = strings.TrimRight(c.ImageURL, "/")
	if strings.TrimSpace(c.ClientID) == "" {
		return c, fmt.Errorf("no client id")
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetryWait <= 0 {
		c.MaxRetryWait = DefaultMaxRetryWait
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.Transport == nil {
		c.Transport = http.DefaultTransport
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	if c.Hold == nil {
		c.Hold = sleep
	}
	if c.Jitter == nil {
		c.Jitter = func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return rand.N(d)
		}
	}
	return c, nil
}

func checkBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("must start with https:// or http://")
	}
	if u.Host == "" {
		return fmt.Errorf("has no host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("must not have a query or fragment")
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

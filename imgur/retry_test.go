// Rate limits, retries, timeouts and cancellation.

package imgur_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

func TestRateLimitHeadersKeptAsLastKnown(t *testing.T) {
	f := newFixture(t, imgurtest.Options{UserLimit: 500, ClientLimit: 1000}, nil)
	ctx := context.Background()
	if _, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	rl := f.client.RateLimit()
	if !rl.UserKnown || rl.UserLimit != 500 || rl.UserRemaining != 499 || rl.ClientLimit != 1000 || rl.ClientRemaining != 999 {
		t.Fatalf("rate limit = %+v", rl)
	}
	if rl.UserReset.Before(time.Now()) {
		t.Errorf("user reset %v is not in the future", rl.UserReset)
	}
	// An outage page carries no rate headers: the last values stay.
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.HTMLOutage, Times: 2})
	if _, err := f.client.Favorites(ctx, "me", 1, imgur.SortNewest); !errors.Is(err, imgur.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if got := f.client.RateLimit(); got.UserRemaining != 499 || got.ClientRemaining != 999 {
		t.Errorf("after a response without headers: %+v, want the old values", got)
	}
}

func TestExhaustedCreditsSendNothing(t *testing.T) {
	tests := []struct {
		name          string
		user, client  int
		reset         time.Duration
		wantSent      bool
		wantWhichUser string
	}{
		{"user credits exhausted", 0, 100, time.Hour, false, "user"},
		{"client credits exhausted", 10, 0, time.Hour, false, "client"},
		{"user reset already passed", 0, 100, -time.Minute, true, ""},
		{"user reset a century away is unknown", 0, 100, 100 * 365 * 24 * time.Hour, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, imgurtest.Options{}, nil)
			ctx := context.Background()
			// Learn the credits from a real response.
			f.srv.SetCredits(tt.user+1, tt.client+1, time.Now().Add(tt.reset))
			if _, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest); err != nil {
				t.Fatal(err)
			}
			f.srv.ResetRequests()
			_, err := f.client.Favorites(ctx, "me", 1, imgur.SortNewest)
			sent := len(f.srv.Requests()) > 0
			if sent != tt.wantSent {
				t.Fatalf("request sent = %v, want %v (err %v)", sent, tt.wantSent, err)
			}
			if tt.wantSent {
				return
			}
			var rle *imgur.RateLimitError
			if !errors.As(err, &rle) || !errors.Is(err, imgur.ErrRateLimited) {
				t.Fatalf("err = %v, want *RateLimitError", err)
			}
			if rle.Sent || rle.Which != tt.wantWhichUser || !rle.Reset.After(time.Now()) {
				t.Errorf("RateLimitError = %+v", rle)
			}
		})
	}
}

func TestRetryOnceAfterBackoff(t *testing.T) {
	tests := []struct {
		name       string
		fault      imgurtest.Fault
		wantErr    bool
		wantSleeps []time.Duration
		wantCalls  int
	}{
		{"429 then ok honours Retry-After", imgurtest.Fault{Kind: imgurtest.RateLimited, RetryAfter: 7}, false, []time.Duration{7 * time.Second}, 2},
		{"502 then ok", imgurtest.Fault{Kind: imgurtest.BadGateway}, false, []time.Duration{time.Second}, 2},
		{"503 then ok", imgurtest.Fault{Kind: imgurtest.HTMLOutage}, false, []time.Duration{time.Second}, 2},
		{"Retry-After capped", imgurtest.Fault{Kind: imgurtest.RateLimited, RetryAfter: 3600}, false, []time.Duration{2 * time.Minute}, 2},
		{"no second retry", imgurtest.Fault{Kind: imgurtest.BadGateway, Times: 5}, true, []time.Duration{time.Second}, 2},
		{"500 is not retried", imgurtest.Fault{Kind: imgurtest.ServerError}, true, nil, 1},
		{"403 is not retried", imgurtest.Fault{Kind: imgurtest.OverCapacity}, true, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, imgurtest.Options{}, nil)
			f.srv.Fail(tt.fault)
			_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := f.sleeps.all(); !equalDurations(got, tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", got, tt.wantSleeps)
			}
			if n := len(f.srv.Requests()); n != tt.wantCalls {
				t.Errorf("requests = %d, want %d", n, tt.wantCalls)
			}
		})
	}
}

func TestRetryJitter(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) {
		c.Jitter = func(d time.Duration) time.Duration { return d - 1 }
	})
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.BadGateway})
	if _, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	if got := f.sleeps.all(); len(got) != 1 || got[0] != 1500*time.Millisecond {
		t.Errorf("sleeps = %v, want [1.5s]", got)
	}
}

func TestNoRetryOnPost(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, nil)
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.BadGateway, Path: "/oauth2/token"})
	if _, err := f.client.Refresh(context.Background(), f.tok.Refresh); !errors.Is(err, imgur.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if n := f.srv.Count("POST", "/oauth2/token"); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestCancelledWhileWaitingToRetry(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, func(c *imgur.Config) { c.Sleep = nil })
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, RetryAfter: 60})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, imgur.ErrRateLimited) {
			t.Errorf("err = %v, want the 429 that was being waited out", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the wait before the retry ignored cancellation")
	}
}

func TestTimeoutAndCancellation(t *testing.T) {
	f := newFixture(t, imgurtest.Options{Latency: 2 * time.Second}, func(c *imgur.Config) {
		c.Timeout = 50 * time.Millisecond
	})
	_, err := f.client.Favorites(context.Background(), "me", 0, imgur.SortNewest)
	if !errors.Is(err, imgur.ErrUnreachable) || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("timeout: err = %v, want ErrUnreachable timed out", err)
	}

	f.srv.SetLatency(time.Second)
	f2 := newFixture(t, imgurtest.Options{Latency: 2 * time.Second}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(30 * time.Millisecond); cancel() }()
	_, err = f2.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: err = %v, want context.Canceled", err)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// One 429 holds back every request of the client, not only the one that
// got it: a backup's other requests in flight wait with it.
func TestRateLimitHoldsEveryRequest(t *testing.T) {
	f := newFixture(t, imgurtest.Options{}, nil)
	f.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, RetryAfter: 7, Path: "/3/account/me/favorites/0/"})
	ctx := context.Background()
	if _, err := f.client.Favorites(ctx, "me", 0, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	// The fixture's sleeps take no time: the hold is still on.
	if _, err := f.client.Favorites(ctx, "me", 1, imgur.SortNewest); err != nil {
		t.Fatal(err)
	}
	got := f.sleeps.all()
	if len(got) != 2 || got[0] != 7*time.Second || got[1] <= 6*time.Second || got[1] > 7*time.Second {
		t.Errorf("sleeps = %v, want the retry's 7s, then the next request held for what is left of it", got)
	}
	// Another account's token ends the hold: the limits are per account.
	f3 := newFixture(t, imgurtest.Options{}, nil)
	f3.srv.Fail(imgurtest.Fault{Kind: imgurtest.RateLimited, RetryAfter: 7, Path: "/3/account/me/favorites/0/"})
	f3.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	tok := f3.client.Token()
	tok.Username = "someone-else"
	f3.client.SetToken(tok)
	f3.client.Favorites(ctx, "me", 1, imgur.SortNewest)
	if got := f3.sleeps.all(); len(got) != 1 {
		t.Errorf("after switching accounts: sleeps = %v, want only the retry's", got)
	}
	// A 502 is one request's trouble: it holds nothing back.
	f2 := newFixture(t, imgurtest.Options{}, nil)
	f2.srv.Fail(imgurtest.Fault{Kind: imgurtest.BadGateway, Path: "/3/account/me/favorites/0/"})
	f2.client.Favorites(ctx, "me", 0, imgur.SortNewest)
	f2.client.Favorites(ctx, "me", 1, imgur.SortNewest)
	if got := f2.sleeps.all(); len(got) != 1 {
		t.Errorf("after a 502: sleeps = %v, want only the retry's", got)
	}
}

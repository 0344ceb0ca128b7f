package imgur

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimitMerge(t *testing.T) {
	now := time.Unix(1700000000, 0)
	h := http.Header{
		"X-Ratelimit-Userlimit":       {"2000"},
		"X-Ratelimit-Userremaining":   {"1990"},
		"X-Ratelimit-Userreset":       {"1700003600"},
		"X-Ratelimit-Clientlimit":     {"12500"},
		"X-Ratelimit-Clientremaining": {"12000"},
	}
	r := RateLimit{}.merge(h, now)
	want := RateLimit{UserKnown: true, UserLimit: 2000, UserRemaining: 1990, UserReset: time.Unix(1700003600, 0),
		ClientKnown: true, ClientLimit: 12500, ClientRemaining: 12000, ClientSeen: now}
	if r != want {
		t.Fatalf("merge = %+v\nwant  %+v", r, want)
	}
	// Partial and garbage headers keep the other values.
	r2 := r.merge(http.Header{"X-Ratelimit-Userremaining": {"1989"}, "X-Ratelimit-Clientremaining": {"lots"}}, now.Add(time.Second))
	want.UserRemaining = 1989
	if r2 != want {
		t.Errorf("partial merge = %+v\nwant          %+v", r2, want)
	}
	if r3 := r.merge(http.Header{}, now); r3 != r {
		t.Errorf("empty headers changed the rate limit: %+v", r3)
	}
}

func TestRateLimitExhausted(t *testing.T) {
	now := time.Unix(1700000000, 0)
	tests := []struct {
		name      string
		r         RateLimit
		want      bool
		which     string
		wantReset time.Time
	}{
		{"unknown", RateLimit{}, false, "", time.Time{}},
		{"credits left", RateLimit{UserKnown: true, UserRemaining: 5, UserReset: now.Add(time.Hour)}, false, "", time.Time{}},
		{"user out", RateLimit{UserKnown: true, UserRemaining: 0, UserReset: now.Add(time.Hour)}, true, "user", now.Add(time.Hour)},
		{"user out but reset passed", RateLimit{UserKnown: true, UserRemaining: 0, UserReset: now.Add(-time.Second)}, false, "", time.Time{}},
		{"client out, user reset known", RateLimit{ClientKnown: true, ClientSeen: now, UserReset: now.Add(10 * time.Minute)}, true, "client", now.Add(10 * time.Minute)},
		{"client out, no reset known", RateLimit{ClientKnown: true, ClientSeen: now.Add(-10 * time.Minute)}, true, "client", now.Add(50 * time.Minute)},
		{"client out long ago", RateLimit{ClientKnown: true, ClientSeen: now.Add(-2 * time.Hour)}, false, "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reset, which, ok := tt.r.Exhausted(now)
			if ok != tt.want || which != tt.which || !reset.Equal(tt.wantReset) {
				t.Errorf("Exhausted = %v %q %v; want %v %q %v", reset, which, ok, tt.wantReset, tt.which, tt.want)
			}
		})
	}
}

// TestRateLimitFarResetIsUnknown: a user reset more than a day away is a
// broken value; believing it would block every request until restart.
func TestRateLimitFarResetIsUnknown(t *testing.T) {
	now := time.Unix(1700000000, 0)
	tests := []struct {
		name        string
		reset       string
		wantReset   time.Time
		wantBlocked bool
	}{
		{"an hour away", "1700003600", time.Unix(1700003600, 0), true},
		{"exactly a day away", "1700086400", time.Unix(1700086400, 0), true},
		{"a day and a second away", "1700086401", time.Time{}, false},
		{"year 5138", "99999999999", time.Time{}, false},
		{"max int64", "9223372036854775807", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"X-Ratelimit-Userremaining": {"0"}, "X-Ratelimit-Userreset": {tt.reset}}
			r := RateLimit{}.merge(h, now)
			if !r.UserReset.Equal(tt.wantReset) {
				t.Errorf("UserReset = %v, want %v", r.UserReset, tt.wantReset)
			}
			if _, _, blocked := r.Exhausted(now); blocked != tt.wantBlocked {
				t.Errorf("blocked = %v, want %v", blocked, tt.wantBlocked)
			}
			reset, _ := strconv.ParseInt(tt.reset, 10, 64)
			c := RateLimit{}.withCredits(Credits{UserRemaining: 0, UserReset: reset, ClientRemaining: 10}, now)
			if !c.UserReset.Equal(tt.wantReset) {
				t.Errorf("from /3/credits: UserReset = %v, want %v", c.UserReset, tt.wantReset)
			}
		})
	}
}

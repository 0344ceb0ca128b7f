package imgur

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is the last known state of Imgur's credits. Each half is valid
// only when its Known flag is set: responses without the headers keep the
// previous values.
type RateLimit struct {
	UserKnown     bool
	UserLimit     int
	UserRemaining int
	UserReset     time.Time // when the user's credits come back

	ClientKnown     bool
	ClientLimit     int
	ClientRemaining int
	// ClientSeen is when ClientRemaining was last reported. Imgur gives no
	// reset time for the daily application credits.
	ClientSeen time.Time

	// The POST allowance (X-Post-Rate-Limit-*), known once a POST has
	// been answered: changes such as toggling a favorite spend it.
	PostKnown     bool
	PostLimit     int
	PostRemaining int
	PostReset     time.Time // when the POST allowance comes back
}

// clientBlockFor is how long exhausted application credits block requests
// when no user reset time is known either.
const clientBlockFor = time.Hour

// merge returns r updated with whatever rate-limit headers h carries.
func (r RateLimit) merge(h http.Header, now time.Time) RateLimit {
	limit, okLimit := headerInt(h, "X-RateLimit-UserLimit")
	remaining, okRemaining := headerInt(h, "X-RateLimit-UserRemaining")
	if okLimit || okRemaining {
		r.UserKnown = true
		if okLimit {
			r.UserLimit = limit
		}
		if okRemaining {
			r.UserRemaining = remaining
		}
	}
	if reset, ok := headerInt(h, "X-RateLimit-UserReset"); ok && reset > 0 {
		r.UserReset = plausibleReset(int64(reset), now)
	}
	limit, okLimit = headerInt(h, "X-RateLimit-ClientLimit")
	remaining, okRemaining = headerInt(h, "X-RateLimit-ClientRemaining")
	if okLimit || okRemaining {
		r.ClientKnown = true
		r.ClientSeen = now
		if okLimit {
			r.ClientLimit = limit
		}
		if okRemaining {
			r.ClientRemaining = remaining
		}
	}
	return r.mergePost(h, now)
}

// mergePost takes the POST allowance's headers; their reset is in seconds
// from now.
func (r RateLimit) mergePost(h http.Header, now time.Time) RateLimit {
	limit, okLimit := headerInt(h, "X-Post-Rate-Limit-Limit")
	remaining, okRemaining := headerInt(h, "X-Post-Rate-Limit-Remaining")
	if !okLimit && !okRemaining {
		return r
	}
	r.PostKnown = true
	if okLimit {
		r.PostLimit = limit
	}
	if okRemaining {
		r.PostRemaining = remaining
	}
	if secs, ok := headerInt(h, "X-Post-Rate-Limit-Reset"); ok && secs >= 0 {
		r.PostReset = time.Time{}
		if d := time.Duration(secs) * time.Second; d <= maxResetAhead {
			r.PostReset = now.Add(d)
		}
	}
	return r
}

// PostExhausted reports whether the known POST allowance is used up at
// time now, and when it comes back. An allowance at 0 whose reset is
// unknown or past is not taken as exhausted: Imgur's answer will say.
func (r RateLimit) PostExhausted(now time.Time) (reset time.Time, ok bool) {
	if r.PostKnown && r.PostRemaining <= 0 && r.PostReset.After(now) {
		return r.PostReset, true
	}
	return time.Time{}, false
}

// maxResetAhead is the furthest a user reset can plausibly be: Imgur's
// user credits are hourly. A reset further away is a broken header, and
// believing it would block every request until the program restarts.
const maxResetAhead = 24 * time.Hour

// plausibleReset is the unix time unix, or zero (unknown) when it is more
// than a day after now.
func plausibleReset(unix int64, now time.Time) time.Time {
	if unix > now.Add(maxResetAhead).Unix() {
		return time.Time{}
	}
	return time.Unix(unix, 0)
}

// Exhausted reports whether the known credits are used up at time now, with
// the time they are expected back and which ones ran out ("user" or
// "client").
func (r RateLimit) Exhausted(now time.Time) (reset time.Time, which string, ok bool) {
	if r.UserKnown && r.UserRemaining <= 0 && r.UserReset.After(now) {
		return r.UserReset, "user", true
	}
	if r.ClientKnown && r.ClientRemaining <= 0 {
		reset = r.ClientSeen.Add(clientBlockFor)
		if r.UserReset.After(now) {
			reset = r.UserReset
		}
		if reset.After(now) {
			return reset, "client", true
		}
	}
	return time.Time{}, "", false
}

// Credits is the body of GET /3/credits.
type Credits struct {
	UserLimit       int   `json:"UserLimit"`
	UserRemaining   int   `json:"UserRemaining"`
	UserReset       int64 `json:"UserReset"`
	ClientLimit     int   `json:"ClientLimit"`
	ClientRemaining int   `json:"ClientRemaining"`
}

func (r RateLimit) withCredits(c Credits, now time.Time) RateLimit {
	r.UserKnown, r.UserLimit, r.UserRemaining = true, c.UserLimit, c.UserRemaining
	if c.UserReset > 0 {
		r.UserReset = plausibleReset(c.UserReset, now)
	}
	r.ClientKnown, r.ClientLimit, r.ClientRemaining, r.ClientSeen = true, c.ClientLimit, c.ClientRemaining, now
	return r
}

func headerInt(h http.Header, name string) (int, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, false
	}
	return n, true
}

package imgurtest

import (
	"net/http"
	"strconv"
	"strings"
)

// FaultKind is a way Imgur is known to fail.
type FaultKind int

// The faults a Server can inject. Fault responses carry no rate-limit
// headers, as some of Imgur's errors do not.
const (
	// RateLimited: 429 in the errors[] shape, with Retry-After.
	RateLimited FaultKind = iota + 1
	// HTMLOutage: 503 with the "over capacity" HTML page.
	HTMLOutage
	// OverCapacity: JSON 403 "Imgur is temporarily over capacity."
	OverCapacity
	// Malformed: 200 whose JSON is cut off half way.
	Malformed
	// InvalidToken: 403 "The access token provided is invalid."
	InvalidToken
	// AuthRequired: 401 "Authentication required".
	AuthRequired
	// ServerError: 500 whose data.error is an object.
	ServerError
	// BadGateway: 502 with an empty body.
	BadGateway
	// BareData: 400 whose data is a bare string.
	BareData
)

// Fault makes requests fail. Path is a prefix of the request paths it
// applies to ("" for every API and OAuth request); Times is how many
// requests it affects (0 means 1, negative means until cleared).
type Fault struct {
	Kind       FaultKind
	Path       string
	Times      int
	RetryAfter int // seconds, for RateLimited; 0 sends no Retry-After
}

// Fail queues a fault. Faults apply in the order they were queued.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// OverCapacityPage is the body of the HTML outage, as Imgur serves it.
const OverCapacityPage = `<!doctype html>
<html lang="en">
<head>
    <title>Imgur overloaded. Hang in there with kittens</title>
    <style>body { font-family: sans-serif; }</style>
</head>
<body>
    <h1>Imgur is over capacity!</h1>
    <p>Sorry! We're busy running around with our hair on fire because Imgur
        is over capacity! <script>alert(1)</script>
        Please <a href="/">try again</a> in a few minutes.</p>
</body>
</html>`

// fault answers r with the first matching fault, if any.
func (s *Server) fault(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var f *Fault
	for i, candidate := range s.faults {
		if strings.HasPrefix(r.URL.Path, candidate.Path) {
			f = candidate
			if f.Times > 0 {
				f.Times--
				if f.Times == 0 {
					s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
				}
			}
			break
		}
	}
	s.mu.Unlock()
	if f == nil {
		return false
	}
	switch f.Kind {
	case RateLimited:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		}
		writeJSON(w, http.StatusTooManyRequests, tooManyRequests())
	case HTMLOutage:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(OverCapacityPage))
	case OverCapacity:
		writeJSON(w, http.StatusForbidden, map[string]any{
			"data":    map[string]any{"error": "Imgur is temporarily over capacity. Please try again later."},
			"success": false, "status": 403,
		})
	case Malformed:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[{"id":"abc1234","title":"cut off`))
	case InvalidToken:
		writeError(w, r, http.StatusForbidden, "The access token provided is invalid.")
	case AuthRequired:
		writeError(w, r, http.StatusUnauthorized, "Authentication required")
	case ServerError:
		writeJSON(w, http.StatusInternalServerError, map[string]any{
			"data": map[string]any{"error": map[string]any{
				"code": 500, "message": "Internal error", "type": "ImgurException", "exception": []any{},
			}, "request": r.URL.Path, "method": r.Method},
			"success": false, "status": 500,
		})
	case BadGateway:
		w.WriteHeader(http.StatusBadGateway)
	case BareData:
		writeJSON(w, http.StatusBadRequest, map[string]any{"data": "Bad request", "success": false, "status": 400})
	default:
		return false
	}
	return true
}

package imgurtest

import (
	"cmp"
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
	// Redirect: a redirect (Status, default 302) to Location, as a
	// captive portal, a proxy or a moved endpoint would answer.
	Redirect
	// CDNBlocked: 400 "These actions are forbidden." with CDN-Error: yes
	// and Retry-After: 0, as Imgur's CDN has refused clients since 2025.
	CDNBlocked
	// MashapeKeyMissing: 401 with the commercial gateway's top-level
	// {"message":…} and no envelope.
	MashapeKeyMissing
	// RefreshUnknown: 400 "Refresh token doesn't exist or is invalid for
	// the client", the token endpoint's other refusal.
	RefreshUnknown
	// Recorded: Status (default 200), Header and Body exactly as given,
	// for replaying a captured response.
	Recorded
)

// Fault makes requests fail. Path is a prefix of the request paths it
// applies to ("" for every API and OAuth request); Times is how many
// requests it affects (0 means 1, negative means until cleared).
type Fault struct {
	Kind       FaultKind
	Path       string
	Times      int
	RetryAfter int    // seconds, for RateLimited; 0 sends no Retry-After
	Location   string // for Redirect
	Status     int    // for Redirect and Recorded
	// Header and Body are sent by Recorded.
	Header http.Header
	Body   []byte
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
	f := s.nextFault(r.URL.Path)
	if f == nil {
		return false
	}
	if writeFault(w, r, f) {
		return true
	}
	return writeMoreFaults(w, r, f)
}

// nextFault takes the first queued fault for path, counting it down.
func (s *Server) nextFault(path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !strings.HasPrefix(path, f.Path) {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

func writeFault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
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

// MashapeMessage is the commercial gateway's answer without a key.
const MashapeMessage = "Missing Mashape application key.Go to http://docs.mashape.com/api-keys to learn how to get your API application key."

func writeMoreFaults(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	switch f.Kind {
	case Redirect:
		http.Redirect(w, r, f.Location, cmp.Or(f.Status, http.StatusFound))
	case CDNBlocked:
		// The body has no request or method, as captured (ShareX #8009).
		w.Header().Set("CDN-Error", "yes")
		w.Header().Set("Retry-After", "0")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"data":{"error":"These actions are forbidden."},"success":false,"status":400}`))
	case MashapeKeyMissing:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": MashapeMessage})
	case RefreshUnknown:
		writeError(w, r, http.StatusBadRequest, "Refresh token doesn't exist or is invalid for the client")
	case Recorded:
		for k, vs := range f.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(cmp.Or(f.Status, http.StatusOK))
		_, _ = w.Write(f.Body)
	default:
		return false
	}
	return true
}

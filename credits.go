package main

import (
	"encoding/json"
	"time"

	"imgfav/imgur"
)

// keptCredits are an account's credits found run out when a process
// ended: the next process (a script's next imgfav list, say) sends no
// request until they are back, as this one would not have. Imgur blocks
// an application that runs its daily credits out too often.
type keptCredits struct {
	ClientID string          `json:"client_id"` // the application credits are this client's
	Rate     imgur.RateLimit `json:"rate"`
}

// restoreCredits seeds the client with the credits the account's last
// process kept, when they are still run out.
func (a *app) restoreCredits() {
	account := a.client.Token().Username
	if account == "" {
		return
	}
	raw, err := a.store.KeptCredits(account)
	if err != nil || raw == nil {
		return
	}
	a.creditsOf = account
	var k keptCredits
	if json.Unmarshal(raw, &k) != nil {
		return // forgotten at Close
	}
	r := k.Rate
	if k.ClientID != a.cfg.clientID {
		r.ClientKnown, r.ClientRemaining = false, 0
	}
	r.PostKnown = false // a POST's refusal says for itself
	now := time.Now()
	if r.ClientSeen.After(now) {
		r.ClientKnown = false // seen by a clock that was ahead: not to be trusted
	}
	// A wait longer than Imgur's limits allow is a clock's or a header's
	// mistake, and one that nothing sent could end: forgotten.
	if reset, _, out := r.Exhausted(now); out && reset.Before(now.Add(maxKeptWait)) {
		a.client.SeedRateLimit(r)
	}
}

// maxKeptWait is the longest wait kept credits may impose: Imgur's user
// credits come back hourly, the application's daily.
const maxKeptWait = 24 * time.Hour

// keepCredits keeps the credits for the account's next process when they
// are run out, and forgets what was kept once they are not.
func (a *app) keepCredits() {
	account := a.client.Token().Username
	if account == "" {
		return
	}
	r := a.client.RateLimit()
	if _, _, out := r.Exhausted(time.Now()); out {
		if raw, err := json.Marshal(keptCredits{ClientID: a.cfg.clientID, Rate: r}); err == nil {
			_ = a.store.KeepCredits(account, raw)
		}
		return
	}
	if a.creditsOf != "" {
		_ = a.store.KeepCredits(a.creditsOf, nil)
	}
}

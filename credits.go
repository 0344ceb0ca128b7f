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
	if _, _, out := r.Exhausted(time.Now()); out {
		a.client.SeedRateLimit(r)
	}
}

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

package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
	"imgfav/store"
)

// Credits run out in one process stay run out for the next: a script's
// second imgfav list sends nothing until the reset. Once they are back
// the kept state is forgotten.
func TestCreditsRunOutOutliveTheProcess(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(10, 1)})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	te.srv.SetCredits(1, 100, time.Now().Add(time.Hour))
	if code, _, serr := te.run(t, "list"); code != 0 {
		t.Fatalf("first list: %d %s", code, serr)
	}
	sent := len(te.srv.Requests())
	code, out, serr := te.run(t, "list", "--format", "urls")
	if code != 0 || strings.Count(out, "\n") != 10 || !strings.Contains(serr, "no API credits left — showing cached favorites") {
		t.Errorf("second list: exit %d, %q; want the cache, and why", code, serr)
	}
	if n := len(te.srv.Requests()); n != sent {
		t.Errorf("the second list sent %d requests at 0 credits", n-sent)
	}

	// The reset passed: the next run asks Imgur, and forgets what was kept.
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := st.KeptCredits("demo")
	var k keptCredits
	if err := json.Unmarshal(raw, &k); err != nil || k.Rate.UserRemaining != 0 {
		t.Fatalf("kept %s (%v)", raw, err)
	}
	k.Rate.UserReset = time.Now().Add(-time.Minute)
	raw, _ = json.Marshal(k)
	if err := st.KeepCredits("demo", raw); err != nil {
		t.Fatal(err)
	}
	st.Close()
	te.srv.SetCredits(50, 100, time.Now().Add(time.Hour))
	if code, _, serr := te.run(t, "list"); code != 0 {
		t.Fatalf("list after the reset: %d %s", code, serr)
	}
	st, err = store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if raw, _ := st.KeptCredits("demo"); raw != nil {
		t.Errorf("still kept after the credits came back: %s", raw)
	}
}

// Another client's application credits say nothing of this one's.
func TestKeptCreditsOfAnotherClientAreIgnored(t *testing.T) {
	te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(10, 1)})
	tok := te.srv.Login()
	te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
	st, err := store.Open(te.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(keptCredits{ClientID: "someone-else", Rate: imgur.RateLimit{
		ClientKnown: true, ClientRemaining: 0, ClientLimit: 12500, ClientSeen: time.Now()}})
	if err := st.KeepCredits("demo", raw); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, serr := te.run(t, "list"); code != 0 {
		t.Errorf("list: %d %s", code, serr)
	}
}

// Kept credits that would block for longer than Imgur's limits allow (a
// clock that was ahead, a broken header) are forgotten, not obeyed: a
// process that sends nothing could never learn they are back.
func TestKeptCreditsBeyondADayAreIgnored(t *testing.T) {
	now := time.Now()
	for _, r := range []imgur.RateLimit{
		{UserKnown: true, UserRemaining: 0, UserLimit: 2000, UserReset: now.Add(72 * time.Hour)},
		{ClientKnown: true, ClientRemaining: 0, ClientLimit: 12500, ClientSeen: now.Add(5 * time.Hour)},
	} {
		te := newTestEnv(t, imgurtest.Options{Favorites: imgurtest.Generate(10, 1)})
		tok := te.srv.Login()
		te.vars["IMGFAV_ACCESS_TOKEN"], te.vars["IMGFAV_USERNAME"] = tok.Access, "demo"
		st, err := store.Open(te.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(keptCredits{ClientID: imgurtest.ClientID, Rate: r})
		if err := st.KeepCredits("demo", raw); err != nil {
			t.Fatal(err)
		}
		st.Close()
		if code, out, serr := te.run(t, "list", "--format", "urls"); code != 0 || strings.Count(out, "\n") != 10 || len(te.srv.Requests()) == 0 {
			t.Errorf("%+v: exit %d, %q; the list was not asked for", r, code, serr)
		}
	}
}

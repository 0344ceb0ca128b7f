package imgur_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"imgfav/imgur"
	"imgfav/imgur/imgurtest"
)

// TestNoRequestCarriesAnotherAccountsToken: a call for one account made
// while the client holds another's login sends nothing.
func TestNoRequestCarriesAnotherAccountsToken(t *testing.T) {
	fx := newFixture(t, imgurtest.Options{}, nil)
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := fx.client.Favorites(ctx, "someone-else", 0, imgur.SortNewest); return err },
		func() error {
			_, err := fx.client.FolderFavorites(ctx, "someone-else", 7, 0, imgur.SortNewest)
			return err
		},
		func() error { _, err := fx.client.Folders(ctx, "someone-else"); return err },
	}
	for i, call := range calls {
		if err := call(); !errors.Is(err, imgur.ErrOtherAccount) {
			t.Errorf("call %d: %v, want ErrOtherAccount", i, err)
		}
	}
	if n := len(fx.srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
	if _, err := fx.client.Favorites(ctx, "DEMO", 0, imgur.SortNewest); err != nil {
		t.Fatalf("the account's own name, in other case: %v", err)
	}
}

// Another account's token forgets the user credits known (Imgur's user
// limits are the account's) and keeps the application's.
func TestSetTokenOfAnotherAccountForgetsUserCredits(t *testing.T) {
	c, err := imgur.New(imgur.Config{ClientID: "id"})
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(imgur.Token{AccessToken: "a", Username: "one"})
	c.SeedRateLimit(imgur.RateLimit{UserKnown: true, UserRemaining: 0, UserLimit: 2000, UserReset: time.Now().Add(time.Hour),
		ClientKnown: true, ClientRemaining: 500, ClientLimit: 12500, ClientSeen: time.Now()})
	c.SetToken(imgur.Token{AccessToken: "a2", Username: "ONE"}) // the same account
	if !c.RateLimit().UserKnown {
		t.Fatal("the same account's new token forgot its credits")
	}
	c.SetToken(imgur.Token{AccessToken: "b", Username: "two"})
	if r := c.RateLimit(); r.UserKnown || r.UserRemaining != 0 || !r.ClientKnown || r.ClientRemaining != 500 {
		t.Errorf("after another account: %+v", r)
	}
}

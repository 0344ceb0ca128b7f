package imgur_test

import (
	"context"
	"errors"
	"testing"

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

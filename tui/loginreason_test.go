package tui

import (
	"fmt"
	"strings"
	"testing"

	"imgfav/imgur"
)

func TestLoginReasonShowsImgursWords(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want []string
	}{
		{"refresh refused, other wording", fmt.Errorf("refresh the login: %w", &imgur.APIError{Method: "POST", Path: "/oauth2/token", StatusCode: 400,
			Message: "Refresh token doesn't exist or is invalid for the client", Kind: imgur.ErrInvalidRefreshToken}),
			[]string{"no longer accepts the saved login", "Imgur said: Refresh token doesn't exist or is invalid for the client.", "log in again"}},
		{"hostile words are cleaned", &imgur.APIError{StatusCode: 400, Message: "bad\x1b]52;c;aGk=\x07 token", Kind: imgur.ErrInvalidRefreshToken},
			[]string{"Imgur said: bad token."}},
		{"bare sentinel", imgur.ErrInvalidRefreshToken, []string{"no longer accepts the saved login"}},
		{"unauthorized", imgur.ErrUnauthorized, []string{"Imgur refused the login"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := loginReason(tt.err)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("loginReason = %q, want it to contain %q", got, w)
				}
			}
			if strings.ContainsAny(got, "\x1b\x07\n") {
				t.Errorf("loginReason = %q holds control characters", got)
			}
		})
	}
}

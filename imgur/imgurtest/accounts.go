package imgurtest

import (
	"strings"
	"time"
)

// account is one account the fake holds: its favorites (newest first)
// and folders.
type account struct {
	name      string
	id        int64
	favorites []Favorite
	folders   []Folder
}

// grant is an issued access token.
type grant struct {
	expiry  time.Time
	account string // account key
}

func accountKey(name string) string { return strings.ToLower(name) }

// AddAccount adds another account with its favorites (newest first), for
// tests of several logins: each token is one account's.
func (s *Server) AddAccount(name string, id int64, favs []Favorite) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &account{name: name, id: id}
	s.accounts[accountKey(name)] = a
	s.setFavorites(a, favs)
}

// LoginAs issues a token pair for the account name (the main one or one
// added); ok is false for an account the server does not hold.
func (s *Server) LoginAs(name string) (Tokens, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountKey(name)]
	if !ok {
		return Tokens{}, false
	}
	return s.issue(a), true
}

func (s *Server) issue(a *account) Tokens {
	t := Tokens{Access: token(), Refresh: token(), ExpiresIn: s.opts.ExpiresIn}
	s.access[t.Access] = grant{expiry: s.opts.Now().Add(time.Duration(t.ExpiresIn) * time.Second), account: accountKey(a.name)}
	s.refresh[t.Refresh] = accountKey(a.name)
	return t
}

// Package imgur is a client for the parts of the Imgur API v3 that imgfav
// uses: OAuth (authorize URL, redirect parsing, token refresh and the
// loopback login server), account favorites, album images, the account and
// credits.
//
// It copes with the API as it really behaves (see the project's notes on
// the API): error bodies in several shapes, HTML outage pages, nullable
// fields, numbers and booleans sent as strings (read leniently: one bad
// field never loses a page, an unreadable item is skipped and counted),
// ETags whose 304s still cost credits (a cached body that no longer reads
// is dropped and fetched again once), and rate limits that must be
// respected before Imgur enforces them. Redirects are followed only for a
// GET to the same scheme and host. Every error is typed (see APIError,
// RateLimitError and the Err* sentinels) and carries a short message that is
// safe to show in a terminal; every item it returns is sanitized.
package imgur

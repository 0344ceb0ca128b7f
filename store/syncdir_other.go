//go:build !unix

package store

// syncDir is a no-op where a directory cannot be opened and synced.
func syncDir(string) {}

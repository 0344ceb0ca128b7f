package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func setSchema(t *testing.T, path string, v string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(v))
	}); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	setSchema(t, path, "99")
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o644); err != nil { // not even its mode is changed
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(path)
	infoBefore, _ := os.Stat(path)

	_, err := Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("message %q does not name the file", err)
	}
	after, _ := os.ReadFile(path)
	infoAfter, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !infoAfter.ModTime().Equal(infoBefore.ModTime()) || infoAfter.Mode() != infoBefore.Mode() {
		t.Error("the file was modified")
	}
}

func TestMigrateUnversionedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imgfav.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketCache)
		if err != nil {
			return err
		}
		acc, err := b.CreateBucket([]byte("bob"))
		if err != nil {
			return err
		}
		return acc.Put([]byte("k"), encodeEntry("e", fixedNow, []byte("kept")))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := schemaOf(t, s); v != SchemaVersion {
		t.Errorf("schema = %d, want %d", v, SchemaVersion)
	}
	if _, body, ok := s.GetCached("bob", "k"); !ok || string(body) != "kept" {
		t.Error("migration lost data")
	}
}

func schemaOf(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	if err := s.view(func(tx *bolt.Tx) error { v, _ = readSchema(tx); return nil }); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = []migration{func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		return errors.New("boom")
	}}
	path := filepath.Join(t.TempDir(), "imgfav.db")
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v, want the migration failure", err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) != nil || tx.Bucket(bucketCache) != nil {
			t.Error("a failed migration left buckets behind")
		}
		return nil
	})
}

func TestMissingBucketsAreRecreated(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketCache) })
	db.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.PutCached("bob", "k", "e", []byte("x")); err != nil {
		t.Errorf("put after a lost bucket: %v", err)
	}
}

package main

import (
	"strings"
	"testing"

	"imgfav/imgur"
)

func TestPickFolder(t *testing.T) {
	folders := []imgur.Folder{{ID: 11, Name: "Cats"}, {ID: 12, Name: "Cat videos"}, {ID: 13, Name: "Wallpapers"}, {ID: 14, Name: "12"}}
	tests := []struct {
		arg     string
		want    int64
		wantErr string
	}{
		{"11", 11, ""},
		{"cats", 11, ""}, // a name, case folded, before a prefix
		{"Wall", 13, ""}, // the only name starting so
		{"12", 12, ""},   // an id before a name
		{"14", 14, ""},   // the id of the folder named 12
		{"cat", 0, "more than one folder starts with"},
		{"dogs", 0, `no folder "dogs" (folders: "Cats", "Cat videos", "Wallpapers", "12")`},
		{"\x1b[31mx", 0, `no folder "x"`}, // sanitized
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			got, err := pickFolder(folders, tt.arg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.ID != tt.want {
				t.Fatalf("got %d, %v; want %d", got.ID, err, tt.want)
			}
		})
	}
	if _, err := pickFolder(nil, "x"); err == nil || !strings.Contains(err.Error(), "no favorite folders") {
		t.Fatalf("no folders: %v", err)
	}
}

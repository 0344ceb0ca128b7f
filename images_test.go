package main

import (
	"flag"
	"io"
	"testing"

	"imgfav/tui"
)

// --images, then IMGFAV_IMAGES, then auto; NO_COLOR turns pictures off
// unless a mode is forced; tmux is noticed.
func TestImagesSetting(t *testing.T) {
	tests := []struct {
		args     []string
		env      map[string]string
		images   string
		pictures bool
		tmux     bool
	}{
		{nil, nil, tui.ImagesAuto, true, false},
		{[]string{"--images", "kitty"}, nil, tui.ImagesKitty, true, false},
		{nil, map[string]string{"IMGFAV_IMAGES": "sixel"}, tui.ImagesSixel, true, false},
		{[]string{"--images", "blocks"}, map[string]string{"IMGFAV_IMAGES": "sixel"}, tui.ImagesBlocks, true, false},
		{[]string{"--images", "off"}, nil, tui.ImagesOff, false, false},
		{nil, map[string]string{"NO_COLOR": "1"}, tui.ImagesAuto, false, false},
		{[]string{"--images", "blocks"}, map[string]string{"NO_COLOR": "1"}, tui.ImagesBlocks, true, false},
		{nil, map[string]string{"TMUX": "/tmp/tmux-0/default,1,0"}, tui.ImagesAuto, true, true},
		{nil, map[string]string{"TERM": "screen-256color"}, tui.ImagesAuto, true, true},
	}
	for _, tt := range tests {
		var c config
		fs := newFlagSet("imgfav", "imgfav", &c, io.Discard, browseSettings, func(fs *flag.FlagSet) { picturesFlags(fs, &c) })
		getenv := func(k string) string { return tt.env[k] }
		if err := parseFlags(fs, &c, tt.args, getenv); err != nil {
			t.Fatalf("%v %v: %v", tt.args, tt.env, err)
		}
		if c.images != tt.images || c.picturesOn() != tt.pictures || c.inTmux != tt.tmux {
			t.Errorf("%v %v: images %q pictures %v tmux %v, want %q %v %v", tt.args, tt.env, c.images, c.picturesOn(), c.inTmux,
				tt.images, tt.pictures, tt.tmux)
		}
	}
	var c config
	fs := newFlagSet("imgfav", "imgfav", &c, io.Discard, browseSettings, nil)
	if err := parseFlags(fs, &c, nil, func(k string) string { return map[string]string{"IMGFAV_IMAGES": "x"}[k] }); err == nil ||
		err.Error() != `IMGFAV_IMAGES: unknown mode "x" (want auto, kitty, sixel, blocks or off)` {
		t.Errorf("a bad IMGFAV_IMAGES: %v", err)
	}
}

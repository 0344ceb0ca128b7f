// Command imgfav browses an Imgur account's favorites in the terminal.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

// version and commit are set at build time with
// -ldflags "-X main.version=… -X main.commit=…".
var (
	version = "dev"
	commit  = ""
)

const usage = `imgfav browses your Imgur favorites in the terminal.

Usage:
  imgfav [flags]            the interactive browser
  imgfav list [flags]       print favorites for scripts
  imgfav login [flags]      log in, then exit
  imgfav logout [--purge]   forget the stored login
  imgfav demo               the browser on built-in sample favorites
  imgfav version            print the version

Run 'imgfav <command> -h' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "imgfav: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// versionString is "imgfav <version> (<commit>, <go version>)".
func versionString() string {
	v, c := version, commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && c == "" {
				c = s.Value
			}
		}
	}
	if len(c) > 12 {
		c = c[:12]
	}
	if c == "" {
		c = "unknown commit"
	}
	return fmt.Sprintf("imgfav %s (%s, %s)", v, c, runtime.Version())
}

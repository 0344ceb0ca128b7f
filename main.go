// Command imgfav browses an Imgur account's favorites in the terminal.
//
// main is the only place that knows every package: it reads the
// configuration, opens the store, builds the client and starts the UI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"imgfav/imgur"
)

// version and commit are set at build time with
// -ldflags "-X main.version=… -X main.commit=…".
var (
	version = "dev"
	commit  = ""
)

const usage = `imgfav browses your Imgur favorites in the terminal.

Usage:
  imgfav [flags]                    the interactive browser
  imgfav list [--sort newest|oldest] [--pages N | --all] [--format table|json|urls]
                                    print favorites for scripts
  imgfav list --cached              the same from the cache only, without contacting Imgur
  imgfav list --folder NAME|ID      one favorite folder's favorites
  imgfav list --filter QUERY        only the favorites a search QUERY finds (tag:, user:, type:, -word…)
  imgfav folders [--format table|json]
                                    list your favorite folders
  imgfav backup [--dir DIR] [--sort newest|oldest] [--folder NAME|ID] [--jobs N]
                [--full] [--dry-run]
                                    keep a local copy of every favorite, with an offline index.html
  imgfav demo [--favorites N]       the browser on built-in sample favorites (no account, no network)
  imgfav login [--no-browser]       log in (adding the account beside those stored), then exit
  imgfav accounts                   the stored accounts; --account NAME (or IMGFAV_ACCOUNT) uses one
  imgfav logout [--account NAME] [--purge]
                                    forget the stored login (--account NAME: that account's;
                                    --purge: and its cached data)
  imgfav config                     every setting with where it comes from (flag, environment,
                                    config.toml, default), and the file's problems
  imgfav version                    print the version (also imgfav --version)
  imgfav help [COMMAND]             this help, or a command's (the same as imgfav COMMAND --help)

Run 'imgfav COMMAND --help' for the flags of a command. The settings can also be
set through environment variables (IMGFAV_DB for --db, and so on).
`

// env is the process's outside world, replaceable in tests.
type env struct {
	args             []string
	getenv           func(string) string
	stdin            io.Reader
	stdout, stderr   io.Writer
	isTerminal       func() bool // stdin and stdout are a terminal
	stderrIsTerminal func() bool
	width            func() int          // the terminal's width, 0 when unknown
	programOptions   []tea.ProgramOption // extra options, for tests
}

func main() {
	e := env{
		args: os.Args[1:], getenv: os.Getenv,
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		isTerminal:       func() bool { return term.IsTerminal(os.Stdout.Fd()) && term.IsTerminal(os.Stdin.Fd()) },
		stderrIsTerminal: func() bool { return term.IsTerminal(os.Stderr.Fd()) },
		width: func() int {
			w, _, err := term.GetSize(os.Stdout.Fd())
			if err != nil {
				return 0
			}
			return w
		},
	}
	// A closed terminal (SIGHUP) cancels the run like SIGTERM: the demo's
	// temporary files go and the database is closed. Not under nohup:
	// Notify would undo the ignoring a long backup relies on.
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	code := run(ctx, e)
	stop()
	os.Exit(code)
}

// run executes one command and returns the exit status: 0 success, 1
// runtime failure, 2 usage error.
func run(ctx context.Context, e env) int {
	cmd, args := splitCommand(e.args)
	return exitStatus(e, cmd, dispatch(ctx, e, cmd, args))
}

// splitCommand separates the command from its arguments: "" is the
// browser, and --version is the version command.
func splitCommand(args []string) (cmd string, rest []string) {
	switch {
	case len(args) == 0:
		return "", nil
	case args[0] == "--version" || args[0] == "-version":
		return "version", args[1:]
	case args[0] != "" && args[0][0] != '-':
		return args[0], args[1:]
	}
	return "", args
}

// dispatch runs cmd with its arguments.
func dispatch(ctx context.Context, e env, cmd string, args []string) error {
	switch cmd {
	case "":
		return browseCommand(ctx, e, args)
	case "list":
		return listCommand(ctx, e, args)
	case "backup":
		return backupCommand(ctx, e, args)
	case "folders":
		return foldersCommand(ctx, e, args)
	case "config":
		return configCommand(ctx, e, args)
	case "accounts":
		return accountsCommand(ctx, e, args)
	case "demo":
		return demoCommand(ctx, e, args)
	case "login":
		return loginCommand(ctx, e, args)
	case "logout":
		return logoutCommand(e, args)
	case "version":
		return versionCommand(e, args)
	case "help":
		return helpCommand(ctx, e, args)
	}
	return usageError{msg: fmt.Sprintf("unknown command %q", cmd)}
}

// errReported fails a command whose failure it already reported.
var errReported = errors.New("reported above")

// exitStatus reports err on stderr and returns the exit status. A usage
// error is the message and a pointer to the command's --help, and nothing
// on stdout.
func exitStatus(e env, cmd string, err error) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errReported):
		return 1
	case errors.As(err, &ue):
		if ue.cmd != "" {
			cmd = ue.cmd
		}
		fmt.Fprintf(e.stderr, "imgfav: %s\nRun '%s --help' for usage.\n", oneLine(ue), commandLine(cmd))
		return 2
	default:
		fmt.Fprintf(e.stderr, "imgfav: %s\n", oneLine(err))
		return 1
	}
}

// commandLine is how the user types cmd: "imgfav list", or "imgfav" for
// the browser and any command imgfav does not know.
func commandLine(cmd string) string {
	switch cmd {
	case "list", "backup", "folders", "config", "accounts", "demo", "login", "logout", "version", "help":
		return "imgfav " + cmd
	}
	return "imgfav"
}

// printUsage prints the commands and the flags of the browser.
func printUsage(w io.Writer) {
	fmt.Fprint(w, usage)
	var c config
	fs := browseFlags(&c, w)
	fmt.Fprintln(w, "\nFlags of imgfav ($NAME: the environment variable read when the flag is not given):")
	printFlags(w, fs)
}

// helpCommand is `imgfav help [COMMAND]`: the same text as
// `imgfav [COMMAND] --help`.
func helpCommand(ctx context.Context, e env, args []string) error {
	switch {
	case len(args) == 0:
		printUsage(e.stdout)
		return nil
	case len(args) > 1:
		return usageError{msg: fmt.Sprintf("unexpected argument %q (help takes one command)", args[1])}
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
		fmt.Fprintln(e.stdout, "Usage: imgfav help [COMMAND]\n\nPrints the help of a command, the same text as 'imgfav COMMAND --help'.")
		return nil
	case commandLine(args[0]) == "imgfav":
		return usageError{msg: fmt.Sprintf("unknown command %q", args[0]), cmd: "imgfav"}
	}
	return dispatch(ctx, e, args[0], []string{"--help"})
}

// oneLine keeps an error to its first line, cleaned.
func oneLine(err error) string { return imgur.ErrorLine(err) }

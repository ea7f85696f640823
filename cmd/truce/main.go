// Command truce is the ceasefire coordination center: one binary that
// initialises, serves, verifies and demonstrates it. This file and its
// siblings only parse flags and wire packages together; the work is done
// in center, sqlite, httpapi and ledger.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main is the program, so that tests can run it in process: they set the
// writers, a clock, and Ready to learn the address a server listens on.
type Main struct {
	Stdout, Stderr io.Writer
	Clock          truce.Clock
	// Ready, if set, is called with the address once the server listens.
	Ready func(addr string)

	basemap string    // truce serve --basemap: a PMTiles file for the web app's map
	snap    snapFlags // truce serve --snapshot…: the start-up snapshot (serve.go)
}

// Run runs the command line args and returns the exit status. It returns
// when ctx is cancelled for long-running commands (serve, demo).
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Clock == nil {
		m.Clock = truce.SystemClock{}
	}
	root := m.root()
	root.SetOut(m.Stdout)
	root.SetErr(m.Stderr)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(m.Stderr, "truce:", err)
		return 1
	}
	return 0
}

// root is the command tree.
func (m *Main) root() *cobra.Command {
	root := &cobra.Command{
		Use:           "truce",
		Short:         "truce is a ceasefire coordination center with a verifiable log",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(m.initCmd(), m.serveCmd(), m.demoCmd(), m.logCmd(), m.witnessCmd(), m.receiptCmd(), m.ingestCmd(), m.sitrepCmd(), m.cotCmd(),
		m.keyCmd(), m.memberCmd()) // members.go
	return root
}

package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/truce-center/truce/center/sources"
)

func (m *Main) ingestCmd() *cobra.Command {
	var server, token, memberKey, source, scale string
	cmd := &cobra.Command{
		Use:   "ingest FILE|DIR...",
		Short: "Send open-source articles (text, HTML, RSS or Atom files) to a center",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if token == "" {
				token = os.Getenv("TRUCE_TOKEN")
			}
			return m.ingest(cmd.Context(), server, token, memberKey, source, scale, args)
		},
	}
	cmd.Flags().StringVar(&server, "server", "http://127.0.0.1:8080", "the center's address")
	cmd.Flags().StringVar(&token, "token", "", "an observer's or the coordinator's token (default $TRUCE_TOKEN)")
	cmd.Flags().StringVar(&source, "source", "", "the source's name, for files that do not say it")
	cmd.Flags().StringVar(&memberKey, "member-key", "", "the member's key file, to sign each article's submission (default $TRUCE_MEMBER_KEY)")
	cmd.Flags().StringVar(&scale, "scale", "", "the source's scale: local, subnational, national, regional, international")
	return cmd
}

// ingest sends every file named, directories walked, and reports how many
// articles and candidate reports the center took.
func (m *Main) ingest(ctx context.Context, server, token, memberKey, source, scale string, paths []string) error {
	cl, err := memberClient(server, token, memberKey) // members.go
	if err != nil {
		return err
	}
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
	}
	var bar *progressbar.ProgressBar
	if isTerminal(m.Stderr) {
		bar = progressbar.NewOptions(len(files), progressbar.OptionSetWriter(m.Stderr), progressbar.OptionSetDescription("ingesting"), progressbar.OptionShowCount())
	}
	articles, candidates := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var out []struct {
			Candidates []string `json:"candidates"`
		}
		in := sources.ArticleInput{Document: string(b), Name: filepath.Base(f), Source: source, Scale: scale}
		if err := cl.Post(ctx, "/v1/articles", in, &out); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		articles += len(out)
		for _, a := range out {
			candidates += len(a.Candidates)
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(m.Stderr)
	}
	fmt.Fprintf(m.Stdout, "ingested %d files: %d articles, %d candidate reports\n", len(files), articles, candidates)
	return nil
}

package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce/httpapi"
)

func (m *Main) sitrepCmd() *cobra.Command {
	var server, token, date, format, out string
	cmd := &cobra.Command{
		Use:   "sitrep --date YYYY-MM-DD",
		Short: "Fetch the daily situation report of a day, as your party may see it, as HTML or PDF",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if token == "" {
				token = os.Getenv("TRUCE_TOKEN")
			}
			if _, err := time.Parse("2006-01-02", date); err != nil {
				return fmt.Errorf("--date must be a day as YYYY-MM-DD, not %q", date)
			}
			if format == "" {
				format = "html"
				if strings.HasSuffix(strings.ToLower(out), ".pdf") {
					format = "pdf"
				}
			}
			if format != "html" && format != "pdf" {
				return fmt.Errorf("--format must be html or pdf, not %q", format)
			}
			cl, err := httpapi.NewClient(server, token)
			if err != nil {
				return err
			}
			body, err := cl.Raw(cmd.Context(), "GET", "/v1/sitreps/"+url.PathEscape(date)+"?format="+format, nil)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = m.Stdout.Write(body)
				return err
			}
			if err := os.WriteFile(out, body, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(m.Stderr, "wrote the %s situation report of %s to %s (%d bytes)\n", format, date, out, len(body))
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "http://127.0.0.1:8080", "the center's address")
	cmd.Flags().StringVar(&token, "token", "", "your member token (default $TRUCE_TOKEN)")
	cmd.Flags().StringVar(&date, "date", "", "the day reported on, YYYY-MM-DD (required)")
	cmd.Flags().StringVar(&format, "format", "", "html or pdf (default: pdf when -o ends in .pdf, else html)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write (default standard output)")
	cmd.MarkFlagRequired("date")
	return cmd
}

// Package letter writes the notification letter a center sends a party:
// a PDF listing the sites and notifications notified to it in a period,
// with their acknowledgements — the document the UN's Humanitarian
// Notification System sends each party — carrying, as embedded files, a
// C2SP tlog-proof receipt of every act it lists. A letter is checked
// offline with `truce receipt verify LETTER.pdf`: each receipt proves its
// act is in the center's signed log, so a letter cannot be forged or
// altered without failing.
//
// The PDF is written with go-pdf/fpdf and is the same bytes for the same
// letter (fixed dates, sorted catalogue).
package letter

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// Letter is what a letter says.
type Letter struct {
	Origin   string // the center's log origin
	To       string // the party's name
	ToKind   string
	From     time.Time // the period, [From, Until)
	Until    time.Time
	Sites    []Item
	Notices  []Item
	Receipts []Receipt // one for each act listed, by log index
}

// Item is one site or notification in the letter.
type Item struct {
	ID      string
	Title   string   // name and category or kind
	Owner   string   // the notifying party
	Where   string   // position as the party may see it
	When    string   // validity or windows
	State   string   // its state
	Answers []string // acknowledgements and objections, one a line
	Acts    []uint64 // the log indexes of the acts listed
}

// Receipt is one act's receipt (C2SP tlog-proof).
type Receipt struct {
	Index uint64
	Proof []byte
}

// Write writes the letter as PDF.
func Write(w io.Writer, l *Letter) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(l.Until.UTC())
	pdf.SetModificationDate(l.Until.UTC())
	pdf.SetCatalogSort(true)
	pdf.SetProducer("truce", false)
	pdf.SetTitle("Notification letter to "+l.To, true)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // core fonts are cp1252
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(true, 16)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s — letter to %s — page %d", l.Origin, l.To, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 15)
	pdf.MultiCell(0, 7, tr("Notification letter"), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 5, tr(fmt.Sprintf("To: %s (%s)\nFrom: the ceasefire coordination center %s\nPeriod: %s to %s (UTC)",
		l.To, l.ToKind, l.Origin, l.From.UTC().Format("2 January 2006 15:04"), l.Until.UTC().Format("2 January 2006 15:04"))), "", "L", false)
	pdf.Ln(2)
	pdf.MultiCell(0, 5, tr("This letter lists the protected sites and the notifications notified to your party in the period, "+
		"with the acknowledgements and objections given. Every act listed is in the center's signed, append-only log: "+
		"this file carries, as attachments, a receipt (C2SP tlog-proof) of each, with the log checkpoint that covers it. "+
		"Check the letter offline with: truce receipt verify --key <the center's key> this-letter.pdf"), "", "L", false)
	section := func(title string, items []Item) {
		pdf.Ln(3)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(0, 6, tr(fmt.Sprintf("%s (%d)", title, len(items))), "B", "L", false)
		if len(items) == 0 {
			pdf.SetFont("Helvetica", "I", 10)
			pdf.MultiCell(0, 6, tr("None in the period."), "", "L", false)
		}
		for _, it := range items {
			pdf.Ln(1)
			pdf.SetFont("Helvetica", "B", 10)
			pdf.MultiCell(0, 5, tr(it.Title), "", "L", false)
			pdf.SetFont("Helvetica", "", 9)
			lines := []string{"Reference: " + it.ID + "   Notified by: " + it.Owner + "   State: " + it.State}
			if it.Where != "" {
				lines = append(lines, "Where: "+it.Where)
			}
			if it.When != "" {
				lines = append(lines, "When: "+it.When)
			}
			for _, a := range it.Answers {
				lines = append(lines, "  "+a)
			}
			acts := make([]string, len(it.Acts))
			for i, a := range it.Acts {
				acts[i] = strconv.FormatUint(a, 10)
			}
			lines = append(lines, "Log entries: "+strings.Join(acts, ", "))
			pdf.MultiCell(0, 4.5, tr(strings.Join(lines, "\n")), "", "L", false)
		}
	}
	section("Protected sites", l.Sites)
	section("Notifications", l.Notices)

	as := make([]fpdf.Attachment, len(l.Receipts))
	for i, r := range l.Receipts {
		as[i] = fpdf.Attachment{Content: r.Proof, Filename: fmt.Sprintf("entry-%d.tlog-proof", r.Index)}
	}
	pdf.SetAttachments(as)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("writing the letter: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// embedded matches an embedded file as fpdf writes it: its dictionary,
// then its deflated stream.
var embedded = regexp.MustCompile(`<< /Type /EmbeddedFile /Length (\d+) /Filter /FlateDecode /Params << /CheckSum <([0-9a-f]{32})> /Size (\d+) >> >>\s*stream\r?\n`)

// ErrNotALetter is returned by Receipts for a file that is not a PDF or
// carries no receipt.
var ErrNotALetter = errors.New("not a truce letter: no receipts embedded")

// Receipts returns the receipts a letter carries, in order, each checked
// against the MD5 checksum and size its PDF dictionary gives (the receipt
// itself is what proves anything; this only catches a damaged file early).
func Receipts(pdf []byte) ([][]byte, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, ErrNotALetter
	}
	var out [][]byte
	for _, m := range embedded.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		size, _ := strconv.Atoi(string(pdf[m[6]:m[7]]))
		start := m[1]
		if start+n > len(pdf) {
			return nil, fmt.Errorf("embedded file %d: its stream is cut short", len(out)+1)
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[start : start+n]))
		if err != nil {
			return nil, fmt.Errorf("embedded file %d: %w", len(out)+1, err)
		}
		data, err := io.ReadAll(io.LimitReader(zr, int64(size)+1))
		if err != nil {
			return nil, fmt.Errorf("embedded file %d: %w", len(out)+1, err)
		}
		sum := md5.Sum(data)
		if len(data) != size || hex.EncodeToString(sum[:]) != string(pdf[m[4]:m[5]]) {
			return nil, fmt.Errorf("embedded file %d: its size or checksum does not match its dictionary", len(out)+1)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		return nil, ErrNotALetter
	}
	return out, nil
}

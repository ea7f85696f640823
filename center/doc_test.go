package center_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestErrorsDocumented: every exported function, and every exported
// method of an exported type, of center and its sub-packages that returns
// an error says in its doc which error codes it returns (STYLE.md rule 9,
// as WTF Dial's DialService does), and names only codes that exist.
func TestErrorsDocumented(t *testing.T) {
	codes := errorCodes(t)
	named := regexp.MustCompile(`\bE[A-Z][A-Za-z]*\b`)
	for _, dir := range []string{".", "engine", "events", "publish", "core", "zones", "sites", "notifications", "reports", "hotline", "terms", "members", "sources", "witnesses"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, ent := range entries {
			name := ent.Name()
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !fd.Name.IsExported() || !exportedReceiver(fd) || !returnsError(fd) {
					continue
				}
				where := fset.Position(fd.Pos()).String() + " " + funcName(fd)
				found := false
				for _, w := range named.FindAllString(fd.Doc.Text(), -1) {
					switch {
					case w == "ETag":
					case slices.Contains(codes, w):
						found = true
					default:
						t.Errorf("%s: its doc names %s, which is not an error code of errors.go", where, w)
					}
				}
				if !found {
					t.Errorf("%s returns an error but its doc names no error code (%s)", where, strings.Join(codes, ", "))
				}
			}
		}
	}
}

// errorCodes returns the names of the error code constants of the root
// package (EInvalid, ENotFound, …).
func errorCodes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				if strings.HasPrefix(n.Name, "E") {
					out = append(out, n.Name)
				}
			}
		}
	}
	if len(out) < 5 {
		t.Fatalf("found only %v as error codes in errors.go", out)
	}
	return out
}

// recvType returns the name of fd's receiver type, or "" for a function.
func recvType(fd *ast.FuncDecl) string {
	if fd.Recv == nil {
		return ""
	}
	typ := fd.Recv.List[0].Type
	if s, ok := typ.(*ast.StarExpr); ok {
		typ = s.X
	}
	switch x := typ.(type) {
	case *ast.IndexExpr:
		typ = x.X
	case *ast.IndexListExpr:
		typ = x.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name
	}
	return "?"
}

// exportedReceiver reports whether fd is a function, or a method of an
// exported type.
func exportedReceiver(fd *ast.FuncDecl) bool {
	r := recvType(fd)
	return r == "" || token.IsExported(r)
}

func returnsError(fd *ast.FuncDecl) bool {
	if fd.Type.Results == nil {
		return false
	}
	for _, r := range fd.Type.Results.List {
		if id, ok := r.Type.(*ast.Ident); ok && id.Name == "error" {
			return true
		}
	}
	return false
}

func funcName(fd *ast.FuncDecl) string {
	if r := recvType(fd); r != "" {
		return r + "." + fd.Name.Name
	}
	return fd.Name.Name
}

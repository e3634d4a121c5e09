package scenarios

import (
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Files reads the files a scenario names — a base given as a path, and its
// data files — by path relative to the scenario file's directory.
type Files interface {
	ReadFile(name string) ([]byte, error)
}

// DirFiles reads files relative to a directory on disk.
type DirFiles string

// ReadFile reads name, relative to the directory unless absolute.
func (d DirFiles) ReadFile(name string) ([]byte, error) {
	if !filepath.IsAbs(name) {
		name = filepath.Join(string(d), filepath.FromSlash(name))
	}
	return os.ReadFile(name)
}

// MapFiles holds files in memory by their relative path: the data files of
// a bundled scenario (see Bundle).
type MapFiles map[string][]byte

// ReadFile returns the file named name.
func (m MapFiles) ReadFile(name string) ([]byte, error) {
	if b, ok := m[path.Clean(filepath.ToSlash(name))]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
}

// Names returns the names of the built-in scenarios, sorted.
func Names() []string {
	ents, err := builtinFS.ReadDir("builtin")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(out)
	return out
}

// BuiltinSource returns the file of the built-in scenario name as written,
// with its comments.
func BuiltinSource(name string) ([]byte, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknown, name, strings.Join(Names(), ", "))
	}
	return builtinFS.ReadFile("builtin/" + name + ".yaml")
}

// Builtin returns the built-in scenario name (see Names), merged with its
// base and validated.
func Builtin(name string) (*Scenario, error) {
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return parse(data, name+".yaml", nil)
}

// Load reads the scenario file at path (YAML or JSON); its base, if a
// path, and its data files are read relative to the file's directory.
func Load(file string) (*Scenario, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return parse(data, file, DirFiles(filepath.Dir(file)))
}

// Parse reads a scenario document (YAML or JSON). file names it in errors.
// files reads a base given as a path and the data files; with nil files the
// base must be a built-in scenario and data files cannot be read. Errors
// are Errors, each naming the field path and, where known, the line.
func Parse(data []byte, file string, files Files) (*Scenario, error) {
	return parse(data, file, files)
}

func parse(data []byte, file string, files Files) (*Scenario, error) {
	doc, err := parseDocument(data, file)
	if err != nil {
		return nil, err
	}
	tree, chain, err := resolve(doc, files, nil)
	if err != nil {
		return nil, err
	}
	delete(tree, "base")
	sc := &Scenario{}
	d := &decoder{}
	d.decode("", tree, reflect.ValueOf(sc).Elem())
	if b, ok := doc.tree["base"].(string); ok {
		sc.Base = b
	}
	chainNames := make([]string, len(chain))
	for i, c := range chain {
		chainNames[i] = c.file
	}
	sc.chain = chainNames
	if len(d.errs) == 0 {
		sc.validate(d)
	}
	if len(d.errs) > 0 {
		errs := Errors(d.errs)
		for _, e := range errs {
			e.File, e.Line = file, 0
			// the field comes from the last document of the chain that sets it
			for k := len(chain) - 1; k >= 0; k-- {
				if l := chain[k].line(e.Field); l > 0 {
					e.File, e.Line = chain[k].file, l
					break
				}
			}
		}
		// document order where lines are known
		key := func(e *InputError) int {
			if e.Line == 0 {
				return math.MaxInt
			}
			return e.Line
		}
		slices.SortStableFunc(errs, func(a, b *InputError) int { return cmp.Compare(key(a), key(b)) })
		return nil, errs
	}
	sc.tree = tree
	sc.files = files
	sc.canonical, err = json.Marshal(tree)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", file, err)
	}
	return sc, nil
}

// resolve merges doc over its base, recursively. seen holds the bases
// already on the chain (a cycle is an error).
func resolve(doc *document, files Files, seen []string) (map[string]any, []*document, error) {
	bv, ok := doc.tree["base"]
	if !ok || bv == nil {
		return doc.tree, []*document{doc}, nil
	}
	base, ok := bv.(string)
	if !ok || base == "" {
		return nil, nil, Errors{{File: doc.file, Line: doc.line("base"), Field: "base", Msg: fmt.Sprintf("%s, want the name of a built-in scenario or a file path", kindOf(bv))}}
	}
	if slices.Contains(seen, base) || len(seen) > 8 {
		return nil, nil, Errors{{File: doc.file, Line: doc.line("base"), Field: "base", Msg: fmt.Sprintf("inheritance cycle: %s → %s", strings.Join(seen, " → "), base)}}
	}
	var (
		data []byte
		file string
		err  error
	)
	bfiles := files
	if slices.Contains(Names(), base) {
		data, _ = BuiltinSource(base)
		file, bfiles = base+".yaml", nil
	} else {
		if files == nil {
			return nil, nil, Errors{{File: doc.file, Line: doc.line("base"), Field: "base", Msg: fmt.Sprintf("%q is not a built-in scenario (known: %s)", base, strings.Join(Names(), ", "))}}
		}
		if data, err = files.ReadFile(base); err != nil {
			msg := fmt.Sprintf("cannot read %q: %v", base, err)
			if errors.Is(err, fs.ErrNotExist) {
				msg = fmt.Sprintf("%q is neither a built-in scenario (known: %s) nor a readable file", base, strings.Join(Names(), ", "))
			}
			return nil, nil, Errors{{File: doc.file, Line: doc.line("base"), Field: "base", Msg: msg}}
		}
		file = base
	}
	bdoc, err := parseDocument(data, file)
	if err != nil {
		return nil, nil, err
	}
	if dir := path.Dir(filepath.ToSlash(base)); bfiles != nil && dir != "." {
		// data paths of a base elsewhere resolve against its directory
		if dm, ok := bdoc.tree["data"].(map[string]any); ok {
			nd := make(map[string]any, len(dm))
			for k, v := range dm {
				if s, ok := v.(string); ok && dataFileFields[k] && looksLikeFile(s) && !path.IsAbs(s) {
					v = path.Join(dir, s)
				}
				nd[k] = v
			}
			bdoc.tree = merge(bdoc.tree, map[string]any{"data": nd})
		}
	}
	btree, chain, err := resolve(bdoc, bfiles, append(seen, base))
	if err != nil {
		return nil, nil, err
	}
	over := make(map[string]any, len(doc.tree))
	for k, v := range doc.tree {
		if k != "base" {
			over[k] = v
		}
	}
	// assumptions accumulate along the chain, the base's first
	if ba, ok := btree["assumptions"].([]any); ok {
		if oa, ok := over["assumptions"].([]any); ok {
			over["assumptions"] = append(slices.Clip(ba), oa...)
		}
	}
	return merge(btree, over), append(chain, doc), nil
}

// dataFileFields are the data fields that may name files.
var dataFileFields = map[string]bool{"counties": true, "townships": true, "township_points": true, "demand": true,
	"candidates": true, "dismantlers": true, "roads": true, "sales": true}

func looksLikeFile(s string) bool {
	return strings.ContainsAny(s, "./") || strings.HasSuffix(s, ".csv") || strings.HasSuffix(s, ".geojson")
}

// Canonical returns the merged document as JSON with sorted keys: two
// scenarios with the same Canonical bytes (and data files) give the same
// results.
func (sc *Scenario) Canonical() []byte { return slices.Clone(sc.canonical) }

// Chain returns the files merged into sc, base first.
func (sc *Scenario) Chain() []string { return slices.Clone(sc.chain) }

// With returns a copy of sc with the field at path (e.g.
// "levers.fuel_price", "levers.subsidy.refrigerator") set to v, validated
// again: the tool of sweeps. Data paths cannot be set this way.
func (sc *Scenario) With(path string, v any) (*Scenario, error) {
	return sc.with(nil, path, v)
}

// DataFile returns the first data field that names a file (e.g.
// "counties", "counties.csv"), or "" when the scenario reads no file.
func (sc *Scenario) DataFile() (field, path string) {
	d := sc.Data
	for _, f := range []struct{ field, path string }{{"counties", d.Counties}, {"townships", d.Townships}, {"township_points", d.TownshipPoints},
		{"demand", d.Demand}, {"candidates", d.Candidates}, {"dismantlers", d.Dismantlers}, {"roads", d.Roads}, {"sales", d.Sales}} {
		if f.path != "" && !(f.field == "demand" && (f.path == "townships" || f.path == "counties")) {
			return f.field, f.path
		}
	}
	return "", ""
}

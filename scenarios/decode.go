package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxFileBytes bounds a scenario file.
const MaxFileBytes = 1 << 20

// maxDepth bounds the nesting of a scenario document, maxNodes its values
// with aliases expanded (an alias bomb is rejected before it is decoded).
const (
	maxDepth = 12
	maxNodes = 100_000
)

// expandedSize counts the values of n with every alias expanded, up to
// just past maxNodes; anchors maps the anchors seen so far to their size.
func expandedSize(n ast.Node, anchors map[string]int) int {
	add := func(a, b int) int { return min(a+b, maxNodes+1) }
	switch x := n.(type) {
	case nil:
		return 0
	case *ast.MappingNode:
		s := 1
		for _, v := range x.Values {
			s = add(s, expandedSize(v, anchors))
		}
		return s
	case *ast.MappingValueNode:
		return add(expandedSize(x.Key, anchors), expandedSize(x.Value, anchors))
	case *ast.SequenceNode:
		s := 1
		for _, v := range x.Values {
			s = add(s, expandedSize(v, anchors))
		}
		return s
	case *ast.AnchorNode:
		s := expandedSize(x.Value, anchors)
		if x.Name != nil {
			anchors[x.Name.String()] = s
		}
		return s
	case *ast.AliasNode:
		if x.Value != nil {
			if s, ok := anchors[x.Value.String()]; ok {
				return max(s, 1)
			}
		}
		return 1
	case *ast.TagNode:
		return add(1, expandedSize(x.Value, anchors))
	}
	return 1
}

// document is one parsed scenario file: its tree of values and its syntax
// tree, for the line numbers of error messages.
type document struct {
	file string
	tree map[string]any
	ast  *ast.File
}

// parseDocument parses YAML or JSON (a JSON document is YAML) into a tree
// of map[string]any, []any and scalars.
func parseDocument(data []byte, file string) (*document, error) {
	if len(data) > MaxFileBytes {
		return nil, Errors{{File: file, Msg: fmt.Sprintf("%d bytes, at most %d", len(data), MaxFileBytes)}}
	}
	af, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, Errors{yamlError(file, err)}
	}
	if len(af.Docs) > 1 {
		return nil, Errors{{File: file, Msg: fmt.Sprintf("%d YAML documents, want one", len(af.Docs))}}
	}
	anchors := map[string]int{}
	for _, d := range af.Docs {
		if n := expandedSize(d.Body, anchors); n > maxNodes {
			return nil, Errors{{File: file, Msg: fmt.Sprintf("more than %d values once aliases are expanded", maxNodes)}}
		}
	}
	var v any
	if err := yaml.UnmarshalWithOptions(data, &v); err != nil {
		return nil, Errors{yamlError(file, err)}
	}
	if v == nil {
		return nil, Errors{{File: file, Msg: "empty document, want a mapping with at least name"}}
	}
	tree, ok := v.(map[string]any)
	if !ok {
		return nil, Errors{{File: file, Line: 1, Msg: fmt.Sprintf("the document is %s, want a mapping (name: …)", kindOf(v))}}
	}
	if err := checkDepth(tree, 0); err != nil {
		return nil, Errors{{File: file, Msg: err.Error()}}
	}
	return &document{file: file, tree: tree, ast: af}, nil
}

// yamlError turns a go-yaml error into an InputError with its line.
func yamlError(file string, err error) *InputError {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &InputError{File: file, Msg: ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line = tk.Position.Line
		}
		return e
	}
	return &InputError{File: file, Msg: err.Error()}
}

func checkDepth(v any, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	switch t := v.(type) {
	case map[string]any:
		for _, x := range t {
			if err := checkDepth(x, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range t {
			if err := checkDepth(x, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any, map[any]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case uint64, int64, int, float64:
		return "a number"
	}
	return fmt.Sprintf("a %T", v)
}

// merge returns base with over laid on top: mappings merge key by key,
// anything else replaces, and a null removes the key. Neither input is
// changed.
func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if v == nil {
			delete(out, k)
			continue
		}
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = merge(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}

// decoder fills a struct from a tree, collecting one error per bad field.
type decoder struct {
	errs []*InputError
}

func (d *decoder) fail(path, format string, args ...any) {
	d.errs = append(d.errs, &InputError{Field: path, Msg: fmt.Sprintf(format, args...)})
}

var (
	durationType = reflect.TypeFor[Duration]()
	fieldCache   sync.Map // reflect.Type → []fieldInfo
)

type fieldInfo struct {
	name  string
	index int
}

func fieldsOf(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fs = append(fs, fieldInfo{name, i})
	}
	fieldCache.Store(t, fs)
	return fs
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decode stores v (from the tree) into rv, a settable value, at path.
func (d *decoder) decode(path string, v any, rv reflect.Value) {
	if v == nil {
		return // absent: leave the zero value
	}
	t := rv.Type()
	if t == durationType {
		s, ok := v.(string)
		if !ok {
			d.fail(path, "%s, want a duration such as \"60s\"", kindOf(v))
			return
		}
		dur, err := time.ParseDuration(s)
		if err != nil || dur < 0 {
			d.fail(path, "%q is not a non-negative duration such as \"60s\" or \"2m\"", s)
			return
		}
		rv.SetInt(int64(dur))
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(path, v, p.Elem())
		rv.Set(p)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			d.fail(path, "%s, want a mapping", kindOf(v))
			return
		}
		fs := fieldsOf(t)
		for _, k := range sortedKeys(m) {
			i := slices.IndexFunc(fs, func(f fieldInfo) bool { return f.name == k })
			if i < 0 {
				names := make([]string, len(fs))
				for j, f := range fs {
					names[j] = f.name
				}
				d.fail(join(path, k), "unknown field (known: %s)", strings.Join(names, ", "))
				continue
			}
			d.decode(join(path, k), m[k], rv.Field(fs[i].index))
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.fail(path, "%s, want a mapping", kindOf(v))
			return
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for _, k := range sortedKeys(m) {
			if m[k] == nil {
				continue
			}
			ev := reflect.New(t.Elem()).Elem()
			n := len(d.errs)
			d.decode(join(path, k), m[k], ev)
			if len(d.errs) == n {
				out.SetMapIndex(reflect.ValueOf(k), ev)
			}
		}
		rv.Set(out)
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			d.fail(path, "%s, want a list", kindOf(v))
			return
		}
		out := reflect.MakeSlice(t, len(l), len(l))
		for i, x := range l {
			d.decode(fmt.Sprintf("%s[%d]", path, i), x, out.Index(i))
		}
		rv.Set(out)
	case reflect.String:
		switch x := v.(type) {
		case string:
			rv.SetString(x)
		case uint64:
			rv.SetString(strconv.FormatUint(x, 10)) // an adcode written without quotes
		case int64:
			rv.SetString(strconv.FormatInt(x, 10))
		default:
			d.fail(path, "%s, want a string", kindOf(v))
		}
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.fail(path, "%s, want true or false", kindOf(v))
			return
		}
		rv.SetBool(b)
	case reflect.Float64:
		f, ok := number(v)
		if !ok {
			d.fail(path, "%s, want a number", kindOf(v))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.fail(path, "%v is not a finite number", f)
			return
		}
		rv.SetFloat(f)
	case reflect.Int, reflect.Int64:
		f, ok := number(v)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			d.fail(path, "%v, want a whole number", describe(v))
			return
		}
		rv.SetInt(int64(f))
	case reflect.Uint64:
		f, ok := number(v)
		if x, isU := v.(uint64); isU {
			rv.SetUint(x)
			return
		}
		if !ok || f != math.Trunc(f) || f < 0 || f > 1<<53 {
			d.fail(path, "%v, want a whole number ≥ 0", describe(v))
			return
		}
		rv.SetUint(uint64(f))
	default:
		panic(fmt.Sprintf("scenarios: decoder has no case for %v", t)) // programmer error
	}
}

func describe(v any) string {
	switch v.(type) {
	case uint64, int64, float64:
		return fmt.Sprint(v)
	}
	return kindOf(v)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case uint64:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

var pathPart = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// line finds the line of field path p in the syntax tree (0 if absent).
func (doc *document) line(p string) int {
	if doc == nil || doc.ast == nil || p == "" {
		return 0
	}
	// "levers.sites.add[2].tier" → $.levers.sites.add[2].tier, quoting keys
	// that are not identifiers; try the path, then its parents.
	var parts []string
	for _, seg := range strings.Split(p, ".") {
		key, idx, _ := strings.Cut(seg, "[")
		if !pathPart.MatchString(key) {
			if strings.ContainsAny(key, "'\\") {
				return 0
			}
			key = "'" + key + "'"
		}
		if idx != "" {
			key += "[" + idx
		}
		parts = append(parts, key)
	}
	for n := len(parts); n > 0; n-- {
		yp, err := yaml.PathString("$." + strings.Join(parts[:n], "."))
		if err != nil {
			continue
		}
		node, err := yp.FilterFile(doc.ast)
		if err != nil || node == nil {
			continue
		}
		if tk := node.GetToken(); tk != nil && tk.Position != nil {
			return tk.Position.Line
		}
	}
	return 0
}

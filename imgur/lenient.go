package imgur

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Lenient decoding. Imgur's bodies are decoded strictly first, which is
// fast and right almost always. When that fails, the object is rewritten
// into the types its Go struct expects and decoded again: numbers sent as
// strings ("595876", "1,234") or floats, booleans sent as strings or 0/1.
// A value that cannot be read as its field's type is left out, so the field
// keeps its zero value; one bad field never costs the object.

// fieldKind is how a JSON value is coerced for one struct field.
type fieldKind uint8

const (
	kindOther  fieldKind = iota // kept when it decodes into the field's type
	kindString                  // string; numbers and booleans become their text
	kindInt                     // integer; floats truncated, strings parsed
	kindFloat                   // float; strings parsed
	kindBool                    // bool; "true"/"false"/"1"/"0" and 0/1 read
	kindList                    // array of objects, each coerced with elem
)

type fieldSpec struct {
	kind fieldKind
	bits int          // size of an integer field
	elem *schema      // element schema of a list
	typ  reflect.Type // the field's type, for kindOther
}

// schema maps lower-cased JSON names to their fields' kinds. Lookups fold
// case, as encoding/json does.
type schema struct{ fields map[string]fieldSpec }

var schemas sync.Map // reflect.Type → *schema

// schemaOf returns the schema of struct type t, built once.
func schemaOf(t reflect.Type) *schema {
	if s, ok := schemas.Load(t); ok {
		return s.(*schema)
	}
	s := &schema{fields: map[string]fieldSpec{}}
	schemas.Store(t, s) // before recursing: Item contains []Item
	addFields(s, t)
	return s
}

// addFields records t's fields; an outer field hides an embedded one of the
// same name, as in encoding/json.
func addFields(s *schema, t reflect.Type) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		key := strings.ToLower(name)
		if _, taken := s.fields[key]; !taken {
			s.fields[key] = specOf(f.Type)
		}
	}
	for _, e := range embedded {
		addFields(s, e)
	}
}

func specOf(t reflect.Type) fieldSpec {
	full := t
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return fieldSpec{kind: kindOther, typ: full}
	}
	switch t.Kind() {
	case reflect.String:
		return fieldSpec{kind: kindString}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fieldSpec{kind: kindInt, bits: t.Bits()}
	case reflect.Float32, reflect.Float64:
		return fieldSpec{kind: kindFloat}
	case reflect.Bool:
		return fieldSpec{kind: kindBool}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return fieldSpec{kind: kindList, elem: schemaOf(t.Elem())}
		}
	}
	return fieldSpec{kind: kindOther, typ: full}
}

// maxListDepth bounds how deep lists are followed (an item's images, their
// tags); deeper lists are dropped, so a hostile body cannot make the
// rewrite recurse as deep as the JSON nests.
const maxListDepth = 2

// decodeLenient decodes the JSON object raw into v (a pointer to a struct):
// strictly when it can, else after coercing each field to v's types. It
// fails only when raw is not a JSON object.
func decodeLenient(raw []byte, v any) error {
	if json.Unmarshal(raw, v) == nil {
		return nil
	}
	s := schemaOf(reflect.TypeOf(v).Elem())
	fixed, ok := coerceObject(raw, s, 0)
	if !ok {
		return errNotObject
	}
	reflect.ValueOf(v).Elem().SetZero() // forget what the strict pass filled
	return json.Unmarshal(fixed, v)
}

var errNotObject = jsonError("not a JSON object")

// coerceObject rewrites the object raw with every known field in its
// expected type; unknown and unreadable fields are left out.
func coerceObject(raw []byte, s *schema, depth int) (json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return nil, false
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		spec, ok := s.fields[strings.ToLower(k)]
		if !ok {
			continue
		}
		if fixed, ok := coerceValue(bytes.TrimSpace(v), spec, depth); ok {
			out[k] = fixed
		}
	}
	b, err := json.Marshal(out)
	return b, err == nil
}

// coerceValue returns v as the kind spec wants, or false to leave it out.
func coerceValue(v []byte, spec fieldSpec, depth int) (json.RawMessage, bool) {
	if string(v) == "null" {
		return v, true
	}
	switch spec.kind {
	case kindString:
		return coerceString(v)
	case kindInt:
		return coerceInt(v, spec.bits)
	case kindFloat:
		f, _, ok := readNumber(v)
		return strconv.AppendFloat(nil, f, 'g', -1, 64), ok
	case kindBool:
		return coerceBool(v)
	case kindList:
		return coerceList(v, spec.elem, depth)
	}
	return v, json.Unmarshal(v, reflect.New(spec.typ).Interface()) == nil
}

func coerceString(v []byte) (json.RawMessage, bool) {
	switch {
	case v[0] == '"':
		return v, true
	case v[0] == '-' || (v[0] >= '0' && v[0] <= '9') || string(v) == "true" || string(v) == "false":
		b, err := json.Marshal(string(v))
		return b, err == nil
	}
	return nil, false
}

func coerceInt(v []byte, bits int) (json.RawMessage, bool) {
	f, text, ok := readNumber(v)
	if !ok {
		return nil, false
	}
	if n, err := strconv.ParseInt(text, 10, bits); err == nil {
		return strconv.AppendInt(nil, n, 10), true // exact, even past 2^53
	}
	f = math.Trunc(f)
	limit := math.Ldexp(1, bits-1)
	if f < -limit || f >= limit {
		return nil, false
	}
	return strconv.AppendInt(nil, int64(f), 10), true
}

// readNumber reads a JSON number, or a string holding one, possibly with
// thousands separators ("1,234"). It returns the number and its text.
func readNumber(v []byte) (float64, string, bool) {
	s := string(v)
	if v[0] == '"' {
		if json.Unmarshal(v, &s) != nil {
			return 0, "", false
		}
		s = separators.Replace(strings.TrimSpace(s))
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, "", false
	}
	return f, s, true
}

// separators are the digit group separators a number in a string may have.
var separators = strings.NewReplacer(",", "", " ", "", "_", "", "\u00a0", "")

func coerceBool(v []byte) (json.RawMessage, bool) {
	s := string(v)
	if v[0] == '"' && json.Unmarshal(v, &s) != nil {
		return nil, false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return json.RawMessage("true"), true
	case "false", "0":
		return json.RawMessage("false"), true
	}
	return nil, false
}

// coerceList keeps the elements of an array that are objects, each coerced.
func coerceList(v []byte, elem *schema, depth int) (json.RawMessage, bool) {
	if depth >= maxListDepth {
		return nil, false
	}
	var raws []json.RawMessage
	if json.Unmarshal(v, &raws) != nil {
		return nil, false
	}
	out := make([]json.RawMessage, 0, len(raws))
	for _, r := range raws {
		if fixed, ok := coerceObject(r, elem, depth+1); ok {
			out = append(out, fixed)
		}
	}
	b, err := json.Marshal(out)
	return b, err == nil
}

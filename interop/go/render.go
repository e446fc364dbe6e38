package main

import (
	"encoding/base64"
	"encoding/gob"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The JSON knox shows for gob values (docs/formats.md "Go gob as JSON"), made here from the
// values Go's gob.Decoder really produced. Objects keep their keys sorted (the comparison in
// knox's tests ignores member order); floats always carry a fraction or an exponent so that
// knox's tests can tell them from integers.

type object struct {
	keys []string
	vals map[string]interface{}
}

func newObject() *object { return &object{vals: map[string]interface{}{}} }

func (o *object) set(k string, v interface{}) *object {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

type jfloat float64

// registeredName is the name gob registered for a type (gob.Register's rules for the types the
// vectors use).
func registeredName(t reflect.Type) string {
	star := ""
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		star = "*"
		t = t.Elem()
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return star + t.PkgPath() + "." + t.Name()
	}
	return star + t.String()
}

var plainNames = map[string]reflect.Kind{
	"string": reflect.String, "int": reflect.Int, "bool": reflect.Bool, "float64": reflect.Float64,
	"[]interface {}": reflect.Slice,
}

func float(f float64) interface{} {
	switch {
	case math.IsNaN(f):
		return newObject().set("@go", "float").set("value", "NaN")
	case math.IsInf(f, 1):
		return newObject().set("@go", "float").set("value", "+Inf")
	case math.IsInf(f, -1):
		return newObject().set("@go", "float").set("value", "-Inf")
	}
	return jfloat(f)
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// renderInterface: an interface value (a map's key or element, a slice element of []interface{}).
func renderInterface(v reflect.Value) interface{} {
	if !v.IsValid() || (v.Kind() == reflect.Interface && v.IsNil()) {
		return nil
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	name := registeredName(v.Type())
	if k, ok := plainNames[name]; ok && v.Kind() == k {
		return render(v)
	}
	return newObject().set("@go", name).set("value", render(v))
}

// keyText: the key as object member text, when knox shows the map as an object.
func keyText(v reflect.Value, viaInterface bool) (string, bool) {
	if viaInterface {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
		if v.Type() != reflect.TypeOf("") {
			return "", false
		}
	} else if v.Kind() != reflect.String {
		return "", false
	}
	s := v.String()
	return s, utf8.ValidString(s) && s != "@go"
}

func typeString(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

// render: a concrete value by its wire type (pointers are flattened, as gob does).
func render(v reflect.Value) interface{} {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if enc, ok := v.Interface().(gob.GobEncoder); ok && v.Kind() == reflect.Struct {
		b, err := enc.GobEncode()
		if err != nil {
			panic(err)
		}
		return newObject().set("@go", "GobEncoder").set("type", typeString(v.Type())).set("base64", b64(b))
	}
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return float(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return newObject().set("@go", "complex").set("real", float(real(c))).set("imag", float(imag(c)))
	case reflect.String:
		if utf8.ValidString(v.String()) {
			return v.String()
		}
		return newObject().set("@go", "string").set("base64", b64([]byte(v.String())))
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			return newObject().set("@go", "[]byte").set("base64", b64(v.Bytes()))
		}
		out := []interface{}{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, element(v.Index(i)))
		}
		return out
	case reflect.Map:
		viaInterface := v.Type().Key().Kind() == reflect.Interface
		keys := v.MapKeys()
		asObject := true
		for _, k := range keys {
			if _, ok := keyText(k, viaInterface); !ok {
				asObject = false
			}
		}
		if asObject {
			o := newObject()
			for _, k := range keys {
				text, _ := keyText(k, viaInterface)
				o.set(text, element(v.MapIndex(k)))
			}
			return o
		}
		pairs := []interface{}{}
		for _, k := range keys {
			pairs = append(pairs, []interface{}{element(k), element(v.MapIndex(k))})
		}
		// Go's map order is random; knox keeps the wire order, and its tests compare pairs as a set.
		sort.Slice(pairs, func(i, j int) bool { return toJSON(pairs[i]) < toJSON(pairs[j]) })
		return newObject().set("@go", "map").set("type", typeString(v.Type())).set("pairs", pairs)
	case reflect.Struct:
		fields := newObject()
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || !sent(v.Field(i)) {
				continue
			}
			fields.set(f.Name, element(v.Field(i)))
		}
		return newObject().set("@go", "struct").set("type", typeString(v.Type())).set("fields", fields)
	}
	panic("render: unsupported kind " + v.Kind().String())
}

// sent: whether gob's encoder writes a struct field holding v (it leaves out zero values, except
// arrays and structs).
func sent(v reflect.Value) bool {
	if _, ok := v.Interface().(gob.GobEncoder); ok {
		return !v.IsZero()
	}
	switch v.Kind() {
	case reflect.Array, reflect.Struct:
		return true
	case reflect.Map, reflect.Interface:
		return !v.IsNil()
	case reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Pointer:
		return !v.IsNil() && sent(v.Elem())
	}
	return !v.IsZero()
}

func element(v reflect.Value) interface{} {
	if v.Kind() == reflect.Interface {
		return renderInterface(v)
	}
	return render(v)
}

// renderSession: the JSON text knox shows for a session's values.
func renderSession(values map[interface{}]interface{}) string {
	return toJSON(render(reflect.ValueOf(values)))
}

func toJSON(v interface{}) string {
	var b strings.Builder
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *strings.Builder, v interface{}) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case jfloat:
		s := strconv.FormatFloat(float64(x), 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		b.WriteString(s)
	case float64:
		writeJSON(b, jfloat(x))
	case string:
		q, _ := jsonString(x)
		b.WriteString(q)
	case []interface{}:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case *object:
		keys := append([]string{}, x.keys...)
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := jsonString(k)
			b.WriteString(q)
			b.WriteByte(':')
			writeJSON(b, x.vals[k])
		}
		b.WriteByte('}')
	case map[string]interface{}:
		o := newObject()
		for k, e := range x {
			o.set(k, e)
		}
		writeJSON(b, o)
	default:
		panic("writeJSON: " + reflect.TypeOf(v).String())
	}
}

func jsonString(s string) (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteString(strconv.FormatInt(int64(r)>>4, 16))
			b.WriteString(strconv.FormatInt(int64(r)&0xf, 16))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

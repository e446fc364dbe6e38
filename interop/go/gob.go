package main

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"reflect"
	"strconv"
	"time"
)

// Q is an app type with an interface field, a pointer and a map.
type Q struct {
	Any  interface{}
	Sub  *Item
	M    map[string]int
	Grid [2][2]int8
}

func init() {
	gob.Register(Q{})
	gob.Register(map[string]int{})
}

// messages splits a gob stream into its messages (the bytes after each length).
func messages(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n, w := readUint(b)
		out = append(out, b[w:w+int(n)])
		b = b[w+int(n):]
	}
	return out
}

func readUint(b []byte) (uint64, int) {
	if b[0] <= 0x7f {
		return uint64(b[0]), 1
	}
	n := -int(int8(b[0]))
	var x uint64
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n
}

func putUint(x uint64) []byte {
	if x <= 0x7f {
		return []byte{byte(x)}
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], x)
	i := 0
	for buf[i] == 0 {
		i++
	}
	return append([]byte{byte(-(8 - i))}, buf[i:]...)
}

// join writes messages back with their lengths.
func join(msgs ...[]byte) []byte {
	var out []byte
	for _, m := range msgs {
		out = append(out, putUint(uint64(len(m)))...)
		out = append(out, m...)
	}
	return out
}

// decodeInto decodes `b` into a new value of type t as Go's gob.Decoder does.
func decodeInto(b []byte, t reflect.Type) (reflect.Value, error) {
	dst := reflect.New(t)
	err := gob.NewDecoder(bytes.NewReader(b)).DecodeValue(dst)
	return dst.Elem(), err
}

func gobVectors() []vector {
	var out []vector
	add := func(name string, b []byte, t reflect.Type, knox string) {
		v := vector{Format: "go-gob", Name: name, Hex: hex.EncodeToString(b), KnoxOutcome: knox}
		value, err := decodeInto(b, t)
		if err != nil {
			v.Outcome = "malformed"
		} else {
			v.Outcome = "ok"
			v.Value = toJSON(element(value))
		}
		v.Session = boolp(t == reflect.TypeOf(map[interface{}]interface{}{}))
		out = append(out, v)
	}
	valid := func(name string, x interface{}) []byte {
		b := stableGob(x)
		add(name, b, reflect.TypeOf(x), "")
		return b
	}
	sessionType := reflect.TypeOf(map[interface{}]interface{}{})

	// Values Go writes (each decoded into its own type).
	valid("string", "hello, 世界")
	valid("int", -42)
	valid("uint64", uint64(1<<63+5))
	valid("float", 1.5)
	valid("bool-false", false)
	valid("bytes", []byte{0, 1, 2, 0xff})
	valid("complex", complex(0.5, -1))
	valid("ints", []int{1, -1, 1 << 40})
	valid("strings-array", [3]string{"a", "", "c"})
	valid("map-string-int", map[string]int{"a": 1, "b": 2})
	valid("map-int-string", map[int]string{7: "seven", -1: "minus"})
	valid("nested", map[string][]int{"xs": {1, 2}, "empty": {}})
	valid("struct", P{Name: "Ann", Age: 33, Tags: []string{"x", "y"}, Ratio: 0.5})
	valid("struct-pointer", &Item{ID: 65535, Label: "max"})
	valid("struct-interface-fields", Q{Any: "text", Sub: &Item{ID: 1, Label: "one"}, M: map[string]int{"k": 3},
		Grid: [2][2]int8{{1, 2}, {-3, 4}}})
	valid("time-gob-encoder", time.Date(2000, 1, 2, 3, 4, 5, 6, time.UTC))
	sess := valid("session", map[interface{}]interface{}{
		"user": "ann", "n": 3, "flash": []interface{}{"hi", 1.25, nil}, "when": time.Unix(0, 0).UTC(),
		"p": P{Name: "Bo"}, "tags": []string{"a"}, "q": Q{Any: int64(-1)},
	})
	valid("session-nil-values", map[interface{}]interface{}{"a": nil, nil: "nil key"})

	// Streams Go's Decoder refuses, and ones it reads although Go never writes them.
	msgs := messages(sess)
	for _, cut := range []int{1, 2, 10, len(sess) / 2, len(sess) - 1} {
		add("truncated-at-"+strconv.Itoa(cut), sess[:cut], sessionType, "")
	}
	add("empty", []byte{}, sessionType, "")
	add("duplicate-type-definition", join(append([][]byte{msgs[0]}, msgs...)...), sessionType, "")
	add("type-id-below-64", join(append([]byte{0x13}, msgs[0][2:]...), msgs[len(msgs)-1]), sessionType, "")
	add("extra-byte-after-type-definition", join(append(append([]byte{}, msgs[0]...), 0), msgs[1]), sessionType, "")
	one := stableGob(map[interface{}]interface{}{"k": "v"})
	om := messages(one)
	value := om[1]
	add("trailing-bytes-in-value-message", join(om[0], append(append([]byte{}, value...), 9, 9)), sessionType, "")
	add("bytes-after-the-stream", append(append([]byte{}, one...), 0x03, 0xff, 0x82, 0x00), sessionType, "")
	add("singleton-delta-not-zero", join(om[0], append(append([]byte{}, value[:2]...), append([]byte{1}, value[3:]...)...)), sessionType, "")
	// 0xff 0x82 is type id 65, 0x00 the singleton delta, then the pair count.
	add("map-count-beyond-input", join(om[0], append(append([]byte{}, value[:3]...), append([]byte{5}, value[4:]...)...)), sessionType, "")
	negative := append(append([]byte{}, value[:3]...), 0xf8, 0x80, 0, 0, 0, 0, 0, 0, 0)
	add("map-count-negative-reads-nothing", join(om[0], negative), sessionType, "")
	long := append(append([]byte{}, value[:3]...), 0xfe, 0x00, 0x01)
	add("non-minimal-count", join(om[0], append(long, value[4:]...)), sessionType, "")
	add("name-not-registered", patchName(one, "string", "nope.T"), sessionType, "ok")
	add("uint16-out-of-range", patchName(stableGob(map[interface{}]interface{}{"k": uint64(70000)}), "uint64", "uint16"), sessionType, "")
	add("int8-out-of-range", patchName(stableGob(map[interface{}]interface{}{"k": int64(70000)}), "int64", "int16"), sessionType, "")
	add("float32-out-of-range", patchName(stableGob(map[interface{}]interface{}{"k": 1e300}), "float64", "float32"), sessionType, "")
	add("string-holding-int", patchName(stableGob(map[interface{}]interface{}{"k": int64(1)}), "int64", "uint8"), sessionType, "")
	add("not-a-session-map", stableGob(map[string]string{"k": "v"}), sessionType, "ok")
	return out
}

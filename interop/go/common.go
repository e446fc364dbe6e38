package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// T0 is the issue time of the vectors' cookies (securecookie's own test hook, timeFunc).
const T0 = 1700000000

// warmUp has the process number its types in a fixed order: the session map (65) and
// []interface {} (66) as a gorilla app's first cookie with a flash does, then every other type
// the vectors hold (a map's random iteration order would otherwise decide which comes first).
func warmUp() {
	for _, v := range []interface{}{
		map[interface{}]interface{}{"w": []interface{}{}}, P{}, &Item{}, Q{}, []string{}, []int{},
		time.Time{}, map[string]int{}, map[int]string{}, map[string][]int{}, [3]string{},
		map[string]string{},
	} {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(v); err != nil {
			panic(err)
		}
	}
}

// setClock sets securecookie's unexported timeFunc ("For testing purposes") so that Encode and
// Decode run at `now`.
func setClock(sc *securecookie.SecureCookie, now int64) {
	f := reflect.ValueOf(sc).Elem().FieldByName("timeFunc")
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().
		Set(reflect.ValueOf(func() int64 { return now }))
}

// detReader is a deterministic stand-in for crypto/rand.Reader (securecookie draws its IVs
// from it): SHA-256 in counter mode over a seed.
type detReader struct {
	seed []byte
	n    uint64
	buf  []byte
}

func (d *detReader) Read(p []byte) (int, error) {
	for len(d.buf) < len(p) {
		h := sha256.Sum256(append(append([]byte{}, d.seed...), []byte(strconv.FormatUint(d.n, 10))...))
		d.n++
		d.buf = append(d.buf, h[:]...)
	}
	copy(p, d.buf)
	d.buf = d.buf[len(p):]
	return len(p), nil
}

func seedRandom(name string) { rand.Reader = &detReader{seed: []byte(name)} }

func hashFunc(digest string) func() hash.Hash {
	switch digest {
	case "sha1":
		return sha1.New
	case "sha384":
		return sha512.New384
	case "sha512":
		return sha512.New
	}
	return sha256.New
}

// config is one securecookie set-up: CodecsFromPairs(secret0, block0, secret1, block1, ...).
type config struct {
	Secrets    []string
	BlockKeys  []string
	Digest     string
	MaxAge     *int64
	Serializer string // "gob" (default) or "json"
	Now        int64
	Order      []string // gob: the key order the session map must be written in
}

func (c config) pairs() [][]byte {
	var pairs [][]byte
	for i, s := range c.Secrets {
		pairs = append(pairs, []byte(s))
		if i < len(c.BlockKeys) {
			pairs = append(pairs, []byte(c.BlockKeys[i]))
		} else {
			pairs = append(pairs, nil)
		}
	}
	return pairs
}

func (c config) setUp(codecs []securecookie.Codec) {
	for _, codec := range codecs {
		sc := codec.(*securecookie.SecureCookie)
		setClock(sc, c.Now)
		sc.HashFunc(hashFunc(c.Digest))
		if c.Serializer == "json" {
			sc.SetSerializer(securecookie.JSONEncoder{})
		} else if c.Order != nil {
			sc.SetSerializer(orderedGob{c.Order})
		}
	}
}

// store is gorilla/sessions' CookieStore for the config.
func (c config) store() *sessions.CookieStore {
	store := sessions.NewCookieStore(c.pairs()...)
	if c.MaxAge != nil {
		store.MaxAge(int(*c.MaxAge))
	}
	c.setUp(store.Codecs)
	return store
}

// codecs is the bare securecookie set-up (for the JSON serializer, which a CookieStore's
// map[interface{}]interface{} cannot use).
func (c config) codecs() []securecookie.Codec {
	codecs := securecookie.CodecsFromPairs(c.pairs()...)
	for _, codec := range codecs {
		if c.MaxAge != nil {
			codec.(*securecookie.SecureCookie).MaxAge(int(*c.MaxAge))
		}
	}
	c.setUp(codecs)
	return codecs
}

// orderedGob is securecookie's GobEncoder, run until Go's randomised map iteration writes the
// session's keys in the given order (always the case with one key; for up to eight keys the
// order is a rotation of the insertion order, so it comes up quickly).
type orderedGob struct{ order []string }

func (o orderedGob) Serialize(src interface{}) ([]byte, error) {
	for try := 0; try < 100000; try++ {
		b, err := securecookie.GobEncoder{}.Serialize(src)
		if err != nil {
			return nil, err
		}
		if inOrder(b, o.order) {
			return b, nil
		}
	}
	return nil, errors.New("gob never wrote the keys in order")
}

func (o orderedGob) Deserialize(src []byte, dst interface{}) error {
	return securecookie.GobEncoder{}.Deserialize(src, dst)
}

// inOrder: each key, as gob writes an interface holding that string, appears after the last.
func inOrder(b []byte, keys []string) bool {
	at := -1
	for _, k := range keys {
		var e bytes.Buffer
		e.WriteString("\x06string\x0c")
		e.WriteByte(byte(2 + len(k)))
		e.WriteByte(0)
		e.WriteByte(byte(len(k)))
		e.WriteString(k)
		i := bytes.Index(b, e.Bytes())
		if i <= at {
			return false
		}
		at = i
	}
	return true
}

// sessionFromJSON makes the values gorilla/sessions would hold for a JSON object, as knox signs
// them: string keys; strings, bools, nil, int (integers), float64 (numbers with a fraction or an
// exponent) and []interface{} (arrays). It returns the keys in the object's order.
func sessionFromJSON(text string) (map[interface{}]interface{}, []string, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, fmt.Errorf("not an object")
	}
	values := map[interface{}]interface{}{}
	var order []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key := t.(string)
		var raw interface{}
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, err
		}
		v, err := goValue(raw)
		if err != nil {
			return nil, nil, err
		}
		values[key] = v
		order = append(order, key)
	}
	return values, order, nil
}

func goValue(raw interface{}) (interface{}, error) {
	switch x := raw.(type) {
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return x.Float64()
		}
		i, err := strconv.ParseInt(string(x), 10, 64)
		return int(i), err
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			v, err := goValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case map[string]interface{}:
		return nil, errors.New("nested object")
	default:
		return x, nil
	}
}

// kind is the vector outcome for a securecookie error: the first error that is not the MAC's
// (ErrMacInvalid), as knox reports the first pair whose MAC matched.
func kind(err error) string {
	errs := []error{err}
	if m, ok := err.(securecookie.MultiError); ok {
		errs = m
	}
	for _, e := range errs {
		if e == nil || e.Error() == securecookie.ErrMacInvalid.Error() {
			continue
		}
		if strings.Contains(e.Error(), "expired timestamp") ||
			strings.Contains(e.Error(), "timestamp is too new") {
			return "expired"
		}
		return "malformed"
	}
	return "bad-signature"
}

// request is a GET whose Cookie header carries `value` for cookie `name`, as a browser sends it.
func request(name, value string) *http.Request {
	r := httptest.NewRequest("GET", "http://example.test/", nil)
	r.Header.Set("Cookie", name+"="+value)
	return r
}

// readSession is CookieStore.New on a request carrying the cookie: the outcome and the
// session's values. No cookie (net/http dropped it) is "malformed", as knox reports it.
func readSession(c config, name, value string) (string, map[interface{}]interface{}, int) {
	store := c.store()
	s, err := store.New(request(name, value), name)
	if err != nil {
		return kind(err), nil, -1
	}
	if s.IsNew {
		return "malformed", nil, -1
	}
	return "ok", s.Values, keyIndex(c, name, value)
}

// keyIndex: which codec of DecodeMulti's list decodes the cookie.
func keyIndex(c config, name, value string) int {
	r := request(name, value)
	cookie, err := r.Cookie(name)
	if err != nil {
		return -1
	}
	var codecs []securecookie.Codec
	if c.Serializer == "json" {
		codecs = c.codecs()
	} else {
		codecs = c.store().Codecs
	}
	for i, codec := range codecs {
		var dst interface{}
		var m map[interface{}]interface{}
		if c.Serializer == "json" {
			err = codec.Decode(name, cookie.Value, &dst)
		} else {
			err = codec.Decode(name, cookie.Value, &m)
		}
		if err == nil {
			return i
		}
	}
	return -1
}

// readJSON is securecookie.DecodeMulti of the cookie net/http gives into an interface{}.
func readJSON(c config, name, value string) (string, interface{}, int) {
	r := request(name, value)
	cookie, err := r.Cookie(name)
	if err != nil {
		return "malformed", nil, -1
	}
	var dst interface{}
	if err := securecookie.DecodeMulti(name, cookie.Value, &dst, c.codecs()...); err != nil {
		return kind(err), nil, -1
	}
	return "ok", dst, keyIndex(c, name, value)
}
